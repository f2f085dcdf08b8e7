import { toObservedRun } from '@zenhire-connect/core';
import { readZenHireWebhook } from './zenhire-webhook-payload';

const base = { id: 'cvdm_1', position_id: 'pos-1', metadata: { zc_v: '1', n: 3 }, tags: ['zc'] };

it('a finished CV DeepMatch object with its result is used as it is (no poll)', () => {
  const run = readZenHireWebhook('cv_deepmatch', {
    ...base,
    status: 'finished',
    cv2jd_result: { overall_score: 0.5, breakdown: { skills: 0.5 } },
  });
  expect(run?.observed).toMatchObject({
    module: 'cv_deepmatch',
    id: 'cvdm_1',
    status: 'finished',
    terminal: true,
    metadata: { zc_v: '1', n: '3' },
    tags: ['zc'],
  });
});

it('the observed run matches the worker mapping field by field (core toObservedRun)', () => {
  const payload = {
    ...base,
    status: 'finished',
    externalId: 'zc1:gh:1',
    created_at: '2026-11-21T13:58:00Z',
    processing_completed_at: '2026-11-21T13:59:00Z',
    cv2jd_result: { overall_score: 0.5 },
  };
  const run = readZenHireWebhook('cv_deepmatch', payload);
  expect(run?.observed).toEqual({
    module: 'cv_deepmatch',
    id: 'cvdm_1',
    status: 'finished',
    terminal: true,
    externalId: 'zc1:gh:1',
    metadata: { zc_v: '1', n: '3' },
    tags: ['zc'],
    createdAt: '2026-11-21T13:58:00Z',
    body: expect.objectContaining({ processing_completed_at: '2026-11-21T13:59:00Z' }),
  });
  expect(run?.observed).toEqual(toObservedRun('cv_deepmatch', run?.observed?.body as object));
});

it('externalId falls back to a snake_case external_id; null when neither is a string', () => {
  const failed = { ...base, status: 'failed', error: { code: 'INVALID_INPUT' } };
  expect(
    readZenHireWebhook('cv_deepmatch', { ...failed, external_id: 'zc1:gh:2' })?.observed
      ?.externalId,
  ).toBe('zc1:gh:2');
  expect(
    readZenHireWebhook('cv_deepmatch', { ...failed, externalId: 'a', external_id: 'b' })?.observed
      ?.externalId,
  ).toBe('a');
  expect(readZenHireWebhook('cv_deepmatch', failed)?.observed?.externalId).toBeNull();
});

it('createdAt follows toObservedRun: an empty created_at is omitted, createdAt wins', () => {
  const failed = { ...base, status: 'failed', error: { code: 'INVALID_INPUT' } };
  expect(
    readZenHireWebhook('cv_deepmatch', { ...failed, created_at: '' })?.observed,
  ).not.toHaveProperty('createdAt');
  expect(
    readZenHireWebhook('cv_deepmatch', { ...failed, createdAt: 'a', created_at: 'b' })?.observed
      ?.createdAt,
  ).toBe('a');
});

it('a failed CV DeepMatch object is terminal too', () => {
  const run = readZenHireWebhook('cv_deepmatch', {
    ...base,
    status: 'failed',
    error: { code: 'INVALID_INPUT', message: 'not a PDF' },
  });
  expect(run?.observed?.status).toBe('failed');
});

it.each([
  ['still processing', { ...base, status: 'processing' }],
  ['finished without its result', { ...base, status: 'finished' }],
  ['only an id in an envelope', { event: 'cvdeepmatch.finished', data: { id: 'cvdm_1' } }],
])('%s → the id only (the run is polled)', (_name, payload) => {
  const run = readZenHireWebhook('cv_deepmatch', payload);
  expect(run?.id).toBe('cvdm_1');
  expect(run?.observed).toBeUndefined();
});

it('CV DeepSearch runs are always polled', () => {
  expect(readZenHireWebhook('cv_deepsearch', { id: 'cvds_1', status: 'completed' })).toEqual({
    module: 'cv_deepsearch',
    id: 'cvds_1',
    status: 'completed',
  });
});

it.each([[null], ['text'], [[]], [{ status: 'finished' }]])('%p has no run id', (payload) => {
  expect(readZenHireWebhook('cv_deepmatch', payload)).toBeUndefined();
});
