import {
  compileRules,
  createUseCases,
  encodeLink,
  MapConnectorRegistry,
  MappingSchema,
  TriggerSchema,
  type ApplyContext,
  type ApplyResult,
  type AtsConnector,
  type CorrelationFields,
  type HttpCallPreview,
  type ObservedRun,
  type ParsedWebhook,
  type RecordRef,
  type ResolvedRecord,
  type RunModule,
  type RunRef,
  type StartedRun,
  type Store,
  type UseCases,
  type WritePlan,
  type ZenHireConnectConfig,
} from '@zenhire-connect/core';
import { InMemoryStore, SPEECH_SCORES_B2 } from '@zenhire-connect/core/testing';
import type { CollectorGateway, RunListQuery } from '../zenhire-api-gateway';

export const GH = 'greenhouse-eu';

/** A manual clock (epoch ms). */
export class ManualClock {
  constructor(public ms = Date.parse('2026-05-29T10:00:00Z')) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * Polls `check` every `everyMs` real ms until it is true.
 * @throws Error `condition not met in time` after `timeoutMs` real ms.
 */
export async function until(
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
  everyMs = 10,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

type ApplyBehaviour = (plan: WritePlan, context: ApplyContext) => Promise<ApplyResult>;

/**
 * An ATS connector that applies every operation (one "write" per operation, counted per
 * plan) unless a scripted behaviour says otherwise; it skips operations whose previous
 * outcome is applied, like a real connector must.
 */
export class FakeAts implements AtsConnector {
  readonly type = 'greenhouse';
  readonly capabilities = {
    operations: ['SetFields' as const, 'AddNote' as const, 'AddTags' as const],
    webhooks: false,
    fieldTypes: ['number' as const, 'text' as const],
  };
  /** Writes per `runId/mapping/index`. */
  readonly writes = new Map<string, number>();
  readonly script: ApplyBehaviour[] = [];
  running = 0;
  maxRunning = 0;
  applyCalls = 0;

  constructor(readonly name: string = GH) {}

  async verifyWebhook(): Promise<void> {}
  async parseWebhook(): Promise<ParsedWebhook> {
    return { events: [], reply: { status: 200 } };
  }
  async resolveRecord(ref: RecordRef): Promise<ResolvedRecord> {
    return { ref, candidate: { id: ref.candidateId } };
  }
  previewPlan(plan: WritePlan): HttpCallPreview[] {
    return plan.operations.map((op) => ({ method: 'POST', url: `https://ats.test/${op.kind}` }));
  }

  /** Total writes. */
  get totalWrites(): number {
    return [...this.writes.values()].reduce((a, b) => a + b, 0);
  }

  async applyPlan(plan: WritePlan, context: ApplyContext): Promise<ApplyResult> {
    this.applyCalls += 1;
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      const behaviour = this.script.shift();
      if (behaviour) return await behaviour(plan, context);
      return await this.applyAll(plan, context);
    } finally {
      this.running -= 1;
    }
  }

  /** The default behaviour: applies what is not applied yet, one write per operation. */
  async applyAll(plan: WritePlan, context: ApplyContext, from = 0): Promise<ApplyResult> {
    const done = new Set(
      context.previousOutcomes.filter((o) => o.status === 'applied').map((o) => o.index),
    );
    const outcomes = [];
    let calls = 0;
    for (let index = from; index < plan.operations.length; index += 1) {
      if (done.has(index)) continue;
      this.write(plan, index);
      calls += 1;
      const outcome = { index, kind: plan.operations[index].kind, status: 'applied' as const };
      await context.onOutcome?.(outcome);
      outcomes.push(outcome);
    }
    return { outcomes, calls };
  }

  write(plan: WritePlan, index: number): void {
    const key = `${plan.runId}/${plan.mapping}/${index}`;
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
  }
}

export const record: RecordRef = {
  connector: GH,
  candidateId: '12345',
  applicationId: '67890',
  jobId: '555',
};

/** Correlation fields of a run linked to application `applicationId`. */
export function linked(module: RunModule, applicationId: string, parentRunId?: string): CorrelationFields {
  return encodeLink({
    module,
    record: { ...record, applicationId, candidateId: `c-${applicationId}` },
    triggerId: 'manual',
    ...(parentRunId ? { parentRunId } : {}),
  });
}

/** Use-cases over the store, one fake connector and a note+tag mapping for speech/interview. */
export function useCasesFor(
  store: Store,
  ats: FakeAts,
  clock: { now(): number },
  gateway: CollectorGateway,
  triggers: unknown[] = [],
): UseCases {
  const config = {
    connectors: { [GH]: { type: 'greenhouse' } },
    linkRules: [],
    triggers: triggers.map((t) => TriggerSchema.parse(t)),
    mappings: [
      MappingSchema.parse({
        name: 'speech-scores',
        connector: GH,
        modules: ['speech', 'interview'],
        fields: [{ field: 'english_cefr', value: '{{ assessment.cefr }}', type: 'text' }],
        addTags: ['zenhire-{{ assessment.cefr }}'],
      }),
    ],
  } as unknown as ZenHireConnectConfig;
  const rules = compileRules(config);
  return createUseCases({
    store,
    gateway,
    connectors: MapConnectorRegistry.of(ats),
    clock,
    rules: { triggers: rules.triggers, mappings: rules.mappings, linkRules: [] },
    options: { random: () => 0.5 },
  });
}

interface SimRun {
  module: RunModule;
  id: string;
  createdAt: number;
  /** When it becomes terminal (ms); undefined = never by itself. */
  doneAt: number | undefined;
  /** When it starts processing (speech) / the candidate opens it (interview). */
  startAt: number;
  correlation: CorrelationFields;
  language?: string;
}

/** Speech poll body of a finished run (zenhire-api.md §5.5). */
function speechBody(run: SimRun, status: string): Record<string, unknown> {
  const base = {
    id: run.id,
    status,
    externalId: run.correlation.externalId ?? null,
    metadata: run.correlation.metadata,
    tags: run.correlation.tags,
  };
  if (status !== 'success') return base;
  return {
    ...base,
    timestamp: new Date(run.doneAt ?? run.createdAt).toISOString(),
    scores: { ...SPEECH_SCORES_B2 },
    candidateDetection: { confidence: 'high' },
  };
}

/**
 * A ZenHire stand-in for collector tests: runs with scheduled completion, a speech list
 * endpoint honouring `createdAfter`/`createdBefore`/`pageSize` (newest first), sessions
 * listing, and call counters.
 */
export class FakeZenHire implements CollectorGateway {
  readonly runs = new Map<string, SimRun>();
  listCalls = 0;
  getCalls = 0;
  readonly listQueries: { module: RunModule; query: RunListQuery }[] = [];
  readonly chained: { sessionId: string; correlation: CorrelationFields; language: string }[] = [];
  #seq = 0;

