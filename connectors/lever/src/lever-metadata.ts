import { type ConnectorCache, ReadThroughCache } from '@zenhire-connect/core';
import type { z } from 'zod';
import type { CallMeter, LeverClient } from './lever-client';
import {
  archiveReasonSchema,
  feedbackTemplateSchema,
  type LeverArchiveReason,
  type LeverFeedbackTemplate,
  type LeverStage,
  type LeverUser,
  stageSchema,
  userSchema,
} from './lever-records';
import { routes } from './lever-routes';

/** The account-wide lists this connector caches (lever-api.md §5 "per-tenant caches"). */
export interface MetadataLists {
  stages: LeverStage[];
  archiveReasons: LeverArchiveReason[];
  users: LeverUser[];
  feedbackTemplates: LeverFeedbackTemplate[];
}

export type MetadataKind = keyof MetadataLists;

const sources: {
  [K in MetadataKind]: { path: string; schema: z.ZodType<MetadataLists[K][number]> };
} = {
  stages: { path: routes.stages(), schema: stageSchema },
  archiveReasons: { path: routes.archiveReasons(), schema: archiveReasonSchema },
  users: { path: routes.users(), schema: userSchema },
  feedbackTemplates: { path: routes.feedbackTemplates(), schema: feedbackTemplateSchema },
};

/** The `GET` path that fills one cache (for previews). */
export const metadataPath = (kind: MetadataKind): string => sources[kind].path;

/**
 * Stages (in pipeline order), archive reasons, users and feedback templates, each kept in the
 * `ConnectorCache` (key `lever:<kind>`, TTL `ttlMs`) and in memory (core's `ReadThroughCache`).
 * `get` answers from memory while younger than `ttlMs`, then from the cache, then reads every
 * page from Lever. `refresh` re-reads explicitly. Concurrent reads of a list share one load; a
 * failed load is not cached. `peek` is the synchronous in-memory view `previewPlan` uses (it
 * never sends, and shows a list older than `ttlMs` rather than none). Items Lever returns that
 * do not parse are left out.
 */
export class LeverMetadata {
  private readonly lists: ReadThroughCache;

  constructor(
    private readonly client: LeverClient,
    cache: ConnectorCache,
    ttlMs: number,
    now: () => number = Date.now,
  ) {
    this.lists = new ReadThroughCache(cache, ttlMs, { now });
  }

  /**
   * The in-memory list, even when older than the TTL (a preview prefers it to none), or
   * undefined when this process never loaded it. Never reads the cache nor sends.
   */
  peek<K extends MetadataKind>(kind: K): MetadataLists[K] | undefined {
    return this.lists.peek<MetadataLists[K]>(this.key(kind), { stale: true });
  }

  /**
   * One list: from memory while younger than `ttlMs`, else from the `ConnectorCache`, else
   * read from Lever (every page; calls counted on `meter`). Throws the client's
   * `ConnectorError` when Lever cannot be read; a failed read is not cached.
   */
  get<K extends MetadataKind>(kind: K, meter?: CallMeter): Promise<MetadataLists[K]> {
    return this.lists.get(this.key(kind), () => this.read(kind, meter));
  }

  /** Re-reads one list from Lever (concurrent callers share one read) and stores it. */
  refresh<K extends MetadataKind>(kind: K, meter?: CallMeter): Promise<MetadataLists[K]> {
    return this.lists.reload(this.key(kind), () => this.read(kind, meter));
  }

  /** Re-reads every list (feedback templates only when `withFeedback`); returns the calls made. */
  async refreshAll(withFeedback: boolean): Promise<number> {
    const meter: CallMeter = { calls: 0 };
    const kinds: MetadataKind[] = [
      'stages',
      'archiveReasons',
      'users',
      ...(withFeedback ? (['feedbackTemplates'] as const) : []),
    ];
    for (const kind of kinds) await this.refresh(kind, meter);
    return meter.calls;
  }

  private key(kind: MetadataKind): string {
    return `lever:${kind}`;
  }

  /** Every page of one list from Lever, keeping the items that parse. */
  private async read<K extends MetadataKind>(
    kind: K,
    meter?: CallMeter,
  ): Promise<MetadataLists[K]> {
    const raw = await this.client.listAll<unknown>(sources[kind].path, {}, meter);
    return raw.flatMap((item) => {
      const parsed = sources[kind].schema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    }) as MetadataLists[K];
  }
}
