import { mergeChainedSpeech } from '../assessment/interview';
import { normaliseRun } from '../assessment/normalise-run';
import type { Link } from '../model/link';
import type { ObservedRun } from '../model/run';
import type { LinkedAssessment, UseCaseDeps } from './use-case-deps';

async function parentSession(deps: UseCaseDeps, id: string): Promise<ObservedRun | undefined> {
  const stored = await deps.store.getRun(id);
  if (stored?.module === 'interview' && stored.terminal && stored.body !== undefined) {
    return { ...stored, body: stored.body, metadata: {}, tags: [] };
  }
  if (stored && stored.module !== 'interview') return undefined;
  const fetched = await deps.gateway.getRun({ module: 'interview', id });
  return fetched.terminal ? fetched : undefined;
}

/**
 * The assessment to plan for a terminal run and the link to plan it for. Usually
 * `normaliseRun(run)` with the run's own link. A speech run chained from an interview
 * session (`link.parentRunId` naming an interview) is merged into the session's assessment
 * (`mergeChainedSpeech`) and planned for the session's link, so `interview` mappings receive
 * the interview's scores; the session comes from the store, else from the gateway (a read).
 *
 * @throws AssessmentError from `normaliseRun`.
 */
export async function assessRun(
  deps: UseCaseDeps,
  run: ObservedRun,
  link: Link,
): Promise<LinkedAssessment> {
  const options = { apiBaseUrl: deps.options?.apiBaseUrl };
  const assessment = normaliseRun(run, options);
  if (run.module !== 'speech' || !link.parentRunId) return { link, assessment };
  const parent = await parentSession(deps, link.parentRunId);
  if (!parent) return { link, assessment };
  const merged = mergeChainedSpeech(normaliseRun(parent, options), assessment);
  const parentLink: Link = (await deps.store.findLink(parent.id)) ?? {
    runId: parent.id,
    module: 'interview',
    record: link.record,
    ...(link.triggerId ? { triggerId: link.triggerId } : {}),
    source: link.source,
  };
  return { link: parentLink, assessment: merged };
}
