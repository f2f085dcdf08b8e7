import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { seededHex, seededInt } from '../sandbox/seeded';
import { makeWav } from './audio';
import { metadataProblem, normaliseTags, type MetadataValue } from './correlation';
import { ZenHireSandboxError } from './errors';
import type { ZenHireRuntime } from './runtime';
import { invalidInput, parseBody } from './validation';

/** Session statuses (zenhire-api.md §6.5). */
export type InterviewSessionStatus = 'initiated' | 'active' | 'completed' | 'failed';

/** A persona as stored (`PersonaDetail`, §6.3). */
export interface InterviewPersona {
  id: string;
  client_id: string;
  role_name: string;
  language: string;
  status: 'active';
  system_prompt: string;
  base_prompt_override: string | null;
  created_at: string;
  updated_at: string | null;
  /** Internal: owning client. */
  clientId: string;
}

/** A session as stored (`SessionSummary`, §6.5, plus sandbox bookkeeping). */
export interface InterviewSession {
  id: string;
  client_id: string;
  persona_id: string;
  candidate_ref: string | null;
  status: InterviewSessionStatus;
  consent_mode: 'explicit' | 'integrator';
  source: 'requests';
  project_id: string | null;
  tags: string[] | null;
  metadata: Record<string, MetadataValue> | null;
  started_at: string | null;
  completed_at: string | null;
  duration_sec: number | null;
  credit_charged: number | null;
  recording_s3_key: string | null;
  transcript_s3_key: string | null;
  interview_svc_session_id: string | null;
  created_at: string;
  /**
   * `{code: "SESSION_TIMEOUT", message}` on failed sessions, else absent. The field is not
   * in the stored `SessionSummary` schema; §3.1/§6.4 only say the session "becomes failed
   * with SESSION_TIMEOUT" (our inference).
   */
  error?: { code: string; message: string };
  /** Internal: owning client, planned end (documented ms) and outcome. (The link token is never stored here.) */
  clientId: string;
  createdAtMs: number;
  plannedEnd?: { at: number; outcome: 'completed' | 'failed'; durationSec: number };
  feedback: { rating: number; low_rating: boolean; comment: string | null } | null;
}

/** Interview options of the sandbox. */
export interface InterviewOptions {
  /** Credits per started minute of a completed interview (§8: rate [not found]). Default 1. */
  creditsPerMinute: number;
  /** Balance needed to create a session (§6.4: amount [not found]). Default 1. */
  minBalanceToStart: number;
  /** Live-interview time budget in seconds (§6.4: [not found]). Default 3600. */
  timeBudgetSeconds: number;
  /** Also send `session_id` in the create response (the guides' older name, §6.4). Default false. */
  sessionIdAlias: boolean;
}

/** What {@link InterviewModule.simulateCandidate} takes. */
export interface SimulatedCandidate {
  /** Documented seconds the interview lasts. Default 240. */
  durationSec?: number;
  /** Default `completed`. `failed` ends with `SESSION_TIMEOUT` and no charge. */
  outcome?: 'completed' | 'failed';
}

/** Unused candidate links expire after this many seconds (§6.4). */
export const LINK_EXPIRES_IN = 604_800;

const personaSchema = z.object({
  role_name: z.string().min(1).max(200),
  language: z.string().min(1).max(64),
  system_prompt: z.string().max(20_000).optional(),
  base_prompt_override: z.string().nullable().optional(),
});

const sessionSchema = z.object({
  consent_mode: z.enum(['explicit', 'integrator']),
  candidate_ref: z.string().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  tags: z.array(z.unknown()).nullable().optional(),
});

const TURNS: [string, string][] = [
  [
    'Thanks for joining. Could you introduce yourself briefly?',
    'Sure, I have five years of experience in customer support.',
  ],
  [
    'Tell me about a difficult customer you helped.',
    'A customer was double charged; I refunded the charge and followed up the next day.',
  ],
  [
    'How do you prioritise when the queue is long?',
    'I sort by urgency and impact, and I keep customers informed.',
  ],
  [
    'Why do you want this role?',
    'I like solving problems for people and I want to grow into a team lead role.',
  ],
];

