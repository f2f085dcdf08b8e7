import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ConnectorLogger } from '@zenhire-connect/core';
import type { AssessmentPartnerConfig, PartnerTest } from './config';
import type { PartnerInterviewLedger, PartnerInterviewRecord } from './partner-interviews';

/** The four endpoints Greenhouse calls on a partner (greenhouse-api.md §4.2). */
export type PartnerEndpoint = 'list_tests' | 'send_test' | 'test_status' | 'response_error';

/** A request as the HTTP server received it (framework-neutral; header names lower-case). */
export interface PartnerRequest {
  method: string;
  path: PartnerEndpoint;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (POST), or undefined. */
  body: unknown;
}

export interface PartnerResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The candidate of a `send_test` (greenhouse-api.md §4.2). */
export interface PartnerCandidate {
  firstName: string;
  lastName: string;
  preferredName?: string;
  email: string;
  phoneNumber?: string;
  /** Signed résumé URL, valid 7 days (§4.2). */
  resumeUrl?: string;
  /** Link to the application in Greenhouse. */
  greenhouseProfileUrl: string;
  /** Ids read from `greenhouse_profile_url` (`/people/{candidate}?application_id={app}`). */
  candidateId?: string;
  applicationId?: string;
}

/**
 * Starts the ZenHire action of a partner test (the runtime implements it with core's
 * `startPartnerTest`: create the run with the Link encoded, store the Link, and enqueue the
 * "invited" write-back that puts the candidate link in a private note on the application; no
 * e-mail is sent). Must be idempotent per (test, candidate e-mail, callback URL) if it can be
 * called twice. Throws to make `send_test` answer 5xx.
 */
export interface PartnerTestLauncher {
  launch(
    test: PartnerTest,
    candidate: PartnerCandidate,
    context: { callbackUrl: string; sentBy?: string },
  ): Promise<{ partnerInterviewId: string }>;
}

/**
 * Result of a partner interview as `test_status` reports it (greenhouse-api.md §4.2):
 * `status` `complete` only when the run is done; `score` as shown in Greenhouse;
 * `profileUrl` required when complete; `metadata` flat key → primitive (e.g. `CEFR`,
 * dimension scores).
 */
export interface PartnerStatus {
  status: string;
  score?: number | null;
  profileUrl?: string | null;
  metadata?: Record<string, string | number | boolean | null>;
}

/** The ledger's view of a partner interview (runtime port); undefined when unknown. */
export interface PartnerStatusSource {
  status(
    partnerInterviewId: string,
    interview: PartnerInterviewRecord | undefined,
  ): Promise<PartnerStatus | undefined>;
}

/** `response_error` as received (§4.2), without the candidate e-mail. */
export interface PartnerResponseErrorReport {
  apiCall: string;
  errors: string[];
  partnerTestId?: string;
  partnerTestName?: string;
  partnerInterviewId?: string;
}

export interface AssessmentPartnerPorts {
  launcher: PartnerTestLauncher;
  status: PartnerStatusSource;
  /** Called for every `response_error` Greenhouse sends (surface it: metrics, alerting). */
  onResponseError?: (report: PartnerResponseErrorReport) => void | Promise<void>;
}

const sendTestSchema = z.object({
  partner_test_id: z.union([z.string().min(1), z.number()]).transform(String),
  candidate: z.object({
    first_name: z.string().min(1),
    last_name: z.string().min(1),
    preferred_name: z.string().nullish(),
    email: z.email(),
    phone_number: z.string().nullish(),
    resume_url: z.string().nullish(),
    greenhouse_profile_url: z.string().min(1),
  }),
  sent_by: z.string().nullish(),
  url: z.url({ protocol: /^https?$/ }),
});

const responseErrorSchema = z.object({
  api_call: z.string(),
  errors: z.array(z.string()),
  partner_test_id: z.union([z.string(), z.number()]).nullish(),
  partner_test_name: z.string().nullish(),
  partner_interview_id: z.union([z.string(), z.number()]).nullish(),
  candidate_email: z.string().nullish(),
});

