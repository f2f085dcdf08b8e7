import { SandboxServer, type SandboxOptions } from '../sandbox/sandbox-server';
import type { FaultResponder } from '../sandbox/faults';
import { GreenhouseAssessmentPartner } from './assessment-partner';
import { applyCustomFieldChanges, validateCustomFieldWrites } from './custom-fields';
import { defaultGreenhouseData } from './default-data';
import { GreenhouseApiError } from './errors';
import { registerHarvestRoutes } from './harvest-routes';
import { registerInspectionRoutes } from './inspection-routes';
import type { GreenhouseApplication, GreenhouseNote, NoteVisibility } from './model';
import {
  GreenhouseTokenIssuer,
  type GreenhouseOAuthClient,
  type TokenRequestRecord,
} from './oauth';
import { RollingWindowRateLimiter, type RateLimitOptions } from '../sandbox/rate-limit';
import { GreenhouseStore, type ApplicationSeed, type GreenhouseSeed } from './store';
import {
  GreenhouseWebhookDispatcher,
  type GreenhouseWebhookConfig,
  type RegisteredWebhook,
  type WebhookDispatchOptions,
} from './webhook-dispatcher';
import {
  applicationWebhookBody,
  candidateWebhookBody,
  type GreenhouseWebhookAction,
} from './webhook-payloads';

/** Options of {@link GreenhouseSandbox} (plus seed, time scale, faults, host, port of every sandbox). */
export interface GreenhouseSandboxOptions extends SandboxOptions {
  /**
   * OAuth clients accepted by `POST /token`. Default one client
   * `{clientId: 'gh-sandbox-client', clientSecret: 'gh-sandbox-secret'}`.
   */
  clients?: GreenhouseOAuthClient[];
  /** Access token lifetime in documented seconds (sandbox clock). Default 3600 (§2.1: 1 h). */
  tokenLifetimeSeconds?: number;
  /** Harvest v3 rolling-window rate limit; default 75 requests / 30 s (§2.2). `false` = off. */
  rateLimit?: RateLimitOptions | false;
  /** Webhook delivery: retry schedule (documented ms), receiver timeout, User-Agent. */
  webhooks?: WebhookDispatchOptions;
  /**
   * Initial data: `'fixtures'` (default: {@link defaultGreenhouseData}, built from the
   * documentation examples), `'empty'`, or a seed of your own.
   */
  data?: 'fixtures' | 'empty' | GreenhouseSeed;
}

/** Default OAuth client of the sandbox (test credentials, not secrets). */
export const GREENHOUSE_SANDBOX_CLIENT: GreenhouseOAuthClient = {
  clientId: 'gh-sandbox-client',
  clientSecret: 'gh-sandbox-secret',
};

/** Body of `POST /v3/applications/{id}/move`. */
export interface MoveRequest {
  from_stage_id?: unknown;
  to_stage_id?: unknown;
  to_job_id?: unknown;
}

/** Body of `POST /v3/applications/{id}/reject`. */
export interface RejectRequest {
  rejection_reason_id?: unknown;
  notes?: unknown;
  rejection_email?: unknown;
  custom_fields?: unknown;
}

/** What inspection shows of an application. */
export interface ApplicationInspection {
  id: number;
  candidate_id: number;
  job_id: number;
  status: GreenhouseApplication['status'];
  current_stage: { id: number; name: string } | null;
  /** Application custom field values by `name_key` (display values: option names). */
  custom_fields: Record<string, unknown>;
  rejection: {
    reason: { id: number; name: string } | null;
    notes: string | null;
    rejection_email: Record<string, unknown> | null;
    custom_fields: Record<string, unknown>;
  } | null;
  last_activity_at: string;
}

/**
 * Greenhouse as a real HTTP server on loopback: Harvest v3 (OAuth2 client credentials, cursor
 * pagination, rolling-window rate limit, the reads and writes an assessment connector needs,
 * with Greenhouse's validation), signed recruiting webhooks with retries, and the Assessment
 * Partner flow with Greenhouse in the caller's seat. Facts and their sources:
 * `shared/spec/greenhouse-api.md` (section numbers in each docstring).
 *
 * v3 choices where the fact sheet is [3P]/[UNVERIFIED] (§2, §7): object shapes are the real
 * v1 shapes of `__fixtures__/harvest` (checked by the contract tests); `PATCH` application and
 * `reject` take v1's `custom_fields[]` write elements (§1.6); move, reject and unreject answer
 * 204; a `cursor` with any other query parameter, a bad `per_page`, more than 50 ids in a
 * `*_ids` filter → 422; applying an already-applied tag answers 200 with the existing row;
 * `POST /v3/notes` answers 201 with the note.
 *
 * @example
 * ```ts
 * const gh = new GreenhouseSandbox({ timeScale: 0.001 });
 * const url = await gh.start();
 * await gh.registerWebhook({ event: 'candidate_stage_change', url: receiverUrl, secret: 's3cret' });
 * gh.moveApplication(265277, 6001); // a recruiter moves Giuseppe Hurley → webhook
 * ```
 */
