import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { seededFraction, seededHex, seededInt } from '../sandbox/seeded';
import { metadataProblem, normaliseTags, tagsFromFormFields } from './correlation';
import { ZenHireSandboxError } from './errors';
import { field, readMultipartForm } from './multipart-form';
import type { ZenHireRuntime } from './runtime';
import type { ListRow } from './speech';
import { invalidInput } from './validation';
import { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url';

/** CV DeepMatch statuses (zenhire-api.md §7.1). */
export type CvDeepMatchStatus = 'processing' | 'finished' | 'failed';

/** A match as stored (inspect with `sandbox.cvDeepMatches()`). */
export interface CvDeepMatchRecord {
  id: string;
  seq: number;
  clientId: string;
  position_id: string;
  status: CvDeepMatchStatus;
  /** Documented epoch ms. */
  createdAt: number;
  finishAt: number;
  completedAt?: number;
  config: Record<string, unknown>;
  jobDescription: unknown;
  metadata: Record<string, unknown>;
  tags: string[];
  webhookUrl?: string;
  idempotencyKey?: string;
  cvSha: string;
  cv_parser_result: Record<string, unknown> | null;
  cv2jd_result: { overall_score: number; breakdown: Record<string, number> } | null;
  error: { code: string; message: string } | null;
  lastPollAt?: number;
}

/** CV DeepMatch limits and price (§7.1, §8). */
export const CVDM_LIMITS = {
  maxFileBytes: 5 * 1024 * 1024,
  credits: 3,
  pollMinIntervalMs: 10_000,
  idempotencyWindowMs: 24 * 3600_000,
};

const POSITION_ID = /^[A-Za-z0-9._-]{1,28}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * CV DeepMatch (§7.1): multipart submit with field validation, idempotent replays, a
 * 3-credit hold charged on `finished`, polling with a 10 s minimum while processing
 * (429 `RATE_LIMITED`), listing, and a signed webhook on completion.
 */
export class CvDeepMatchModule {
  readonly matches = new Map<string, CvDeepMatchRecord>();
  private seq = 0;

  constructor(
    private readonly rt: ZenHireRuntime,
    private readonly options: WebhookUrlPolicy & { processingSeconds: [number, number] },
  ) {}

  register(app: FastifyInstance): void {
    app.post('/api/v1/cvdeepmatch/submit', (req, reply) => this.submit(req, reply));
    app.get('/api/v1/cvdeepmatch/requests', (req) => {
      const caller = this.rt.authenticate(req, 'cvdeepmatch', 'unauthenticated');
      this.settle();
      const q = req.query as Record<string, string | undefined>;
      const limit = Math.min(100, Math.max(1, Number(q.limit ?? 20) || 20));
      const data = [...this.matches.values()]
        .filter((m) => m.clientId === caller.clientId)
        .filter((m) => q.position_id === undefined || m.position_id === q.position_id)
        .filter((m) => q.status === undefined || m.status === q.status)
        .sort((a, b) => b.seq - a.seq)
        .slice(0, limit)
        .map((m) => this.publicBody(m, false));
      return { data };
    });
    app.get('/api/v1/cvdeepmatch/:id', (req) => this.poll(req));
  }

  /** Finishes matches whose processing time has passed and sends their webhooks. */
  settle(): void {
    const now = this.rt.now();
    for (const m of this.matches.values())
      if (m.status === 'processing' && m.finishAt <= now) this.finish(m);
  }

  /** Rows for `GET /api/v1/speech/runs?serviceType=cv_deepmatch` (§5.7 [inferred]). */
  listRows(clientId: string): ListRow[] {
    this.settle();
    return [...this.matches.values()]
      .filter((m) => m.clientId === clientId)
      .map((m) => ({
        seq: m.seq,
        createdAt: m.createdAt,
        row: {
          id: m.id,
          serviceType: 'cv_deepmatch',
          externalId: null,
          positionId: m.position_id,
          status: m.status,
          createdAt: new Date(m.createdAt).toISOString(),
          completedAt: m.completedAt === undefined ? null : new Date(m.completedAt).toISOString(),
          metadata: m.metadata,
          tags: m.tags,
        },
      }));
  }

  /** The poll object (§7.1 `CvDeepMatchRequest`); without `cv_parser_result` for webhooks. */
  publicBody(m: CvDeepMatchRecord, withParser = true): Record<string, unknown> {
    const body: Record<string, unknown> = {
      id: m.id,
      position_id: m.position_id,
      status: m.status,
      created_at: new Date(m.createdAt).toISOString(),
      processing_started_at: new Date(m.createdAt).toISOString(),
      processing_completed_at:
        m.completedAt === undefined ? null : new Date(m.completedAt).toISOString(),
      cv_parser_result: m.cv_parser_result,
      cv2jd_result: m.cv2jd_result,
      error: m.error,
      config: m.config,
      metadata: m.metadata,
      tags: m.tags,
    };
    if (!withParser) delete body.cv_parser_result;
    return body;
  }

  private async submit(req: FastifyRequest, reply: FastifyReply) {
    const caller = this.rt.authenticate(req, 'cvdeepmatch', 'cvdm-submit');
    const form = await readMultipartForm(req, CVDM_LIMITS.maxFileBytes);
    const fields: Record<string, string[]> = {};
    const bad = (name: string, msg: string) => (fields[name] ??= []).push(msg);

    const cv = form.files.get('cv_file');
    let pdfContentProblem = false;
    if (!cv || cv.data.length === 0) bad('cv_file', 'required');
    else if (cv.tooLarge) bad('cv_file', 'must be at most 5 MB');
    else if (cv.mimetype !== 'application/pdf' || !cv.filename.toLowerCase().endsWith('.pdf'))
      bad('cv_file', 'only PDF files (application/pdf, .pdf) are accepted');
    else if (!cv.data.subarray(0, 5).equals(Buffer.from('%PDF-'))) pdfContentProblem = true;

    const positionId = field(form, 'position_id');
    if (!positionId) bad('position_id', 'required');
    else if (!POSITION_ID.test(positionId)) bad('position_id', 'must match ^[A-Za-z0-9._-]{1,28}$');

    const jdRaw = field(form, 'job_description');
    let jobDescription: unknown = jdRaw;
    if (!jdRaw || jdRaw.trim() === '') bad('job_description', 'required');
    else jobDescription = parseObjectOr(jdRaw) ?? jdRaw;

    const configRaw = field(form, 'config');
    let config: Record<string, unknown> = {};
    if (!configRaw) bad('config', 'required');
    else {
      const parsed = parseObjectOr(configRaw);
      if (!parsed) bad('config', 'must be a JSON object');
      else {
        config = parsed;
        const req_ = config.requirements as Record<string, unknown> | undefined;
        if (!req_ || typeof req_ !== 'object') bad('config.requirements', 'required');
        else {
          if (req_.workExperience == null) bad('config.requirements.workExperience', 'required');
          if (req_.skills == null) bad('config.requirements.skills', 'required');
          checkImportance(req_, 'config.requirements', bad);
          checkYears(req_.workExperience, bad);
        }
      }
    }

    const idempotencyKey = field(form, 'idempotency_key');
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey))
      bad('idempotency_key', 'must match ^[A-Za-z0-9._-]{1,128}$');

    let metadata: Record<string, unknown> = {};
    const metadataRaw = field(form, 'metadata');
    if (metadataRaw !== undefined && metadataRaw.trim() !== '') {
      const parsed = parseObjectOr(metadataRaw);
      const problem = parsed ? metadataProblem(parsed) : 'must be a JSON object';
      if (problem) bad('metadata', problem);
      else metadata = parsed!;
    }
    const tags = normaliseTags(
      tagsFromFormFields([
        ...(form.fields.get('tags') ?? []),
        ...(form.fields.get('tags[]') ?? []),
      ]),
    );
    if ('problem' in tags) bad('tags', tags.problem);

    if (Object.keys(fields).length) throw invalidInput(fields);
    if (pdfContentProblem)
      throw new ZenHireSandboxError(
        400,
        'INVALID_FILE_CONTENT',
        'The file does not start with %PDF-.',
      );
    const webhookRaw = field(form, 'webhook_url');
    const webhookUrl = webhookRaw ? checkWebhookUrl(webhookRaw, this.options) : undefined;

    const now = this.rt.now();
    if (idempotencyKey) {
      const original = [...this.matches.values()].find(
        (m) =>
          m.clientId === caller.clientId &&
          m.idempotencyKey === idempotencyKey &&
          now - m.createdAt < CVDM_LIMITS.idempotencyWindowMs,
      );
      if (original)
        return reply.code(200).send({ ...this.submitBody(original), idempotent_replay: true });
    }
    const ledger = this.rt.ledger(caller.clientId);
    if (ledger.available < CVDM_LIMITS.credits)
      throw new ZenHireSandboxError(
        402,
        'INSUFFICIENT_CREDITS',
        'Not enough credits for a match.',
        {
          details: { required: CVDM_LIMITS.credits, balance: ledger.available },
        },
      );

    const seq = ++this.seq;
    const id = `cvdm_${seededHex(this.rt.seed, 20, 'cvdm', seq)}`;
    const [minS, maxS] = this.options.processingSeconds;
    const match: CvDeepMatchRecord = {
      id,
      seq,
      clientId: caller.clientId,
      position_id: positionId!,
      status: 'processing',
      createdAt: now,
      finishAt: now + seededInt(this.rt.seed, minS, maxS, 'cvdm-processing', id) * 1000,
      // §7.1: the config echo drops keys starting with "_".
      config: Object.fromEntries(Object.entries(config).filter(([k]) => !k.startsWith('_'))),
      jobDescription,
      metadata,
      tags: 'tags' in tags ? tags.tags : [],
      webhookUrl,
      idempotencyKey,
      cvSha: createHash('sha256').update(cv!.data).digest('hex').slice(0, 16),
      cv_parser_result: null,
      cv2jd_result: null,
      error: null,
    };
    ledger.hold('cvdeepmatch', id, CVDM_LIMITS.credits);
    this.matches.set(id, match);
    this.rt.schedule(match.finishAt, () => this.settle());
    return reply.code(202).send(this.submitBody(match));
  }

  private submitBody(m: CvDeepMatchRecord) {
    return {
      id: m.id,
      status: 'processing',
      message: 'CV DeepMatch request accepted.',
      estimated_time: '1-3 minutes',
    };
  }

  private poll(req: FastifyRequest) {
    const caller = this.rt.authenticate(req, 'cvdeepmatch', 'unauthenticated');
    this.settle();
    const m = this.matches.get((req.params as { id: string }).id);
    if (!m || m.clientId !== caller.clientId)
      throw new ZenHireSandboxError(404, 'REQUEST_NOT_FOUND', 'CV DeepMatch request not found.');
    if (m.status === 'processing') {
      const now = this.rt.now();
      if (m.lastPollAt !== undefined && now - m.lastPollAt < CVDM_LIMITS.pollMinIntervalMs) {
        const wait = Math.min(
          10,
          Math.max(1, Math.ceil((m.lastPollAt + CVDM_LIMITS.pollMinIntervalMs - now) / 1000)),
        );
        throw new ZenHireSandboxError(429, 'RATE_LIMITED', 'Polled too fast.', {
          retryAfterSeconds: wait,
          details: { retry_after_seconds: wait },
        });
      }
      m.lastPollAt = now;
    }
    return this.publicBody(m);
  }

  private finish(m: CvDeepMatchRecord): void {
    const outcome = this.rt.forcedOutcome(m.id, m.idempotencyKey, m.position_id);
    m.completedAt = m.finishAt;
    const ledger = this.rt.ledger(m.clientId);
    if (outcome === 'failed') {
      m.status = 'failed';
      m.error = { code: 'CV_PARSING_FAILED', message: 'The CV could not be parsed.' };
      ledger.settle('cvdeepmatch', m.id, 0);
    } else {
      m.status = 'finished';
      const requirements = (m.config.requirements ?? {}) as Record<string, unknown>;
      const score = (dim: string) =>
        Math.round(
          (0.3 + 0.65 * seededFraction(this.rt.seed, 'cvdm', m.cvSha, m.position_id, dim)) * 1000,
        ) / 1000;
      const breakdown: Record<string, number> = {
        workExperience: score('workExperience'),
        skills: score('skills'),
      };
      const weights: Record<string, number> = {
        workExperience: importanceOf(requirements.workExperience),
        skills: importanceOf(requirements.skills),
      };
      const education = requirements.education as Record<string, unknown> | undefined;
      if (education && education.is_enabled !== false) {
        breakdown.education = score('education');
        weights.education = importanceOf(education);
      }
      const totalWeight = Object.values(weights).reduce((a, b) => a + b, 0) || 1;
      const overall =
        Object.keys(breakdown).reduce((sum, k) => sum + breakdown[k] * weights[k], 0) / totalWeight;
      m.cv2jd_result = { overall_score: Math.round(overall * 1000) / 1000, breakdown };
      m.cv_parser_result = {
        full_name: 'Sandbox Candidate',
        email: 'candidate@example.com',
        total_experience_years: seededInt(this.rt.seed, 1, 15, 'cvdm-years', m.cvSha),
        skills: skillNames(requirements.skills),
      };
      ledger.settle('cvdeepmatch', m.id, CVDM_LIMITS.credits);
    }
    if (m.webhookUrl) this.rt.webhooks.send(m.id, m.webhookUrl, this.publicBody(m, false));
  }
}