  constructor(readonly clock: { now(): number }) {}

  get calls(): number {
    return this.listCalls + this.getCalls;
  }

  add(run: Omit<SimRun, 'startAt'> & { startAt?: number }): void {
    this.runs.set(run.id, { startAt: run.createdAt, ...run });
  }

  /**
   * `count` speech runs created now, processed FIFO `concurrency` at a time, each taking
   * `durationMs(i)` (the sandbox's documented 2–5 min by default, §0/§4).
   */
  addSpeechBatch(
    count: number,
    concurrency = 8,
    durationMs: (i: number) => number = (i) => 120_000 + ((i * 7919) % 180_000),
  ): string[] {
    const now = this.clock.now();
    const slots = Array.from({ length: concurrency }, () => now);
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      slots.sort((a, b) => a - b);
      const startAt = slots[0];
      const doneAt = startAt + durationMs(i);
      slots[0] = doneAt;
      const id = `req_${String(i).padStart(4, '0')}`;
      ids.push(id);
      this.add({
        module: 'speech',
        id,
        createdAt: now + i, // one ms apart, like a fast submit loop
        startAt,
        doneAt,
        correlation: linked('speech', `app-${i}`),
      });
    }
    return ids;
  }

  status(run: SimRun): string {
    const now = this.clock.now();
    const done = run.doneAt !== undefined && run.doneAt <= now;
    if (run.module === 'speech') return done ? 'success' : run.startAt <= now ? 'processing' : 'queued';
    if (run.module === 'interview') return done ? 'completed' : run.startAt <= now ? 'active' : 'initiated';
    return done ? 'finished' : 'processing';
  }

  observed(run: SimRun, full: boolean): ObservedRun {
    const status = this.status(run);
    const terminal = ['success', 'completed', 'finished'].includes(status);
    const body =
      run.module === 'speech'
        ? full
          ? speechBody(run, status)
          : {
              id: run.id,
              status,
              externalId: run.correlation.externalId ?? null,
              createdAt: new Date(run.createdAt).toISOString(),
              metadata: run.correlation.metadata,
              tags: run.correlation.tags,
            }
        : {
            id: run.id,
            status,
            persona_id: 'persona-1',
            candidate_ref: run.correlation.externalId ?? null,
            language: run.language ?? 'en',
            created_at: new Date(run.createdAt).toISOString(),
            completed_at: terminal ? new Date(run.doneAt!).toISOString() : null,
            metadata: run.correlation.metadata,
            tags: run.correlation.tags,
          };
    return {
      module: run.module,
      id: run.id,
      status,
      terminal,
      ...run.correlation,
      createdAt: new Date(run.createdAt).toISOString(),
      body,
    };
  }

  async start(): Promise<StartedRun> {
    throw new Error('not used');
  }

  async getRun(ref: RunRef): Promise<ObservedRun> {
    this.getCalls += 1;
    const run = this.runs.get(ref.id);
    if (!run) throw Object.assign(new Error(`unknown run ${ref.id}`), { code: 'NOT_FOUND' });
    return this.observed(run, true);
  }

  async *listRuns(module: RunModule, query: RunListQuery): AsyncIterable<ObservedRun> {
    this.listQueries.push({ module, query });
    const after = query.createdAfter ? Date.parse(query.createdAfter) : -Infinity;
    const before = query.createdBefore ? Date.parse(query.createdBefore) : Infinity;
    const rows = [...this.runs.values()]
      .filter((r) => r.module === module && r.createdAt >= after && r.createdAt <= before)
      .sort((a, b) => b.createdAt - a.createdAt);
    const pageSize = query.pageSize ?? 20;
    for (let i = 0; i === 0 || i < rows.length; i += pageSize) {
      this.listCalls += 1;
      for (const row of rows.slice(i, i + pageSize)) yield this.observed(row, false);
    }
  }

  async analyseRecording(
    sessionId: string,
    correlation: CorrelationFields,
    language: string,
  ): Promise<StartedRun> {
    this.chained.push({ sessionId, correlation, language });
    const id = `req_chain_${(this.#seq += 1)}`;
    const now = this.clock.now();
    this.add({ module: 'speech', id, createdAt: now, doneAt: now + 180_000, correlation });
    return { module: 'speech', id, status: 'processing' };
  }
}

/** A store, fake ZenHire, fake ATS and use-cases on one manual clock. */
export function harness() {
  const clock = new ManualClock();
  const store = new InMemoryStore({ clock });
  const zenhire = new FakeZenHire(clock);
  const ats = new FakeAts();
  const useCases = useCasesFor(store, ats, clock, zenhire);
  return { clock, store, zenhire, ats, useCases };
}
