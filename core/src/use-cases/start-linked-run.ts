import { LINK_SCHEME } from '../link/link-codec';
import type { Link } from '../model/link';
import type { CorrelationFields } from '../model/run';
import type { RecordRef } from '../model/record-ref';
import type { ActionInputs, StartedRun, ZenHireAction } from '../ports/zenhire-gateway';
import type { UseCaseDeps } from './use-case-deps';

/** A run {@link startLinkedRun} started, with the link it saved. */
export interface LinkedStart {
  started: StartedRun;
  link: Link;
}

/**
 * Starts a ZenHire action whose correlation fields already carry our link (`encodeLink`) and
 * records it (DESIGN.md flow 1): saves the link (`source` = the `zc1` scheme, `module` as
 * ZenHire reports it) and the run as open (`terminal: false`, `observedAt` = `clock.now()`,
 * epoch ms). Used by ATS triggers and by partner tests.
 *
 * @throws gateway errors (nothing is saved then) and store errors.
 */
export async function startLinkedRun(
  deps: Pick<UseCaseDeps, 'store' | 'gateway' | 'clock'>,
  start: {
    action: ZenHireAction;
    correlation: CorrelationFields;
    record: RecordRef;
    triggerId: string;
    inputs?: ActionInputs;
  },
): Promise<LinkedStart> {
  const started = await deps.gateway.start(start.action, start.correlation, start.inputs);
  const link: Link = {
    runId: started.id,
    module: started.module,
    record: start.record,
    triggerId: start.triggerId,
    source: { kind: 'scheme', version: LINK_SCHEME },
  };
  await deps.store.saveLink(link);
  await deps.store.saveRun({
    id: started.id,
    module: started.module,
    status: started.status,
    terminal: false,
    observedAt: deps.clock.now(),
  });
  return { started, link };
}
