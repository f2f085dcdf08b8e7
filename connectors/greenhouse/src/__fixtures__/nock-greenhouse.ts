/**
 * Test setup shared by the nock-based tests: a connector on the testkit's test host, secrets that
 * must never leak, organisation metadata in Harvest shape, and nock helpers.
 */
import nock from 'nock';
import type { WriteOperation, WritePlan } from '@zenhire-connect/core';
import { type TestConnectorHost, createTestConnectorHost } from '@zenhire-connect/testkit';
import type { GreenhouseConfigInput } from '../config';
import { GreenhouseConnector } from '../greenhouse-connector';
import { readCandidateTag, readCustomField, readRejectionReason, readStage, readUser } from '../harvest-records';

export const HARVEST = 'https://harvest.greenhouse.io';
export const AUTH = 'https://auth.greenhouse.io';

/** Secret values; tests assert none appears in errors or logs. */
export const SECRETS = {
  clientSecret: 'cs_SECRET_d0n0tl34k',
  webhookSecret: 'wh_SECRET_d0n0tl34k',
  partnerKey: 'pk_SECRET_d0n0tl34k',
  accessToken: 'at_SECRET_d0n0tl34k',
};

export function configInput(overrides: Partial<GreenhouseConfigInput> = {}): GreenhouseConfigInput {
  return {
    clientId: 'client-1',
    clientSecret: SECRETS.clientSecret,
    userId: '4080',
    webhookSecret: SECRETS.webhookSecret,
    assessmentPartner: {
      partnerKey: SECRETS.partnerKey,
      tests: [
        {
          id: 'zh-english-b2',
          name: 'ZenHire English speaking interview',
          action: { kind: 'interview', personaId: 'persona-1', consentMode: 'explicit' },
        },
      ],
    },
    ...overrides,
  };
}

export interface TestConnector {
  connector: GreenhouseConnector;
  host: TestConnectorHost;
  /** Backoff waits requested (ms), in order. */
  sleeps: number[];
  tokenRequests: { count: number };
  clock: { now: number };
}

export function makeConnector(overrides: Partial<GreenhouseConfigInput> = {}): TestConnector {
  const clock = { now: Date.parse('2026-03-01T10:00:00Z') };
  const sleeps: number[] = [];
  const tokenRequests = { count: 0 };
  const host = createTestConnectorHost({
    name: 'greenhouse-eu',
    config: configInput(overrides),
    now: () => clock.now,
  });
  const connector = new GreenhouseConnector(host, {
    clock: { now: () => clock.now },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onTokenRequest: () => {
      tokenRequests.count++;
    },
  });
  return { connector, host, sleeps, tokenRequests, clock };
}

/** `POST /token` answering `times` times with a token valid one hour after `now`. */
export function mockToken(now: number, times = 1, token = SECRETS.accessToken): nock.Scope {
  return nock(AUTH)
    .post('/token')
    .times(times)
    .reply(200, { token_type: 'Bearer', access_token: token, expires_at: new Date(now + 3600_000).toISOString() });
}

/** Organisation metadata in Harvest JSON (v1 example shapes, greenhouse-api.md §1.5). */
export const ORG = {
  customFields: [
    { id: 101, name: 'ZenHire score', name_key: 'zenhire_score', field_type: 'application', value_type: 'number', active: true, custom_field_options: [] },
    {
      id: 102,
      name: 'CEFR level',
      name_key: 'cefr_level',
      field_type: 'application',
      value_type: 'single_select',
      active: true,
      custom_field_options: ['A1', 'A2', 'B1', 'B2', 'C1', 'C2'].map((name, i) => ({ id: 900 + i, name, priority: i, external_id: null })),
    },
    { id: 103, name: 'Assessed on', name_key: 'assessed_on', field_type: 'application', value_type: 'date', active: true, custom_field_options: [] },
    { id: 104, name: 'Passed', name_key: 'passed', field_type: 'application', value_type: 'yes_no', active: true, custom_field_options: [] },
    { id: 105, name: 'Summary', name_key: 'summary', field_type: 'application', value_type: 'long_text', active: true, custom_field_options: [] },
    { id: 201, name: 'ZenHire profile', name_key: 'zenhire_profile', field_type: 'candidate', value_type: 'url', active: true, custom_field_options: [] },
  ],
  rejectionReasons: [
    { id: 14, name: 'Lacking skill(s)/qualification(s)', type: { id: 1, name: 'We rejected them' } },
    { id: 15, name: 'Language level too low', type: { id: 1, name: 'We rejected them' } },
  ],
  candidateTags: [
    { id: 301, name: 'ZenHire assessed' },
    { id: 302, name: 'Needs review' },
  ],
  users: [{ id: 4080, name: 'Rita Recruiter', first_name: 'Rita', last_name: 'Recruiter', primary_email_address: 'rita@example.com' }],
  stages: [
    { id: 71415, name: 'Application Review', job_id: 3485, priority: 0 },
    { id: 71416, name: 'Assessment', job_id: 3485, priority: 1 },
    { id: 71417, name: 'Face to Face', job_id: 3485, priority: 2 },
    { id: 71418, name: 'Offer', job_id: 3485, priority: 3 },
  ],
};

/**
 * Warms the metadata caches as a previous `refresh(['3485'])` would have left them (the
 * host's ConnectorCache holds the lists; `refresh` itself is exercised over HTTP in
 * sandbox.test.ts and below).
 */
export async function warmCaches(t: TestConnector): Promise<void> {
  const ttl = 3600_000;
  await t.host.cache.set('gh:custom_fields', ORG.customFields.map(readCustomField), ttl);
  await t.host.cache.set('gh:rejection_reasons', ORG.rejectionReasons.map(readRejectionReason), ttl);
  await t.host.cache.set('gh:candidate_tags', ORG.candidateTags.map(readCandidateTag), ttl);
  await t.host.cache.set('gh:users', ORG.users.map(readUser), ttl);
  await t.host.cache.set('gh:stages:3485', ORG.stages.map((s) => readStage(s)), ttl);
  // Load them into memory too, as a refresh does (previewPlan reads memory only).
  await Promise.all([
    t.connector.metadata.customFields(),
    t.connector.metadata.rejectionReasons(),
    t.connector.metadata.candidateTags(),
    t.connector.metadata.jobStages('3485'),
  ]);
}

/** Mocks the five list calls of `refresh(['3485'])`. */
export function mockRefresh(): nock.Scope {
  return nock(HARVEST)
    .get('/v3/custom_fields')
    .query(true)
    .reply(200, ORG.customFields)
    .get('/v3/rejection_reasons')
    .query(true)
    .reply(200, ORG.rejectionReasons)
    .get('/v3/candidate_tags')
    .query(true)
    .reply(200, ORG.candidateTags)
    .get('/v3/users')
    .query(true)
    .reply(200, ORG.users)
    .get('/v3/job_interview_stages')
    .query((q) => q.job_ids === '3485')
    .reply(200, ORG.stages);
}

/** The record of the `candidate_stage_change` fixture (candidate 265772, application 265277). */
export const RECORD = { connector: 'greenhouse-eu', candidateId: '265772', applicationId: '265277', jobId: '3485', stageId: '71416' };

export function plan(operations: WriteOperation[], record: Partial<WritePlan['record']> = {}): WritePlan {
  return { runId: 'run-1', connector: 'greenhouse-eu', mapping: 'english-b2', record: { ...RECORD, ...record }, operations, hash: 'h1' };
}
