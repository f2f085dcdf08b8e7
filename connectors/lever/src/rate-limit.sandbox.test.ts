import type { WritePlan } from '@zenhire-connect/core';
import type { LeverSandbox } from '@zenhire-connect/testkit';
import type { LeverConnector } from './lever-connector';
import { startLever } from './__fixtures__/sandbox-harness';

/** 20 plans × (note + tags + stage) = 60 operations fired at once through one connector. */
async function fire60(sandbox: LeverSandbox, connector: LeverConnector) {
  const seeded = sandbox.seedData({
    opportunities: Array.from({ length: 20 }, (_, i) => ({
      name: `Candidate ${i}`,
      emails: [`c${i}@example.com`],
      stage: 'lead-new',
    })),
  }).opportunities;
  const plans: WritePlan[] = seeded.map((opp) => ({
    runId: `run-${opp.id}`,
    connector: 'lever-main',
    mapping: 'm',
    record: { connector: 'lever-main', candidateId: opp.contact, applicationId: opp.id },
    operations: [
      { kind: 'AddNote', body: `score for ${opp.name}`, visibility: 'private' },
      { kind: 'AddTags', tags: ['zenhire:scored'] },
      { kind: 'MoveStage', to: { stage: 'offer' } },
    ],
    hash: opp.id,
  }));
  const results = await Promise.all(
    plans.map((p) => connector.applyPlan(p, { previousOutcomes: [] })),
  );
  return { seeded, results };
}

describe('client-side token bucket against the sandbox (10 rps, burst 20)', () => {
  let sandbox: LeverSandbox;
  afterEach(() => sandbox.stop());

  it('60 operations fired at once: all applied, no 429 storm at the sandbox', async () => {
    let connector: LeverConnector;
    ({ sandbox, connector } = await startLever());
    await connector.refresh();
    const { seeded, results } = await fire60(sandbox, connector);
    expect(results.flatMap((r) => r.outcomes).every((o) => o.status === 'applied')).toBe(true);
    expect(results.reduce((n, r) => n + r.calls, 0)).toBeLessThanOrEqual(61);
    const tooMany = sandbox.calls.filter((c) => c.status === 429).length;
    expect(tooMany).toBeLessThanOrEqual(1);
    expect(seeded.every((o) => sandbox.opportunity(o.id).stage === 'offer')).toBe(true);
  }, 20_000);

  it('the same load without the client-side bucket meets 429s (what the bucket prevents)', async () => {
    let connector: LeverConnector;
    ({ sandbox, connector } = await startLever({
      rateLimit: { requestsPerSecond: 10_000, burst: 10_000, maxRetries: 0 },
    }));
    await connector.refresh();
    await fire60(sandbox, connector);
    expect(sandbox.calls.filter((c) => c.status === 429).length).toBeGreaterThan(0);
  });
});
