import type { TimeScale } from '../sandbox/time-scale';
import { GREENHOUSE_APP_URL } from './webhook-payloads';
import type { GreenhouseStore } from './store';

/**
 * URLs of an assessment partner's four endpoints (greenhouse-api.md §4.1: the partner sends
 * Greenhouse its `list_tests`, `send_test`, `test_status`, `response_error` URLs). A string
 * is a base URL: `<base>/list_tests`, `<base>/send_test`, `<base>/test_status`,
 * `<base>/response_error` (a sandbox convention; real partners choose any URLs).
 */
export type PartnerEndpoints =
  string | { listTests: string; sendTest: string; testStatus: string; responseError?: string };

/** A test instance Greenhouse sent (`send_test`), with the callback the partner must PATCH. */
export interface SentPartnerTest {
  /** Id in the callback URL `…/integrations/testing_partners/take_home_tests/{id}`. */
  takeHomeTestId: number;
  partnerInterviewId: string;
  partnerTestId: string;
  applicationId: number;
  candidateEmail: string;
  /** The `url` sent to the partner (on the sandbox). */
  callbackUrl: string;
  /** Documented (sandbox clock) epoch ms. */
  sentAt: number;
}

/** A completion PATCH the partner sent to a callback URL. */
export interface PartnerCompletion {
  takeHomeTestId: number;
  partnerInterviewId: string | null;
  at: number;
  /** HTTP status the sandbox answered (200, 401 wrong key, 404 unknown test). */
  status: number;
  /** The `test_status` result Greenhouse fetched after the PATCH (when it did). */
  statusResult?: PartnerStatusResult;
}

/** What `test_status` answered, and problems Greenhouse would report to `response_error`. */
export interface PartnerStatusResult {
  partnerInterviewId: string;
  httpStatus: number;
  body: unknown;
  /** Errors found in the response (§4.2, e.g. complete without `partner_profile_url`). */
  errors: string[];
}

/** Thrown when a partner endpoint answers with a non-2xx status or a malformed body. */
export class GreenhousePartnerCallError extends Error {
  readonly code = 'GREENHOUSE_PARTNER_CALL_FAILED';
  constructor(
    readonly apiCall: 'list_tests' | 'send_test' | 'test_status',
    readonly status: number | undefined,
    readonly errors: string[],
  ) {
    super(`${apiCall} failed${status ? ` (HTTP ${status})` : ''}: ${errors.join('; ')}`);
    this.name = 'GreenhousePartnerCallError';
  }
}

interface SentTestSecret {
  endpoints: Required<Exclude<PartnerEndpoints, string>>;
  apiKey: string;
}

/**
 * The sandbox playing Greenhouse towards an assessment partner (greenhouse-api.md §4): calls
 * the partner's `list_tests`, `send_test`, `test_status` with HTTP Basic `base64("<api key>:")`,
 * hands out a callback URL on the sandbox, accepts the completion `PATCH` there and then, as
 * Greenhouse does, fetches `test_status`. Problems in partner responses are POSTed to
 * `response_error` (`{api_call, errors[], partner_test_id?, partner_interview_id?,
 * candidate_email?}`) when that endpoint is known.
 *
 * Choice where the docs are silent (§7): the completion PATCH must carry
 * `Authorization: Basic base64("<same api key>:")` — anything else is a 401.
 */
export class GreenhouseAssessmentPartner {
  readonly sentTests: SentPartnerTest[] = [];
  readonly completions: PartnerCompletion[] = [];
  readonly statusResults: PartnerStatusResult[] = [];
  readonly responseErrors: unknown[] = [];
  private readonly secrets = new Map<number, SentTestSecret>();
  /** partner_test_id → partner_test_name, from the last `list_tests` answers. */
  private readonly testNames = new Map<string, string>();

  constructor(
    private readonly store: GreenhouseStore,
    private readonly time: TimeScale,
    private readonly sandboxUrl: () => string,
  ) {}

