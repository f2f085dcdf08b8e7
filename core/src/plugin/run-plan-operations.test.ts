import { ConnectorError } from '../errors';
import type { OperationOutcome } from '../model/delivery';
import type { WriteOperation, WritePlan } from '../model/write-plan';
import { type PlanStep, type PlanStepResult, runPlanOperations } from './run-plan-operations';

const note: WriteOperation = { kind: 'AddNote', body: 'B2', visibility: 'private' };
const tags: WriteOperation = { kind: 'AddTags', tags: ['zenhire'] };
const move: WriteOperation = { kind: 'MoveStage', to: 'next' };
const fields: WriteOperation = {
  kind: 'SetFields',
  fields: [{ field: 'cefr', value: 'B2', type: 'single_select' }],
};
const reject: WriteOperation = { kind: 'Reject', reason: 'Timing' };

function plan(operations: WriteOperation[]): WritePlan {
  return {
    runId: 'run_1',
    connector: 'acme',
    mapping: 'm',
    record: { connector: 'acme', candidateId: 'c1', applicationId: 'a1' },
    operations,
    hash: 'h',
  };
}

/** A step that records which indexes ran and answers from `answers` (default `applied`). */
function steps(answers: Record<number, () => PlanStepResult | undefined> = {}) {
  const ran: number[] = [];
  const step = async ({ index }: PlanStep) => {
    ran.push(index);
    return answers[index]?.() ?? { status: 'applied' as const };
  };
  return { ran, step };
}

