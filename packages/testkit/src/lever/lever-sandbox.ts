import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultResponder } from '../sandbox/faults';
import { INSPECTION_PREFIX, SandboxServer, type SandboxOptions } from '../sandbox/sandbox-server';
import { seededHex } from '../sandbox/seeded';
import { LeverApiError, sendLeverError } from './lever-errors';
import { loadLeverFixtureData } from './lever-fixture-data';
import type {
  LeverApiWebhook,
  LeverApplication,
  LeverFeedbackForm,
  LeverNote,
  LeverOpportunity,
  LeverOrigin,
  LeverWebhookEvent,
} from './lever-model';
import { LEVER_ORIGINS, LEVER_WEBHOOK_EVENTS } from './lever-model';
import { LeverPaginator } from './lever-pagination';
import { LeverRateLimiter, type LeverRateLimitConfig } from './lever-rate-limit';
import { leverBodies, parseBody, queryBoolean, queryList, queryMs } from './lever-request';
import {
  LeverStore,
  type LeverFeedbackRecord,
  type LeverNoteRecord,
  type LeverSeedInput,
  type LeverSeeded,
} from './lever-store';
import {
  LeverWebhookDispatcher,
  leverWebhookData,
  type LeverWebhookDelivery,
  type LeverWebhookEndpoint,
  type LeverWebhookRetryConfig,
} from './lever-webhooks';

/** API key the sandbox accepts by default (HTTP Basic username, empty password). */
export const LEVER_SANDBOX_API_KEY = 'lever-sandbox-api-key';
/** OAuth access token the sandbox accepts by default (`Authorization: Bearer …`). */
export const LEVER_SANDBOX_OAUTH_TOKEN = 'lever-sandbox-oauth-token';
/** Inspection routes of this sandbox live under this prefix. */
export const LEVER_INSPECTION_PREFIX = `${INSPECTION_PREFIX}/lever`;

export interface LeverSandboxOptions extends SandboxOptions {
  /** API keys accepted as HTTP Basic usernames (password ignored). Default `[LEVER_SANDBOX_API_KEY]`. */
  apiKeys?: string[];
  /** OAuth access tokens accepted as `Bearer`. Default `[LEVER_SANDBOX_OAUTH_TOKEN]`. */
  oauthTokens?: string[];
  /** API keys that may read but get `403 ForbiddenError` on every write. Default none. */
  readOnlyApiKeys?: string[];
  /** Token bucket per credential; `false` turns rate limiting off. Default 10/s, burst 20. */
  rateLimit?: LeverRateLimitConfig | false;
  /**
   * The account's webhook signing token (Settings → Integrations), the key of UI-configured
   * webhooks. Default: 48 hex characters derived from the seed. `null`: no token generated,
   * deliveries carry no `signature` (lever-api.md §4.3).
   */
  signatureToken?: string | null;
  /** Webhook retry schedule (documented ms, scaled) and receiver timeout. */
  webhookRetry?: LeverWebhookRetryConfig;
  /** Put the event `id` into webhook bodies (Lever's schema lists it; its example omits it). Default true. */
  webhookEventIds?: boolean;
  /** `'fixtures'` (default): the data set built from the recorded payloads; `'empty'`: nothing. */
  data?: 'fixtures' | 'empty';
}

interface Credential {
  id: string;
  readOnly: boolean;
}

type Params = { id: string; noteId: string; feedbackId: string; webhookId: string };
type Req = FastifyRequest<{ Params: Params; Querystring: Record<string, unknown>; Body: unknown }>;

const clone = <T>(value: T): T => structuredClone(value);

/**
 * Lever data API sandbox (lever-api.md): opportunities, stages, archive reasons, users, notes,
 * feedback, tags, postings and webhooks over real HTTP under `/v1`, with Lever's auth, token
 * bucket, offset pagination, `{code, message}` errors and signed outgoing webhooks.
 *
 * ```ts
 * const lever = new LeverSandbox({ timeScale: 0.001 });
 * const url = await lever.start();            // API base: `${url}/v1`
 * lever.addWebhookEndpoint({ url: receiverUrl });
 * lever.changeStage(oppId, 'offer');          // recruiter moves the candidate → webhook
 * ```
 */
