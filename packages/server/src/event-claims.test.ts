// Two server processes on one store: live processing and the other's recovery pass race for
// the same recorded event; the store claim lets exactly one of them start a run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '@zenhire-connect/store';
import { closeServers, createHarness, postFake } from './__fixtures__/harness';

let dir: string;
const stores: { close(): Promise<void> }[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zc-server-claims-'));
});

afterEach(async () => {
  await closeServers();
  await Promise.all(stores.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function openStore(file: string) {
  const store = createStore(`sqlite:${file}`);
  await store.migrate();
  stores.push(store);
  return store;
}

it('recovery in another server skips an event the answering server is still processing', async () => {
  const file = join(dir, 'zenhire-connect.db');
  const live = createHarness({ store: await openStore(file) });
  const other = createHarness({ store: await openStore(file) });
  live.gateway.hold(); // the answering server is mid-way through starting the run
  expect(
    (await postFake(live.server, { action: 'stage_change', eventId: 'gh-evt-7' })).statusCode,
  ).toBe(200);
  // Wait until the live processing holds the claim (it is blocked inside gateway.start).
  while ((await live.store.listUnprocessedEvents(10, { claimableAt: Date.now() })).length > 0) {
    await new Promise((resolve) => setImmediate(resolve));
  }

  expect(await other.server.recoverPending()).toEqual({
    scanned: 0,
    processed: 0,
    failed: 0,
    inFlight: 0,
  });
  live.gateway.release();
  await live.server.idle();

  expect(live.gateway.started).toHaveLength(1);
  expect(other.gateway.started).toHaveLength(0);
  expect(await other.store.listUnprocessedEvents(10)).toEqual([]);
  expect(await other.store.findLinksByRecord('fake-eu', 'a-1')).toHaveLength(1);
});
