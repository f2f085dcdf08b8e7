import type { ObservedRun, RunRef } from '@zenhire-connect/core';
import { OpenRunPoller } from './open-run-poller';
import { harness, linked } from './__fixtures__/worker-fakes';

describe('OpenRunPoller', () => {
  it('polls open CV DeepMatch runs at the documented cadence and honours Retry-After', async () => {
    const h = harness();
    await h.store.saveRun({
      id: 'cvdm-1',
      module: 'cv_deepmatch',
      status: 'processing',
      terminal: false,
      observedAt: h.clock.now(),
    });
    const reads: number[] = [];
    let status = 'processing';
    let throttle = false;
    const gateway = {
      getRun: async (ref: RunRef): Promise<ObservedRun> => {
        reads.push(h.clock.now());
        if (throttle) {
          throttle = false;
          throw Object.assign(new Error('poll too soon'), {
            code: 'POLL_RATE_LIMITED',
            retryAfterSeconds: 40,
          });
        }
        const terminal = status === 'finished';
        return {
          module: 'cv_deepmatch',
          id: ref.id,
          status,
          terminal,
          ...linked('cv_deepmatch', 'app-cv'),
          body: {
            id: ref.id,
            position_id: 'job-1',
            status,
            ...(terminal
              ? { cv2jd_result: { overall_score: 0.82, breakdown: { skills: 0.9 } } }
              : {}),
          },
        };
      },
    };
    const poller = new OpenRunPoller({
      gateway,
      store: h.store,
      useCases: h.useCases,
      clock: h.clock,
      modules: ['cv_deepmatch'],
    });
    const start = h.clock.now();
    expect(await poller.pass()).toMatchObject({ polled: 1, completed: 0, nextDueInMs: 15_000 });
    h.clock.advance(10_000);
    expect(await poller.pass()).toMatchObject({ polled: 0 }); // not due: 15 s per id
    h.clock.advance(5_000);
    throttle = true;
    expect(await poller.pass()).toMatchObject({ polled: 1, failed: 1, nextDueInMs: 40_000 });
    h.clock.advance(40_000);
    status = 'finished';
    expect(await poller.pass()).toMatchObject({ polled: 1, completed: 1, nextDueInMs: undefined });
    expect(reads.map((t) => t - start)).toEqual([0, 15_000, 55_000]);
    expect((await h.store.getRun('cvdm-1'))?.terminal).toBe(true);
  });

  it('honours a Retry-After given in ms (retryAfterMs), never sooner than 10 s', async () => {
    const h = harness();
    await h.store.saveRun({
      id: 'ai-1',
      module: 'ai_interview',
      status: 'pending',
      terminal: false,
      observedAt: h.clock.now(),
    });
    let retryAfterMs = 25_000;
    const poller = new OpenRunPoller({
      gateway: {
        getRun: async () => {
          throw Object.assign(new Error('busy'), { code: 'RATE_LIMITED', retryAfterMs });
        },
      },
      store: h.store,
      useCases: h.useCases,
      clock: h.clock,
      modules: ['ai_interview'],
    });
    expect(await poller.pass()).toMatchObject({ polled: 1, failed: 1, nextDueInMs: 25_000 });
    h.clock.advance(25_000);
    retryAfterMs = 2_000;
    expect(await poller.pass()).toMatchObject({ polled: 1, failed: 1, nextDueInMs: 10_000 });
  });
});
