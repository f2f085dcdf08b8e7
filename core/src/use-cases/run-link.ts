import { decodeLink } from '../link/decode-link';
import type { Link, LinkDecodeResult } from '../model/link';
import type { ObservedRun } from '../model/run';
import type { UseCaseDeps } from './use-case-deps';

/**
 * The link of a run, in this order: the store (links we saved when starting the run), our
 * `zc1` scheme in the run's correlation fields, then the configured link rules
 * (`decodeLink`; only configured connector instances count). A link rule that gave only an
 * application id gets its candidate id from the connector's `resolveRecord` (a read).
 * With `save`, a link read from the run is saved so later look-ups hit the store.
 *
 * @throws whatever `resolveRecord` throws (the run is then left for the next collect).
 */
export async function linkOfRun(
  deps: UseCaseDeps,
  run: ObservedRun,
  options: { save: boolean },
): Promise<LinkDecodeResult> {
  const stored = await deps.store.findLink(run.id);
  if (stored) return { linked: true, link: stored };
  const decoded = decodeLink(run, {
    rules: deps.rules.linkRules,
    connectors: deps.connectors.names(),
  });
  if (!decoded.linked) return decoded;
  let link: Link = decoded.link;
  if (link.record.candidateId === '') {
    const resolved = await deps.connectors.get(link.record.connector).resolveRecord(link.record);
    if (!resolved.ref.candidateId) {
      return {
        linked: false,
        reason: 'malformed',
        detail: `link rule ${link.source.kind === 'rule' ? `"${link.source.rule}" ` : ''}gave application ${link.record.applicationId}, but ${link.record.connector} resolved no candidate for it`,
      };
    }
    link = {
      ...link,
      record: { ...link.record, ...resolved.ref, connector: link.record.connector },
    };
  }
  if (options.save) await deps.store.saveLink(link);
  return { linked: true, link };
}
