/**
 * The Greenhouse side of the runtime benchmarks: seeds a job with `count` candidates and
 * applications into a `GreenhouseSandbox`, builds the Greenhouse connector against it (the
 * sandbox's OAuth client, time-scaled waits), builds the benchmark WritePlans (one
 * `SetFields` + one `AddNote` per application: exactly one Harvest call per operation,
 * greenhouse README "Calls per write-back plan"), and audits the sandbox's own records
 * afterwards (notes and field writes per application: lost or duplicated deliveries).
 */
import {
  deliveryIdempotencyKey,
  writePlanHash,
  type RecordRef,
  type WritePlan,
} from '@zenhire-connect/core';
import {
  GreenhouseConnector,
  type GreenhouseConfigInput,
} from '@zenhire-connect/connector-greenhouse';
import {
  createTestConnectorHost,
  GREENHOUSE_SANDBOX_CLIENT,
  type GreenhouseSandbox,
} from '@zenhire-connect/testkit';

/** Connector instance name used by every benchmark. */
export const GREENHOUSE_INSTANCE = 'greenhouse-bench';
/** Site-admin user of the sandbox's fixture data (the token's `sub`, the notes' author). */
const ACTING_USER = 112;
/** First id of the seeded records (far above the fixture data's ids). */
const FIRST_ID = 50_000_000;

/** One seeded application and its candidate. */
export interface BenchApplication {
  applicationId: number;
  candidateId: number;
  jobId: number;
  record: RecordRef;
}

/**
 * Seeds one job ("Benchmark", three stages) and `count` candidates with one application each
 * on top of the fixture data (which has the custom fields `assessment_score` number and
 * `cefr_level` single-select A1–C2). Ids are deterministic.
 */
export function seedApplications(gh: GreenhouseSandbox, count: number): BenchApplication[] {
  const jobId = FIRST_ID;
  const apps: BenchApplication[] = Array.from({ length: count }, (_, i) => {
    const candidateId = FIRST_ID + 1_000_000 + i;
    const applicationId = FIRST_ID + 2_000_000 + i;
    return {
      applicationId,
      candidateId,
      jobId,
      record: {
        connector: GREENHOUSE_INSTANCE,
        candidateId: String(candidateId),
        applicationId: String(applicationId),
        jobId: String(jobId),
      },
    };
  });
  gh.seedData({
    jobs: [{ id: jobId, name: 'Benchmark', stages: ['Screen', 'Assessment', 'Onsite'] }],
    candidates: apps.map((a, i) => ({
      id: a.candidateId,
      first_name: 'Bench',
      last_name: `Candidate ${i}`,
    })),
    applications: apps.map((a) => ({
      id: a.applicationId,
      candidate_id: a.candidateId,
      job_id: jobId,
    })),
  });
  return apps;
}

/** Connector rate-limit settings (`rateLimit` of the instance config, real seconds). */
export interface BenchRateLimit {
  requestsPerWindow: number;
  windowSeconds: number;
  maxConcurrent?: number;
}

/** The instance config pointing at the sandbox (what a YAML `connectors.<name>` would hold). */
export function sandboxConnectorConfig(
  url: string,
  rateLimit: BenchRateLimit,
): GreenhouseConfigInput {
  return {
    baseUrl: `${url}/v3`,
    tokenUrl: `${url}/token`,
    clientId: GREENHOUSE_SANDBOX_CLIENT.clientId,
    clientSecret: GREENHOUSE_SANDBOX_CLIENT.clientSecret,
    userId: ACTING_USER,
    webhookSecret: 'bench-webhook-secret',
    rateLimit,
  };
}

/**
 * The Greenhouse connector against a sandbox at `url`. Its waits (`Retry-After`, backoff) are
 * documented time, so they are scaled by `timeScale` like the sandbox's clock.
 */
