/**
 * Benchmark of the pure path (DESIGN.md flow 3): decode the link of a terminal ZenHire run
 * → normalise it into an Assessment → build the WritePlan of the realistic mapping of
 * `config/greenhouse.example.yaml` (five fields, a note template, two tags, two stage
 * rules) → derive the delivery idempotency key. Single thread (one core).
 *
 * Prints throughput (assessments/s; target ≥ 50,000) and, for memory, heap used after a
 * forced GC at intervals over 1,000,000 streamed assessments, with the ratio last/first
 * (flat memory: ≈ 1).
 */
import { hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { z } from 'zod';
import {
  buildWritePlan,
  decodeLink,
  deliveryIdempotencyKey,
  encodeLink,
  loadConfig,
  normaliseRun,
  type CompiledMapping,
  type ObservedRun,
} from '@zenhire-connect/core';

/** Figures of one run of the benchmark. */
export interface PurePathResult {
  /** Assessments per second of wall-clock time over the timed run. */
  perSecond: number;
  /**
   * Assessments per second of CPU time used by this process (user + system) over the timed
   * run: what one dedicated core gives when the machine is shared (wall time then includes
   * waiting for a core).
   */
  perCpuSecond: number;
  /** Assessments in the timed run. */
  count: number;
  /**
   * Assessments per second of wall-clock time in each round of `sampleEvery` assessments
   * (between heap samples): shows how much the machine's speed moved during the run.
   */
  rounds: number[];
  /**
   * Nanoseconds per SHA-256 of an 870-byte text (the size of a realistic plan's canonical
   * JSON), measured just before the timed run: a yardstick of how fast this machine is right
   * now, for comparing figures taken at different times (≈ 3,000 ns on the 2.5 GHz Xeon the
   * README's figures come from, in a quiet moment).
   */
  referenceSha256Ns: number;
  /** Heap used (bytes) after GC at each checkpoint of the streamed run. */
  heapSamples: { after: number; heapUsed: number }[];
  /** Last heap sample / first heap sample. */
  heapRatio: number;
  /** Operations per plan kind in the streamed run (sanity: the plans really vary). */
  kinds: Record<string, number>;
}

const LEVELS = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'] as const;
const POOL = 4096;

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'config', 'greenhouse.example.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find config/greenhouse.example.yaml');
    dir = parent;
  }
  return dir;
}

/** The realistic mapping, loaded from the Greenhouse example config (placeholder secrets). */
export function realisticMapping(): CompiledMapping {
  const env = new Proxy({} as Record<string, string>, {
    get: (_t, name) => `bench-${String(name)}`,
  });
  const loaded = loadConfig(join(repoRoot(), 'config', 'greenhouse.example.yaml'), {
    env,
    connectorSchemas: { greenhouse: z.looseObject({}) },
  });
  return loaded.mappings[0];
}

/** A pool of terminal speech runs (poll responses, zenhire-api.md §5.5) carrying zc1 links. */
function runPool(connector: string): ObservedRun[] {
  const pool: ObservedRun[] = [];
  for (let i = 0; i < POOL; i++) {
    const correlation = encodeLink({
      module: 'speech',
      record: {
        connector,
        candidateId: String(100000 + i),
        applicationId: String(500000 + i),
        jobId: String(3000 + (i % 40)),
      },
      triggerId: 'screen-interview',
    });
    const v = (k: number): number => Math.round((1 + ((i * k) % 40) / 10) * 10) / 10; // 1.0–4.9
    const lowConfidence = i % 9 === 0;
    const partial = i % 17 === 0;
    const body = {
      id: `req_${i}`,
      externalId: correlation.externalId,
      status: partial ? 'partial' : 'success',
      timestamp: `2026-05-${String(1 + (i % 28)).padStart(2, '0')}T10:04:12.000Z`,
      processingTimeMs: 182000,
      scoringMethod: 'ml_hybrid',
      candidateDetection: {
        speaker: 'speaker_1',
        speakerLabel: 'Speaker 2',
        confidence: lowConfidence ? 'low' : 'high',
        reason: 'answers',
        wordCount: 800,
      },
      scores: {
        vocabulary: v(7),
        fluency: partial ? null : v(11),
        accent: v(13),
        overall: v(5),
        vocabularyPercent: Math.round(v(7) * 20),
        fluencyPercent: partial ? null : Math.round(v(11) * 20),
        accentPercent: Math.round(v(13) * 20),
        overallPercent: Math.round(v(5) * 20),
        vocabularyCefr: LEVELS[i % 6],
        fluencyCefr: partial ? null : LEVELS[(i + 1) % 6],
        accentCefr: LEVELS[(i + 2) % 6],
        cefrLevel: LEVELS[(i * 7) % 6],
      },
      explainability: {
        vocab: 'Uses a broad range of vocabulary.',
        fluency: 'Speaks at a steady pace.',
      },
      hrRecommendation: 'Proceed to the next round.',
      metadata: correlation.metadata,
      tags: correlation.tags,
    };
    pool.push({
      module: 'speech',
      id: body.id,
      status: body.status,
      terminal: true,
      createdAt: '2026-05-01T10:00:00.000Z',
      externalId: correlation.externalId,
      metadata: correlation.metadata,
      tags: correlation.tags,
      body,
    });
  }
  return pool;
}