export class GreenhouseSandbox extends SandboxServer {
  readonly store: GreenhouseStore;
  readonly tokens: GreenhouseTokenIssuer;
  readonly rateLimiter?: RollingWindowRateLimiter;
  /** Outgoing webhooks: `register`, `deliveries`, `webhooks`, `idle()`. */
  readonly webhooks: GreenhouseWebhookDispatcher;
  /** Assessment Partner API with the sandbox as Greenhouse (§4). */
  readonly partner: GreenhouseAssessmentPartner;

  protected readonly errorResponder: FaultResponder = (status, reply, retryAfter) => {
    if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
    if (status === 429) {
      reply.header('X-RateLimit-Limit', String(this.rateLimiter?.limit ?? 75));
      reply.header('X-RateLimit-Remaining', '0');
    }
    const message =
      status === 429
        ? 'Rate limit exceeded'
        : status === 503
          ? 'Service Unavailable'
          : status === 502
            ? 'Bad Gateway'
            : 'Internal Server Error';
    return reply.code(status).send({ message });
  };

  constructor(options: GreenhouseSandboxOptions = {}) {
    super(options);
    this.store = new GreenhouseStore(() => this.nowIso());
    this.tokens = new GreenhouseTokenIssuer(
      options.clients ?? [GREENHOUSE_SANDBOX_CLIENT],
      this.time,
      options.tokenLifetimeSeconds ?? 3600,
      (id) => this.store.users.has(id),
    );
    if (options.rateLimit !== false)
      this.rateLimiter = new RollingWindowRateLimiter(options.rateLimit ?? {}, () =>
        this.time.now(),
      );
    this.webhooks = new GreenhouseWebhookDispatcher(this.time, this.faults, options.webhooks);
    this.partner = new GreenhouseAssessmentPartner(this.store, this.time, () => this.url);
    const data = options.data ?? 'fixtures';
    if (data === 'fixtures') this.store.seed(defaultGreenhouseData());
    else if (data !== 'empty') this.store.seed(data);
    registerHarvestRoutes(this);
    registerInspectionRoutes(this);
  }

  /** Stops the server and cancels scheduled webhook retries. */
  override async stop(): Promise<void> {
    this.webhooks.close();
    await super.stop();
  }

  /** Sandbox clock as ISO-8601 (UTC, milliseconds). */
  nowIso(): string {
    return this.time.date().toISOString();
  }

  // ---- seeding and inspection ------------------------------------------------------------

  /** Adds or replaces records (see {@link GreenhouseSeed}); no webhooks are sent. (Named `seedData` because `seed` is the base class's random seed.) */
  seedData(data: GreenhouseSeed): void {
    this.store.seed(data);
  }

  /** Drops all data and loads `data` (default: the fixture data set). */
  reset(data: GreenhouseSeed | 'fixtures' | 'empty' = 'fixtures'): void {
    this.store.clear();
    if (data === 'fixtures') this.store.seed(defaultGreenhouseData());
    else if (data !== 'empty') this.store.seed(data);
  }

  /** Every `POST /token` received, oldest first (client id, grant type, sub, status). */
  get tokenRequests(): TokenRequestRecord[] {
    return this.tokens.requests;
  }

  /** Makes every issued access token expire now (the next v3 call gets 401). */
  expireTokens(): void {
    this.tokens.expireAll();
  }

  /** Registers an outgoing webhook and pings it (see {@link GreenhouseWebhookDispatcher.register}). */
  registerWebhook(config: GreenhouseWebhookConfig): Promise<RegisteredWebhook> {
    return this.webhooks.register(config);
  }

