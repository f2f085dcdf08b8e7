import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, parseRuntimeConfig, type App } from '@zenhire-connect/cli';
import {
  DEFAULT_ZENHIRE_SANDBOX_KEY,
  GREENHOUSE_SANDBOX_CLIENT,
  LEVER_SANDBOX_API_KEY,
  ZenHireSandbox,
} from '@zenhire-connect/testkit';
import { scaledSleep } from '@zenhire-connect/worker';
import { ZenHireClient } from '@zenhire-connect/zenhire-client';
import pino from 'pino';

/** Real ms per documented ms in the e2e tests (one documented minute = 60 ms). */
export const TIME_SCALE = 0.001;

/** Sandbox credentials as the environment a config reads (`${VAR}`). */
export function sandboxEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ZENHIRE_API_KEY: DEFAULT_ZENHIRE_SANDBOX_KEY,
    GREENHOUSE_CLIENT_ID: GREENHOUSE_SANDBOX_CLIENT.clientId,
    GREENHOUSE_CLIENT_SECRET: GREENHOUSE_SANDBOX_CLIENT.clientSecret,
    GREENHOUSE_WEBHOOK_SECRET: 'e2e-webhook-secret',
    GREENHOUSE_PARTNER_KEY: 'e2e-partner-key',
    LEVER_API_KEY: LEVER_SANDBOX_API_KEY,
    ...extra,
  };
}

/** A ZenHire sandbox on a fast clock, with one interview persona. */
export async function startZenHire(): Promise<{
  zh: ZenHireSandbox;
  url: string;
  personaId: string;
}> {
  const zh = new ZenHireSandbox({
    timeScale: TIME_SCALE,
    seed: 'e2e',
    initialBalance: 10_000,
    allowInsecureWebhooks: true,
    allowPrivateWebhooks: true,
  });
  const url = await zh.start();
  const persona = await new ZenHireClient({
    apiKey: DEFAULT_ZENHIRE_SANDBOX_KEY,
    baseUrl: url,
  }).interview.createPersona({
    role_name: 'Support Agent',
    language: 'en',
  });
  return { zh, url, personaId: persona.id };
}

/** A temporary directory removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zc-e2e-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a config file (for CLI commands that read `--config`). */
export function writeConfig(dir: string, yaml: string): string {
  const file = join(dir, 'zenhire-connect.yaml');
  writeFileSync(file, yaml);
  return file;
}

/**
 * The real app (server + worker, SQLite) from YAML text, on the ZenHire sandbox's clock
 * with its waits time-scaled, so documented minutes pass in milliseconds.
 */
export async function startApp(
  yaml: string,
  zh: ZenHireSandbox,
  env = sandboxEnv(),
): Promise<{ app: App; url: string }> {
  const { loaded, plugins } = parseRuntimeConfig(yaml, 'e2e.yaml', { env });
  const app = await createApp(loaded, plugins, {
    role: 'all',
    listen: { host: '127.0.0.1', port: 0 },
    logger: pino({ level: process.env.ZC_E2E_LOG ?? 'silent' }),
    clock: { now: () => zh.now() },
    sleep: scaledSleep(TIME_SCALE),
    zenhireClient: {
      now: () => zh.now(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms * TIME_SCALE)),
    },
    worker: {
      delivery: { idlePollMs: 20 / TIME_SCALE },
      collect: { errorBackoffMs: 100 / TIME_SCALE },
      reconcile: { enabled: false },
    },
  });
  const { url } = await app.start();
  return { app, url: url ?? '' };
}

/** Polls `check` every 20 ms until it returns a value (not undefined/false) or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type SandboxSession = ReturnType<ZenHireSandbox['interviewSessions']>[number];
type StoredDelivery = Awaited<ReturnType<App['store']['listDeliveries']>>[number];

/**
 * Flow 2–4 of one candidate: waits (10 s) for the interview session `isSession` picks, lets the
 * sandbox candidate finish it (240 s of speech), then waits (20 s) for the session's
 * succeeded delivery.
 */
export async function completeInterview(
  zh: ZenHireSandbox,
  app: App,
  isSession: (session: SandboxSession) => boolean,
): Promise<{ session: SandboxSession; delivery: StoredDelivery }> {
  const session = await eventually(
    () => zh.interviewSessions().find(isSession),
    10_000,
    'the interview session',
  );
  zh.simulateCandidate(session.id, { durationSec: 240 });
  const delivery = await eventually(
    async () => (await app.store.listDeliveries({ runId: session.id, status: 'succeeded' }))[0],
    20_000,
    'the delivered write-back',
  );
  return { session, delivery };
}

/**
 * YAML head of every e2e config: the ZenHire sandbox and a SQLite store, up to the
 * `connectors:` key (append the instances, indented 2).
 */
export function configHead(zhUrl: string, storeFile: string): string {
  return `version: 1
zenhire:
  baseUrl: ${zhUrl}
  apiKey: \${ZENHIRE_API_KEY}
store: 'sqlite:${storeFile}'
connectors:
`;
}

/**
 * YAML head shared by the Greenhouse e2e configs: the ZenHire sandbox, a SQLite store and one
 * Greenhouse instance `connector` pointing at the Greenhouse sandbox (secrets from
 * {@link sandboxEnv}). Append instance keys (indented 4) and further sections.
 */
export function greenhouseConfigHead(
  connector: string,
  zhUrl: string,
  ghUrl: string,
  storeFile: string,
): string {
  return `${configHead(zhUrl, storeFile)}  ${connector}:
    type: greenhouse
    baseUrl: ${ghUrl}/v3
    tokenUrl: ${ghUrl}/token
    clientId: \${GREENHOUSE_CLIENT_ID}
    clientSecret: \${GREENHOUSE_CLIENT_SECRET}
    userId: '112'
    webhookSecret: \${GREENHOUSE_WEBHOOK_SECRET}
`;
}