export function greenhouseConnector(
  url: string,
  rateLimit: BenchRateLimit,
  timeScale = 1,
): GreenhouseConnector {
  const host = createTestConnectorHost({
    name: GREENHOUSE_INSTANCE,
    config: sandboxConnectorConfig(url, rateLimit),
  });
  return new GreenhouseConnector(host, {
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms * timeScale)),
  });
}

/**
 * The benchmark plan of one application: `SetFields` (score + CEFR, one PATCH) and
 * `AddNote` (one POST), hashed and keyed like a plan from `buildWritePlan`.
 */
export function benchPlan(app: BenchApplication, runId: string): { plan: WritePlan; key: string } {
  const body: Omit<WritePlan, 'hash'> = {
    runId,
    connector: GREENHOUSE_INSTANCE,
    mapping: 'bench-speech',
    record: app.record,
    operations: [
      {
        kind: 'SetFields',
        fields: [
          { field: 'assessment_score', type: 'number', value: 76 },
          { field: 'cefr_level', type: 'single_select', value: 'B2' },
        ],
      },
      { kind: 'AddNote', visibility: 'private', body: `ZenHire speech ${runId}: CEFR B2 (76%)` },
    ],
  };
  const plan = { ...body, hash: writePlanHash(body) };
  return { plan, key: deliveryIdempotencyKey(plan) };
}

/** What the sandbox holds per application after a drain. */
export interface BacklogAudit {
  applications: number;
  /** Applications without a note / with more than one. */
  notesMissing: number;
  notesDuplicated: number;
  /** Applications without an accepted custom-field PATCH / with more than one. */
  fieldWritesMissing: number;
  fieldWritesDuplicated: number;
  /** Applications whose `cefr_level` is not the written value. */
  valuesWrong: number;
}

/**
 * Counts notes (sandbox records) and accepted `PATCH /v3/applications/{id}` calls (sandbox
 * call log) per application: exactly one of each means no delivery was lost or duplicated.
 */
export function auditBacklog(
  gh: GreenhouseSandbox,
  apps: readonly BenchApplication[],
  expected: { notes: number; fieldWrites: number } = { notes: 1, fieldWrites: 1 },
): BacklogAudit {
  const notes = new Map<number, number>();
  for (const note of gh.store.notes.values()) {
    if (note.application_id !== null)
      notes.set(note.application_id, (notes.get(note.application_id) ?? 0) + 1);
  }
  const patches = new Map<number, number>();
  for (const call of gh.callsTo('PATCH', /^\/v3\/applications\/\d+$/)) {
    if (call.status !== 200) continue;
    const id = Number(call.path.split('/').pop());
    patches.set(id, (patches.get(id) ?? 0) + 1);
  }
  const audit: BacklogAudit = {
    applications: apps.length,
    notesMissing: 0,
    notesDuplicated: 0,
    fieldWritesMissing: 0,
    fieldWritesDuplicated: 0,
    valuesWrong: 0,
  };
  for (const app of apps) {
    const n = notes.get(app.applicationId) ?? 0;
    const p = patches.get(app.applicationId) ?? 0;
    if (n < expected.notes) audit.notesMissing += 1;
    if (n > expected.notes) audit.notesDuplicated += 1;
    if (p < expected.fieldWrites) audit.fieldWritesMissing += 1;
    if (p > expected.fieldWrites) audit.fieldWritesDuplicated += 1;
    if (expected.fieldWrites > 0 && p > 0) {
      const cefr = gh.application(app.applicationId).custom_fields['cefr_level'];
      if (cefr === undefined || cefr === null) audit.valuesWrong += 1;
    }
  }
  return audit;
}

/** Lost + duplicated deliveries seen by {@link auditBacklog}. */
export function auditProblems(audit: BacklogAudit): { lost: number; duplicated: number } {
  return {
    lost: Math.max(audit.notesMissing, audit.fieldWritesMissing),
    duplicated: Math.max(audit.notesDuplicated, audit.fieldWritesDuplicated),
  };
}
