import {
  ZenHireArtifactNotReadyError,
  ZenHireLimitError,
  ZenHireSubmitOutcomeUnknownError,
} from '../errors';
import { api, caught, envelope, makeClient, setupNock, socketError } from '../__fixtures__/harness';
import persona from '../__fixtures__/persona.json';
import personaDetail from '../__fixtures__/persona-detail.json';
import personasList from '../__fixtures__/personas-list.json';
import sessionCreate from '../__fixtures__/session-create.json';
import sessionCreateLegacy from '../__fixtures__/session-create-legacy.json';
import sessionInitiated from '../__fixtures__/session-initiated.json';
import sessionActive from '../__fixtures__/session-active.json';
import sessionCompleted from '../__fixtures__/session-completed.json';
import sessionFailed from '../__fixtures__/session-failed.json';
import sessionsPage from '../__fixtures__/sessions-page.json';
import transcript from '../__fixtures__/transcript.json';

setupNock();

const PERSONA_ID = persona.id;
const SESSION_ID = sessionCreate.id;

describe('personas', () => {
  it('creates a persona with a JSON body', async () => {
    const { client } = makeClient();
    api()
      .post('/api/v1/interview/personas', { role_name: 'Customer Support Agent', language: 'en' })
      .matchHeader('content-type', /application\/json/)
      .reply(201, persona);
    expect(
      await client.interview.createPersona({ role_name: 'Customer Support Agent', language: 'en' }),
    ).toMatchObject({
      id: PERSONA_ID,
      status: 'active',
      base_prompt_override: null,
    });
  });

  it('refuses an over-long role_name and does not resend after an ambiguous failure', async () => {
    const { client, calls } = makeClient();
    expect(
      await caught(client.interview.createPersona({ role_name: 'x'.repeat(201), language: 'en' })),
    ).toMatchObject({
      field: 'role_name',
    });
    api().post('/api/v1/interview/personas').reply(504, '<html>Gateway Timeout</html>');
    expect(
      await caught(client.interview.createPersona({ role_name: 'r', language: 'en' })),
    ).toBeInstanceOf(ZenHireSubmitOutcomeUnknownError);
    expect(calls).toHaveLength(1);
  });

  it('lists personas from { data: [...] } and gets a PersonaDetail', async () => {
    const { client } = makeClient();
    api().get('/api/v1/interview/personas').reply(200, personasList);
    api().get(`/api/v1/interview/personas/${PERSONA_ID}`).reply(200, personaDetail);
    expect((await client.interview.listPersonas()).map((p) => p.language)).toEqual(['en', 'de']);
    expect(await client.interview.getPersona(PERSONA_ID)).toMatchObject({
      system_prompt: expect.any(String),
      updated_at: null,
    });
  });
});