export class LeverSandbox extends SandboxServer {
  /** The account data; prefer the inspection methods below. */
  readonly store: LeverStore;
  /** Outgoing webhook deliveries and their attempts. */
  readonly webhooks: LeverWebhookDispatcher;
  private readonly rateLimiter?: LeverRateLimiter;
  private readonly paginator = new LeverPaginator();
  private readonly credentialOf = new WeakMap<FastifyRequest, Credential>();
  private readonly apiKeys: Set<string>;
  private readonly readOnlyKeys: Set<string>;
  private readonly oauthTokens: Set<string>;
  private readonly uiEndpoints: LeverWebhookEndpoint[] = [];
  private readonly apiWebhooks: LeverApiWebhook[] = [];
  private accountSignatureToken: string | null;

  protected readonly errorResponder: FaultResponder = (status, reply) =>
    sendLeverError(reply, status);

  constructor(protected override readonly options: LeverSandboxOptions = {}) {
    super(options);
    this.apiKeys = new Set(options.apiKeys ?? [LEVER_SANDBOX_API_KEY]);
    this.readOnlyKeys = new Set(options.readOnlyApiKeys ?? []);
    this.oauthTokens = new Set(options.oauthTokens ?? [LEVER_SANDBOX_OAUTH_TOKEN]);
    this.accountSignatureToken =
      options.signatureToken === undefined
        ? seededHex(this.seed, 48, 'lever-signature-token')
        : options.signatureToken;
    if (options.rateLimit !== false)
      this.rateLimiter = new LeverRateLimiter(this.time, options.rateLimit ?? {});
    this.webhooks = new LeverWebhookDispatcher(
      this.time,
      this.faults,
      () => [...this.uiEndpoints, ...this.apiWebhooks.map(apiEndpoint)],
      options.webhookRetry,
      options.webhookEventIds ?? true,
    );
    this.store = new LeverStore(
      this.seed,
      () => this.time.now(),
      (event) => {
        this.webhooks.dispatch(
          event.event,
          clone(leverWebhookData(event)),
          event.opportunity.origin,
        );
      },
    );
    if ((options.data ?? 'fixtures') === 'fixtures') this.store.load(loadLeverFixtureData());

    this.app.addHook('onRequest', async (request, reply) => this.authenticate(request, reply));
    this.app.setErrorHandler((error, _request, reply) => {
      if (error instanceof LeverApiError) return sendLeverError(reply, error.status, error.message);
      const status = (error as { statusCode?: number }).statusCode;
      if (status && status >= 400 && status < 500)
        return sendLeverError(reply, 400, (error as Error).message);
      return sendLeverError(reply, 500);
    });
    this.app.setNotFoundHandler((request, reply) =>
      sendLeverError(
        reply,
        404,
        `Route ${request.method} ${request.url.split('?')[0]} was not found`,
      ),
    );
    this.registerReadRoutes();
    this.registerWriteRoutes();
    this.registerWebhookRoutes();
    this.registerInspectionRoutes();
  }

  override async stop(): Promise<void> {
    this.webhooks.stop();
    await super.stop();
  }

  // ================================================================ in-process API

  /** The account's signing token of UI-configured webhooks (a secret: keep it out of logs). */
  get signatureToken(): string | null {
    return this.accountSignatureToken;
  }

  /**
   * Adds data built from partial objects (builders fill every other field); see
   * {@link LeverSeedInput}. Fires no webhooks. (Named `seedData` because `seed` is the base
   * class's random seed.)
   */
  seedData(input: LeverSeedInput): LeverSeeded {
    return this.store.seed(input);
  }

  /** A copy of one opportunity (stage, tags, archived, stageChanges, …). */
  opportunity(id: string): LeverOpportunity {
    return clone(this.store.opportunity(id));
  }

  /** Copies of every (not deleted) opportunity, oldest first. */
  opportunities(): LeverOpportunity[] {
    return this.store.listOpportunities({ confidentiality: 'all' }).map(clone);
  }

  /** Notes with their origin (`api`/`ui`) and edit history, deleted ones included. */
  notes(opportunityId?: string): LeverNoteRecord[] {
    return [...this.store.notes.values()]
      .filter((r) => !opportunityId || r.opportunityId === opportunityId)
      .map(clone);
  }

  /** Feedback forms with their history, deleted ones included. */
  feedbackForms(opportunityId?: string): LeverFeedbackRecord[] {
    return [...this.store.feedback.values()]
      .filter((r) => !opportunityId || r.opportunityId === opportunityId)
      .map(clone);
  }