  /** `GET list_tests` → `[{partner_test_id, partner_test_name}]` (both strings). */
  async listTests(
    endpoints: PartnerEndpoints,
    apiKey: string,
  ): Promise<{ partner_test_id: string; partner_test_name: string }[]> {
    const e = resolveEndpoints(endpoints);
    const res = await this.call('GET', e.listTests, apiKey);
    const errors: string[] = [];
    if (!Array.isArray(res.body)) errors.push('response must be a JSON array');
    else
      res.body.forEach((t: Record<string, unknown>, i) => {
        if (typeof t?.partner_test_id !== 'string')
          errors.push(`[${i}].partner_test_id must be a string`);
        if (typeof t?.partner_test_name !== 'string')
          errors.push(`[${i}].partner_test_name must be a string`);
      });
    if (res.status < 200 || res.status > 299 || errors.length) {
      await this.reportError(e, apiKey, {
        api_call: 'list_tests',
        errors: errors.length ? errors : [`HTTP ${res.status}`],
      });
      throw new GreenhousePartnerCallError('list_tests', res.status, errors);
    }
    const tests = res.body as { partner_test_id: string; partner_test_name: string }[];
    for (const t of tests) this.testNames.set(t.partner_test_id, t.partner_test_name);
    return tests;
  }

  /**
   * `POST send_test` for an application, as when a recruiter clicks "Send Test" (§4.2): body
   * `{partner_test_id, candidate {first_name, last_name, preferred_name, email, phone_number,
   * resume_url, greenhouse_profile_url}, sent_by, url}`; expects `{partner_interview_id}` (string).
   * @throws GreenhousePartnerCallError on a non-2xx answer or a missing `partner_interview_id`.
   */
  async sendTest(
    endpoints: PartnerEndpoints,
    apiKey: string,
    test: { partnerTestId: string; applicationId: number; sentBy?: string },
  ): Promise<SentPartnerTest> {
    const e = resolveEndpoints(endpoints);
    const application = this.store.applications.get(test.applicationId);
    const candidate = application && this.store.candidates.get(application.candidate_id);
    if (!application || !candidate)
      throw new RangeError(`unknown application ${test.applicationId}`);
    const takeHomeTestId = this.store.nextId();
    const callbackUrl = `${this.sandboxUrl()}/integrations/testing_partners/take_home_tests/${takeHomeTestId}`;
    const email = candidate.email_addresses[0]?.value ?? '';
    const resume = candidate.attachments.find((a) => a.type === 'resume');
    const res = await this.call('POST', e.sendTest, apiKey, {
      partner_test_id: test.partnerTestId,
      candidate: {
        first_name: candidate.first_name,
        last_name: candidate.last_name,
        preferred_name: candidate.first_name,
        email,
        phone_number: candidate.phone_numbers[0]?.value ?? null,
        resume_url: resume?.url ?? null,
        greenhouse_profile_url: `${GREENHOUSE_APP_URL}/people/${candidate.id}?application_id=${application.id}`,
      },
      sent_by: test.sentBy ?? null,
      url: callbackUrl,
    });
    const id = (res.body as { partner_interview_id?: unknown } | undefined)?.partner_interview_id;
    const errors =
      typeof id === 'string' && id !== ''
        ? []
        : ['partner_interview_id must be a non-empty string'];
    if (res.status < 200 || res.status > 299 || errors.length) {
      await this.reportError(e, apiKey, {
        api_call: 'send_test',
        errors: errors.length ? errors : [`HTTP ${res.status}`],
        partner_test_id: test.partnerTestId,
        ...this.testName(test.partnerTestId),
        candidate_email: email,
      });
      throw new GreenhousePartnerCallError('send_test', res.status, errors);
    }
    const sent: SentPartnerTest = {
      takeHomeTestId,
      partnerInterviewId: id as string,
      partnerTestId: test.partnerTestId,
      applicationId: application.id,
      candidateEmail: email,
      callbackUrl,
      sentAt: this.time.now(),
    };
    this.sentTests.push(sent);
    this.secrets.set(takeHomeTestId, { endpoints: e, apiKey });
    return sent;
  }

  /**
   * `GET test_status?partner_interview_id=<id>` for a test sent by {@link sendTest}. Checks the
   * answer (§4.2: `partner_status` string required; `partner_profile_url` required when
   * `complete`; `partner_score` number; `metadata` flat) and reports problems to
   * `response_error`. Returns the result (also kept in {@link statusResults}).
   */
  async testStatus(partnerInterviewId: string): Promise<PartnerStatusResult> {
    const sent = this.sentTests.find((t) => t.partnerInterviewId === partnerInterviewId);
    const secret = sent && this.secrets.get(sent.takeHomeTestId);
    if (!sent || !secret)
      throw new RangeError(`no test sent with partner_interview_id ${partnerInterviewId}`);
    const url = new URL(secret.endpoints.testStatus);
    url.searchParams.set('partner_interview_id', partnerInterviewId);
    const res = await this.call('GET', url.toString(), secret.apiKey);
    const errors = statusErrors(res.status, res.body);
    const result: PartnerStatusResult = {
      partnerInterviewId,
      httpStatus: res.status,
      body: res.body,
      errors,
    };
    this.statusResults.push(result);
    if (errors.length)
      await this.reportError(secret.endpoints, secret.apiKey, {
        api_call: 'test_status',
        errors,
        partner_test_id: sent.partnerTestId,
        ...this.testName(sent.partnerTestId),
        partner_interview_id: partnerInterviewId,
        candidate_email: sent.candidateEmail,
      });
    return result;
  }

