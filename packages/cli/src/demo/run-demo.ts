import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Delivery, FieldWrite, Link } from '@zenhire-connect/core';
import {
  DEFAULT_ZENHIRE_SANDBOX_KEY,
  GREENHOUSE_SANDBOX_CLIENT,
  GreenhouseSandbox,
  ZenHireSandbox,
  type RecordedCall,
} from '@zenhire-connect/testkit';
import { scaledSleep } from '@zenhire-connect/worker';
import { ZenHireClient } from '@zenhire-connect/zenhire-client';
import type { Logger } from 'pino';
import { createApp, type App } from '../runtime/create-app';
import { parseRuntimeConfig } from '../runtime/runtime-config';
import { DEMO_CONNECTOR, DEMO_WEBHOOK_SECRET_ENV, demoConfigYaml } from './demo-config';
import {
  DEMO_FLUENCY_FIELD,
  DEMO_JOB,
  DEMO_REJECTION_REASON,
  demoSeed,
  type DemoCandidate,
} from './demo-data';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Candidates moved through the flow (default 12). */
  candidates?: number;
  /** Keep the SQLite store here instead of a temporary directory that is removed. */
  keepDir?: string;
  logger: Logger;
  /** Real ms per documented ms of the ZenHire sandbox (default 0.001: a documented minute in 60 ms). */
  timeScale?: number;
  /** Give up waiting after this many real ms (default 45,000). */
  deadlineMs?: number;
  /** Progress lines (human output). */
  onStep?: (text: string) => void;
}

/** One candidate's outcome, read back from the Greenhouse sandbox. */
export interface DemoRow {
  candidate: string;
  applicationId: number;
  runId: string | null;
  cefr: string | null;
  fluencyPercent: number | null;
  overallPercent: number | null;
  /** What was written, e.g. `3 fields, note, tag, move`. */
  written: string[];
  stageBefore: string;
  newStage: string;
  applicationStatus: string;
  /** Real ms from the stage move to the delivered write-back. */
  endToEndMs: number | null;
  /** What the Greenhouse record lacks (empty when every expected write is there). */
  problems: string[];
}

/** Figures the demo measures (call counts from the sandboxes' request logs). */
export interface DemoFigures {
  candidates: number;
  completedRuns: number;
  zenhireCalls: number;
  zenhireCallsPerCompletedRun: number;
  zenhireCallsByEndpoint: Record<string, number>;
  atsCallsTrigger: number;
  atsCallsWriteBack: number;
  writeBacks: number;
  atsCallsPerWriteBack: number;
  atsCallsByEndpoint: Record<string, number>;
  /** Real ms from the first stage move to the last delivered write-back. */
  endToEndMs: number;
  /** The same span on the ZenHire sandbox clock (documented time). */
  documentedMs: number;
  medianCandidateMs: number;
  totalMs: number;
}

/** What {@link runDemo} returns. */
export interface DemoReport {
  ok: boolean;
  rows: DemoRow[];
  figures: DemoFigures;
  /** Problems of the run as a whole (deadline reached, dead deliveries). */
  problems: string[];
  storeFile: string;
}

const API_CALL = (c: RecordedCall) => !c.path.startsWith('/__sandbox');

function template(path: string): string {
  return path
    .replace(/\/(req|sess|persona)_[A-Za-z0-9_-]+/g, '/{id}')
    .replace(/\/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, '/{id}')
    .replace(/\/\d+(?=\/|$)/g, '/{id}');
}