/**
 * Interview module (§6): personas, sessions with candidate links, a simulated candidate
 * moving a session initiated → active → completed | failed, credits per minute on
 * completion, and the recording (`audio/wav`) and transcript artifacts.
 */
export class InterviewModule {
  readonly personas = new Map<string, InterviewPersona>();
  readonly sessions = new Map<string, InterviewSession>();
  private readonly recordings = new Map<string, Buffer>();

  constructor(
    private readonly rt: ZenHireRuntime,
    private readonly options: InterviewOptions,
  ) {}

  register(app: FastifyInstance): void {
    const base = '/api/v1/interview';
    app.post(`${base}/personas`, (req, reply) => this.createPersona(req, reply));
    app.get(`${base}/personas`, (req) => {
      const caller = this.rt.authenticate(req, 'interview');
      const data = [...this.personas.values()]
        .filter((p) => p.clientId === caller.clientId)
        .reverse()
        .map((p) => personaRow(p));
      return { data };
    });
    app.get(`${base}/personas/:id`, (req) => {
      const caller = this.rt.authenticate(req, 'interview');
      return personaDetail(this.persona((req.params as { id: string }).id, caller.clientId));
    });
    app.post(`${base}/personas/:id/sessions`, (req, reply) => this.createSession(req, reply));
    app.get(`${base}/sessions`, (req) => this.listSessions(req));
    app.get(`${base}/sessions/:id`, (req) => {
      const caller = this.rt.authenticate(req, 'interview');
      this.settle();
      const s = this.session((req.params as { id: string }).id, caller.clientId);
      const persona = this.personas.get(s.persona_id);
      return {
        ...sessionBody(s),
        persona: persona ? personaRow(persona) : null,
        feedback: s.feedback,
      };
    });
    app.get(`${base}/sessions/:id/recording`, (req, reply) => {
      const s = this.artifactSession(req);
      let wav = this.recordings.get(s.id);
      if (!wav) {
        wav = makeWav(s.duration_sec ?? 0);
        this.recordings.set(s.id, wav);
      }
      return reply.type('audio/wav').send(wav);
    });
    app.get(`${base}/sessions/:id/transcript`, (req) => this.transcript(this.artifactSession(req)));
  }

  /** Completes or fails active sessions whose planned end has passed. */
  settle(): void {
    const now = this.rt.now();
    for (const s of this.sessions.values()) {
      if (s.status !== 'active' || !s.plannedEnd || s.plannedEnd.at > now) continue;
      const { at, outcome, durationSec } = s.plannedEnd;
      s.completed_at = new Date(at).toISOString();
      if (outcome === 'completed') {
        s.status = 'completed';
        s.duration_sec = durationSec;
        s.credit_charged = Math.ceil(durationSec / 60) * this.options.creditsPerMinute;
        this.rt.ledger(s.clientId).charge('interview', s.id, s.credit_charged);
        s.interview_svc_session_id = `ses_${seededHex(this.rt.seed, 12, 'interview-svc', s.id)}`;
        s.recording_s3_key = `interviews/${s.client_id}/${s.id}/recording.wav`;
        s.transcript_s3_key = `interviews/${s.client_id}/${s.id}/transcript.json`;
        const rating = seededInt(this.rt.seed, 1, 5, 'feedback', s.id);
        s.feedback = { rating, low_rating: rating <= 2, comment: null };
      } else {
        s.status = 'failed';
        s.credit_charged = 0;
        s.error = { code: 'SESSION_TIMEOUT', message: 'The interview exceeded its time budget.' };
      }
    }
  }

