import type { OperationOutcome, WriteOperation, WritePlan } from '@zenhire-connect/core';
import { LEVER_SANDBOX_OAUTH_TOKEN, type LeverSandbox } from '@zenhire-connect/testkit';
import type { LeverConnector } from './lever-connector';
import {
  ACTIVE_OPPORTUNITY,
  FEEDBACK_TEMPLATE,
  USERS,
  startLever,
} from './__fixtures__/sandbox-harness';

const HM_REVIEW = '49422c7e-5b86-4a06-9386-d432f6e98d57';
const TIMING = 'c97322d4-a7f3-4008-948c-4f8e9c58d372';

function plan(operations: WriteOperation[], opportunityId = ACTIVE_OPPORTUNITY): WritePlan {
  return {
    runId: 'run-1',
    connector: 'lever-main',
    mapping: 'speech-score',
    record: { connector: 'lever-main', candidateId: 'contact-1', applicationId: opportunityId },
    operations,
    hash: 'h',
  };
}

const scoreNote: WriteOperation = {
  kind: 'AddNote',
  body: 'ZenHire speech score: 87/100 (CEFR C1)',
  visibility: 'private',
};
const tags: WriteOperation = { kind: 'AddTags', tags: ['zenhire:scored', 'CEFR C1'] };

describe('applyPlan against the Lever sandbox, over HTTP', () => {
  let sandbox: LeverSandbox;
  let connector: LeverConnector;
  const writes = (since: number) => sandbox.calls.slice(since).map((c) => `${c.method} ${c.path}`);
  const noteWrites = (since: number) =>
    writes(since).filter((w) => !w.startsWith('GET') && w.includes('/notes'));

  beforeEach(async () => {
    ({ sandbox, connector } = await startLever());
    expect(await connector.refresh()).toBe(3); // stages, archive reasons, users: warm caches
  });
  afterEach(() => sandbox.stop());

  it('note + tags + named stage: 3 calls, perform_as on each, outcomes with the note id', async () => {
    const before = sandbox.calls.length;
    const result = await connector.applyPlan(
      plan([scoreNote, tags, { kind: 'MoveStage', to: { stage: 'HM Review' } }]),
      { previousOutcomes: [] },
    );
    expect(result.calls).toBe(3);
    expect(writes(before)).toEqual([
      `POST /v1/opportunities/${ACTIVE_OPPORTUNITY}/notes`,
      `POST /v1/opportunities/${ACTIVE_OPPORTUNITY}/addTags`,
      `PUT /v1/opportunities/${ACTIVE_OPPORTUNITY}/stage`,
    ]);
    expect(sandbox.calls.slice(before).every((c) => c.query.perform_as === USERS.seedUser)).toBe(
      true,
    );
    const notes = sandbox.notes(ACTIVE_OPPORTUNITY);
    expect(notes).toHaveLength(1);
    expect(result.outcomes).toEqual([
      { index: 0, kind: 'AddNote', status: 'applied', atsIds: { noteId: notes[0]!.note.id } },
      { index: 1, kind: 'AddTags', status: 'applied' },
      { index: 2, kind: 'MoveStage', status: 'applied', atsIds: { stageId: HM_REVIEW } },
    ]);
    const opp = sandbox.opportunity(ACTIVE_OPPORTUNITY);
    expect(opp.stage).toBe(HM_REVIEW);
    expect(opp.tags).toEqual(expect.arrayContaining(['zenhire:scored', 'CEFR C1']));
    expect(opp.stageChanges.at(-1)!.userId).toBe(USERS.seedUser);
  });

  it('note + tags + next stage: still 3 calls (the tags answer tells the current stage)', async () => {
    const before = sandbox.calls.length;
    const result = await connector.applyPlan(
      plan([scoreNote, tags, { kind: 'MoveStage', to: 'next' }]),
      { previousOutcomes: [] },
    );
    expect(result.calls).toBe(3);
    expect(sandbox.opportunity(ACTIVE_OPPORTUNITY).stage).toBe('lead-reached-out');
    expect(writes(before)).toHaveLength(3);
  });

  it('next stage alone re-reads the opportunity (2 calls); a retry never advances twice', async () => {
    const move = plan([{ kind: 'MoveStage', to: 'next' }]);
    const first = await connector.applyPlan(move, { previousOutcomes: [] });
    expect(first.calls).toBe(2);
    expect(first.outcomes[0]).toMatchObject({
      status: 'applied',
      atsIds: { stageId: 'lead-reached-out' },
    });
    const failedBefore: OperationOutcome = {
      ...first.outcomes[0]!,
      status: 'failed',
      error: { code: 'LEVER_NETWORK', message: 'x', retryable: true },
    };
    const retry = await connector.applyPlan(move, { previousOutcomes: [failedBefore] });
    expect(retry.outcomes[0]).toMatchObject({ atsIds: { stageId: 'lead-reached-out' } });
    expect(sandbox.opportunity(ACTIVE_OPPORTUNITY).stage).toBe('lead-reached-out');
  });

  it('reject: 1 call (PUT archived with the reason resolved by name)', async () => {
    const before = sandbox.calls.length;
    const result = await connector.applyPlan(plan([{ kind: 'Reject', reason: 'Timing' }]), {
      previousOutcomes: [],
    });
    expect(result.calls).toBe(1);
    expect(writes(before)).toEqual([`PUT /v1/opportunities/${ACTIVE_OPPORTUNITY}/archived`]);
    expect(sandbox.calls.at(-1)!.body).toEqual({ reason: TIMING });
    expect(result.outcomes[0]).toMatchObject({
      status: 'applied',
      atsIds: { archiveReasonId: TIMING },
    });
    expect(sandbox.opportunity(ACTIVE_OPPORTUNITY).archived?.reason).toBe(TIMING);
  });

  it('reject with a note: 2 calls (note, then archive); the note id is kept on the outcome', async () => {
    const before = sandbox.calls.length;
    const result = await connector.applyPlan(
      plan([{ kind: 'Reject', reason: 'timing', note: 'Score below 60' }]),
      { previousOutcomes: [] },
    );
    expect(writes(before)).toEqual([
      `POST /v1/opportunities/${ACTIVE_OPPORTUNITY}/notes`,
      `PUT /v1/opportunities/${ACTIVE_OPPORTUNITY}/archived`,
    ]);
    expect(result.outcomes[0]).toMatchObject({
      status: 'applied',
      atsIds: { archiveReasonId: TIMING, noteId: expect.any(String) },
    });
  });

  it('reject with a hired reason fails without a call; an unknown reason names the valid ones', async () => {
    const before = sandbox.calls.length;
    const hired = await connector.applyPlan(plan([{ kind: 'Reject', reason: 'Hired' }]), {
      previousOutcomes: [],
    });
    expect(hired.outcomes[0]).toMatchObject({
      status: 'failed',
      error: { code: 'LEVER_ARCHIVE_REASON_HIRED', retryable: false },
    });
    expect(writes(before)).toEqual([]);
    const unknown = await connector.applyPlan(plan([{ kind: 'Reject', reason: 'Ghosted' }]), {
      previousOutcomes: [],
    });
    expect(unknown.outcomes[0]!.error).toMatchObject({ code: 'LEVER_ARCHIVE_REASON_UNKNOWN' });
    expect(unknown.outcomes[0]!.error!.message).toContain('Position closed');
  });

  it('a retried delivery writes nothing for its applied note; a changed plan of the same run and mapping corrects it with PUT', async () => {
    const p = plan([scoreNote, { kind: 'MoveStage', to: { stage: 'No such stage' } }]);
    const first = await connector.applyPlan(p, { previousOutcomes: [] });
    expect(first.outcomes.map((o) => o.status)).toEqual(['applied', 'failed']);
    const noteId = first.outcomes[0]!.atsIds!.noteId!;

    // Retry of the SAME delivery (same plan, same text): the note is not touched.
    let before = sandbox.calls.length;
    const retry = await connector.applyPlan(p, { previousOutcomes: first.outcomes, attempt: 2 });
    expect(retry.outcomes[0]).toEqual(first.outcomes[0]);
    expect(noteWrites(before)).toEqual([]);
    expect(writes(before).filter((w) => !w.startsWith('GET'))).toEqual([]); // stage refused again

    // A NEW delivery of the same run and mapping (the mapping changed: new text, new hash):
    // the note is corrected in place, never posted a second time.
    const corrected = 'ZenHire speech score: 85/100 (CEFR C1), rescored';
    const changed: WritePlan = {
      ...plan([{ ...scoreNote, body: corrected } as WriteOperation, tags]),
      hash: 'h2',
    };
    before = sandbox.calls.length;
    const second = await connector.applyPlan(changed, { previousOutcomes: [], attempt: 1 });
    expect(second.outcomes[0]).toEqual({
      index: 0,
      kind: 'AddNote',
      status: 'applied',
      atsIds: { noteId },
    });
    expect(noteWrites(before)).toEqual([
      `PUT /v1/opportunities/${ACTIVE_OPPORTUNITY}/notes/${noteId}`,
    ]);
    let notes = sandbox.notes(ACTIVE_OPPORTUNITY);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.note.fields[0]!.value).toBe(corrected);
    expect(notes[0]!.history.map((h) => h.action)).toEqual(['created', 'updated']);

    // Yet another delivery of that run and mapping with the same text: no note call at all.
    before = sandbox.calls.length;
    const third = await connector.applyPlan(
      { ...plan([{ ...scoreNote, body: corrected } as WriteOperation]), hash: 'h3' },
      { previousOutcomes: [] },
    );
    expect(third.outcomes[0]).toMatchObject({ status: 'already_applied', atsIds: { noteId } });
    expect(third.calls).toBe(0);
    notes = sandbox.notes(ACTIVE_OPPORTUNITY);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.history).toHaveLength(2);

    // Another mapping of the same run writes its own note.
    before = sandbox.calls.length;
    await connector.applyPlan(
      { ...plan([scoreNote]), mapping: 'other-mapping', hash: 'h4' },
      { previousOutcomes: [] },
    );
    expect(noteWrites(before)).toEqual([`POST /v1/opportunities/${ACTIVE_OPPORTUNITY}/notes`]);
    expect(sandbox.notes(ACTIVE_OPPORTUNITY)).toHaveLength(2);
  });

  it('a correction whose PUT failed is not taken as done: the retry sends the PUT again', async () => {
    const first = await connector.applyPlan(plan([scoreNote]), { previousOutcomes: [] });
    const noteId = first.outcomes[0]!.atsIds!.noteId!;
    const changed = { ...plan([{ ...scoreNote, body: 'rescored' } as WriteOperation]), hash: 'h2' };
    sandbox.faults.configure({ errorRates: { 503: 1 } });
    const failed = await connector.applyPlan(changed, { previousOutcomes: [], attempt: 1 });
    sandbox.faults.configure({});
    expect(failed.outcomes[0]).toMatchObject({ status: 'failed', error: { retryable: true } });
    expect(failed.outcomes[0]!.atsIds?.noteId).toBeUndefined();
    const before = sandbox.calls.length;
    const retry = await connector.applyPlan(changed, {
      previousOutcomes: failed.outcomes,
      attempt: 2,
    });
    expect(noteWrites(before)).toEqual([
      `PUT /v1/opportunities/${ACTIVE_OPPORTUNITY}/notes/${noteId}`,
    ]);
    expect(retry.outcomes[0]).toMatchObject({ status: 'applied', atsIds: { noteId } });
    expect(sandbox.notes(ACTIVE_OPPORTUNITY)[0]!.note.fields[0]!.value).toBe('rescored');
  });

  it('a correction posts the note again when it was deleted in Lever meanwhile', async () => {
    const first = await connector.applyPlan(plan([scoreNote]), { previousOutcomes: [] });
    const noteId = first.outcomes[0]!.atsIds!.noteId!;
    sandbox.store.deleteNote(ACTIVE_OPPORTUNITY, noteId, USERS.seedUser); // a recruiter deletes it
    const before = sandbox.calls.length;
    const changed = { ...plan([{ ...scoreNote, body: 'rescored' } as WriteOperation]), hash: 'h2' };
    const second = await connector.applyPlan(changed, { previousOutcomes: [] });
    expect(noteWrites(before)).toEqual([
      `PUT /v1/opportunities/${ACTIVE_OPPORTUNITY}/notes/${noteId}`,
      `POST /v1/opportunities/${ACTIVE_OPPORTUNITY}/notes`,
    ]);
    expect(second.outcomes[0]).toMatchObject({ status: 'applied' });
    expect(second.outcomes[0]!.atsIds!.noteId).not.toBe(noteId);
  });

  it('a reject whose archive failed after its note: the retry archives without touching the note', async () => {
    const p = plan([{ kind: 'Reject', reason: 'timing', note: 'Score below 60' }]);
    const failedArchive: OperationOutcome = {
      index: 0,
      kind: 'Reject',
      status: 'failed',
      atsIds: { archiveReasonId: TIMING, noteId: 'note-from-attempt-1' },
      error: { code: 'LEVER_SERVER_ERROR', message: '503', retryable: true },
    };
    const before = sandbox.calls.length;
    const retry = await connector.applyPlan(p, { previousOutcomes: [failedArchive], attempt: 2 });
    expect(writes(before)).toEqual([`PUT /v1/opportunities/${ACTIVE_OPPORTUNITY}/archived`]);
    expect(retry.outcomes[0]).toMatchObject({
      status: 'applied',
      atsIds: { archiveReasonId: TIMING, noteId: 'note-from-attempt-1' },
    });
  });

  it('a POST whose answer was lost is not repeated: the note with the same text is adopted', async () => {
    const first = await connector.applyPlan(plan([scoreNote]), { previousOutcomes: [] });
    const lost: OperationOutcome = {
      index: 0,
      kind: 'AddNote',
      status: 'failed',
      error: { code: 'LEVER_NETWORK', message: 'timeout', retryable: true },
    };
    const retry = await connector.applyPlan(plan([scoreNote]), { previousOutcomes: [lost] });
    expect(retry.outcomes[0]).toEqual({
      index: 0,
      kind: 'AddNote',
      status: 'already_applied',
      atsIds: first.outcomes[0]!.atsIds,
    });
    expect(sandbox.notes(ACTIVE_OPPORTUNITY)).toHaveLength(1);
  });

  it('move and reject that are already there succeed as already_applied', async () => {
    sandbox.changeStage(ACTIVE_OPPORTUNITY, HM_REVIEW);
    const moved = await connector.applyPlan(
      plan([tags, { kind: 'MoveStage', to: { stage: HM_REVIEW } }]),
      { previousOutcomes: [] },
    );
    expect(moved.calls).toBe(1); // the tags answer shows the stage: no PUT
    expect(moved.outcomes[1]).toMatchObject({ status: 'already_applied' });
    sandbox.archive(ACTIVE_OPPORTUNITY, TIMING);
    const rejected = await connector.applyPlan(plan([tags, { kind: 'Reject', reason: 'Timing' }]), {
      previousOutcomes: [],
    });
    expect(rejected.outcomes[1]).toMatchObject({ status: 'already_applied' });
  });

  it('skips what a previous attempt applied and blocks what follows a failure', async () => {
    const p = plan([
      tags,
      { kind: 'MoveStage', to: { stage: 'Nowhere' } },
      { kind: 'Reject', reason: 'Timing' },
    ]);
    const first = await connector.applyPlan(p, { previousOutcomes: [] });
    expect(first.outcomes.map((o) => o.status)).toEqual(['applied', 'failed', 'skipped']);
    expect(first.outcomes[1]!.error).toMatchObject({
      code: 'LEVER_STAGE_UNKNOWN',
      retryable: false,
    });
    expect(first.outcomes[2]!.error).toMatchObject({ code: 'BLOCKED' });
    const before = sandbox.calls.length;
    await connector.applyPlan(p, { previousOutcomes: first.outcomes });
    expect(writes(before).filter((c) => c.includes('addTags'))).toEqual([]);
  });

  it('SetFields without feedbackTemplate is unsupported and declared so', async () => {
    expect(connector.capabilities.operations).not.toContain('SetFields');
    const result = await connector.applyPlan(
      plan([
        { kind: 'SetFields', fields: [{ field: 'Overall rating', value: 4, type: 'number' }] },
      ]),
      { previousOutcomes: [] },
    );
    expect(result.outcomes[0]).toMatchObject({
      status: 'failed',
      error: { code: 'LEVER_UNSUPPORTED_OPERATION', retryable: false },
    });
    expect(result.calls).toBe(0);
  });

  it('resolveRecord reads the opportunity (candidate, stage name, status) in 1 call with warm caches', async () => {
    const before = sandbox.calls.length;
    const resolved = await connector.resolveRecord({
      connector: 'lever-main',
      candidateId: 'unknown',
      applicationId: ACTIVE_OPPORTUNITY,
    });
    expect(sandbox.calls.length - before).toBe(1);
    expect(resolved).toMatchObject({
      candidate: {
        id: sandbox.opportunity(ACTIVE_OPPORTUNITY).contact,
        name: 'Nango Test Candidate',
        email: 'test@nango.dev',
      },
      application: { id: ACTIVE_OPPORTUNITY, status: 'active' },
      stage: { id: 'lead-new', name: 'New lead' },
    });
    const archived = await connector.resolveRecord({
      connector: 'lever-main',
      candidateId: 'x',
      applicationId: '6408dc54-7015-4e5b-8d60-23afff2b1efc',
    });
    expect(archived.application?.status).toBe('rejected');
  });

  it('previewPlan lists exactly the calls applyPlan then makes, sending nothing', async () => {
    const base = plan([
      scoreNote,
      tags,
      { kind: 'MoveStage', to: 'next' },
      { kind: 'Reject', reason: 'Timing', note: 'Below threshold' },
    ]);
    const p = { ...base, record: { ...base.record, stageId: 'lead-new' } }; // the stage the link recorded
    const before = sandbox.calls.length;
    const preview = connector.previewPlan(p);
    expect(sandbox.calls.length).toBe(before);
    await connector.applyPlan(p, { previousOutcomes: [] });
    const sent = sandbox.calls.slice(before);
    expect(preview.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual(
      sent.map((c) => `${c.method} ${c.path}`),
    );
    expect(preview.map((c) => c.body)).toEqual(sent.map((c) => c.body));
    expect(
      preview.every((c) => new URL(c.url).searchParams.get('perform_as') === USERS.seedUser),
    ).toBe(true);
  });
});