  /** An application as inspection shows it. @throws GreenhouseApiError 404. */
  application(id: number): ApplicationInspection {
    const a = this.requireApplication(id);
    const stage =
      a.current_stage_id === null ? undefined : this.store.stages.get(a.current_stage_id);
    const values = (
      type: 'application' | 'rejection_question',
      v: GreenhouseApplication['custom_fields'],
    ) => {
      const out: Record<string, unknown> = {};
      for (const f of this.store.fieldsOf(type)) {
        if (v[f.id] === undefined) continue;
        const raw = v[f.id];
        out[f.name_key] =
          f.value_type === 'single_select'
            ? f.options.find((o) => o.id === raw)?.name
            : f.value_type === 'multi_select'
              ? (raw as number[]).map((id) => f.options.find((o) => o.id === id)?.name)
              : raw;
      }
      return out;
    };
    const reason = a.rejection && this.store.rejectionReasons.get(a.rejection.rejection_reason_id);
    return {
      id: a.id,
      candidate_id: a.candidate_id,
      job_id: a.job_id,
      status: a.status,
      current_stage: stage ? { id: stage.id, name: stage.name } : null,
      custom_fields: values('application', a.custom_fields),
      rejection: a.rejection
        ? {
            reason: reason ? { id: reason.id, name: reason.name } : null,
            notes: a.rejection.notes,
            rejection_email: a.rejection.rejection_email,
            custom_fields: values('rejection_question', a.rejection.custom_fields),
          }
        : null,
      last_activity_at: a.last_activity_at,
    };
  }

  /** Notes, optionally of one candidate or application, oldest first. */
  notes(filter: { candidateId?: number; applicationId?: number } = {}): GreenhouseNote[] {
    return [...this.store.notes.values()].filter(
      (n) =>
        (filter.candidateId === undefined || n.candidate_id === filter.candidateId) &&
        (filter.applicationId === undefined || n.application_id === filter.applicationId),
    );
  }

  /** Tags applied to a candidate: `[{id (applied row), candidate_tag_id, name}]`. */
  appliedTags(candidateId: number): { id: number; candidate_tag_id: number; name: string }[] {
    return [...this.store.appliedCandidateTags.values()]
      .filter((t) => t.candidate_id === candidateId)
      .map((t) => ({
        id: t.id,
        candidate_tag_id: t.candidate_tag_id,
        name: this.store.candidateTags.get(t.candidate_tag_id)?.name ?? '',
      }));
  }

  // ---- recruiter actions in the Greenhouse UI (fire webhooks) -------------------------------

  /**
   * A recruiter moves an active application to `stageId` (same job) in the UI: no
   * `from_stage_id` guard; fires `candidate_stage_change`.
   * @throws GreenhouseApiError 404 unknown application, 422 not active / stage of another job.
   */
  moveApplication(applicationId: number, stageId: number): void {
    const a = this.requireApplication(applicationId);
    this.move(a, { from_stage_id: a.current_stage_id, to_stage_id: stageId });
  }

  /** A recruiter rejects an active application in the UI; fires `reject_candidate`. */
  rejectApplication(applicationId: number, rejectionReasonId: number, notes?: string): void {
    this.reject(
      this.requireApplication(applicationId),
      { rejection_reason_id: rejectionReasonId, notes },
      null,
    );
  }

  /** A recruiter marks an active application hired; fires `hire_candidate`. */
  hireApplication(applicationId: number): void {
    const a = this.requireApplication(applicationId);
    if (a.status !== 'active')
      throw GreenhouseApiError.validation('status', 'Only active applications can be hired');
    a.status = 'hired';
    a.hired_at = this.nowIso();
    this.touch(a);
    this.emitApplication('hire_candidate', a);
  }

  /** A recruiter unhires a hired application (back to active); fires `unhire_candidate`. */
  unhireApplication(applicationId: number): void {
    const a = this.requireApplication(applicationId);
    if (a.status !== 'hired')
      throw GreenhouseApiError.validation('status', 'Only hired applications can be unhired');
    a.status = 'active';
    a.hired_at = null;
    this.touch(a);
    this.emitApplication('unhire_candidate', a);
  }

  /**
   * A candidate applies (or a recruiter adds an application): creates the application in the
   * job's first stage unless `current_stage_id` is given; fires `new_candidate_application`.
   */
  addApplication(seed: ApplicationSeed): GreenhouseApplication {
    const id = seed.id ?? this.store.nextId();
    this.store.seed({
      applications: [{ applied_at: this.nowIso(), last_activity_at: this.nowIso(), ...seed, id }],
    });
    const a = this.requireApplication(id);
    this.emitApplication('new_candidate_application', a);
    return a;
  }

