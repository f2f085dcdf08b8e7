import { AssessmentError } from '../assessment/assessment-errors';
import { encodeLink, LINK_SCHEME } from '../link/link-codec';
import type { Assessment } from '../model/assessment';
import type { Link, UnlinkedReason } from '../model/link';
import type { ObservedRun } from '../model/run';
import { assessRun } from './assess-run';
import { planDelivery } from './plan-delivery';
import { linkOfRun } from './run-link';
import type { UseCaseDeps } from './use-case-deps';

/** A delivery enqueued (or found already enqueued) for a mapping. */
export interface EnqueuedDelivery {
  mapping: string;
  deliveryId: string;
  /** False when the same plan was enqueued before (idempotency key). */
  created: boolean;
  operations: number;
}

/** Result of {@link recordTerminalRun}. */
export type RecordTerminalRunResult =
  /** The run is not terminal: only its status was saved. */
  | { status: 'open' }
  | { status: 'unlinked'; reason: UnlinkedReason; detail: string }
  /** The module has no per-run result (CV DeepSearch). */
  | { status: 'unsupported'; link: Link; error: { code: string; message: string } }
  /** A completed interview session was chained into speech analysis of its recording. */
  | { status: 'chained'; link: Link; speechRunId: string; created: boolean }
  | { status: 'planned'; link: Link; assessment: Assessment; deliveries: EnqueuedDelivery[] };

/** ISO 639-1 code for the chained speech run: the session's language, else the option, else `en`. */
function chainLanguage(deps: UseCaseDeps, run: ObservedRun): string {
  const language = (run.body as { language?: unknown } | null)?.language;
  const match =
    typeof language === 'string' ? /^([a-z]{2})(?:$|[-_])/i.exec(language.trim()) : null;
  return match ? match[1].toLowerCase() : (deps.options?.chainLanguage ?? 'en');
}

async function chainInterview(
  deps: UseCaseDeps,
  run: ObservedRun,
  link: Link,
): Promise<{ speechRunId: string; created: boolean }> {
  const key = link.record.applicationId ?? link.record.candidateId;
  const existing = (await deps.store.findLinksByRecord(link.record.connector, key)).find(
    (l) => l.parentRunId === run.id && l.module === 'speech',
  );
  if (existing) return { speechRunId: existing.runId, created: false };
  const correlation = encodeLink({
    module: 'speech',
    record: link.record,
    triggerId: link.triggerId,
    parentRunId: run.id,
  });
  const started = await deps.gateway.analyseRecording(
    run.id,
    correlation,
    chainLanguage(deps, run),
  );
  await deps.store.saveLink({
    runId: started.id,
    module: 'speech',
    record: link.record,
    ...(link.triggerId ? { triggerId: link.triggerId } : {}),
    source: { kind: 'scheme', version: LINK_SCHEME },
    parentRunId: run.id,
  });
  await deps.store.saveRun({
    id: started.id,
    module: 'speech',
    status: started.status,
    terminal: false,
    observedAt: deps.clock.now(),
  });
  return { speechRunId: started.id, created: true };
}

/**
 * True when collecting `run` chains it into speech analysis of its recording instead of
 * planning it (DESIGN.md flow 2): a `completed` interview session, unless
 * `options.chainInterviews` is false. Shared by `recordTerminalRun` and `explainRun`.
 */
export function chainsIntoSpeech(
  deps: Pick<UseCaseDeps, 'options'>,
  run: Pick<ObservedRun, 'module' | 'status'>,
): boolean {
  return (
    run.module === 'interview' &&
    run.status === 'completed' &&
    deps.options?.chainInterviews !== false
  );
}

/**
 * Collect (DESIGN.md flow 2): records a run the collector observed.
 *
 * - Not terminal: saves its status (`open`).
 * - Terminal: finds its link (store, then `zc1` scheme, then link rules; see `linkOfRun`) and
 *   saves it; an unlinked run is saved as terminal and reported with the reason (never
 *   guessed). Normalises it (`normaliseRun`) and saves the run with its body.
 * - A `completed` interview session (when `options.chainInterviews` is not false) is chained
 *   into `analyseRecording` with the link carried over (`zc_parent_run` = session id) instead
 *   of planned; the chained speech run, once terminal, is planned as the interview's
 *   assessment (see `assessRun`). Chaining happens once per session.
 * - Any other terminal run: plans every matching mapping (`planDelivery`) and enqueues each
 *   non-empty plan under its idempotency key, so calling this again for the same run (poll
 *   and webhook, reconcile) enqueues nothing new unless the plan changed.
 *
 * @throws gateway/connector/store errors (the run is then collected again later); not
 *   `AssessmentError` `MODULE_NOT_SUPPORTED`, which is reported as `unsupported`.
 */
export async function recordTerminalRun(
  deps: UseCaseDeps,
  run: ObservedRun,
): Promise<RecordTerminalRunResult> {
  const { store, clock } = deps;
  if (!run.terminal) {
    await store.saveRun({
      id: run.id,
      module: run.module,
      status: run.status,
      terminal: false,
      observedAt: clock.now(),
    });
    return { status: 'open' };
  }
  const decoded = await linkOfRun(deps, run, { save: true });
  const saveRun = () =>
    store.saveRun({
      id: run.id,
      module: run.module,
      status: run.status,
      terminal: true,
      observedAt: clock.now(),
      body: run.body,
    });
  if (!decoded.linked) {
    await saveRun();
    return { status: 'unlinked', reason: decoded.reason, detail: decoded.detail };
  }
  const { link } = decoded;
  let linked;
  try {
    linked = await assessRun(deps, run, link);
  } catch (error) {
    if (error instanceof AssessmentError && error.code === 'MODULE_NOT_SUPPORTED') {
      await saveRun();
      return { status: 'unsupported', link, error: { code: error.code, message: error.message } };
    }
    throw error;
  }
  await saveRun();
  if (chainsIntoSpeech(deps, run)) {
    return { status: 'chained', link, ...(await chainInterview(deps, run, link)) };
  }
  const deliveries: EnqueuedDelivery[] = [];
  for (const planned of planDelivery(deps, linked)) {
    if (planned.plan.operations.length === 0) continue;
    const { delivery, created } = await store.enqueue(
      planned.plan,
      planned.idempotencyKey,
      clock.now(),
    );
    deliveries.push({
      mapping: planned.mapping,
      deliveryId: delivery.id,
      created,
      operations: planned.plan.operations.length,
    });
  }
  return { status: 'planned', link: linked.link, assessment: linked.assessment, deliveries };
}