describe('SetFields as a feedback form (feedbackTemplate configured)', () => {
  let sandbox: LeverSandbox;
  let connector: LeverConnector;
  beforeEach(async () => {
    ({ sandbox, connector } = await startLever({
      feedbackTemplate: 'Nango Seed Feedback Template 1',
    }));
  });
  afterEach(() => sandbox.stop());

  it('writes the score into the template field matched by name; a retry updates the same form', async () => {
    expect(connector.capabilities.operations).toContain('SetFields');
    const p = plan([
      { kind: 'SetFields', fields: [{ field: 'overall rating', value: 4, type: 'number' }] },
    ]);
    const first = await connector.applyPlan(p, { previousOutcomes: [] });
    expect(first.outcomes[0]).toMatchObject({
      status: 'applied',
      atsIds: { feedbackId: expect.any(String) },
    });
    const forms = sandbox.feedbackForms(ACTIVE_OPPORTUNITY);
    expect(forms).toHaveLength(1);
    expect(forms[0]!.form).toMatchObject({
      baseTemplateId: FEEDBACK_TEMPLATE,
      user: USERS.seedUser,
    });
    expect(forms[0]!.form.fields[0]!.value).toBe('4 - Strong Hire');
    const failed: OperationOutcome = {
      ...first.outcomes[0]!,
      status: 'failed',
      error: { code: 'LEVER_NETWORK', message: 'x', retryable: true },
    };
    await connector.applyPlan(
      plan([
        {
          kind: 'SetFields',
          fields: [{ field: 'Overall rating', value: '2', type: 'single_select' }],
        },
      ]),
      {
        previousOutcomes: [failed],
      },
    );
    const after = sandbox.feedbackForms(ACTIVE_OPPORTUNITY);
    expect(after).toHaveLength(1);
    expect(after[0]!.form.fields[0]!.value).toBe('2 - No Hire');
  });

  it('with warm caches (refresh: 4 calls) a SetFields plan costs 1 call; cold, previewPlan shows the GET', async () => {
    const p = plan([
      { kind: 'SetFields', fields: [{ field: 'Overall rating', value: 3, type: 'number' }] },
    ]);
    expect(connector.previewPlan(p).map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'GET /v1/feedback_templates',
      `POST /v1/opportunities/${ACTIVE_OPPORTUNITY}/feedback`,
    ]);
    expect(await connector.refresh()).toBe(4);
    const before = sandbox.calls.length;
    const result = await connector.applyPlan(p, { previousOutcomes: [] });
    expect(result.calls).toBe(1);
    expect(sandbox.calls.length - before).toBe(1);
    expect(sandbox.calls.at(-1)!.query.perform_as).toBe(USERS.seedUser);
  });

  it('an unknown field fails with the template field names', async () => {
    const result = await connector.applyPlan(
      plan([{ kind: 'SetFields', fields: [{ field: 'CEFR', value: 'C1', type: 'text' }] }]),
      { previousOutcomes: [] },
    );
    expect(result.outcomes[0]!.error).toMatchObject({ code: 'LEVER_FIELD_UNKNOWN' });
    expect(result.outcomes[0]!.error!.message).toContain('Overall rating');
  });
});

describe('credentials against the sandbox', () => {
  let sandbox: LeverSandbox | undefined;
  afterEach(() => sandbox?.stop());

  it('an OAuth access token (Bearer) works like an API key', async () => {
    let connector: LeverConnector;
    ({ sandbox, connector } = await startLever({
      apiKey: undefined,
      accessToken: LEVER_SANDBOX_OAUTH_TOKEN,
    }));
    const result = await connector.applyPlan(plan([tags]), { previousOutcomes: [] });
    expect(result.outcomes[0]!.status).toBe('applied');
  });

  it('a read-only key fails the write with a permanent LEVER_FORBIDDEN', async () => {
    let connector: LeverConnector;
    ({ sandbox, connector } = await startLever(
      { apiKey: 'read-only-key' },
      { readOnlyApiKeys: ['read-only-key'] },
    ));
    const result = await connector.applyPlan(plan([tags]), { previousOutcomes: [] });
    expect(result.outcomes[0]).toMatchObject({
      status: 'failed',
      error: { code: 'LEVER_FORBIDDEN', retryable: false },
    });
    expect(result.outcomes[0]!.error!.message).not.toContain('read-only-key');
  });
});
