import type { ConnectorCache } from '@zenhire-connect/core';
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
 * `ConnectorCache` (key `lever:<kind>`, TTL `ttlMs`) and in memory. `get` answers from memory
 * while younger than `ttlMs`, then from the cache, then reads every page from Lever.
 * `refresh` re-reads explicitly. `peek` is the synchronous in-memory view `previewPlan`
 * uses (it never sends). Items Lever returns that do not parse are left out.
 */
export class LeverMetadata {
  private readonly memory = new Map<MetadataKind, { value: unknown[]; loadedAt: number }>();
  private readonly loading = new Map<MetadataKind, Promise<unknown[]>>();

  constructor(
    private readonly client: LeverClient,
    private readonly cache: ConnectorCache,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The in-memory list, or undefined when it was never loaded by this process. */
  peek<K extends MetadataKind>(kind: K): MetadataLists[K] | undefined {
    return this.memory.get(kind)?.value as MetadataLists[K] | undefined;
  }

  async get<K extends MetadataKind>(kind: K, meter?: CallMeter): Promise<MetadataLists[K]> {
    const held = this.memory.get(kind);
    if (held && this.now() - held.loadedAt < this.ttlMs) return held.value as MetadataLists[K];
    const cached = await this.cache.get<MetadataLists[K]>(this.key(kind));
    if (cached) {
      this.memory.set(kind, { value: cached, loadedAt: this.now() });
      return cached;
    }
    return this.refresh(kind, meter);
  }

  /** Re-reads one list from Lever (concurrent callers share one read) and stores it. */
  refresh<K extends MetadataKind>(kind: K, meter?: CallMeter): Promise<MetadataLists[K]> {
    const pending = this.loading.get(kind);
    if (pending) return pending as Promise<MetadataLists[K]>;
    const load = (async () => {
      const raw = await this.client.listAll<unknown>(sources[kind].path, {}, meter);
      const items = raw.flatMap((item) => {
        const parsed = sources[kind].schema.safeParse(item);
        return parsed.success ? [parsed.data] : [];
      });
      await this.cache.set(this.key(kind), items, this.ttlMs);
      this.memory.set(kind, { value: items, loadedAt: this.now() });
      return items;
    })().finally(() => this.loading.delete(kind));
    this.loading.set(kind, load);
    return load as Promise<MetadataLists[K]>;
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
}
