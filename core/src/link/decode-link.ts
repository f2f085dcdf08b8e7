import type { LinkDecodeResult } from '../model/link';
import type { CorrelationFields, ObservedRun } from '../model/run';
import { decodeSchemeLink } from './link-codec';
import { applyLinkRule, type LinkRule } from './link-rules';

/** Options of {@link decodeLink}. */
export interface DecodeLinkOptions {
  /** Link rules tried in order when the run carries no `zc1` link. */
  rules?: readonly LinkRule[];
  /** Configured connector instance names; links naming another instance are `unknown_connector`. */
  connectors?: Iterable<string>;
}

/**
 * Reads the link of any run, ours or another system's (DESIGN.md "Link"):
 *
 * 1. our `zc1` scheme (metadata authoritative, reference cross-checked; see
 *    `decodeSchemeLink`): a run that looks like ours but does not parse is `malformed`, and
 *    link rules are NOT tried for it;
 * 2. otherwise each link rule in order; the first that applies wins;
 * 3. otherwise `no_correlation` (no externalId, metadata or tags at all) or `foreign`.
 *
 * Never guesses and never throws for a run's content.
 */
export function decodeLink(
  run: Pick<ObservedRun, 'id' | 'module'> & Partial<CorrelationFields>,
  options: DecodeLinkOptions = {},
): LinkDecodeResult {
  // A Set is used as given (only read, synchronously); any other iterable is copied once.
  const connectors =
    options.connectors instanceof Set
      ? (options.connectors as ReadonlySet<string>)
      : options.connectors
        ? new Set(options.connectors)
        : undefined;
  const scheme = decodeSchemeLink(run, connectors);
  if (scheme) return scheme;
  for (const rule of options.rules ?? []) {
    const link = applyLinkRule(rule, run);
    if (!link) continue;
    if (connectors && !connectors.has(link.record.connector)) {
      return {
        linked: false,
        reason: 'unknown_connector',
        detail: `link rule "${rule.name}" names connector instance "${link.record.connector}", which is not configured`,
      };
    }
    return { linked: true, link };
  }
  const hasExternalId =
    run.externalId !== undefined && run.externalId !== null && run.externalId !== '';
  const hasMetadata = Object.keys(run.metadata ?? {}).length > 0;
  const hasTags = (run.tags ?? []).length > 0;
  if (!hasExternalId && !hasMetadata && !hasTags) {
    return {
      linked: false,
      reason: 'no_correlation',
      detail: 'the run has no externalId, metadata or tags',
    };
  }
  return {
    linked: false,
    reason: 'foreign',
    detail:
      (options.rules ?? []).length === 0
        ? 'the run was created by another system and no link rule is configured'
        : 'the run was created by another system and no link rule matched',
  };
}
