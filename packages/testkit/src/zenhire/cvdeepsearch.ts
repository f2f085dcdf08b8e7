import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { seededHex } from '../sandbox/seeded';
import { ZenHireSandboxError } from './errors';
import type { ZenHireRuntime } from './runtime';
import { parseBody } from './validation';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url';

/** CV DeepSearch limits (zenhire-api.md §7.2). */
export const CVDS_LIMITS = {
  maxCandidates: 500,
  /** Request body limit, bytes ("about 10 MB"). */
  maxBodyBytes: 10 * 1024 * 1024,
  /** Batches up to this size are embedded inline; larger ones start `pending` ([inferred] threshold). */
  inlineEmbedMax: 10,
  /** Documented ms until a pending embedding becomes `embedded` (our choice). */
  embedDelayMs: 30_000,
  topNDefault: 100,
  topNMax: 1000,
};

/** A stored corpus candidate. */
export interface CvdsCandidate {
  clientId: string;
  corpus_id: string;
  external_id: string;
  content_hash: string;
  tags: string[] | null;
  upload_id: string | null;
  createdAt: number;
  updatedAt: number;
  /** Documented ms when the embedding is done. */
  embeddedAt: number;
}

/** A stored search run (`CvdsRun`). */
export interface CvdsRun {
  id: string;
  clientId: string;
  corpus_id: string;
  position_id: string;
  is_job_updated: boolean;
  top_n: number;
  idempotency_key?: string;
  webhook_url?: string;
  createdAt: number;
}

const searchSchema = z.object({
  corpus_id: z.string().min(1),
  position_id: z.string().regex(/^[A-Za-z0-9._-]{1,28}$/),
  position_metadata: z
    .record(z.string(), z.unknown())
    .refine((o) => Object.keys(o).length > 0, 'must be a non-empty object'),
  top_n: z.number().int().min(1).optional(),
  job_updated: z.boolean().optional(),
  webhook_url: z.string().optional(),
  idempotency_key: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/)
    .optional(),
});

/**
 * CV DeepSearch preview (§7.2): batch ingest keyed by (corpus_id, external_id) with
 * accepted/updated/unchanged, embedding status, candidate status reads, and search runs
 * that stay `pending` with `results: null, results_pending: true`. Not billed.
 */
export class CvDeepSearchModule {
  readonly candidates = new Map<string, CvdsCandidate>();
  readonly runs = new Map<string, CvdsRun>();
  private seq = 0;

  constructor(
    private readonly rt: ZenHireRuntime,
    private readonly policy: WebhookUrlPolicy,
  ) {}

  register(app: FastifyInstance): void {
    app.post('/api/v1/cvds/candidates', { bodyLimit: CVDS_LIMITS.maxBodyBytes }, (req) =>
      this.ingest(req),
    );
    app.get('/api/v1/cvds/candidates', (req) => {
      const caller = this.rt.authenticate(req, 'cvdeepsearch', 'unauthenticated');
      const corpusId = (req.query as { corpus_id?: string }).corpus_id;
      if (!corpusId)
        throw new ZenHireSandboxError(400, 'MISSING_CORPUS_ID', 'corpus_id is required.');
      const data = [...this.candidates.values()]
        .filter((c) => c.clientId === caller.clientId && c.corpus_id === corpusId)
        .map((c) => this.status(c, false));
      return { data };
    });
    app.get('/api/v1/cvds/candidates/:externalId', (req) => {
      const caller = this.rt.authenticate(req, 'cvdeepsearch', 'unauthenticated');
      const corpusId = (req.query as { corpus_id?: string }).corpus_id;
      if (!corpusId)
        throw new ZenHireSandboxError(400, 'MISSING_CORPUS_ID', 'corpus_id is required.');
      const c = this.candidates.get(
        key(caller.clientId, corpusId, (req.params as { externalId: string }).externalId),
      );
      if (!c) throw new ZenHireSandboxError(404, 'NOT_FOUND', 'Candidate not found.');
      return this.status(c, true);
    });
    app.post('/api/v1/cvds/search', (req, reply) => this.search(req, reply));
    app.get('/api/v1/cvds/runs/:id', (req) => {
      const caller = this.rt.authenticate(req, 'cvdeepsearch', 'unauthenticated');
      const run = this.runs.get((req.params as { id: string }).id);
      if (!run || run.clientId !== caller.clientId)
        throw new ZenHireSandboxError(404, 'NOT_FOUND', 'Run not found.');
      return runBody(run);
    });
  }

