import type { ZenHireConnectConfig } from '../../config/schema';
import { MappingSchema, TriggerSchema } from '../../config/schema';
import { encodeLink } from '../../link/link-codec';
import type { AtsEvent } from '../../model/ats-event';
import type { CorrelationFields, ObservedRun, RunModule, RunRef } from '../../model/run';
import type { WritePlan } from '../../model/write-plan';
import type {
  ApplyContext,
  ApplyResult,
  AtsConnector,
  HttpCallPreview,
  ParsedWebhook,
  ResolvedRecord,
} from '../../plugin/connector';
import { MapConnectorRegistry } from '../../plugin/connector-registry';
import type { RecordRef } from '../../model/record-ref';
import type { StartedRun, ZenHireAction, ZenHireGateway } from '../../ports/zenhire-gateway';
import { compileRules } from '../../rules/compile-rules';
import { InMemoryStore } from '../../testing/in-memory-store';
import { SPEECH_SCORES_B2 } from '../../testing/speech-scores';
import type { UseCaseDeps, UseCaseOptions, UseCaseTrigger } from '../use-case-deps';

/** A ZenHire gateway that records calls and serves runs from a map. */
export class FakeGateway implements ZenHireGateway {
  started: { action: ZenHireAction; correlation: CorrelationFields }[] = [];
  chained: { sessionId: string; correlation: CorrelationFields; language: string }[] = [];
  runs = new Map<string, ObservedRun>();
  failNextStart: Error | undefined;
  #next = 1;

  async start(action: ZenHireAction, correlation: CorrelationFields): Promise<StartedRun> {
    if (this.failNextStart) {
      const error = this.failNextStart;
      this.failNextStart = undefined;
      throw error;
    }
    this.started.push({ action, correlation });
    const id = `${action.kind}-${this.#next++}`;
    return {
      module: action.kind,
      id,
      status: action.kind === 'interview' ? 'initiated' : 'processing',
      ...(action.kind === 'interview'
        ? { candidateLink: `https://interview.zenhire.ai/#t=tok-${id}` }
        : {}),
    };
  }

  async getRun(ref: RunRef): Promise<ObservedRun> {
    const run = this.runs.get(ref.id);
    if (!run) throw new Error(`unknown run ${ref.id}`);
    return run;
  }

  async *listRuns(): AsyncIterable<ObservedRun> {
    yield* this.runs.values();
  }

  async analyseRecording(
    sessionId: string,
    correlation: CorrelationFields,
    language: string,
  ): Promise<StartedRun> {
    this.chained.push({ sessionId, correlation, language });
    return { module: 'speech', id: `speech-of-${sessionId}`, status: 'queued' };
  }
}

type ApplyBehaviour = (plan: WritePlan, context: ApplyContext) => Promise<ApplyResult>;

/** An ATS connector whose `applyPlan` follows a script (default: apply everything). */
export class FakeAts implements AtsConnector {
  readonly type = 'greenhouse';
  readonly capabilities = {
    operations: [
      'SetFields' as const,
      'AddNote' as const,
      'AddTags' as const,
      'RemoveTags' as const,
      'MoveStage' as const,
      'Reject' as const,
    ],
    webhooks: true,
    fieldTypes: ['number' as const, 'text' as const, 'single_select' as const],
  };
  applied: { plan: WritePlan; previousOutcomes: ApplyContext['previousOutcomes'] }[] = [];
  script: ApplyBehaviour[] = [];
  candidateOfApplication = new Map<string, string>();

  constructor(readonly name: string) {}

  async verifyWebhook(): Promise<void> {}
  async parseWebhook(): Promise<ParsedWebhook> {
    return { events: [], reply: { status: 200 } };
  }
  async resolveRecord(ref: RecordRef): Promise<ResolvedRecord> {
    const candidateId = ref.applicationId
      ? (this.candidateOfApplication.get(ref.applicationId) ?? '')
      : ref.candidateId;
    return { ref: { ...ref, candidateId }, candidate: { id: candidateId } };
  }
  async applyPlan(plan: WritePlan, context: ApplyContext): Promise<ApplyResult> {
    this.applied.push({ plan, previousOutcomes: structuredClone(context.previousOutcomes) });
    const behaviour = this.script.shift();
    if (behaviour) return behaviour(plan, context);
    const outcomes = plan.operations.map((op, index) => ({
      index,
      kind: op.kind,
      status: 'applied' as const,
    }));
    for (const o of outcomes) await context.onOutcome?.(o);
    return { outcomes, calls: outcomes.length };
  }
  previewPlan(plan: WritePlan): HttpCallPreview[] {
    return plan.operations.map((op) => ({
      method: 'POST',
      url: `https://harvest.greenhouse.io/v3/${op.kind}`,
    }));
  }
}

