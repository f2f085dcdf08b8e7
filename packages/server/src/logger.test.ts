import { Writable } from 'node:stream';
import { closeServers, createHarness, postFake, request } from './__fixtures__/harness';
import { createLogger } from './logger';

afterEach(closeServers);

function collect() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { destination, lines };
}

it('redacts secrets and candidate PII at any depth, keeps ids and names of things', () => {
  const { destination, lines } = collect();
  const logger = createLogger({ destination });
  logger.info(
    {
      headers: {
        authorization: 'Basic cGtfU0VDUkVUOg==',
        'x-cvdm-signature': 't=1,v1=abc',
        signature: 'sha256 deadbeef',
        'x-api-key': 'zh_live_key',
      },
      config: { clientSecret: 'cs_1', webhookSecret: 'wh_1', partnerKey: 'pk_1' },
      payload: {
        application: {
          id: 265277,
          candidate: {
            first_name: 'Giuseppe',
            last_name: 'Hurley',
            name: 'Giuseppe Hurley',
            email_addresses: [{ value: 'g.hurley@example.org' }],
            phone_numbers: [{ value: '+1 555 0100' }],
          },
          current_stage: { id: 71416, name: 'Assessment' },
        },
      },
      email: 'top@example.org',
    },
    'test',
  );
  const line = lines.join('');
  for (const secret of [
    'cGtfU0VDUkVUOg',
    't=1,v1=abc',
    'deadbeef',
    'zh_live_key',
    'cs_1',
    'wh_1',
    'pk_1',
    'Giuseppe',
    'Hurley',
    'g.hurley@example.org',
    '555 0100',
    'top@example.org',
  ]) {
    expect(line).not.toContain(secret);
  }
  const entry = JSON.parse(line);
  expect(entry.payload.application.id).toBe(265277);
  expect(entry.payload.application.current_stage).toEqual({ id: 71416, name: 'Assessment' });
  expect(entry.headers.authorization).toBe('[Redacted]');
});

it("a webhook's candidate e-mail and body secret never reach the log, accepted or rejected", async () => {
  const h = createHarness();
  const delivery = {
    action: 'stage_change' as const,
    eventId: 'log-1',
    email: 'candidate.private@example.org',
    note: 'api_key=body_SECRET_0c3d',
  };
  await postFake(h.server, delivery);
  await postFake(h.server, { ...delivery, eventId: 'log-2' }, { signature: '00' });
  await h.server.idle();
  await request(h.server, { url: '/readyz' });
  const logs = h.logs();
  expect(logs).toContain('webhook accepted');
  expect(logs).toContain('signature verification failed');
  expect(logs).toContain('ats event processed');
  expect(logs).not.toContain('candidate.private@example.org');
  expect(logs).not.toContain('body_SECRET_0c3d');
  expect(logs).not.toContain('fake_SECRET_wh');
});