  /** Fires `update_candidate` for a candidate with its current data. */
  candidateUpdated(candidateId: number): void {
    const c = this.store.candidates.get(candidateId);
    if (!c) throw GreenhouseApiError.notFound('Candidate');
    c.updated_at = this.nowIso();
    this.webhooks.emit('update_candidate', () => candidateWebhookBody(this.store, c));
  }

  // ---- write operations shared by the v3 routes and the UI actions ------------------------

  /** @internal */
  requireApplication(id: number): GreenhouseApplication {
    const a = this.store.applications.get(id);
    if (!a) throw GreenhouseApiError.notFound('Application');
    return a;
  }

  /**
   * `POST /v3/applications/{id}/move` rules (§2.3): only active applications; `from_stage_id`
   * required and equal to the current stage; `to_stage_id` a stage of the same job, or
   * `to_job_id` (first stage of that job), or neither (the next stage by priority; 422 at the
   * last stage).
   * @internal
   */
  move(a: GreenhouseApplication, body: MoveRequest): void {
    if (a.status !== 'active')
      throw GreenhouseApiError.validation(
        'application_id',
        `Application is ${a.status}; only active applications can be moved`,
      );
    if (body.from_stage_id === undefined || body.from_stage_id === null)
      throw GreenhouseApiError.validation('from_stage_id', 'from_stage_id is required');
    if (Number(body.from_stage_id) !== a.current_stage_id)
      throw GreenhouseApiError.validation(
        'from_stage_id',
        'from_stage_id does not match the current stage of the application',
      );
    let target: number;
    if (body.to_job_id !== undefined && body.to_job_id !== null) {
      const job = this.store.jobs.get(Number(body.to_job_id));
      const first = job && this.store.stagesOf(job.id)[0];
      if (!job || !first)
        throw GreenhouseApiError.validation('to_job_id', 'to_job_id is not a job with stages');
      a.job_id = job.id;
      target = first.id;
    } else if (body.to_stage_id !== undefined && body.to_stage_id !== null) {
      const stage = this.store.stages.get(Number(body.to_stage_id));
      if (!stage || stage.job_id !== a.job_id)
        throw GreenhouseApiError.validation(
          'to_stage_id',
          "to_stage_id is not a stage of the application's job",
        );
      target = stage.id;
    } else {
      const stages = this.store.stagesOf(a.job_id);
      const next = stages[stages.findIndex((s) => s.id === a.current_stage_id) + 1];
      if (!next)
        throw GreenhouseApiError.validation('from_stage_id', 'Application is in the last stage');
      target = next.id;
    }
    a.current_stage_id = target;
    this.touch(a);
    this.emitApplication('candidate_stage_change', a);
  }

  /**
   * `POST /v3/applications/{id}/reject` rules (§2.3): only active applications;
   * `rejection_reason_id` required and known; `custom_fields[]` (application fields) validated
   * and applied in the same call; `rejection_email` recorded (no e-mail is sent).
   * @internal
   */
  reject(a: GreenhouseApplication, body: RejectRequest, actingUserId: number | null): void {
    if (a.status !== 'active')
      throw GreenhouseApiError.validation(
        'application_id',
        `Application is ${a.status}; only active applications can be rejected`,
      );
    const errors = [];
    if (body.rejection_reason_id === undefined || body.rejection_reason_id === null)
      errors.push({ field: 'rejection_reason_id', message: 'rejection_reason_id is required' });
    else if (!this.store.rejectionReasons.has(Number(body.rejection_reason_id)))
      errors.push({
        field: 'rejection_reason_id',
        message: 'rejection_reason_id is not a rejection reason',
      });
    if (body.notes !== undefined && body.notes !== null && typeof body.notes !== 'string')
      errors.push({ field: 'notes', message: 'notes must be a string' });
    const fields = validateCustomFieldWrites(
      body.custom_fields,
      [...this.store.customFields.values()],
      'application',
      (id) => this.store.users.has(id),
    );
    errors.push(...fields.errors);
    if (errors.length) throw new GreenhouseApiError(422, 'Validation error', errors);
    applyCustomFieldChanges(a.custom_fields, fields.changes);
    a.status = 'rejected';
    a.rejected_at = this.nowIso();
    a.rejection = {
      rejection_reason_id: Number(body.rejection_reason_id),
      notes: typeof body.notes === 'string' ? body.notes : null,
      rejection_email:
        body.rejection_email && typeof body.rejection_email === 'object'
          ? (body.rejection_email as Record<string, unknown>)
          : null,
      custom_fields: {},
      rejected_by_user_id: actingUserId,
    };
    this.touch(a);
    this.emitApplication('reject_candidate', a);
  }

