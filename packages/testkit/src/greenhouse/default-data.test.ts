import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultGreenhouseData } from './default-data';
import {
  candidateJson,
  customFieldJson,
  customFieldOptionJson,
  jobJson,
  stageJson,
  userJson,
} from './harvest-json';
import { GreenhouseStore } from './store';
import { applicationWebhookBody, candidateWebhookBody } from './webhook-payloads';

/* eslint-disable @typescript-eslint/no-explicit-any */
const fixture = (rel: string): any =>
  JSON.parse(readFileSync(join(__dirname, '__fixtures__', rel), 'utf8'));
const pick = (o: any, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

describe('default data set (built from the documentation fixtures)', () => {
  const store = new GreenhouseStore(() => '2026-11-20T10:00:00.000Z');
  store.seed(defaultGreenhouseData());

  it('renders application 265277 with the values of webhooks/candidate_stage_change.json', () => {
    const ours: any = applicationWebhookBody(
      store,
      'candidate_stage_change',
      store.applications.get(265277)!,
    );
    const real = fixture('webhooks/candidate_stage_change.json');
    const a = ours.payload.application;
    const r = real.payload.application;
    expect(
      pick(a, [
        'id',
        'status',
        'prospect',
        'applied_at',
        'last_activity_at',
        'rejected_at',
        'credited_to',
      ]),
    ).toEqual(
      pick(r, [
        'id',
        'status',
        'prospect',
        'applied_at',
        'last_activity_at',
        'rejected_at',
        'credited_to',
      ]),
    );
    expect(a.source).toEqual(r.source);
    expect(a.current_stage.id).toBe(r.current_stage.id);
    expect(a.current_stage.name).toBe(r.current_stage.name);
    expect(a.current_stage.interviews[0].interviewers).toEqual(
      r.current_stage.interviews[0].interviewers,
    );
    expect(a.custom_fields.custom_application_field).toEqual(
      r.custom_fields.custom_application_field,
    );
    const candidateKeys = [
      'id',
      'first_name',
      'last_name',
      'title',
      'company',
      'created_at',
      'external_id',
      'photo_url',
      'url',
      'is_private',
      'can_email',
      'phone_numbers',
      'email_addresses',
      'addresses',
      'website_addresses',
      'social_media_addresses',
      'educations',
      'employments',
      'recruiter',
      'coordinator',
      'attachments',
      'tags',
    ];
    expect(pick(a.candidate, candidateKeys)).toEqual(pick(r.candidate, candidateKeys));
    expect(a.candidate.custom_fields.favorite_color).toEqual(
      r.candidate.custom_fields.favorite_color,
    );
    const jobKeys = [
      'id',
      'name',
      'requisition_id',
      'notes',
      'confidential',
      'job_post_id',
      'status',
      'created_by_id',
      'created_at',
      'opened_at',
      'closed_at',
      'departments',
      'offices',
    ];
    expect(pick(a.jobs[0], jobKeys)).toEqual(pick(r.jobs[0], jobKeys));
    expect(a.jobs[0].custom_fields.employment_type).toEqual(
      r.jobs[0].custom_fields.employment_type,
    );
  });

  it('renders the rejected application 265293 like webhooks/candidate_rejected.json', () => {
    const ours: any = applicationWebhookBody(
      store,
      'reject_candidate',
      store.applications.get(265293)!,
    );
    const r = fixture('webhooks/candidate_rejected.json').payload.application;
    const a = ours.payload.application;
    expect(
      pick(a, ['id', 'status', 'rejected_at', 'rejection_reason', 'rejection_details', 'source']),
    ).toEqual(
      pick(r, ['id', 'status', 'rejected_at', 'rejection_reason', 'rejection_details', 'source']),
    );
    expect(a.candidate.first_name).toBe(r.candidate.first_name);
    expect(a.candidate.tags).toEqual(r.candidate.tags);
  });

  it('renders candidate 60304594 like webhooks/application_created.json and 53883394 like the Harvest list', () => {
    const jane: any = candidateWebhookBody(store, store.candidates.get(60304594)!).payload
      .candidate;
    const real = fixture('webhooks/application_created.json').payload.application.candidate;
    const keys = [
      'id',
      'first_name',
      'last_name',
      'title',
      'company',
      'phone_numbers',
      'email_addresses',
      'addresses',
      'website_addresses',
      'social_media_addresses',
      'educations',
      'recruiter',
      'coordinator',
      'tags',
    ];
    expect(pick(jane, keys)).toEqual(pick(real, keys));

    const locke: any = candidateJson(store, store.candidates.get(53883394)!);
    const harvest = fixture('harvest/get_candidates__list.response.json')[0];
    const hk = [
      'id',
      'first_name',
      'last_name',
      'company',
      'title',
      'created_at',
      'updated_at',
      'last_activity',
      'phone_numbers',
      'addresses',
      'email_addresses',
      'website_addresses',
      'tags',
      'linked_user_ids',
    ];
    expect(pick(locke, hk)).toEqual(pick(harvest, hk));
    // the example's plain `custom_fields` map says `graduation_year` where `keyed_custom_fields`
    // says `graduation_year_1`; the sandbox keys both maps by name_key
    expect(locke.keyed_custom_fields).toMatchObject(harvest.keyed_custom_fields);
  });

  it('serves users, job 6404, stage 6001, custom field 123456 and its options with the fixture values', () => {
    const users = fixture('harvest/get_users__list.response.json');
    const ours = users.map((u: any) => userJson(store, store.users.get(u.id)!));
    const uk = [
      'id',
      'name',
      'first_name',
      'last_name',
      'primary_email_address',
      'updated_at',
      'created_at',
      'disabled',
      'site_admin',
      'emails',
      'employee_id',
      'linked_candidate_ids',
    ];
    expect(ours.map((u: any) => pick(u, uk))).toEqual(users.map((u: any) => pick(u, uk)));

    const job = fixture('harvest/get_job__retrieve.response.json');
    const jk = [
      'id',
      'name',
      'requisition_id',
      'notes',
      'confidential',
      'status',
      'created_at',
      'opened_at',
      'closed_at',
      'updated_at',
      'is_template',
      'copied_from_id',
    ];
    expect(pick(jobJson(store, store.jobs.get(6404)!), jk)).toEqual(pick(job, jk));
    expect(jobJson(store, store.jobs.get(6404)!).openings).toEqual(job.openings.slice(0, 2));

    const stage = fixture('harvest/get_job_stage__retrieve.response.json');
    const ourStage = stageJson(store, store.stages.get(6001)!);
    expect(pick(ourStage, ['id', 'name', 'created_at', 'updated_at'])).toEqual(
      pick(stage, ['id', 'name', 'created_at', 'updated_at']),
    );
    expect(ourStage.interviews[0].default_interviewer_users).toEqual(
      stage.interviews[0].default_interviewer_users,
    );

    const field = fixture('harvest/get_custom_fields__list.response.json')[0];
    const fk = [
      'id',
      'name',
      'active',
      'field_type',
      'priority',
      'value_type',
      'private',
      'required',
      'name_key',
      'description',
      'custom_field_options',
    ];
    expect(pick(customFieldJson(store.customFields.get(123456)!), fk)).toEqual(pick(field, fk));
    expect(store.customFields.get(4002)!.options.map(customFieldOptionJson)).toEqual(
      fixture('harvest/get_custom_field_options__list.response.json'),
    );
  });
});