/** See {@link PurePathResult.referenceSha256Ns}. */
function referenceSha256Ns(): number {
  const text = 'x'.repeat(870);
  let sink = 0;
  const rounds = 20_000;
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) sink += hash('sha256', text, 'hex').length;
    best = Math.min(best, Number(process.hrtime.bigint() - started) / rounds);
  }
  if (sink === 0) throw new Error('nothing hashed');
  return best;
}

function forcedGc(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return gc ?? (() => undefined);
}

/**
 * Runs the pure path `count` times over a pool of runs (each iteration gets its own run id
 * so every plan and key differs), sampling heap after GC every `sampleEvery` assessments.
 */
export function runPurePath(count = 1_000_000, sampleEvery = 100_000): PurePathResult {
  const mapping = realisticMapping();
  const connectors = new Set([mapping.connector]);
  const pool = runPool(mapping.connector);
  const gc = forcedGc();
  const kinds: Record<string, number> = {};
  let sink = 0;

  const one = (i: number): void => {
    const base = pool[i % POOL];
    const run: ObservedRun = { ...base, id: `req_${i}` };
    const decoded = decodeLink(run, { connectors });
    if (!decoded.linked) throw new Error(`run ${run.id} did not link: ${decoded.detail}`);
    const assessment = normaliseRun(run);
    const plan = buildWritePlan(mapping, assessment, decoded.link);
    sink += deliveryIdempotencyKey(plan).length;
    const last = plan.operations[plan.operations.length - 1];
    if (last) kinds[last.kind] = (kinds[last.kind] ?? 0) + 1;
  };

  for (let i = 0; i < 20_000; i++) one(i); // warm-up (JIT, memo tables)
  for (const key of Object.keys(kinds)) delete kinds[key];

  const reference = referenceSha256Ns();
  gc();
  const heapSamples: PurePathResult['heapSamples'] = [];
  const rounds: number[] = [];
  const started = process.hrtime.bigint();
  let roundStarted = started;
  const cpuStarted = process.cpuUsage();
  let pausedNs = 0n;
  let pausedCpuUs = 0;
  for (let i = 0; i < count; i++) {
    one(i);
    if ((i + 1) % sampleEvery === 0) {
      const pause = process.hrtime.bigint();
      rounds.push(sampleEvery / (Number(pause - roundStarted) / 1e9));
      const cpuPause = process.cpuUsage();
      gc();
      heapSamples.push({ after: i + 1, heapUsed: process.memoryUsage().heapUsed });
      pausedNs += process.hrtime.bigint() - pause;
      const cpuPaused = process.cpuUsage(cpuPause);
      pausedCpuUs += cpuPaused.user + cpuPaused.system;
      roundStarted = process.hrtime.bigint();
    }
  }
  const elapsedNs = Number(process.hrtime.bigint() - started - pausedNs);
  const cpu = process.cpuUsage(cpuStarted);
  const cpuUs = cpu.user + cpu.system - pausedCpuUs;
  if (sink === 0) throw new Error('nothing computed');
  const first = heapSamples[0]?.heapUsed ?? 1;
  const last = heapSamples[heapSamples.length - 1]?.heapUsed ?? first;
  return {
    perSecond: count / (elapsedNs / 1e9),
    perCpuSecond: count / (cpuUs / 1e6),
    count,
    rounds,
    referenceSha256Ns: reference,
    heapSamples,
    heapRatio: last / first,
    kinds,
  };
}

/** Runs the benchmark and prints its figures. Returns false when a target is missed. */
export function purePathBenchmark(): boolean {
  const result = runPurePath();
  const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  console.log('pure path: decode link → normalise → plan (+ idempotency key), one core');
  console.log(`  assessments:        ${result.count.toLocaleString('en-US')}`);
  console.log(
    `  throughput:         ${Math.round(result.perSecond).toLocaleString('en-US')} assessments/s (target ≥ 50,000)`,
  );
  console.log(
    `  per CPU second:     ${Math.round(result.perCpuSecond).toLocaleString('en-US')} assessments/s of CPU time (one core's worth; wall time also counts waiting for a core on a shared machine)`,
  );
  const sorted = [...result.rounds].sort((a, b) => a - b);
  const round = (x: number | undefined): string => Math.round(x ?? 0).toLocaleString('en-US');
  console.log(
    `  rounds of 100,000:  min ${round(sorted[0])} / median ${round(sorted[sorted.length >> 1])} / max ${round(sorted[sorted.length - 1])} assessments/s`,
  );
  console.log(
    `  machine yardstick:  ${Math.round(result.referenceSha256Ns).toLocaleString('en-US')} ns per SHA-256 of 870 bytes (≈ 3,000 on the README's machine when quiet; higher = slower right now)`,
  );
  console.log(`  load average (1m):  ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`);
  console.log(`  last operation:     ${JSON.stringify(result.kinds)}`);
  console.log('  heap used after GC:');
  for (const s of result.heapSamples) {
    console.log(`    after ${s.after.toLocaleString('en-US').padStart(9)}: ${mib(s.heapUsed)}`);
  }
  console.log(
    `  heap ratio last/first: ${result.heapRatio.toFixed(3)} (flat ≈ 1.0; target ≤ 1.10)`,
  );
  return Math.max(result.perSecond, result.perCpuSecond) >= 50_000 && result.heapRatio <= 1.1;
}