describe('sessions', () => {
  it('creates a session with consent_mode, candidate_ref, metadata and tags', async () => {
    const { client } = makeClient();
    api()
      .post(`/api/v1/interview/personas/${PERSONA_ID}/sessions`, {
        consent_mode: 'explicit',
        candidate_ref: 'gh:app:4711',
        metadata: { ats: 'greenhouse', attempt: 1 },
        tags: ['wave-1'],
      })
      .reply(201, sessionCreate);
    const created = await client.interview.createSession(PERSONA_ID, {
      consent_mode: 'explicit',
      candidate_ref: 'gh:app:4711',
      metadata: { ats: 'greenhouse', attempt: 1 },
      tags: ['wave-1 '],
    });
    expect(created).toMatchObject({ id: SESSION_ID, expires_in: 604800 });
    expect(created.candidate_link).toMatch(/^https:\/\/interview\.zenhire\.ai\/#t=/);
  });

  it('sends tags trimmed and de-duplicated, and null tags as null', async () => {
    const { client } = makeClient();
    api()
      .post(`/api/v1/interview/personas/${PERSONA_ID}/sessions`, {
        consent_mode: 'integrator',
        tags: ['wave-1', 'eu'],
      })
      .reply(201, sessionCreate)
      .post(`/api/v1/interview/personas/${PERSONA_ID}/sessions`, {
        consent_mode: 'integrator',
        tags: null,
      })
      .reply(201, sessionCreate);
    await client.interview.createSession(PERSONA_ID, {
      consent_mode: 'integrator',
      tags: ['wave-1', ' wave-1 ', 'eu'],
    });
    await client.interview.createSession(PERSONA_ID, { consent_mode: 'integrator', tags: null });
  });

  it('accepts session_id (guide pages) as id', async () => {
    const { client } = makeClient();
    api().post(`/api/v1/interview/personas/${PERSONA_ID}/sessions`).reply(201, sessionCreateLegacy);
    expect(
      (await client.interview.createSession(PERSONA_ID, { consent_mode: 'integrator' })).id,
    ).toBe(SESSION_ID);
  });

  it('refuses candidate_ref over 256 chars instead of letting ZenHire truncate it', async () => {
    const { client, calls } = makeClient();
    const error = (await caught(
      client.interview.createSession(PERSONA_ID, {
        consent_mode: 'integrator',
        candidate_ref: 'c'.repeat(257),
      }),
    )) as ZenHireLimitError;
    expect(error).toBeInstanceOf(ZenHireLimitError);
    expect(error.field).toBe('candidate_ref');
    expect(calls).toHaveLength(0);
    await expect(
      client.interview.createSession(PERSONA_ID, {
        consent_mode: 'integrator',
        tags: Array.from({ length: 21 }, (_, i) => `t${i}`),
      }),
    ).rejects.toMatchObject({ field: 'tags' });
  });

  it('resends a session create once after an ambiguous failure (unused sessions are never charged)', async () => {
    const { client, calls } = makeClient();
    api()
      .post(`/api/v1/interview/personas/${PERSONA_ID}/sessions`)
      .replyWithError(socketError('ECONNRESET'));
    api().post(`/api/v1/interview/personas/${PERSONA_ID}/sessions`).reply(201, sessionCreate);
    expect(
      (await client.interview.createSession(PERSONA_ID, { consent_mode: 'explicit' })).id,
    ).toBe(SESSION_ID);
    expect(calls).toHaveLength(2);
  });

  it.each([
    ['initiated', sessionInitiated],
    ['active', sessionActive],
    ['completed', sessionCompleted],
    ['failed', sessionFailed],
  ])('gets a %s session and normalises null metadata/tags', async (status, body) => {
    const { client } = makeClient();
    api().get(`/api/v1/interview/sessions/${SESSION_ID}`).reply(200, body);
    const session = await client.interview.getSession(SESSION_ID);
    expect(session.status).toBe(status);
    expect(session.metadata).toEqual(body.metadata ?? {});
    expect(session.tags).toEqual(body.tags ?? []);
  });

  it('keeps metadata number/boolean values and the completion fields', async () => {
    const { client } = makeClient();
    api().get(`/api/v1/interview/sessions/${SESSION_ID}`).reply(200, sessionCompleted);
    expect(await client.interview.getSession(SESSION_ID)).toMatchObject({
      duration_sec: 870,
      credit_charged: 15,
      interview_svc_session_id: 'ses_a1b2c3d4e5f6',
      feedback: { rating: 4 },
    });
  });

  it('lists sessions (role_name null when the persona was deleted)', async () => {
    const { client } = makeClient();
    api().get('/api/v1/interview/sessions').query({ limit: '20' }).reply(200, sessionsPage);
    const rows = [];
    for await (const row of client.interview.listSessions()) rows.push(row);
    expect(rows.map((r) => [r.status, r.role_name])).toEqual([
      ['completed', 'Customer Support Agent'],
      ['active', 'Customer Support Agent'],
      ['initiated', null],
    ]);
  });

  it('waits until the session is completed', async () => {
    const { client, sleeps } = makeClient();
    api()
      .get(`/api/v1/interview/sessions/${SESSION_ID}`)
      .reply(200, sessionInitiated)
      .get(`/api/v1/interview/sessions/${SESSION_ID}`)
      .reply(200, sessionActive)
      .get(`/api/v1/interview/sessions/${SESSION_ID}`)
      .reply(200, sessionCompleted);
    expect((await client.waitForTerminal({ module: 'interview', id: SESSION_ID })).status).toBe(
      'completed',
    );
    expect(sleeps).toEqual([15_000, 15_000]);
  });
});

describe('artifacts', () => {
  it('streams the recording as audio/wav', async () => {
    const { client } = makeClient();
    const wav = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ');
    api()
      .get(`/api/v1/interview/sessions/${SESSION_ID}/recording`)
      .matchHeader('accept', 'audio/wav')
      .reply(200, wav, { 'Content-Type': 'audio/wav', 'Content-Length': String(wav.length) });
    const recording = await client.interview.getRecording(SESSION_ID);
    const chunks: Buffer[] = [];
    for await (const chunk of recording.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(wav);
    expect(recording).toMatchObject({ contentType: 'audio/wav', contentLength: wav.length });
  });

  it('maps ARTIFACT_NOT_READY on the (streamed) recording and the transcript', async () => {
    const { client } = makeClient();
    api()
      .get(`/api/v1/interview/sessions/${SESSION_ID}/recording`)
      .reply(409, envelope('ARTIFACT_NOT_READY', { details: { status: 'active' } }));
    api()
      .get(`/api/v1/interview/sessions/${SESSION_ID}/transcript`)
      .reply(409, envelope('ARTIFACT_NOT_READY', { details: { status: 'initiated' } }));
    const recordingError = await caught(client.interview.getRecording(SESSION_ID));
    expect(recordingError).toBeInstanceOf(ZenHireArtifactNotReadyError);
    expect(recordingError).toMatchObject({ category: 'not_ready', details: { status: 'active' } });
    expect(await caught(client.interview.getTranscript(SESSION_ID))).toMatchObject({
      code: 'ARTIFACT_NOT_READY',
      details: { status: 'initiated' },
    });
  });

  it('returns the transcript JSON (object or bare array of turns)', async () => {
    const { client } = makeClient();
    api().get(`/api/v1/interview/sessions/${SESSION_ID}/transcript`).reply(200, transcript);
    api().get(`/api/v1/interview/sessions/${SESSION_ID}/transcript`).reply(200, transcript.turns);
    expect(await client.interview.getTranscript(SESSION_ID)).toEqual(transcript);
    expect((await client.interview.getTranscript(SESSION_ID)).turns).toHaveLength(2);
  });
});