  /** Every webhook delivery so far (dropped, pending, delivered, failed), optionally of one event. */
  webhooksSent(event?: LeverWebhookEvent): LeverWebhookDelivery[] {
    return this.webhooks.deliveries.filter((d) => !event || d.event === event).map(clone);
  }

  /** Resolves when every pending webhook delivery has succeeded or run out of retries. */
  settleWebhooks(): Promise<void> {
    return this.webhooks.settle();
  }

  /**
   * A recruiter moves the opportunity in Lever's UI: same effect as `PUT …/stage`, fires
   * `candidateStageChange`. `userId` defaults to the account's super admin.
   */
  changeStage(opportunityId: string, stageId: string, userId?: string): LeverOpportunity {
    return clone(this.store.changeStage(opportunityId, stageId, userId ?? this.uiUserId()));
  }

  /** A recruiter archives (reason id) or unarchives (`null`) in the UI; fires the archive/hire webhooks. */
  archive(opportunityId: string, reasonId: string | null, userId?: string): LeverOpportunity {
    return clone(this.store.setArchived(opportunityId, reasonId, userId ?? this.uiUserId()));
  }

  /** The candidate applies to a posting; fires `applicationCreated`. */
  createApplication(opportunityId: string, postingId: string): LeverApplication {
    return clone(this.store.createApplication(opportunityId, postingId));
  }

  /** Deletes the opportunity in the UI; fires `candidateDeleted`; later reads are 404. */
  deleteOpportunity(opportunityId: string, userId?: string): void {
    this.store.deleteOpportunity(opportunityId, userId ?? this.uiUserId());
  }

  /**
   * Configures a webhook URL as a Super Admin would in Lever's UI (every event group on
   * unless `events` is given). Signed with the account {@link signatureToken} unless
   * `signatureToken` is given.
   */
  addWebhookEndpoint(input: {
    url: string;
    events?: LeverWebhookEvent[];
    origins?: LeverOrigin[];
    signatureToken?: string | null;
  }): LeverWebhookEndpoint {
    const now = this.store.now();
    const endpoint: LeverWebhookEndpoint = {
      id: this.store.newId('webhook'),
      url: input.url,
      events: input.events ?? [...LEVER_WEBHOOK_EVENTS],
      origins: input.origins,
      signatureToken:
        input.signatureToken === undefined ? this.accountSignatureToken : input.signatureToken,
      via: 'ui',
      createdAt: now,
      updatedAt: now,
    };
    this.uiEndpoints.push(endpoint);
    return { ...endpoint };
  }

  /** Removes a UI-configured or API-created webhook. */
  removeWebhookEndpoint(id: string): boolean {
    const ui = this.uiEndpoints.findIndex((e) => e.id === id);
    if (ui >= 0) this.uiEndpoints.splice(ui, 1);
    const api = this.apiWebhooks.findIndex((w) => w.id === id);
    if (api >= 0) this.apiWebhooks.splice(api, 1);
    return ui >= 0 || api >= 0;
  }

  /** Every webhook endpoint (UI-configured and API-created), signature tokens removed. */
  webhookEndpoints(): Omit<LeverWebhookEndpoint, 'signatureToken'>[] {
    return [...this.uiEndpoints, ...this.apiWebhooks.map(apiEndpoint)].map(
      ({ signatureToken: _secret, ...endpoint }) => ({ ...endpoint }),
    );
  }

  /** The UI "test" button: a `candidateHired` with empty `data` to one endpoint (lever-api.md §4.3). */
  sendTestWebhook(endpointId: string): LeverWebhookDelivery[] {
    const endpoint = [...this.uiEndpoints, ...this.apiWebhooks.map(apiEndpoint)].find(
      (e) => e.id === endpointId,
    );
    if (!endpoint) throw new Error(`no webhook endpoint ${endpointId}`);
    return this.webhooks.send(endpoint, 'candidateHired', {});
  }

  private uiUserId(): string | null {
    return (
      this.store.users.find((u) => u.accessRole === 'super admin' && !u.deactivatedAt)?.id ?? null
    );
  }

  // ================================================================ auth and rate limit