export const GH = 'greenhouse-eu';
export const record: RecordRef = { connector: GH, candidateId: '12345', applicationId: '67890', jobId: '555' };

export function stageEvent(id = 'evt-1', stage = 'Phone Screen'): AtsEvent {
  return {
    id,
    type: 'stage_entered',
    connector: GH,
    occurredAt: '2026-05-29T09:00:00Z',
    record,
    job: { id: '555', name: 'Support Agent' },
    stage: { id: '42', name: stage },
  };
}

/** Compiles triggers and mappings through the real rule compiler. */
export function compiledRules(mappings: unknown[] = defaultMappings()) {
  const config = {
    connectors: { [GH]: { type: 'greenhouse' } },
    linkRules: [],
    triggers: [
      TriggerSchema.parse({
        name: 'invite-on-screen',
        connector: GH,
        on: 'stage_entered',
        stages: ['Phone Screen'],
        action: { kind: 'interview', personaId: 'persona-1', consentMode: 'integrator' },
      }),
    ],
    mappings: mappings.map((m) => MappingSchema.parse(m)),
  } as unknown as ZenHireConnectConfig;
  return compileRules(config);
}

export function defaultMappings(): unknown[] {
  return [
    {
      name: 'speech-scores',
      connector: GH,
      modules: ['speech', 'interview'],
      fields: [{ field: 'english_cefr', value: '{{ assessment.cefr }}', type: 'text' }],
      addTags: ['zenhire-{{ assessment.cefr }}'],
    },
    {
      name: 'cv-match',
      connector: GH,
      modules: ['cv_deepmatch'],
      fields: [{ field: 'cv_match', value: '{{ assessment.percent }}', type: 'number' }],
    },
  ];
}

export interface Harness {
  deps: UseCaseDeps;
  store: InMemoryStore;
  gateway: FakeGateway;
  ats: FakeAts;
  clock: { now(): number; set(ms: number): void };
}

export function harness(
  options: UseCaseOptions = {},
  triggers?: UseCaseTrigger[],
  mappings?: unknown[],
): Harness {
  let now = Date.parse('2026-05-29T10:00:00Z');
  const clock = { now: () => now, set: (ms: number) => void (now = ms) };
  const store = new InMemoryStore();
  const gateway = new FakeGateway();
  const ats = new FakeAts(GH);
  const rules = compiledRules(mappings);
  const deps: UseCaseDeps = {
    store,
    gateway,
    connectors: MapConnectorRegistry.of(ats),
    clock,
    rules: { triggers: triggers ?? rules.triggers, mappings: rules.mappings, linkRules: [] },
    options: { random: () => 0.5, ...options },
  };
  return { deps, store, gateway, ats, clock };
}

/** A terminal speech run as the gateway would report it. */
export function speechRun(id: string, correlation: CorrelationFields, overrides: object = {}): ObservedRun {
  return {
    module: 'speech',
    id,
    status: 'success',
    terminal: true,
    ...correlation,
    body: {
      id,
      status: 'success',
      externalId: correlation.externalId ?? null,
      scores: { ...SPEECH_SCORES_B2 },
      candidateDetection: { confidence: 'high' },
      timestamp: '2026-05-29T10:05:00Z',
      metadata: correlation.metadata,
      tags: correlation.tags,
      ...overrides,
    },
  };
}

export function linkedSpeechRun(id: string, module: RunModule = 'speech'): ObservedRun {
  return speechRun(id, encodeLink({ module, record, triggerId: 'manual' }));
}

/** A completed interview session as the gateway would report it. */
export function completedSession(
  id: string,
  correlation = encodeLink({ module: 'interview', record }),
): ObservedRun {
  return {
    module: 'interview',
    id,
    status: 'completed',
    terminal: true,
    ...correlation,
    body: {
      id,
      persona_id: 'persona-1',
      candidate_ref: correlation.externalId,
      status: 'completed',
      language: 'de',
      started_at: '2026-05-29T09:00:05Z',
      completed_at: '2026-05-29T09:18:40Z',
      created_at: '2026-05-28T16:30:00Z',
      metadata: correlation.metadata,
      tags: correlation.tags,
    },
  };
}