  /**
   * The candidate opens the link now: `initiated` → `active`, and after `durationSec`
   * documented seconds → `completed` (charged per started minute) or `failed`
   * (`SESSION_TIMEOUT`, also when `durationSec` exceeds the time budget).
   * @throws Error when the session is unknown, not `initiated`, or its link expired.
   */
  simulateCandidate(sessionId: string, candidate: SimulatedCandidate = {}): InterviewSession {
    this.settle();
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error(`unknown interview session ${sessionId}`);
    if (s.status !== 'initiated')
      throw new Error(`session ${sessionId} is ${s.status}, not initiated`);
    const now = this.rt.now();
    if (now - s.createdAtMs > LINK_EXPIRES_IN * 1000)
      throw new Error(`the link of session ${sessionId} expired`);
    const durationSec = candidate.durationSec ?? 240;
    const budget = this.options.timeBudgetSeconds;
    const overBudget = durationSec > budget;
    s.status = 'active';
    s.started_at = new Date(now).toISOString();
    s.plannedEnd = {
      at: now + Math.min(durationSec, budget) * 1000,
      outcome: overBudget ? 'failed' : (candidate.outcome ?? 'completed'),
      durationSec,
    };
    this.rt.schedule(s.plannedEnd.at, () => this.settle());
    return s;
  }

  private createPersona(req: FastifyRequest, reply: FastifyReply) {
    const caller = this.rt.authenticate(req, 'interview');
    const body = parseBody(personaSchema, req.body);
    const now = this.rt.date().toISOString();
    const persona: InterviewPersona = {
      id: this.rt.uuid('persona'),
      client_id: caller.clientUuid,
      role_name: body.role_name,
      language: body.language,
      status: 'active',
      system_prompt:
        body.system_prompt ??
        `You are a friendly interviewer for the role "${body.role_name}". Ask one question at a time.`,
      base_prompt_override: body.base_prompt_override ?? null,
      created_at: now,
      updated_at: null,
      clientId: caller.clientId,
    };
    this.personas.set(persona.id, persona);
    return reply
      .code(201)
      .send({ ...personaRow(persona), base_prompt_override: persona.base_prompt_override });
  }

  private createSession(req: FastifyRequest, reply: FastifyReply) {
    const caller = this.rt.authenticate(req, 'interview');
    const persona = this.persona((req.params as { id: string }).id, caller.clientId);
    const body = parseBody(sessionSchema, req.body);
    let tags: string[] | null = null;
    if (body.tags) {
      const t = normaliseTags(body.tags);
      if ('problem' in t) throw invalidInput({ tags: [t.problem] });
      tags = t.tags;
    }
    if (body.metadata) {
      const problem = metadataProblem(body.metadata);
      if (problem) throw invalidInput({ metadata: [problem] });
    }
    const ledger = this.rt.ledger(caller.clientId);
    if (ledger.available < this.options.minBalanceToStart)
      throw new ZenHireSandboxError(
        402,
        'INSUFFICIENT_CREDITS',
        'Not enough credits to start an interview.',
        {
          details: { required: this.options.minBalanceToStart, available: ledger.available },
        },
      );
    const now = this.rt.now();
    const id = this.rt.uuid('session');
    const session: InterviewSession = {
      id,
      client_id: caller.clientUuid,
      persona_id: persona.id,
      // §2/§6.4: longer values are silently truncated to 256 characters.
      candidate_ref: body.candidate_ref == null ? null : body.candidate_ref.slice(0, 256),
      status: 'initiated',
      consent_mode: body.consent_mode,
      source: 'requests',
      project_id: null,
      tags,
      metadata: (body.metadata as Record<string, MetadataValue> | null | undefined) ?? null,
      started_at: null,
      completed_at: null,
      duration_sec: null,
      credit_charged: null,
      recording_s3_key: null,
      transcript_s3_key: null,
      interview_svc_session_id: null,
      created_at: new Date(now).toISOString(),
      clientId: caller.clientId,
      createdAtMs: now,
      feedback: null,
    };
    this.sessions.set(id, session);
    const response: Record<string, unknown> = {
      id,
      // The raw token is returned only in this response (§6.4); the sandbox keeps no copy.
      candidate_link: `https://interview.zenhire.ai/#t=${seededHex(this.rt.seed, 43, 'link-token', id)}`,
      expires_in: LINK_EXPIRES_IN,
    };
    if (this.options.sessionIdAlias) response.session_id = id;
    return reply.code(201).send(response);
  }