function parseObjectOr(raw: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** §7.1: every `importance` / `time_importance` is an integer 1–5. */
function checkImportance(
  value: unknown,
  path: string,
  bad: (name: string, msg: string) => void,
): void {
  if (Array.isArray(value)) value.forEach((v, i) => checkImportance(v, `${path}[${i}]`, bad));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (
        (k === 'importance' || k === 'time_importance') &&
        !(Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5)
      )
        bad(`${path}.${k}`, 'must be an integer from 1 to 5');
      else checkImportance(v, `${path}.${k}`, bad);
    }
  }
}

function checkYears(we: unknown, bad: (name: string, msg: string) => void): void {
  if (!we || typeof we !== 'object') return;
  const { from, to } = we as { from?: unknown; to?: unknown };
  for (const [k, v] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (v !== undefined && !(Number.isInteger(v) && (v as number) >= 0))
      bad(`config.requirements.workExperience.${k}`, 'must be an integer >= 0');
  if (Number.isInteger(from) && Number.isInteger(to) && (from as number) > (to as number))
    bad('config.requirements.workExperience.from', 'must be <= to');
}

/** Weight of a requirement block: its `importance` (or the mean of its items') ÷ 5. */
function importanceOf(block: unknown): number {
  if (!block || typeof block !== 'object') return 0.6;
  const own = (block as { importance?: unknown }).importance;
  if (typeof own === 'number') return own / 5;
  const items = Object.values(block).flatMap((v) => (Array.isArray(v) ? v : []));
  const values = items
    .map((i) => (i as { importance?: unknown })?.importance)
    .filter((v): v is number => typeof v === 'number');
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length / 5 : 0.6;
}

function skillNames(skills: unknown): string[] {
  const items = Array.isArray(skills)
    ? skills
    : skills && typeof skills === 'object'
      ? Object.values(skills).flat()
      : [];
  return items
    .map((i) => (i as { name?: unknown })?.name)
    .filter((n): n is string => typeof n === 'string');
}