const EXPECTED_METHOD: Record<PartnerEndpoint, string> = {
  list_tests: 'GET',
  send_test: 'POST',
  test_status: 'GET',
  response_error: 'POST',
};

/**
 * Greenhouse Assessment Partner endpoints (greenhouse-api.md §4), independent of any HTTP
 * framework: the server maps its four routes to `handle`. Every call must carry HTTP Basic
 * auth whose username is the configured partner key (password ignored; compared in
 * constant time) or gets 401. Tests come from config; `send_test` starts the ZenHire action
 * through `ports.launcher` and records the callback `url` for the completion PATCH;
 * `test_status` answers from `ports.status`, falling back to the result a
 * `CompleteAssessment` recorded; `response_error` is logged and passed to
 * `ports.onResponseError`, answering 200 `{status: 200}`.
 */
export class AssessmentPartnerApi {
  constructor(
    private readonly config: AssessmentPartnerConfig,
    private readonly ledger: PartnerInterviewLedger,
    private readonly logger: ConnectorLogger,
    private readonly ports: AssessmentPartnerPorts,
    private readonly now: () => number = Date.now,
  ) {}

  async handle(request: PartnerRequest): Promise<PartnerResponse> {
    if (!this.authorized(request.headers)) {
      this.logger.warn(
        { endpoint: request.path },
        'greenhouse assessment partner call with a wrong key',
      );
      return {
        status: 401,
        body: { error: 'unauthorized' },
        headers: { 'www-authenticate': 'Basic realm="zenhire-connect"' },
      };
    }
    if (request.method.toUpperCase() !== EXPECTED_METHOD[request.path]) {
      return {
        status: 405,
        body: { error: `use ${EXPECTED_METHOD[request.path]}` },
        headers: { allow: EXPECTED_METHOD[request.path] },
      };
    }
    switch (request.path) {
      case 'list_tests':
        return {
          status: 200,
          body: this.config.tests.map((t) => ({
            partner_test_id: t.id,
            partner_test_name: t.name,
          })),
        };
      case 'send_test':
        return this.sendTest(request.body);
      case 'test_status':
        return this.testStatus(request.query);
      case 'response_error':
        return this.responseError(request.body);
      default:
        return { status: 404, body: { error: 'unknown endpoint' } };
    }
  }