describe('runPlanOperations', () => {
  it('runs every operation in order and reports each outcome before the next starts', async () => {
    const reported: OperationOutcome[] = [];
    const { ran, step } = steps({ 0: () => ({ status: 'applied', atsIds: { noteId: 'n1' } }) });
    const outcomes = await runPlanOperations(
      plan([note, tags]),
      {
        previousOutcomes: [],
        onOutcome: async (o) => {
          reported.push(o);
        },
      },
      async (s) => {
        expect(reported).toHaveLength(s.index); // the earlier outcome is already reported
        return step(s);
      },
      { internalErrorCode: 'ACME_INTERNAL' },
    );
    expect(ran).toEqual([0, 1]);
    expect(outcomes).toEqual([
      { index: 0, kind: 'AddNote', status: 'applied', atsIds: { noteId: 'n1' } },
      { index: 1, kind: 'AddTags', status: 'applied' },
    ]);
    expect(reported).toEqual(outcomes);
  });

  it('keeps what an earlier attempt finished without running or reporting it again', async () => {
    const done: OperationOutcome = {
      index: 0,
      kind: 'AddNote',
      status: 'applied',
      atsIds: { noteId: 'n1' },
    };
    const failedBefore: OperationOutcome = {
      index: 1,
      kind: 'AddTags',
      status: 'failed',
      error: { code: 'ACME_NETWORK', message: 'timeout', retryable: true },
    };
    const reported: OperationOutcome[] = [];
    const seen: (OperationOutcome | undefined)[] = [];
    const outcomes = await runPlanOperations(
      plan([note, tags]),
      { previousOutcomes: [done, failedBefore], onOutcome: async (o) => void reported.push(o) },
      async ({ previous }) => {
        seen.push(previous);
        return { status: 'already_applied' };
      },
      { internalErrorCode: 'ACME_INTERNAL' },
    );
    expect(seen).toEqual([failedBefore]); // only the unfinished one ran, with its old outcome
    expect(outcomes[0]).toBe(done);
    expect(reported).toEqual([{ index: 1, kind: 'AddTags', status: 'already_applied' }]);
  });

  it('runs a finished operation again when `rerun` asks for it', async () => {
    const done: OperationOutcome = { index: 0, kind: 'AddNote', status: 'applied' };
    const { ran, step } = steps();
    await runPlanOperations(plan([note, tags]), { previousOutcomes: [done] }, step, {
      internalErrorCode: 'ACME_INTERNAL',
      rerun: (op) => op.kind === 'AddNote',
    });
    expect(ran).toEqual([0, 1]);
  });

  it('fails the operation with the ConnectorError (retryAfterMs included) and blocks the rest', async () => {
    const { ran, step } = steps({
      1: () => {
        throw new ConnectorError('ACME_RATE_LIMITED', 'POST /tags: 429', true, {
          retryAfterMs: 30_000,
        });
      },
    });
    const outcomes = await runPlanOperations(
      plan([note, tags, move]),
      { previousOutcomes: [] },
      step,
      {
        internalErrorCode: 'ACME_INTERNAL',
      },
    );
    expect(ran).toEqual([0, 1]);
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'failed', 'skipped']);
    expect(outcomes[1]!.error).toEqual({
      code: 'ACME_RATE_LIMITED',
      message: 'POST /tags: 429',
      retryable: true,
      retryAfterMs: 30_000,
    });
    expect(outcomes[2]!.error).toMatchObject({ code: 'BLOCKED', retryable: true });
  });

  it('maps an error that is not a ConnectorError to the internal code, retryable', async () => {
    const outcomes = await runPlanOperations(
      plan([note]),
      { previousOutcomes: [] },
      async () => {
        throw new TypeError('x is undefined');
      },
      { internalErrorCode: 'ACME_INTERNAL' },
    );
    expect(outcomes[0]!.error).toEqual({
      code: 'ACME_INTERNAL',
      message: 'x is undefined',
      retryable: true,
    });
  });

  it('fails the operations `failsWith` names and keeps `failedAtsIds` on the failed one', async () => {
    const outcomes = await runPlanOperations(
      plan([fields, note, reject]),
      { previousOutcomes: [] },
      async ({ index }) => {
        if (index === 0) return undefined; // the fields travel with the reject
        if (index === 2) throw new ConnectorError('ACME_REJECTED', 'no', false);
        return { status: 'applied' };
      },
      {
        internalErrorCode: 'ACME_INTERNAL',
        failsWith: (index) => (index === 2 ? [2, 0] : [index]),
        failedAtsIds: ({ index }) => (index === 2 ? { reasonId: 'r1' } : undefined),
      },
    );
    expect(outcomes.map((o) => [o.status, o.error?.code, o.atsIds])).toEqual([
      ['failed', 'ACME_REJECTED', undefined],
      ['applied', undefined, undefined],
      ['failed', 'ACME_REJECTED', { reasonId: 'r1' }],
    ]);
    expect(outcomes[2]!.error!.retryable).toBe(false);
  });

  it('lets a step record outcomes of other operations; what stays unrecorded is skipped', async () => {
    const outcomes = await runPlanOperations(
      plan([fields, reject, tags]),
      { previousOutcomes: [] },
      async ({ index, outcomes: ledger }) => {
        if (index === 0) return undefined;
        if (index === 1) {
          await ledger.record({ index: 1, kind: 'Reject', status: 'applied' });
          expect(ledger.has(0)).toBe(false);
          return undefined; // the carried fields are never recorded
        }
        return { status: 'applied' };
      },
      { internalErrorCode: 'ACME_INTERNAL' },
    );
    expect(outcomes.map((o) => o.status)).toEqual(['skipped', 'applied', 'applied']);
    expect(outcomes[0]!.error).toMatchObject({ code: 'BLOCKED' });
  });

  it('skips everything left once the signal is aborted', async () => {
    const controller = new AbortController();
    const outcomes = await runPlanOperations(
      plan([note, tags]),
      { previousOutcomes: [], signal: controller.signal },
      async () => {
        controller.abort();
        return { status: 'applied' };
      },
      { internalErrorCode: 'ACME_INTERNAL' },
    );
    expect(outcomes[0]!.status).toBe('applied');
    expect(outcomes[1]).toMatchObject({
      status: 'skipped',
      error: { code: 'ABORTED', retryable: true },
    });
  });
});