  private ingest(req: FastifyRequest) {
    const caller = this.rt.authenticate(req, 'cvdeepsearch', 'unauthenticated');
    const body = (req.body ?? {}) as { corpus_id?: unknown; candidates?: unknown };
    if (!Array.isArray(body.candidates) || body.candidates.length === 0)
      throw new ZenHireSandboxError(400, 'INVALID_INPUT', 'candidates must be a non-empty array.', {
        details: { fields: { candidates: ['must contain 1 to 500 candidates'] } },
      });
    if (body.candidates.length > CVDS_LIMITS.maxCandidates)
      throw new ZenHireSandboxError(400, 'BATCH_TOO_LARGE', 'At most 500 candidates per request.', {
        details: { max: CVDS_LIMITS.maxCandidates, received: body.candidates.length },
      });
    const topCorpus =
      typeof body.corpus_id === 'string' && body.corpus_id ? body.corpus_id : undefined;
    const items = body.candidates as Record<string, unknown>[];
    if (items.some((c) => !(typeof c?.corpus_id === 'string' && c.corpus_id) && !topCorpus))
      throw new ZenHireSandboxError(400, 'MISSING_CORPUS_ID', 'Every candidate needs a corpus_id.');
    const now = this.rt.now();
    const inline = items.length <= CVDS_LIMITS.inlineEmbedMax;
    const summary = { accepted: 0, updated: 0, unchanged: 0, failed: 0 };
    const results = items.map((c) => {
      const corpusId = (typeof c.corpus_id === 'string' && c.corpus_id) || topCorpus!;
      const externalId = c.external_id;
      const parsed = c.parsed_cv;
      if (
        typeof externalId !== 'string' ||
        !externalId ||
        parsed === null ||
        typeof parsed !== 'object'
      ) {
        summary.failed++;
        return {
          external_id: typeof externalId === 'string' ? externalId : null,
          corpus_id: corpusId,
          status: 'failed',
          embedding_status: 'failed',
          error: {
            code: 'INVALID_INPUT',
            message: 'external_id and parsed_cv (object or array) are required',
          },
        };
      }
      const hash = createHash('sha256').update(JSON.stringify(parsed)).digest('hex');
      const k = key(caller.clientId, corpusId, externalId);
      const existing = this.candidates.get(k);
      const tags = Array.isArray(c.tags) ? c.tags.map(String) : (existing?.tags ?? null);
      let status: 'accepted' | 'updated' | 'unchanged';
      if (!existing) status = 'accepted';
      else status = existing.content_hash === hash ? 'unchanged' : 'updated';
      summary[status]++;
      const embeddedAt =
        status === 'unchanged'
          ? existing!.embeddedAt
          : inline
            ? now
            : now + CVDS_LIMITS.embedDelayMs;
      this.candidates.set(k, {
        clientId: caller.clientId,
        corpus_id: corpusId,
        external_id: externalId,
        content_hash: hash,
        tags,
        upload_id: typeof c.upload_id === 'string' ? c.upload_id : (existing?.upload_id ?? null),
        createdAt: existing?.createdAt ?? now,
        updatedAt: status === 'unchanged' ? existing!.updatedAt : now,
        embeddedAt,
      });
      return {
        external_id: externalId,
        corpus_id: corpusId,
        status,
        embedding_status: embeddedAt <= now ? 'embedded' : 'pending',
      };
    });
    return { results, summary };
  }

  private status(c: CvdsCandidate, detail: boolean) {
    const embedded = c.embeddedAt <= this.rt.now();
    const row: Record<string, unknown> = {
      external_id: c.external_id,
      corpus_id: c.corpus_id,
      embedding_status: embedded ? 'embedded' : 'pending',
      content_hash: c.content_hash,
      embedding_model: embedded ? 'text-embedding-3-small' : null,
      embedding_dims: embedded ? 1536 : null,
      created_at: new Date(c.createdAt).toISOString(),
      updated_at: new Date(c.updatedAt).toISOString(),
    };
    if (detail) row.tags = c.tags;
    return row;
  }

  private search(req: FastifyRequest, reply: FastifyReply) {
    const caller = this.rt.authenticate(req, 'cvdeepsearch', 'unauthenticated');
    const body = parseBody(searchSchema, req.body);
    const webhookUrl = body.webhook_url
      ? checkWebhookUrl(body.webhook_url, this.policy)
      : undefined;
    if (body.idempotency_key) {
      const existing = [...this.runs.values()].find(
        (r) => r.clientId === caller.clientId && r.idempotency_key === body.idempotency_key,
      );
      if (existing) return reply.code(200).send({ id: existing.id, status: 'pending' });
    }
    const run: CvdsRun = {
      id: `cvds_${seededHex(this.rt.seed, 22, 'cvds-run', ++this.seq)}`,
      clientId: caller.clientId,
      corpus_id: body.corpus_id,
      position_id: body.position_id,
      is_job_updated: body.job_updated ?? false,
      top_n: Math.min(body.top_n ?? CVDS_LIMITS.topNDefault, CVDS_LIMITS.topNMax),
      idempotency_key: body.idempotency_key,
      webhook_url: webhookUrl,
      createdAt: this.rt.now(),
    };
    this.runs.set(run.id, run);
    return reply.code(200).send({ id: run.id, status: 'pending' });
  }
}

function key(clientId: string, corpusId: string, externalId: string): string {
  return `${clientId}\u0000${corpusId}\u0000${externalId}`;
}

function runBody(run: CvdsRun) {
  return {
    id: run.id,
    status: 'pending',
    corpus_id: run.corpus_id,
    position_id: run.position_id,
    is_job_updated: run.is_job_updated,
    top_n: run.top_n,
    source: 'requests',
    created_at: new Date(run.createdAt).toISOString(),
    results: null,
    results_pending: true,
  };
}