function countBy(calls: RecordedCall[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) {
    const key = `${c.method} ${template(c.path)}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The whole flow against local sandboxes with real HTTP (DESIGN.md flows 1–4): starts the
 * ZenHire sandbox (time-scaled) and the Greenhouse sandbox on loopback, seeds the demo job
 * and candidates, composes the real app (server + worker, embedded SQLite in a temporary
 * directory) from an in-memory config, moves every application to the screening stage
 * (signed webhooks to our server → interview sessions), lets the simulated candidates
 * finish, and waits until every write-back is delivered. Then reads every Greenhouse record
 * back and checks the fields, note, tag and stage the mapping planned.
 */
export async function runDemo(options: DemoOptions): Promise<DemoReport> {
  const startedAt = Date.now();
  const count = options.candidates ?? 12;
  const timeScale = options.timeScale ?? 0.001;
  const deadline = startedAt + (options.deadlineMs ?? 45_000);
  const step = options.onStep ?? (() => undefined);
  const problems: string[] = [];

  const zh = new ZenHireSandbox({
    timeScale,
    seed: 'zenhire-connect-demo',
    initialBalance: 100_000,
    allowInsecureWebhooks: true,
    allowPrivateWebhooks: true,
  });
  const gh = new GreenhouseSandbox({
    seed: 'zenhire-connect-demo',
    rateLimit: { limit: 300, windowMs: 10_000 },
  });
  const dir = options.keepDir ?? mkdtempSync(join(tmpdir(), 'zenhire-connect-demo-'));
  if (options.keepDir) mkdirSync(options.keepDir, { recursive: true });
  const storeFile = join(dir, 'demo.sqlite');
  let app: App | undefined;
  try {
    const [zhUrl, ghUrl] = await Promise.all([zh.start(), gh.start()]);
    step(
      `ZenHire sandbox ${zhUrl} (1 documented minute = ${Math.round(60_000 * timeScale)} ms), Greenhouse sandbox ${ghUrl}`,
    );
    const { seed, candidates } = demoSeed(count);
    gh.seedData(seed);
    const persona = await new ZenHireClient({
      apiKey: DEFAULT_ZENHIRE_SANDBOX_KEY,
      baseUrl: zhUrl,
    }).interview.createPersona({
      role_name: DEMO_JOB.name,
      language: 'en',
    });
    step(`seeded job "${DEMO_JOB.name}" with ${count} candidates; interview persona ${persona.id}`);

    const webhookSecret = 'demo-webhook-secret';
    const { loaded, plugins } = parseRuntimeConfig(
      demoConfigYaml({ zenhireUrl: zhUrl, greenhouseUrl: ghUrl, storeFile, personaId: persona.id }),
      'demo.yaml (in memory)',
      {
        env: {
          ZENHIRE_API_KEY: DEFAULT_ZENHIRE_SANDBOX_KEY,
          GREENHOUSE_CLIENT_ID: GREENHOUSE_SANDBOX_CLIENT.clientId,
          GREENHOUSE_CLIENT_SECRET: GREENHOUSE_SANDBOX_CLIENT.clientSecret,
          [DEMO_WEBHOOK_SECRET_ENV]: webhookSecret,
        },
      },
    );
    const sleep = scaledSleep(timeScale);
    app = await createApp(loaded, plugins, {
      role: 'all',
      logger: options.logger,
      clock: { now: () => zh.now() },
      sleep,
      zenhireClient: {
        now: () => zh.now(),
        sleep: (ms, signal) =>
          new Promise<void>((resolve, reject) => {
            if (signal?.aborted) return reject(signal.reason as Error);
            const timer = setTimeout(resolve, ms * timeScale);
            signal?.addEventListener(
              'abort',
              () => {
                clearTimeout(timer);
                reject(signal.reason as Error);
              },
              { once: true },
            );
          }),
      },
      worker: {
        delivery: { idlePollMs: 25 / timeScale },
        collect: { errorBackoffMs: 100 / timeScale },
        reconcile: { enabled: false },
      },
    });
    const { url } = await app.start();
    await gh.registerWebhook({
      event: 'candidate_stage_change',
      url: `${url}/webhooks/${DEMO_CONNECTOR}`,
      secret: webhookSecret,
    });
    step(`zenhire-connect server + worker on ${url} (SQLite ${storeFile})`);

    // 1. Recruiters move every candidate to the screening stage: signed webhooks to our server.
    const movedAt = new Map<number, number>();
    const firstMove = Date.now();
    const firstMoveDocumented = zh.now();
    for (const c of candidates) {
      movedAt.set(c.applicationId, Date.now());
      gh.moveApplication(c.applicationId, DEMO_JOB.stages.screen.id);
    }
    step(`moved ${count} applications to "${DEMO_JOB.stages.screen.name}" → Greenhouse webhooks`);

    // 2. Interview sessions are created by the trigger; candidates take their interviews.
    const sessions = new Map<number, Link>();
    while (sessions.size < count && Date.now() < deadline) {
      for (const c of candidates) {
        if (sessions.has(c.applicationId)) continue;
        const link = (
          await app.store.findLinksByRecord(DEMO_CONNECTOR, String(c.applicationId))
        ).find((l) => l.module === 'interview');
        if (link) {
          sessions.set(c.applicationId, link);
          zh.simulateCandidate(link.runId, { durationSec: 200 + 10 * (c.applicationId % 9) });
        }
      }
      if (sessions.size < count) await wait(20);
    }
    const atsCallsTrigger = gh.calls.filter(API_CALL).length;
    step(
      `${sessions.size} interview sessions created with candidate links; simulated candidates are speaking`,
    );

    // 3. The worker collects, chains recordings into speech analysis, plans and delivers.
    const delivered = new Map<number, { at: number; delivery: Delivery }>();
    let lastDocumented = zh.now();
    while (delivered.size < count && Date.now() < deadline) {
      for (const c of candidates) {
        if (delivered.has(c.applicationId)) continue;
        // A chained speech run is planned as its interview's assessment (run id = session id).
        const session = sessions.get(c.applicationId);
        if (!session) continue;
        const done = (await app.store.listDeliveries({ runId: session.runId })).find(
          (d) => d.status === 'succeeded' || d.status === 'dead',
        );
        if (done) {
          delivered.set(c.applicationId, { at: Date.now(), delivery: done });
          lastDocumented = zh.now();
          if (done.status === 'dead')
            problems.push(`${c.name}: delivery ${done.id} is dead (${done.lastError?.code})`);
        }
      }
      if (delivered.size < count) await wait(20);
    }
    const lastDelivery = Math.max(firstMove, ...[...delivered.values()].map((d) => d.at));
    if (delivered.size < count)
      problems.push(
        `only ${delivered.size} of ${count} write-backs were delivered before the deadline`,
      );
    step(`${delivered.size} write-backs delivered`);
    const sessionsStarted = zh.interviewSessions().length;
    if (sessionsStarted !== count) {
      problems.push(
        `${sessionsStarted} interview sessions were started for ${count} candidates (expected one each)`,
      );
    }
    await app.close();
    app = undefined;

    const ghApi = gh.calls.filter(API_CALL);
    const writeBackCalls = ghApi.slice(atsCallsTrigger);
    const zhApi = zh.calls.filter(API_CALL).filter((c) => !c.path.endsWith('/personas'));
    const rows = candidates.map((c) =>
      readBack(gh, c, sessions.get(c.applicationId), delivered.get(c.applicationId), movedAt),
    );
    const completedRuns = [...delivered.values()].filter(
      (d) => d.delivery.status === 'succeeded',
    ).length;
    const writeBacks = completedRuns;
    const figures: DemoFigures = {
      candidates: count,
      completedRuns,
      zenhireCalls: zhApi.length,
      zenhireCallsPerCompletedRun: completedRuns ? round1(zhApi.length / completedRuns) : 0,
      zenhireCallsByEndpoint: countBy(zhApi),
      atsCallsTrigger,
      atsCallsWriteBack: writeBackCalls.length,
      writeBacks,
      atsCallsPerWriteBack: writeBacks ? round1(writeBackCalls.length / writeBacks) : 0,
      atsCallsByEndpoint: countBy(writeBackCalls),
      endToEndMs: lastDelivery - firstMove,
      documentedMs: lastDocumented - firstMoveDocumented,
      medianCandidateMs: median(rows.flatMap((r) => (r.endToEndMs === null ? [] : [r.endToEndMs]))),
      totalMs: Date.now() - startedAt,
    };
    const ok = problems.length === 0 && rows.every((r) => r.problems.length === 0);
    return { ok, rows, figures, problems, storeFile };
  } finally {
    await app?.close().catch(() => undefined);
    await Promise.allSettled([zh.stop(), gh.stop()]);
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Reads one candidate's Greenhouse record and checks it against the delivered plan. */
function readBack(
  gh: GreenhouseSandbox,
  c: DemoCandidate,
  session: Link | undefined,
  delivered: { at: number; delivery: Delivery } | undefined,
  movedAt: Map<number, number>,
): DemoRow {
  const app = gh.application(c.applicationId);
  const problems: string[] = [];
  const ops = delivered?.delivery.plan.operations ?? [];
  const fields = ops.flatMap((o) => (o.kind === 'SetFields' ? o.fields : []));
  const planned = (name: string): FieldWrite | undefined => fields.find((f) => f.field === name);
  const cefr = planned('cefr_level')?.value ?? null;
  const overall = planned('assessment_score')?.value ?? null;
  const fluency = planned(DEMO_FLUENCY_FIELD.name_key)?.value ?? null;
  const written: string[] = [];
  if (!session) problems.push('no interview session was created');
  if (!delivered) problems.push('no write-back was delivered');
  if (delivered && delivered.delivery.status !== 'succeeded')
    problems.push(`delivery ${delivered.delivery.status}`);
  if (fields.length > 0) {
    written.push(`${fields.length} fields`);
    for (const f of fields) {
      const actual = app.custom_fields[f.field];
      if (actual === undefined || actual === null || String(actual) !== String(f.value)) {
        problems.push(
          `field ${f.field} is ${JSON.stringify(actual)}, expected ${JSON.stringify(f.value)}`,
        );
      }
    }
  }
  const notes = gh.notes({ applicationId: c.applicationId });
  for (const op of ops) {
    if (op.kind === 'AddNote') {
      written.push('note');
      if (!notes.some((n) => n.body === op.body)) problems.push('the result note is missing');
    } else if (op.kind === 'AddTags') {
      written.push(`tag ${op.tags.join(', ')}`);
      const tags = gh.appliedTags(c.candidateId).map((t) => t.name);
      for (const t of op.tags) if (!tags.includes(t)) problems.push(`tag ${t} is missing`);
    } else if (op.kind === 'MoveStage') {
      written.push('move');
      if (app.current_stage?.id !== DEMO_JOB.stages.interview.id) {
        problems.push(
          `stage is ${app.current_stage?.name}, expected ${DEMO_JOB.stages.interview.name}`,
        );
      }
    } else if (op.kind === 'Reject') {
      written.push('reject');
      if (app.status !== 'rejected' || app.rejection?.reason?.name !== DEMO_REJECTION_REASON) {
        problems.push(`application is ${app.status}, expected rejected (${DEMO_REJECTION_REASON})`);
      }
    }
  }
  for (const skip of delivered?.delivery.plan.skipped ?? []) {
    if (skip.rule.startsWith('stage')) written.push(`stage held: ${skip.reason.replace('_', ' ')}`);
  }
  if (delivered && !ops.some((o) => o.kind === 'MoveStage' || o.kind === 'Reject')) {
    if (app.current_stage?.id !== DEMO_JOB.stages.screen.id)
      problems.push('stage changed without a stage rule');
  }
  const moved = movedAt.get(c.applicationId);
  return {
    candidate: c.name,
    applicationId: c.applicationId,
    runId: delivered?.delivery.plan.runId ?? null,
    cefr: cefr === null ? null : String(cefr),
    fluencyPercent: fluency === null ? null : Number(fluency),
    overallPercent: overall === null ? null : Number(overall),
    written,
    stageBefore: DEMO_JOB.stages.screen.name,
    newStage:
      app.status === 'rejected'
        ? `rejected (${app.rejection?.reason?.name ?? '?'})`
        : (app.current_stage?.name ?? '-'),
    applicationStatus: app.status,
    endToEndMs: delivered && moved !== undefined ? delivered.at - moved : null,
    problems,
  };
}