  /**
   * Handles `PATCH /integrations/testing_partners/take_home_tests/{id}` (route of the sandbox):
   * records the completion and, when accepted, fetches `test_status` in the background.
   * Returns the HTTP status to answer.
   */
  receiveCompletion(takeHomeTestId: number, authorization: string | undefined): number {
    const sent = this.sentTests.find((t) => t.takeHomeTestId === takeHomeTestId);
    const secret = this.secrets.get(takeHomeTestId);
    const expected = secret
      ? `Basic ${Buffer.from(`${secret.apiKey}:`).toString('base64')}`
      : undefined;
    const status = !sent ? 404 : authorization !== expected ? 401 : 200;
    const completion: PartnerCompletion = {
      takeHomeTestId,
      partnerInterviewId: sent?.partnerInterviewId ?? null,
      at: this.time.now(),
      status,
    };
    this.completions.push(completion);
    if (status === 200 && sent) {
      this.pending = this.pending
        .then(() => this.testStatus(sent.partnerInterviewId))
        .then((r) => {
          completion.statusResult = r;
        })
        .catch(() => undefined);
    }
    return status;
  }

  /** Resolves when the `test_status` calls triggered by completions have finished. */
  idle(): Promise<void> {
    return this.pending;
  }

  private pending: Promise<void> = Promise.resolve();

  private testName(id: string): { partner_test_name?: string } {
    const name = this.testNames.get(id);
    return name === undefined ? {} : { partner_test_name: name };
  }

  private async reportError(
    e: Required<Exclude<PartnerEndpoints, string>>,
    apiKey: string,
    body: Record<string, unknown>,
  ): Promise<void> {
    this.responseErrors.push(body);
    if (!e.responseError) return;
    await this.call('POST', e.responseError, apiKey, body).catch(() => undefined);
  }

  private async call(
    method: 'GET' | 'POST',
    url: string,
    apiKey: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          Authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      const reason = err instanceof Error ? err.name : 'Error';
      throw new GreenhousePartnerCallError(apiName(url), undefined, [`network error: ${reason}`]);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  }
}

function apiName(url: string): 'list_tests' | 'send_test' | 'test_status' {
  return url.includes('send_test')
    ? 'send_test'
    : url.includes('test_status')
      ? 'test_status'
      : 'list_tests';
}

function resolveEndpoints(e: PartnerEndpoints): Required<Exclude<PartnerEndpoints, string>> {
  if (typeof e !== 'string') return { responseError: '', ...e };
  const base = e.replace(/\/+$/, '');
  return {
    listTests: `${base}/list_tests`,
    sendTest: `${base}/send_test`,
    testStatus: `${base}/test_status`,
    responseError: `${base}/response_error`,
  };
}

function statusErrors(status: number, body: unknown): string[] {
  if (status < 200 || status > 299) return [`HTTP ${status}`];
  const b = body as Record<string, unknown> | undefined;
  if (!b || typeof b !== 'object') return ['response must be a JSON object'];
  const errors: string[] = [];
  if (typeof b.partner_status !== 'string') errors.push('partner_status must be a string');
  if (
    b.partner_status === 'complete' &&
    (typeof b.partner_profile_url !== 'string' || b.partner_profile_url === '')
  )
    errors.push("partner_status is 'complete' but partner_profile url is missing");
  if (
    b.partner_score !== undefined &&
    b.partner_score !== null &&
    typeof b.partner_score !== 'number'
  )
    errors.push('partner_score must be a number');
  if (b.metadata !== undefined && b.metadata !== null) {
    if (typeof b.metadata !== 'object' || Array.isArray(b.metadata))
      errors.push('metadata must be an object');
    else if (Object.values(b.metadata).some((v) => v !== null && typeof v === 'object'))
      errors.push('metadata values must be primitives');
  }
  return errors;
}
