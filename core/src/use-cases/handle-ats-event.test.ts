import { ConnectorError } from '../errors';
import { decodeLink } from '../link/decode-link';
import { handleAtsEvent, processAtsEvent } from './handle-ats-event';
import type { UseCaseTrigger } from './use-case-deps';
import { GH, compiledRules, harness, record, stageEvent } from './__fixtures__/use-case-fakes';

describe('handleAtsEvent', () => {
  it('starts the matching trigger’s interview with the link encoded, saves the link, marks the event processed', async () => {
    const { deps, store, gateway } = harness();
    const result = await handleAtsEvent(deps, stageEvent(), Buffer.from('{}'));
    expect(result).toEqual({
      duplicate: false,
      outcomes: [
        {
          trigger: 'invite-on-screen',
          status: 'started',
          runId: 'interview-1',
          module: 'interview',
        },
      ],
    });
    expect(gateway.started).toHaveLength(1);
    const { action, correlation } = gateway.started[0];
    expect(action).toEqual({
      kind: 'interview',
      personaId: 'persona-1',
      consentMode: 'integrator',
    });
    // The run carries a link anyone can decode back to the record.
    const decoded = decodeLink({ id: 'interview-1', module: 'interview', ...correlation });
    expect(decoded).toMatchObject({
      linked: true,
      link: { record, triggerId: 'invite-on-screen' },
    });
    expect(await store.findLink('interview-1')).toMatchObject({
      record,
      triggerId: 'invite-on-screen',
    });
    expect(await store.listOpenRuns('interview', 10)).toEqual([
      expect.objectContaining({ id: 'interview-1', status: 'initiated' }),
    ]);
    expect(await store.listUnprocessedEvents(10)).toEqual([]);
    expect(store.eventResult(GH, 'evt-1')).toEqual({ outcomes: result.outcomes });
  });

  it('is a no-op on redelivery of the same event', async () => {
    const { deps, gateway } = harness();
    await handleAtsEvent(deps, stageEvent());
    expect(await handleAtsEvent(deps, stageEvent())).toEqual({ duplicate: true, outcomes: [] });
    expect(gateway.started).toHaveLength(1);
  });

  it('starts one run per application and trigger, even for a new event id', async () => {
    const { deps, gateway } = harness();
    await handleAtsEvent(deps, stageEvent('evt-1'));
    const again = await handleAtsEvent(deps, stageEvent('evt-2'));
    expect(again.outcomes).toEqual([
      { trigger: 'invite-on-screen', status: 'already_started', runId: 'interview-1' },
    ]);
    expect(gateway.started).toHaveLength(1);
  });

  it('does nothing for events no trigger matches', async () => {
    const { deps, gateway, store } = harness();
    const result = await handleAtsEvent(deps, stageEvent('evt-3', 'Offer'));
    expect(result.outcomes).toEqual([]);
    expect(gateway.started).toEqual([]);
    expect(await store.listUnprocessedEvents(10)).toEqual([]);
  });

  it('leaves the event unprocessed on a retryable failure and recovers without a second run', async () => {
    const { deps, gateway, store } = harness();
    gateway.failNextStart = new ConnectorError('UNAVAILABLE', 'ZenHire 503', true);
    await expect(handleAtsEvent(deps, stageEvent())).rejects.toThrow('ZenHire 503');
    const [pending] = await store.listUnprocessedEvents(10);
    expect(pending.id).toBe('evt-1');
    expect(await processAtsEvent(deps, pending)).toEqual([
      expect.objectContaining({ status: 'started', runId: 'interview-1' }),
    ]);
    expect(await processAtsEvent(deps, pending)).toEqual([
      expect.objectContaining({ status: 'already_started', runId: 'interview-1' }),
    ]);
    expect(gateway.started).toHaveLength(1);
  });

  it('reports a permanent failure (link too long) and still processes the event', async () => {
    const { deps, gateway, store } = harness();
    const event = { ...stageEvent(), record: { ...record, applicationId: 'a'.repeat(300) } };
    const result = await handleAtsEvent(deps, event);
    expect(result.outcomes).toEqual([
      {
        trigger: 'invite-on-screen',
        status: 'failed',
        error: expect.objectContaining({ code: 'CORRELATION_LIMIT' }),
      },
    ]);
    expect(gateway.started).toEqual([]);
    expect(await store.listUnprocessedEvents(10)).toEqual([]);
  });

  it('enqueues the "invited" plan with the candidate link when the trigger asks for it', async () => {
    const [compiled] = compiledRules().triggers;
    const trigger: UseCaseTrigger = {
      ...compiled,
      invitation: { note: { visibility: 'private' }, tags: ['zenhire-invited'] },
    };
    const { deps, store } = harness({}, [trigger]);
    const { outcomes } = await handleAtsEvent(deps, stageEvent());
    const started = outcomes[0];
    expect(started).toMatchObject({ status: 'started', invitationDeliveryId: expect.any(String) });
    const [delivery] = await store.listDeliveries({});
    expect(delivery.plan).toMatchObject({
      runId: 'interview-1',
      connector: GH,
      mapping: 'invite:invite-on-screen',
      record,
      operations: [
        {
          kind: 'AddNote',
          visibility: 'private',
          body: expect.stringContaining('https://interview.zenhire.ai/#t=tok-interview-1'),
        },
        { kind: 'AddTags', tags: ['zenhire-invited'] },
      ],
    });
  });
});
