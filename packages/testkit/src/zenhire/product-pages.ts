import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { seededFraction, seededHex, seededInt } from '../sandbox/seeded';
import { readWavInfo } from './audio';
import { metadataProblem, normaliseTags } from './correlation';
import { ZenHireSandboxError } from './errors';
import { field } from './multipart-form';
import type { ZenHireRuntime } from './runtime';
import { readAudioForm } from './speech';
import { cefrForScore } from './speech-scoring';
import { invalidInput, parseBody } from './validation';

/**
 * PRODUCT-PAGE-ONLY endpoints. `POST/GET /v1/interviews` and `POST /v1/soft-skills-score`
 * appear only on zenhire.ai marketing pages (zenhire-api.md §12; seeds 002 and 004); the
 * platform docs do not document them, so every request field and status code here is our
 * reading of those pages, not a vendor contract. Response field names follow the pages'
 * JSON examples (`interview_id`, `overall_score` 0–100, `competencies`, `language{cefr,
 * fluency}`, `fraud_signals`; `role_benchmark`, `dimensions`, `benchmark_percentile`).
 */

/** A product-page AI interview as stored. */
export interface AiInterviewRecord {
  interview_id: string;
  clientId: string;
  channel: 'browser' | 'phone';
  questions: string[];
  competencies: string[];
  externalId: string | null;
  metadata: Record<string, unknown>;
  tags: string[];
  /** Documented epoch ms. */
  createdAt: number;
  /** Documented ms when the (simulated, ~4-minute) interview is done. */
  doneAt: number;
}

const interviewSchema = z.object({
  questions: z.array(z.string().min(1)).min(1).max(50),
  channel: z.enum(['browser', 'phone']).default('browser'),
  competencies: z.array(z.string().min(1).max(64)).max(20).optional(),
  externalId: z.string().min(1).max(255).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  tags: z.array(z.unknown()).optional(),
});

const DEFAULT_COMPETENCIES = ['communication', 'problem_solving', 'customer_focus'];
const SOFT_SKILL_DIMENSIONS = ['communication', 'clarity', 'composure', 'empathy_signal'] as const;
/** "Roughly a 4-minute interview" (seed 002). */
const INTERVIEW_DOCUMENTED_MS = 4 * 60_000;

/**
 * PRODUCT-PAGE-ONLY (see file comment): the AI interview API (`/v1/interviews`) and the
 * soft-skills assessment API (`/v1/soft-skills-score`), with deterministic scores, a
 * low-confidence result on near-silent audio / forced outcome, and `fraud_signals`.
 * Neither is billed here (pricing is not on the pages).
 */
export class ProductPageModule {
  readonly interviews = new Map<string, AiInterviewRecord>();
  readonly softSkills = new Map<string, { clientId: string; body: Record<string, unknown> }>();
  private seq = 0;

  constructor(private readonly rt: ZenHireRuntime) {}

  register(app: FastifyInstance): void {
    app.post('/v1/interviews', (req, reply) => this.createInterview(req, reply));
    app.get('/v1/interviews/:id', (req) => {
      const caller = this.rt.authenticate(req, 'interview');
      const iv = this.interviews.get((req.params as { id: string }).id);
      if (!iv || iv.clientId !== caller.clientId)
        throw new ZenHireSandboxError(404, 'NOT_FOUND', 'Interview not found.');
      return this.interviewBody(iv);
    });
    app.post('/v1/soft-skills-score', (req) => this.scoreSoftSkills(req));
    app.get('/v1/soft-skills-score/:id', (req) => {
      const caller = this.rt.authenticate(req, 'speech');
      const s = this.softSkills.get((req.params as { id: string }).id);
      if (!s || s.clientId !== caller.clientId)
        throw new ZenHireSandboxError(404, 'NOT_FOUND', 'Score not found.');
      return s.body;
    });
  }

  private createInterview(req: FastifyRequest, reply: FastifyReply) {
    const caller = this.rt.authenticate(req, 'interview');
    const body = parseBody(interviewSchema, req.body);
    if (body.metadata) {
      const problem = metadataProblem(body.metadata);
      if (problem) throw invalidInput({ metadata: [problem] });
    }
    const tags = normaliseTags(body.tags ?? []);
    if ('problem' in tags) throw invalidInput({ tags: [tags.problem] });
    const id = `iv_${seededHex(this.rt.seed, 6, 'ai-interview', ++this.seq)}`;
    const now = this.rt.now();
    const iv: AiInterviewRecord = {
      interview_id: id,
      clientId: caller.clientId,
      channel: body.channel,
      questions: body.questions,
      competencies: body.competencies ?? DEFAULT_COMPETENCIES,
      externalId: body.externalId ?? null,
      metadata: body.metadata ?? {},
      tags: tags.tags,
      createdAt: now,
      doneAt: now + INTERVIEW_DOCUMENTED_MS,
    };
    this.interviews.set(id, iv);
    return reply.code(201).send({
      interview_id: id,
      channel: iv.channel,
      join_link: `https://interview.zenhire.ai/#t=${seededHex(this.rt.seed, 32, 'ai-interview-token', id)}`,
      status: 'pending',
      externalId: iv.externalId,
      metadata: iv.metadata,
      tags: iv.tags,
    });
  }

