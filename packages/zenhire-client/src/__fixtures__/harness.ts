import nock from 'nock';
import { ZenHireClient, type ZenHireClientOptions } from '../client';
import type { ZenHireLogger, ZenHireRequestInfo } from '../http/transport';

/** A fake key; tests search serialised errors and logs for it. */
export const API_KEY = 'zh_api_SECRET_do_not_leak_7f3a9c';
export const BASE_URL = 'https://platform.zenhire.ai';
export const T0 = Date.parse('2026-05-29T10:00:00.000Z');

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

/** A client wired to a fake clock and a recording sleep (no real waiting). */
export function makeClient(overrides: Partial<ZenHireClientOptions> = {}) {
  const sleeps: number[] = [];
  const calls: ZenHireRequestInfo[] = [];
  const logs: LogLine[] = [];
  let now = T0;
  const logger: ZenHireLogger = {
    debug: (obj, msg) => logs.push({ level: 'debug', obj, msg }),
    info: (obj, msg) => logs.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => logs.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => logs.push({ level: 'error', obj, msg }),
  };
  const client = new ZenHireClient({
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    timeoutMs: 2_000,
    logger,
    onRequest: (info) => calls.push(info),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    now: () => now,
    random: () => 0.5,
    ...overrides,
  });
  return {
    client,
    sleeps,
    calls,
    logs,
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

/** nock scope on the API host that requires the key header. */
export function api() {
  return nock(BASE_URL, { reqheaders: { 'x-api-key': API_KEY } });
}

export function setupNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length > 0) throw new Error(`unused mocks: ${pending.join(', ')}`);
  });
  // Each test file loads its own nock while http is shared by the worker: restore the
  // interceptor so the next file in this worker does not run two of them.
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}

/** Error envelope body (zenhire-api.md §3). */
export function envelope(code: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message: `${code} happened`, timestamp: '2026-05-29T10:00:00.000Z', requestId: 'req_1705412345678_abc123', ...extra } };
}

/** Captures a rejection. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A socket-level error for `nock(...).replyWithError` (nock 14 needs an Error instance). */
export function socketError(code: string): Error {
  return Object.assign(new Error(`${code} (simulated)`), { code });
}
