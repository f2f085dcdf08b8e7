import { z } from 'zod';
import type { Link } from '../model/link';
import type { RecordRef } from '../model/record-ref';
import { RUN_MODULES, type CorrelationFields, type ObservedRun } from '../model/run';

/** Which record id a link rule's value is. */
export type LinkRuleIdKind = 'applicationId' | 'candidateId';

/**
 * A configurable rule that links runs created by other systems (DESIGN.md "Link"), e.g.
 *
 * - `{ name: gh-app, connector: greenhouse-eu, externalId: application_id }`:
 *   "the run's externalId is the Greenhouse application id";
 * - `{ name: lever-opp, connector: lever, metadataKey: ats_candidate, as: applicationId }`:
 *   "metadata key ats_candidate holds the Lever opportunity id".
 *
 * Exactly one source: `externalId` (the run's `externalId`, or the interview's
 * `candidate_ref`) or `metadataKey` (with `as`). `pattern` is a regular expression with a
 * named group `id` applied to the source value (no match → the rule does not apply).
 * `tags`: every listed tag must be on the run. `modules`: the rule applies to these modules
 * only. `candidateMetadataKey` / `jobMetadataKey` read further ids from metadata.
 *
 * When a rule yields only an application id, the link's `record.candidateId` is the empty
 * string: the collect use-case resolves it through the connector's `resolveRecord` before
 * saving the link (a Greenhouse candidate id cannot be derived from an application id).
 */
export interface LinkRule {
  name: string;
  /** Connector instance name the ids belong to. */
  connector: string;
  externalId?: LinkRuleIdKind;
  metadataKey?: string;
  as?: LinkRuleIdKind;
  pattern?: string;
  tags?: string[];
  modules?: (typeof RUN_MODULES)[number][];
  candidateMetadataKey?: string;
  jobMetadataKey?: string;
}

const IdKindSchema = z
  .enum(['applicationId', 'candidateId', 'application_id', 'candidate_id'])
  .transform((v): LinkRuleIdKind =>
    v.startsWith('application') ? 'applicationId' : 'candidateId',
  );

/**
 * zod schema of a {@link LinkRule} as written in YAML. Accepts `application_id` /
 * `candidate_id` as spellings of `applicationId` / `candidateId`; checks that exactly one of
 * `externalId` / `metadataKey` is set, that `as` accompanies `metadataKey`, and that
 * `pattern` compiles and has a named group `id`.
 */
export const LinkRuleSchema = z
  .object({
    name: z.string().min(1),
    connector: z.string().min(1),
    externalId: IdKindSchema.optional(),
    metadataKey: z.string().min(1).max(40).optional(),
    as: IdKindSchema.optional(),
    pattern: z.string().min(1).optional(),
    tags: z.array(z.string().min(1)).optional(),
    modules: z.array(z.enum(RUN_MODULES)).min(1).optional(),
    candidateMetadataKey: z.string().min(1).max(40).optional(),
    jobMetadataKey: z.string().min(1).max(40).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if ((rule.externalId === undefined) === (rule.metadataKey === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of externalId or metadataKey' });
    }
    if (rule.metadataKey !== undefined && rule.as === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['as'],
        message: 'metadataKey needs as: applicationId or candidateId',
      });
    }
    if (rule.externalId !== undefined && rule.as !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['as'], message: 'as goes with metadataKey only' });
    }
    if (rule.pattern !== undefined) {
      try {
        const re = new RegExp(rule.pattern);
        if (!/\(\?<id>/.test(re.source)) {
          ctx.addIssue({
            code: 'custom',
            path: ['pattern'],
            message: 'pattern needs a named group (?<id>...)',
          });
        }
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          path: ['pattern'],
          message: `pattern is not a valid regular expression: ${(error as Error).message}`,
        });
      }
    }
  }) satisfies z.ZodType<LinkRule, unknown>;

const compiledPatterns = new Map<string, RegExp>();

function patternOf(source: string): RegExp {
  let re = compiledPatterns.get(source);
  if (!re) {
    re = new RegExp(source);
    compiledPatterns.set(source, re);
  }
  return re;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = (typeof value === 'string' ? value : String(value)).trim();
  return s.length > 0 ? s : undefined;
}

/**
 * Applies one rule to a run. Returns the link when the rule applies (module and tag filters
 * pass, the source value exists and matches `pattern`), `undefined` otherwise. Never guesses:
 * an empty or non-matching value means "does not apply".
 */
export function applyLinkRule(
  rule: LinkRule,
  run: Pick<ObservedRun, 'id' | 'module'> & Partial<CorrelationFields>,
): Link | undefined {
  if (rule.modules && !rule.modules.includes(run.module)) return undefined;
  const tags = new Set((run.tags ?? []).map((t) => t.trim()));
  if (rule.tags && !rule.tags.every((t) => tags.has(t.trim()))) return undefined;
  const metadata: Record<string, unknown> = run.metadata ?? {};
  const raw =
    rule.metadataKey !== undefined ? text(metadata[rule.metadataKey]) : text(run.externalId);
  if (raw === undefined) return undefined;
  let id: string | undefined = raw;
  if (rule.pattern !== undefined) {
    id = text(patternOf(rule.pattern).exec(raw)?.groups?.id);
    if (id === undefined) return undefined;
  }
  const kind = rule.metadataKey !== undefined ? rule.as : rule.externalId;
  const record: RecordRef = { connector: rule.connector, candidateId: '' };
  if (kind === 'applicationId') record.applicationId = id;
  else record.candidateId = id;
  const candidateId = rule.candidateMetadataKey
    ? text(metadata[rule.candidateMetadataKey])
    : undefined;
  if (candidateId && kind === 'applicationId') record.candidateId = candidateId;
  const jobId = rule.jobMetadataKey ? text(metadata[rule.jobMetadataKey]) : undefined;
  if (jobId) record.jobId = jobId;
  return { runId: run.id, module: run.module, record, source: { kind: 'rule', rule: rule.name } };
}
