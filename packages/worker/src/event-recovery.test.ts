// The server's processing of a just-answered webhook and the worker's EventRecovery race on
// the same recorded event: the store claim lets exactly one of them start a ZenHire run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createUseCases,
  DEFAULT_EVENT_CLAIM_LEASE_MS,
  MapConnectorRegistry,
  type AtsEvent,
  type CorrelationFields,
  type ObservedRun,
  type StartedRun,
  type Store,
  type UseCaseTrigger,
  type UseCases,
  type ZenHireAction,
  type ZenHireGateway,
} from '@zenhire-connect/core';
import { InMemoryStore } from '@zenhire-connect/core/testing';
import { createStore } from '@zenhire-connect/store';
import { FakeAts, GH, ManualClock } from './__fixtures__/worker-fakes';
import { EventRecovery } from './event-recovery';

/** Counts starts; each start takes a few event-loop turns, like a real HTTP call. */
class CountingGateway implements ZenHireGateway {
  readonly started: { action: ZenHireAction; correlation: CorrelationFields }[] = [];

  async start(action: ZenHireAction, correlation: CorrelationFields): Promise<StartedRun> {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
    this.started.push({ action, correlation });
    return { module: action.kind, id: `interview-${this.started.length}`, status: 'initiated' };
  }

  async getRun(): Promise<ObservedRun> {
    throw new Error('not used');
  }

  async *listRuns(): AsyncIterable<ObservedRun> {}

  async analyseRecording(): Promise<StartedRun> {
    throw new Error('not used');
  }
}

const trigger: UseCaseTrigger = {
  name: 'invite-on-screen',
  connector: GH,
  matches: (event) => event.type === 'stage_entered',
  action: { kind: 'interview', personaId: 'persona-1', consentMode: 'integrator' },
};

function stageEvent(id: string, clock: ManualClock): AtsEvent {
  return {
    id,
    type: 'stage_entered',
    connector: GH,
    occurredAt: new Date(clock.now()).toISOString(),
    record: { connector: GH, candidateId: 'c-1', applicationId: 'a-1' },
    stage: { id: 's-2', name: 'Screen' },
  };
}

/** Use-cases of one process over its own store handle, sharing the gateway counter. */
function useCasesOf(store: Store, clock: ManualClock, gateway: CountingGateway): UseCases {
  return createUseCases({
    store,
    gateway,
    connectors: MapConnectorRegistry.of(new FakeAts()),
    clock,
    rules: { triggers: [trigger], mappings: [], linkRules: [] },
  });
}

let dir: string;
const opened: Store[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zc-worker-events-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each<[string, (clock: ManualClock) => Promise<[server: Store, worker: Store]>]>([
  [
    'one in-memory store',
    async (clock) => {
      const store = new InMemoryStore({ clock });
      return [store, store];
    },
  ],
  [
    'one SQLite file, a connection per process',
    async (clock) => {
      const file = join(dir, `${Math.random().toString(36).slice(2)}.db`);
      const stores = [
        createStore(`sqlite:${file}`, { clock }),
        createStore(`sqlite:${file}`, { clock }),
      ];
      opened.push(...stores);
      for (const store of stores) await store.migrate();
      return [stores[0]!, stores[1]!];
    },
  ],
])('server processing vs worker EventRecovery on %s', (_name, openStores) => {
  it.each(['server', 'recovery'])(
    'start exactly one run for an event both reach at once (%s called first)',
    async (first) => {
      const clock = new ManualClock();
      const gateway = new CountingGateway();
      const [serverStore, workerStore] = await openStores(clock);
      const server = useCasesOf(serverStore, clock, gateway);
      const recovery = new EventRecovery({
        store: workerStore,
        useCases: useCasesOf(workerStore, clock, gateway),
        clock,
      });
      const event = stageEvent('evt-1', clock);
      expect(await serverStore.recordEvent(event)).toBe(true);
      // The server is slow to get to it (or the worker's clock runs ahead): the grace passed.
      clock.advance(120_000);

      const [pass] =
        first === 'server'
          ? (await Promise.all([server.processAtsEvent(event), recovery.pass()])).reverse()
          : await Promise.all([recovery.pass(), server.processAtsEvent(event)]);

      expect(gateway.started).toHaveLength(1);
      expect(pass).toMatchObject({ failed: 0 });
      expect(await workerStore.listUnprocessedEvents(10)).toEqual([]);
      expect(await workerStore.findLinksByRecord(GH, 'a-1')).toEqual([
        expect.objectContaining({ runId: 'interview-1', triggerId: 'invite-on-screen' }),
      ]);
    },
  );

  it('leaves a crashed holder’s event alone until its claim expires, then recovers it once', async () => {
    const clock = new ManualClock();
    const gateway = new CountingGateway();
    const [serverStore, workerStore] = await openStores(clock);
    const recovery = new EventRecovery({
      store: workerStore,
      useCases: useCasesOf(workerStore, clock, gateway),
      clock,
    });
    const event = stageEvent('evt-2', clock);
    await serverStore.recordEvent(event);
    // The server claimed it and died before starting anything.
    const claimedAt = clock.now();
    expect(
      await serverStore.claimEvent(
        GH,
        event.id,
        'dead-server',
        DEFAULT_EVENT_CLAIM_LEASE_MS,
        claimedAt,
      ),
    ).toBe(true);

    clock.advance(120_000);
    expect(await recovery.pass()).toEqual({ processed: 0, failed: 0 });
    expect(gateway.started).toHaveLength(0);

    clock.ms = claimedAt + DEFAULT_EVENT_CLAIM_LEASE_MS;
    expect(await recovery.pass()).toEqual({ processed: 1, failed: 0 });
    expect(await recovery.pass()).toEqual({ processed: 0, failed: 0 });
    expect(gateway.started).toHaveLength(1);
  });
});
