import { type Clock, type ConnectorCache, ReadThroughCache } from '@zenhire-connect/core';
import type { CallMeter, HarvestClient } from './harvest-client';
import {
  type CandidateTag,
  type CustomFieldDefinition,
  type GreenhouseUserSummary,
  type JobStage,
  type RejectionReason,
  readCandidateTag,
  readCustomField,
  readRejectionReason,
  readStage,
  readUser,
} from './harvest-records';
import { routes } from './harvest-routes';

/** Cache keys (in the host's ConnectorCache, per connector instance). */
const keys = {
  stages: (jobId: string) => `gh:stages:${jobId}`,
  customFields: 'gh:custom_fields',
  rejectionReasons: 'gh:rejection_reasons',
  candidateTags: 'gh:candidate_tags',
  users: 'gh:users',
};

/**
 * Greenhouse organisation metadata the writes need (job stages, custom fields with their
 * options, rejection reasons, candidate tags, users), read once through Harvest and kept in
 * the host's `ConnectorCache` for `ttlMs` milliseconds plus an in-memory copy, so
 * `previewPlan` can answer synchronously (core's `ReadThroughCache`: concurrent reads of a list
 * share one load; a failed load is not cached). `refresh()` drops everything and reloads.
 * Loading a list costs one call per page (greenhouse-api.md §5 assumes these caches warm).
 */
export class GreenhouseMetadata {
  private readonly lists: ReadThroughCache;

  constructor(
    private readonly client: HarvestClient,
    cache: ConnectorCache,
    ttlMs: number,
    clock?: Clock,
  ) {
    this.lists = new ReadThroughCache(cache, ttlMs, clock);
  }

  /** Stages of a job ordered by `priority` (first stage first). */
  jobStages(jobId: string, meter?: CallMeter): Promise<JobStage[]> {
    return this.load(keys.stages(jobId), meter, async (m) => {
      const rows = await this.client.listAll<unknown>(routes.jobStages, { job_ids: jobId }, m);
      return rows
        .map((row) => readStage(row, jobId))
        .filter((s) => s.jobId === jobId)
        .sort((a, b) => a.priority - b.priority);
    });
  }

  customFields(meter?: CallMeter): Promise<CustomFieldDefinition[]> {
    return this.load(keys.customFields, meter, async (m) =>
      (await this.client.listAll<unknown>(routes.customFields, {}, m)).map(readCustomField),
    );
  }

  rejectionReasons(meter?: CallMeter): Promise<RejectionReason[]> {
    return this.load(keys.rejectionReasons, meter, async (m) =>
      (await this.client.listAll<unknown>(routes.rejectionReasons, {}, m)).map(readRejectionReason),
    );
  }

  candidateTags(meter?: CallMeter): Promise<CandidateTag[]> {
    return this.load(keys.candidateTags, meter, async (m) =>
      (await this.client.listAll<unknown>(routes.candidateTags, {}, m)).map(readCandidateTag),
    );
  }

  users(meter?: CallMeter): Promise<GreenhouseUserSummary[]> {
    return this.load(keys.users, meter, async (m) =>
      (await this.client.listAll<unknown>(routes.users, {}, m)).map(readUser),
    );
  }

  /** Adds a tag the connector just created, so it is never created twice. */
  async rememberTag(tag: CandidateTag): Promise<void> {
    const tags = (await this.candidateTagsIfKnown()) ?? [];
    if (tags.some((t) => t.id === tag.id)) return;
    await this.lists.set(keys.candidateTags, [...tags, tag]);
  }

  /** Synchronous views of what is in memory (for previews); undefined when not loaded. */
  peek = {
    jobStages: (jobId: string) => this.peekKey<JobStage[]>(keys.stages(jobId)),
    customFields: () => this.peekKey<CustomFieldDefinition[]>(keys.customFields),
    rejectionReasons: () => this.peekKey<RejectionReason[]>(keys.rejectionReasons),
    candidateTags: () => this.peekKey<CandidateTag[]>(keys.candidateTags),
  };

  /**
   * Drops every cached list (memory and ConnectorCache) and reloads custom fields,
   * rejection reasons, tags, users and the stages of `jobIds`. Returns the calls made.
   */
  async refresh(jobIds: string[] = []): Promise<number> {
    const known = this.lists.keysInMemory('gh:stages:').map((k) => k.slice('gh:stages:'.length));
    const jobs = [...new Set([...known, ...jobIds])];
    await Promise.all(
      [
        keys.customFields,
        keys.rejectionReasons,
        keys.candidateTags,
        keys.users,
        ...jobs.map(keys.stages),
      ].map((k) => this.lists.forget(k)),
    );
    const meter: CallMeter = { calls: 0 };
    await this.customFields(meter);
    await this.rejectionReasons(meter);
    await this.candidateTags(meter);
    await this.users(meter);
    for (const jobId of jobs) await this.jobStages(jobId, meter);
    return meter.calls;
  }

  /** Forgets one list so the next read reloads it (after a miss that may be staleness). */
  forget(kind: 'customFields' | 'rejectionReasons' | 'candidateTags'): Promise<void> {
    return this.lists.forget(keys[kind]);
  }

  /** Forgets the stages of one job. */
  forgetStages(jobId: string): Promise<void> {
    return this.lists.forget(keys.stages(jobId));
  }

  private candidateTagsIfKnown(): Promise<CandidateTag[] | undefined> {
    return this.lists.getIfCached<CandidateTag[]>(keys.candidateTags);
  }

  private peekKey<T>(key: string): T | undefined {
    return this.lists.peek<T>(key);
  }

  private load<T>(
    key: string,
    meter: CallMeter | undefined,
    loader: (m?: CallMeter) => Promise<T>,
  ): Promise<T> {
    return this.lists.get(key, () => loader(meter));
  }
}
