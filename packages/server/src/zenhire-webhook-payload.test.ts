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