  private async authenticate(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply | undefined> {
    if (!request.url.startsWith('/v1/') && request.url !== '/v1') return undefined;
    const credential = this.credential(request.headers.authorization);
    if (!credential) return sendLeverError(reply, 401);
    if (this.rateLimiter && !this.rateLimiter.take(credential.id))
      return sendLeverError(reply, 429);
    this.credentialOf.set(request, credential);
    return undefined;
  }

  /** HTTP Basic (username = API key, password ignored) or Bearer (lever-api.md §1.1). */
  private credential(header: string | undefined): Credential | undefined {
    if (!header) return undefined;
    const [scheme, value] = header.split(/\s+/, 2);
    if (/^basic$/i.test(scheme) && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const key = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
      if (this.apiKeys.has(key)) return { id: `key:${key}`, readOnly: false };
      if (this.readOnlyKeys.has(key)) return { id: `key:${key}`, readOnly: true };
      return undefined;
    }
    if (/^bearer$/i.test(scheme) && value && this.oauthTokens.has(value))
      return { id: `oauth:${value}`, readOnly: false };
    return undefined;
  }

  /** 403 for read-only keys on writes. */
  private assertCanWrite(request: FastifyRequest): void {
    if (this.credentialOf.get(request)?.readOnly)
      throw new LeverApiError(403, 'This API key does not have write access to this resource');
  }

  /**
   * `perform_as` (lever-api.md §1.1): validated against the users when given; 400 when missing
   * on endpoints where Lever requires it.
   */
  private performAs(request: Req, required: boolean): string | null {
    const raw = request.query.perform_as;
    if (raw === undefined || raw === '') {
      if (required) throw new LeverApiError(400, 'perform_as is required for this request');
      return null;
    }
    if (typeof raw !== 'string')
      throw new LeverApiError(400, 'perform_as must be a single user id');
    return this.store.performAs(raw).id;
  }

  // ================================================================ read routes

  private registerReadRoutes(): void {
    const app = this.app;
    app.get('/v1/opportunities', async (request: Req) => {
      const q = request.query;
      const confidentiality =
        q.confidentiality === undefined ? undefined : String(q.confidentiality);
      if (confidentiality && !['confidential', 'non-confidential', 'all'].includes(confidentiality))
        throw new LeverApiError(
          400,
          'confidentiality must be confidential, non-confidential or all',
        );
      const items = this.store.listOpportunities({
        email: queryList(q.email),
        stage_id: queryList(q.stage_id),
        tag: queryList(q.tag),
        posting_id: queryList(q.posting_id),
        contact_id: queryList(q.contact_id),
        origin: queryList(q.origin),
        archive_reason_id: queryList(q.archive_reason_id),
        archived: queryBoolean(q.archived, 'archived'),
        confidentiality: confidentiality as 'all' | undefined,
        created_at_start: queryMs(q.created_at_start, 'created_at_start'),
        created_at_end: queryMs(q.created_at_end, 'created_at_end'),
        updated_at_start: queryMs(q.updated_at_start, 'updated_at_start'),
        updated_at_end: queryMs(q.updated_at_end, 'updated_at_end'),
      });
      const page = this.paginator.page('opportunities', items, q);
      return { ...page, data: page.data.map((o) => this.renderOpportunity(o, q)) };
    });
    app.get('/v1/opportunities/:id', async (request: Req) => ({
      data: this.renderOpportunity(this.store.opportunity(request.params.id), request.query),
    }));
    app.get('/v1/opportunities/:id/notes', async (request: Req) => {
      this.store.opportunity(request.params.id);
      const notes = this.store.notesOf(request.params.id).map((r) => clone(r.note));
      return this.paginator.page(`notes:${request.params.id}`, notes, request.query);
    });
    app.get('/v1/opportunities/:id/notes/:noteId', async (request: Req) => {
      this.store.opportunity(request.params.id);
      return { data: clone(this.store.noteRecord(request.params.id, request.params.noteId).note) };
    });
    app.get('/v1/opportunities/:id/feedback', async (request: Req) => {
      this.store.opportunity(request.params.id);
      const forms = [...this.store.feedback.values()]
        .filter((r) => r.opportunityId === request.params.id && r.form.deletedAt === null)
        .map((r) => clone(r.form));
      return this.paginator.page(`feedback:${request.params.id}`, forms, request.query);
    });
    app.get('/v1/opportunities/:id/feedback/:feedbackId', async (request: Req) => {
      this.store.opportunity(request.params.id);
      return {
        data: clone(this.store.feedbackRecord(request.params.id, request.params.feedbackId).form),
      };
    });
    app.get('/v1/stages', async (request: Req) =>
      this.paginator.page('stages', clone(this.store.stages), request.query),
    );
    app.get('/v1/stages/:id', async (request: Req) => ({
      data: clone(this.findOr404(this.store.stages, 'stages', request.params.id)),
    }));
    app.get('/v1/archive_reasons', async (request: Req) => {
      const type = request.query.type;
      const reasons = this.store.archiveReasons.filter(
        (r) => type === undefined || r.type === type,
      );
      return this.paginator.page('archive_reasons', clone(reasons), request.query);
    });
    app.get('/v1/archive_reasons/:id', async (request: Req) => ({
      data: clone(this.findOr404(this.store.archiveReasons, 'archive_reasons', request.params.id)),
    }));
    app.get('/v1/users', async (request: Req) => {
      const q = request.query;
      const emails = queryList(q.email).map((e) => e.toLowerCase());
      const includeDeactivated = queryBoolean(q.includeDeactivated, 'includeDeactivated') ?? false;
      const users = this.store.users.filter(
        (u) =>
          (includeDeactivated || !u.deactivatedAt) &&
          (!emails.length || emails.includes(u.email.toLowerCase())),
      );
      return this.paginator.page('users', clone(users), q);
    });
    app.get('/v1/users/:id', async (request: Req) => ({
      data: clone(this.findOr404(this.store.users, 'users', request.params.id)),
    }));
    app.get('/v1/feedback_templates', async (request: Req) =>
      this.paginator.page('feedback_templates', clone(this.store.feedbackTemplates), request.query),
    );
    app.get('/v1/feedback_templates/:id', async (request: Req) => ({
      data: clone(this.store.feedbackTemplate(request.params.id)),
    }));
    app.get('/v1/tags', async (request: Req) =>
      this.paginator.page('tags', this.store.tagCounts(), request.query),
    );
    app.get('/v1/postings', async (request: Req) =>
      this.paginator.page('postings', clone(this.store.postings), request.query),
    );
    app.get('/v1/postings/:id', async (request: Req) => ({
      data: clone(this.findOr404(this.store.postings, 'postings', request.params.id)),
    }));
  }

  private findOr404<T extends { id: string }>(list: T[], collection: string, id: string): T {
    const found = list.find((x) => x.id === id);
    if (!found) throw new LeverApiError(404, `${collection} ${id} was not found`);
    return found;
  }

  /**
   * An opportunity as `GET /opportunities/{id}` returns it: `expand` inlines `stage`,
   * `owner`, `followers`, `sourcedBy`, `applications`, `contact`; `include` keeps only the
   * named fields (and `id`) (lever-api.md §1.3).
   */
  private renderOpportunity(
    opp: LeverOpportunity,
    query: Record<string, unknown>,
  ): Record<string, unknown> {
    const out = clone(opp) as unknown as Record<string, unknown>;
    const user = (id: string | null) => (id ? clone(this.store.user(id) ?? id) : null);
    for (const field of queryList(query.expand, true)) {
      if (field === 'stage')
        out.stage = clone(this.store.stages.find((s) => s.id === opp.stage) ?? opp.stage);
      else if (field === 'owner') out.owner = user(opp.owner);
      else if (field === 'sourcedBy') out.sourcedBy = user(opp.sourcedBy);
      else if (field === 'followers') out.followers = opp.followers.map(user);
      else if (field === 'applications')
        out.applications = opp.applications.map((id) =>
          clone(this.store.applications.get(id) ?? id),
        );
      else if (field === 'contact')
        out.contact = {
          id: opp.contact,
          name: opp.name,
          headline: opp.headline,
          emails: [...opp.emails],
          phones: clone(opp.phones),
        };
      else throw new LeverApiError(400, `expand=${field} is not supported`);
    }
    const include = queryList(query.include, true);
    if (!include.length) return out;
    return Object.fromEntries(
      Object.entries(out).filter(([k]) => k === 'id' || include.includes(k)),
    );
  }

  // ================================================================ write routes

  private registerWriteRoutes(): void {
    const app = this.app;
    const write =
      (handler: (request: Req, reply: FastifyReply) => unknown) =>
      async (request: Req, reply: FastifyReply) => {
        this.assertCanWrite(request);
        return handler(request, reply);
      };

    app.put(
      '/v1/opportunities/:id/stage',
      write(async (request) => {
        const userId = this.performAs(request, false);
        const { stage } = parseBody(leverBodies.stage, request.body);
        return { data: clone(this.store.changeStage(request.params.id, stage, userId)) };
      }),
    );
    app.put(
      '/v1/opportunities/:id/archived',
      write(async (request) => {
        const userId = this.performAs(request, false);
        const body = parseBody(leverBodies.archived, request.body);
        return { data: clone(this.store.setArchived(request.params.id, body.reason, userId)) };
      }),
    );
    for (const [field, schema] of [
      ['tags', leverBodies.tags],
      ['links', leverBodies.links],
      ['sources', leverBodies.sources],
    ] as const) {
      const suffix = field[0].toUpperCase() + field.slice(1);
      for (const add of [true, false]) {
        app.post(
          `/v1/opportunities/:id/${add ? 'add' : 'remove'}${suffix}`,
          write(async (request) => {
            this.performAs(request, false);
            const values = (parseBody(schema, request.body) as Record<string, string[]>)[field];
            return { data: clone(this.store.editList(request.params.id, field, values, add)) };
          }),
        );
      }
    }

    app.post(
      '/v1/opportunities/:id/notes',
      write(async (request, reply) => {
        const userId = this.performAs(request, false);
        const body = parseBody(leverBodies.note, request.body);
        const opp = this.store.opportunity(request.params.id);
        if (body.createdAt !== undefined && body.createdAt > this.store.now())
          throw new LeverApiError(400, 'createdAt must be in the past');
        const threadId =
          typeof request.query.note_id === 'string' ? request.query.note_id : undefined;
        const record = this.store.addNote(opp, body, userId, 'api', threadId);
        // Recorded sandbox (2026): the full note plus `noteId` (lever-api.md §3.2).
        return reply.code(201).send({
          data: { ...clone(record.note), noteId: record.note.id } satisfies LeverNote & {
            noteId: string;
          },
        });
      }),
    );
    app.put(
      '/v1/opportunities/:id/notes/:noteId',
      write(async (request) => {
        const userId = this.performAs(request, false);
        const body = parseBody(leverBodies.noteUpdate, request.body);
        const record = this.store.updateNote(
          request.params.id,
          request.params.noteId,
          body.values,
          body.score,
          userId,
        );
        if (body.secret !== undefined) record.note.secret = body.secret;
        return { data: { noteId: record.note.id } };
      }),
    );
    app.delete(
      '/v1/opportunities/:id/notes/:noteId',
      write(async (request, reply) => {
        const userId = this.performAs(request, false);
        this.store.opportunity(request.params.id);
        this.store.deleteNote(request.params.id, request.params.noteId, userId);
        return reply.code(204).send();
      }),
    );

    app.post(
      '/v1/opportunities/:id/feedback',
      write(async (request, reply) => {
        const userId = this.performAs(request, true) as string;
        const body = parseBody(leverBodies.feedback, request.body);
        const record = this.store.createFeedback(request.params.id, body, userId);
        return reply.code(201).send({ data: clone(record.form) satisfies LeverFeedbackForm });
      }),
    );
    app.put(
      '/v1/opportunities/:id/feedback/:feedbackId',
      write(async (request) => {
        const userId = this.performAs(request, true) as string;
        const body = parseBody(leverBodies.feedbackUpdate, request.body);
        return {
          data: clone(
            this.store.updateFeedback(request.params.id, request.params.feedbackId, body, userId)
              .form,
          ),
        };
      }),
    );
    app.delete(
      '/v1/opportunities/:id/feedback/:feedbackId',
      write(async (request, reply) => {
        const userId = this.performAs(request, true) as string;
        this.store.opportunity(request.params.id);
        this.store.deleteFeedback(request.params.id, request.params.feedbackId, userId);
        return reply.code(204).send();
      }),
    );
  }

  // ================================================================ webhooks API (lever-api.md §4.5)

  private registerWebhookRoutes(): void {
    const app = this.app;
    // The recorded list has no `hasNext` and no `signatureToken` (webhooks.test.json).
    app.get('/v1/webhooks', async () => ({
      data: this.apiWebhooks.map(({ configuration, ...w }) => ({
        ...clone(w),
        configuration: { conditions: clone(configuration.conditions) },
      })),
    }));
    app.post('/v1/webhooks', async (request: Req, reply) => {
      this.assertCanWrite(request);
      const body = parseBody(leverBodies.webhook, request.body);
      const now = this.store.now();
      const webhook: LeverApiWebhook = {
        id: this.store.newId('webhook'),
        event: body.event as LeverWebhookEvent,
        url: body.url,
        configuration: {
          conditions: {
            origins: (body.configuration?.conditions.origins as LeverOrigin[]) ?? [
              ...LEVER_ORIGINS,
            ],
          },
          signatureToken: randomBytes(24).toString('hex'),
        },
        createdAt: now,
        updatedAt: now,
      };
      this.apiWebhooks.push(webhook);
      return reply.code(201).send({ data: clone(webhook) });
    });
    app.delete('/v1/webhooks/:webhookId', async (request: Req, reply) => {
      this.assertCanWrite(request);
      const i = this.apiWebhooks.findIndex((w) => w.id === request.params.webhookId);
      if (i < 0) throw new LeverApiError(404, `webhooks ${request.params.webhookId} was not found`);
      this.apiWebhooks.splice(i, 1);
      return reply.code(204).send();
    });
  }

  // ================================================================ inspection over HTTP

  private registerInspectionRoutes(): void {
    const app = this.app;
    const p = LEVER_INSPECTION_PREFIX;
    app.get(`${p}/opportunities`, async () => this.opportunities());
    app.get(`${p}/opportunities/:id`, async (request: Req) => ({
      opportunity: this.opportunity(request.params.id),
      notes: this.notes(request.params.id),
      feedback: this.feedbackForms(request.params.id),
    }));
    app.get(`${p}/notes`, async (request: Req) =>
      this.notes(
        typeof request.query.opportunityId === 'string' ? request.query.opportunityId : undefined,
      ),
    );
    app.get(`${p}/feedback`, async (request: Req) =>
      this.feedbackForms(
        typeof request.query.opportunityId === 'string' ? request.query.opportunityId : undefined,
      ),
    );
    app.get(`${p}/webhooks`, async (request: Req) =>
      this.webhooksSent(
        typeof request.query.event === 'string'
          ? (request.query.event as LeverWebhookEvent)
          : undefined,
      ),
    );
    app.post(`${p}/webhooks/settle`, async () => {
      await this.settleWebhooks();
      return { ok: true };
    });
    app.get(`${p}/webhook-endpoints`, async () => this.webhookEndpoints());
    app.post(`${p}/webhook-endpoints`, async (request: Req, reply) => {
      const body = (request.body ?? {}) as {
        url?: string;
        events?: LeverWebhookEvent[];
        origins?: LeverOrigin[];
      };
      if (typeof body.url !== 'string') throw new LeverApiError(400, 'url is required');
      // The creation answer is the only place the token is shown, as in Lever's POST /webhooks.
      return reply
        .code(201)
        .send(
          this.addWebhookEndpoint({ url: body.url, events: body.events, origins: body.origins }),
        );
    });
    app.post(`${p}/opportunities/:id/stage`, async (request: Req) => {
      const body = (request.body ?? {}) as { stageId?: string; userId?: string };
      if (typeof body.stageId !== 'string') throw new LeverApiError(400, 'stageId is required');
      return this.changeStage(request.params.id, body.stageId, body.userId);
    });
    app.post(`${p}/opportunities/:id/archived`, async (request: Req) => {
      const body = (request.body ?? {}) as { reason?: string | null; userId?: string };
      if (body.reason === undefined)
        throw new LeverApiError(400, 'reason is required (null unarchives)');
      return this.archive(request.params.id, body.reason, body.userId);
    });
    app.post(`${p}/seed`, async (request: Req) =>
      this.seedData((request.body ?? {}) as LeverSeedInput),
    );
  }
}

function apiEndpoint(webhook: LeverApiWebhook): LeverWebhookEndpoint {
  return {
    id: webhook.id,
    url: webhook.url,
    events: [webhook.event],
    origins: webhook.configuration.conditions.origins,
    signatureToken: webhook.configuration.signatureToken,
    via: 'api',
    createdAt: webhook.createdAt,
    updatedAt: webhook.updatedAt,
  };
}