  private authorized(headers: PartnerRequest['headers']): boolean {
    const raw = headers['authorization'];
    const header = Array.isArray(raw) ? raw[0] : raw;
    const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
    if (!match) return false;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const username = colon >= 0 ? decoded.slice(0, colon) : decoded;
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(username), digest(this.config.partnerKey));
  }

  private async sendTest(body: unknown): Promise<PartnerResponse> {
    const parsed = sendTestSchema.safeParse(body);
    if (!parsed.success) {
      return {
        status: 400,
        body: {
          errors: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
        },
      };
    }
    const input = parsed.data;
    const test = this.config.tests.find((t) => t.id === input.partner_test_id);
    if (!test)
      return {
        status: 404,
        body: { errors: [`unknown partner_test_id ${input.partner_test_id}`] },
      };
    const ids = profileIds(input.candidate.greenhouse_profile_url);
    const c = input.candidate;
    const candidate: PartnerCandidate = {
      firstName: c.first_name,
      lastName: c.last_name,
      ...(c.preferred_name ? { preferredName: c.preferred_name } : {}),
      email: c.email,
      ...(c.phone_number ? { phoneNumber: c.phone_number } : {}),
      ...(c.resume_url ? { resumeUrl: c.resume_url } : {}),
      greenhouseProfileUrl: c.greenhouse_profile_url,
      ...ids,
    };
    let partnerInterviewId: string;
    try {
      ({ partnerInterviewId } = await this.ports.launcher.launch(test, candidate, {
        callbackUrl: input.url,
        ...(input.sent_by ? { sentBy: input.sent_by } : {}),
      }));
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'LAUNCH_FAILED';
      this.logger.error(
        { partnerTestId: test.id, code },
        'greenhouse send_test could not start the ZenHire action',
      );
      return { status: 503, body: { errors: [`could not start the test (${code})`] } };
    }
    await this.ledger.saveInterview({
      partnerInterviewId,
      partnerTestId: test.id,
      callbackUrl: input.url,
      candidateEmail: c.email,
      ...ids,
      sentAt: this.now(),
    });
    this.logger.info(
      { partnerTestId: test.id, partnerInterviewId, ...ids },
      'greenhouse send_test started',
    );
    return { status: 200, body: { partner_interview_id: partnerInterviewId } };
  }

  private async testStatus(query: PartnerRequest['query']): Promise<PartnerResponse> {
    const raw = query['partner_interview_id'];
    const id = Array.isArray(raw) ? raw[0] : raw;
    if (!id) return { status: 400, body: { errors: ['partner_interview_id is required'] } };
    const interview = await this.ledger.interview(id);
    const fromPort = await this.ports.status.status(id, interview);
    const recorded = fromPort ? undefined : await this.ledger.result(id);
    const status: PartnerStatus | undefined =
      fromPort ??
      (recorded
        ? {
            status: recorded.status,
            score: recorded.score,
            profileUrl: recorded.profileUrl,
            metadata: recorded.metadata,
          }
        : interview
          ? { status: 'pending' }
          : undefined);
    if (!status) return { status: 404, body: { errors: [`unknown partner_interview_id ${id}`] } };
    if (status.status === 'complete' && !status.profileUrl) {
      this.logger.warn(
        { partnerInterviewId: id },
        'complete partner interview without partner_profile_url: Greenhouse will reject it',
      );
    }
    const metadata = Object.fromEntries(
      Object.entries(status.metadata ?? {}).filter((e): e is [string, string | number | boolean] =>
        ['string', 'number', 'boolean'].includes(typeof e[1]),
      ),
    );
    return {
      status: 200,
      body: {
        partner_status: status.status,
        ...(status.profileUrl ? { partner_profile_url: status.profileUrl } : {}),
        ...(typeof status.score === 'number' ? { partner_score: status.score } : {}),
        ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
      },
    };
  }

  private async responseError(body: unknown): Promise<PartnerResponse> {
    const parsed = responseErrorSchema.safeParse(body);
    const report: PartnerResponseErrorReport = parsed.success
      ? {
          apiCall: parsed.data.api_call,
          errors: parsed.data.errors,
          ...(parsed.data.partner_test_id != null
            ? { partnerTestId: String(parsed.data.partner_test_id) }
            : {}),
          ...(parsed.data.partner_test_name
            ? { partnerTestName: parsed.data.partner_test_name }
            : {}),
          ...(parsed.data.partner_interview_id != null
            ? { partnerInterviewId: String(parsed.data.partner_interview_id) }
            : {}),
        }
      : { apiCall: 'unknown', errors: ['unreadable response_error body'] };
    this.logger.warn({ ...report }, 'greenhouse rejected one of our assessment partner answers');
    await this.ports.onResponseError?.(report);
    return { status: 200, body: { status: 200 } };
  }
}

/** Candidate and application ids of `https://app.greenhouse.io/people/{id}?application_id={id}`. */
export function profileIds(url: string): { candidateId?: string; applicationId?: string } {
  try {
    const u = new URL(url.replace(/\s+/g, ''));
    const candidateId = /\/people\/(\d+)/.exec(u.pathname)?.[1];
    const applicationId = u.searchParams.get('application_id') ?? undefined;
    return {
      ...(candidateId ? { candidateId } : {}),
      ...(applicationId && /^\d+$/.test(applicationId) ? { applicationId } : {}),
    };
  } catch {
    return {};
  }
}