  /** `POST /v3/applications/{id}/unreject`: only rejected applications. @internal */
  unreject(a: GreenhouseApplication): void {
    if (a.status !== 'rejected')
      throw GreenhouseApiError.validation(
        'application_id',
        `Application is ${a.status}; only rejected applications can be unrejected`,
      );
    a.status = 'active';
    a.rejected_at = null;
    a.rejection = null;
    this.touch(a);
    this.emitApplication('unreject_candidate', a);
  }

  /** `PATCH /v3/applications/{id}` custom fields (§1.5, §1.6). @internal */
  updateApplication(a: GreenhouseApplication, body: Record<string, unknown>): void {
    const fields = validateCustomFieldWrites(
      body.custom_fields,
      [...this.store.customFields.values()],
      'application',
      (id) => this.store.users.has(id),
    );
    if (fields.errors.length) throw new GreenhouseApiError(422, 'Validation error', fields.errors);
    if (fields.changes.size === 0) return;
    applyCustomFieldChanges(a.custom_fields, fields.changes);
    this.touch(a);
    this.emitApplication('application_updated', a);
  }

  /** `POST /v3/notes` (§2.3, key names [UNVERIFIED]). @internal */
  addNote(body: Record<string, unknown>, actingUserId: number | null): GreenhouseNote {
    const errors = [];
    let candidateId = body.candidate_id === undefined ? undefined : Number(body.candidate_id);
    let applicationId: number | null = null;
    if (body.application_id !== undefined && body.application_id !== null) {
      const a = this.store.applications.get(Number(body.application_id));
      if (!a)
        errors.push({ field: 'application_id', message: 'application_id is not an application' });
      else {
        applicationId = a.id;
        if (candidateId !== undefined && candidateId !== a.candidate_id)
          errors.push({
            field: 'candidate_id',
            message: 'candidate_id does not match the application',
          });
        candidateId = a.candidate_id;
      }
    } else if (candidateId === undefined) {
      errors.push({ field: 'candidate_id', message: 'candidate_id or application_id is required' });
    } else if (!this.store.candidates.has(candidateId)) {
      errors.push({ field: 'candidate_id', message: 'candidate_id is not a candidate' });
    }
    if (typeof body.body !== 'string' || body.body.trim() === '')
      errors.push({ field: 'body', message: 'body is required' });
    const visibility = body.visibility as NoteVisibility;
    if (!['admin_only', 'private', 'public'].includes(visibility))
      errors.push({
        field: 'visibility',
        message: 'visibility must be one of admin_only, private, public',
      });
    const type = (body.type ?? 'NOTE') as GreenhouseNote['type'];
    if (!['NOTE', 'ACTIVITY', 'EMAIL'].includes(type))
      errors.push({ field: 'type', message: 'type must be one of NOTE, ACTIVITY, EMAIL' });
    const userId = body.user_id !== undefined ? Number(body.user_id) : actingUserId;
    if (userId !== null && !this.store.users.has(userId))
      errors.push({ field: 'user_id', message: 'user_id is not a user' });
    if (errors.length) throw new GreenhouseApiError(422, 'Validation error', errors);
    const now = this.nowIso();
    const note: GreenhouseNote = {
      id: this.store.nextId(),
      candidate_id: candidateId as number,
      application_id: applicationId,
      user_id: userId ?? 0,
      body: body.body as string,
      visibility,
      type,
      created_at: now,
      updated_at: now,
    };
    this.store.notes.set(note.id, note);
    return note;
  }

  private touch(a: GreenhouseApplication): void {
    const now = this.nowIso();
    a.last_activity_at = now;
    const c = this.store.candidates.get(a.candidate_id);
    if (c) c.last_activity = now;
  }

  private emitApplication(
    action: Exclude<GreenhouseWebhookAction, 'update_candidate'>,
    a: GreenhouseApplication,
  ): void {
    this.webhooks.emit(action, () => applicationWebhookBody(this.store, action, a));
  }
}
