import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_EVENT_CLAIM_LEASE_MS, type Clock } from '@zenhire-connect/core';
import { createStore } from '@zenhire-connect/store';
import { createHarness, kill, postFake } from './__fixtures__/harness';

let dir: string;
const stores: { close(): Promise<void> }[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zc-server-'));
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The clock of the process started after the crash: the dead process's claim on the event
 * it was processing expires after its lease, and only then may recovery take it over.
 */
const afterLease: Clock = { now: () => Date.now() + DEFAULT_EVENT_CLAIM_LEASE_MS + 1 };
const nextProcess = { useCaseClock: afterLease, storeNow: () => afterLease.now() };

async function openStore(file: string) {
  const store = createStore(`sqlite:${file}`);
  await store.migrate();
  stores.push(store);
  return store;
}

it('a server killed right after answering a webhook loses nothing: the next one processes the event', async () => {
  const file = join(dir, 'zenhire-connect.db');
  const first = createHarness({ store: await openStore(file) });
  first.gateway.hold(); // processing never gets to ZenHire: the process "dies" first
  const res = await postFake(first.server, { action: 'stage_change', eventId: 'gh-evt-1' });
  expect(res.statusCode).toBe(200);
  await kill(first.server);
  expect(first.gateway.started).toHaveLength(0);

  // A new process: new connection to the same SQLite file, new server, recovery at start.
  const second = createHarness({ store: await openStore(file), ...nextProcess });
  expect((await second.store.listUnprocessedEvents(10)).map((e) => e.id)).toEqual(['gh-evt-1']);
  expect(await second.server.recoverPending()).toEqual({
    scanned: 1,
    processed: 1,
    failed: 0,
    inFlight: 0,
  });
  expect(second.gateway.started).toHaveLength(1);
  expect(second.gateway.started[0]!.correlation.metadata).toMatchObject({
    zc_connector: 'fake-eu',
    zc_application: 'a-1',
  });
  expect(await second.store.listUnprocessedEvents(10)).toEqual([]);
  expect(await second.store.findLinksByRecord('fake-eu', 'a-1')).toEqual([
    expect.objectContaining({ runId: 'run-1', triggerId: 'invite' }),
  ]);

  // The ATS retries the same delivery later: a duplicate, nothing started again.
  const retry = await postFake(second.server, { action: 'stage_change', eventId: 'gh-evt-1' });
  await second.server.idle();
  expect(retry.statusCode).toBe(200);
  expect(second.gateway.started).toHaveLength(1);
  await second.server.close();
});

it('listen() runs recovery by itself', async () => {
  const file = join(dir, 'zenhire-connect.db');
  const first = createHarness({ store: await openStore(file) });
  first.gateway.hold();
  await postFake(first.server, { action: 'stage_change', eventId: 'gh-evt-2' });
  await kill(first.server);

  const second = createHarness({ store: await openStore(file), ...nextProcess });
  await second.server.listen({ host: '127.0.0.1', port: 0 });
  await second.server.idle();
  await second.server.close();
  expect(second.gateway.started).toHaveLength(1);
  expect(await second.store.listUnprocessedEvents(10)).toEqual([]);
});