  /** Status `pending` until ~4 documented minutes passed, then `completed` (or the forced outcome). */
  private interviewBody(iv: AiInterviewRecord): Record<string, unknown> {
    const common = {
      interview_id: iv.interview_id,
      channel: iv.channel,
      externalId: iv.externalId,
      metadata: iv.metadata,
      tags: iv.tags,
    };
    if (this.rt.now() < iv.doneAt) return { ...common, status: 'pending' };
    const forced = this.rt.forcedOutcome(iv.interview_id, iv.externalId);
    const fraud = {
      multiple_speakers: seededFraction(this.rt.seed, 'iv-fraud-ms', iv.interview_id) < 0.1,
      reading_detected: seededFraction(this.rt.seed, 'iv-fraud-rd', iv.interview_id) < 0.1,
    };
    if (forced === 'failed')
      return {
        ...common,
        status: 'failed',
        overall_score: null,
        competencies: null,
        language: null,
        fraud_signals: null,
      };
    if (forced === 'low_confidence')
      return {
        ...common,
        status: 'low_confidence',
        overall_score: null,
        competencies: null,
        language: null,
        fraud_signals: fraud,
      };
    const competencies: Record<string, number | null> = {};
    for (const [i, name] of iv.competencies.entries())
      competencies[name] =
        forced === 'partial' && i === iv.competencies.length - 1
          ? null
          : seededInt(this.rt.seed, 55, 95, 'iv', iv.interview_id, name);
    const scored = Object.values(competencies).filter((v): v is number => v !== null);
    const fluency = seededInt(this.rt.seed, 50, 95, 'iv-fluency', iv.interview_id);
    return {
      ...common,
      status: forced === 'partial' ? 'partial' : 'completed',
      overall_score: Math.round(scored.reduce((a, b) => a + b, 0) / scored.length),
      competencies,
      language: { cefr: cefrForScore((fluency / 100) * 5), fluency },
      fraud_signals: fraud,
    };
  }

  private async scoreSoftSkills(req: FastifyRequest) {
    const caller = this.rt.authenticate(req, 'speech');
    const { form, audio } = await readAudioForm(req);
    const role = field(form, 'role_benchmark');
    if (!role || !/^[a-z0-9_]{1,64}$/.test(role))
      throw invalidInput({
        role_benchmark: ['required, lowercase snake_case such as customer_support'],
      });
    const externalId = field(form, 'externalId') ?? null;
    const sha = createHash('sha256').update(audio.data).digest('hex');
    const wav = readWavInfo(audio.data);
    const id = `ss_${seededHex(this.rt.seed, 12, 'soft-skills', ++this.seq)}`;
    const forced = this.rt.forcedOutcome(externalId);
    const key = externalId ?? sha;
    const lowConfidence = forced === 'low_confidence' || (wav !== undefined && wav.level < 0.01);
    const dims: Record<string, number | null> = {};
    const lowDims: string[] = [];
    for (const d of SOFT_SKILL_DIMENSIONS) {
      const unscored = lowConfidence || (forced === 'partial' && d === 'empathy_signal');
      dims[d] = unscored ? null : seededInt(this.rt.seed, 50, 95, 'soft', key, role, d);
      if (unscored) lowDims.push(d);
    }
    const scored = Object.values(dims).filter((v): v is number => v !== null);
    const overall = scored.length
      ? Math.round(scored.reduce((a, b) => a + b, 0) / scored.length)
      : null;
    const body = {
      id,
      externalId,
      role_benchmark: role,
      status: lowConfidence ? 'low_confidence' : forced === 'partial' ? 'partial' : 'completed',
      overall_score: overall,
      dimensions: dims,
      benchmark_percentile:
        overall === null ? null : seededInt(this.rt.seed, 5, 99, 'soft-pct', key, role),
      low_confidence: lowConfidence,
      low_confidence_dimensions: lowDims,
      fraud_signals: {
        reading_detected: seededFraction(this.rt.seed, 'soft-fraud-rd', key) < 0.1,
        multiple_speakers: seededFraction(this.rt.seed, 'soft-fraud-ms', key) < 0.1,
      },
    };
    this.softSkills.set(id, { clientId: caller.clientId, body });
    return body;
  }
}