  private listSessions(req: FastifyRequest) {
    const caller = this.rt.authenticate(req, 'interview');
    this.settle();
    const q = req.query as Record<string, string | undefined>;
    const data = [...this.sessions.values()]
      .filter((s) => s.clientId === caller.clientId)
      .filter((s) => q.persona_id === undefined || s.persona_id === q.persona_id)
      .filter((s) => q.status === undefined || s.status === q.status)
      .filter((s) => q.candidate_ref === undefined || s.candidate_ref === q.candidate_ref)
      .reverse()
      .map((s) => {
        const persona = this.personas.get(s.persona_id);
        return {
          ...sessionBody(s),
          role_name: persona?.role_name ?? null,
          language: persona?.language ?? null,
        };
      });
    return { data };
  }

  private artifactSession(req: FastifyRequest): InterviewSession {
    const caller = this.rt.authenticate(req, 'interview');
    this.settle();
    const s = this.session((req.params as { id: string }).id, caller.clientId);
    if (s.status !== 'completed' || !s.recording_s3_key)
      // HTTP status of ARTIFACT_NOT_READY is [not found] (§3.1); 409 Conflict is our choice.
      throw new ZenHireSandboxError(
        409,
        'ARTIFACT_NOT_READY',
        'The session is not completed yet.',
        {
          details: { status: s.status },
        },
      );
    return s;
  }

  private transcript(s: InterviewSession) {
    const persona = this.personas.get(s.persona_id);
    const per = (s.duration_sec ?? 0) / TURNS.length;
    const turns = TURNS.flatMap(([q, a], i) => [
      {
        speaker: 'interviewer',
        text: q,
        start_sec: Math.round(i * per),
        end_sec: Math.round(i * per + per * 0.3),
      },
      {
        speaker: 'candidate',
        text: a,
        start_sec: Math.round(i * per + per * 0.3),
        end_sec: Math.round((i + 1) * per),
      },
    ]);
    return {
      session_id: s.id,
      language: persona?.language ?? null,
      duration_sec: s.duration_sec,
      turns,
    };
  }

  private persona(id: string, clientId: string): InterviewPersona {
    const p = this.personas.get(id);
    if (!p || p.clientId !== clientId)
      throw new ZenHireSandboxError(404, 'NOT_FOUND', 'Persona not found.');
    return p;
  }

  private session(id: string, clientId: string): InterviewSession {
    const s = this.sessions.get(id);
    if (!s || s.clientId !== clientId)
      throw new ZenHireSandboxError(404, 'NOT_FOUND', 'Session not found.');
    return s;
  }
}

function personaRow(p: InterviewPersona) {
  return {
    id: p.id,
    client_id: p.client_id,
    role_name: p.role_name,
    language: p.language,
    status: p.status,
    created_at: p.created_at,
  };
}

function personaDetail(p: InterviewPersona) {
  return {
    ...personaRow(p),
    base_prompt_override: p.base_prompt_override,
    system_prompt: p.system_prompt,
    updated_at: p.updated_at,
  };
}

/** The public `SessionSummary` fields of a stored session. */
export function sessionBody(s: InterviewSession): Record<string, unknown> {
  const body: Record<string, unknown> = {
    id: s.id,
    client_id: s.client_id,
    persona_id: s.persona_id,
    candidate_ref: s.candidate_ref,
    status: s.status,
    consent_mode: s.consent_mode,
    source: s.source,
    project_id: s.project_id,
    tags: s.tags,
    metadata: s.metadata,
    started_at: s.started_at,
    completed_at: s.completed_at,
    duration_sec: s.duration_sec,
    credit_charged: s.credit_charged,
    recording_s3_key: s.recording_s3_key,
    transcript_s3_key: s.transcript_s3_key,
    interview_svc_session_id: s.interview_svc_session_id,
    created_at: s.created_at,
  };
  if (s.error) body.error = s.error;
  return body;
}
