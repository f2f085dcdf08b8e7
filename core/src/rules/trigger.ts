import type { Liquid } from 'liquidjs';
import type { TriggerActionConfig, TriggerConfig } from '../config/schema';
import { ZenHireConnectError } from '../errors';
import type { AtsEvent, NamedRef } from '../model/ats-event';
import type { ZenHireAction } from '../ports/zenhire-gateway';
import { sampleTriggerScope, type TriggerScope } from './template-context';
import {
  compileCondition,
  compileTemplate,
  type CompiledCondition,
  type CompiledTemplate,
} from './template';
import type { RuleProblemSink } from './problems';

/** A trigger rule compiled once at load (DESIGN.md "Trigger"). */
export interface CompiledTrigger {
  name: string;
  /** Connector instance name. */
  connector: string;
  on: TriggerConfig['on'];
  /** The action as configured (string parameters may hold Liquid templates). */
  action: ZenHireAction;
  /**
   * True when the event is of type `on`, from `connector`, passes the `jobs`, `stages` and
   * `tags` filters (ids compare as strings, names case-insensitively; an event without a
   * job/stage never passes a job/stage filter) and the `when` condition holds.
   */
  matches(event: AtsEvent): boolean;
  /**
   * The action for one event with its templates rendered (`cv_deepmatch` `positionId` and
   * `jobDescription`). Throws `ZenHireConnectError` `TRIGGER_ACTION_INVALID` when the
   * rendered `positionId` breaks `^[A-Za-z0-9._-]{1,28}$` (zenhire-api.md §7.1).
   */
  actionFor(event: AtsEvent): ZenHireAction;
  /** The YAML `invitation` section: the "invited" write-back (see `invitationPlan`). */
  invitation?: { note?: { visibility: 'admin_only' | 'private' | 'public' }; tags?: string[] };
}

const POSITION_ID = /^[A-Za-z0-9._-]{1,28}$/;

function normalise(text: string): string {
  return text.trim().toLowerCase();
}

function refMatches(ref: NamedRef | undefined, wanted: ReadonlySet<string>): boolean {
  if (!ref) return false;
  return (
    wanted.has(normalise(String(ref.id))) ||
    (ref.name !== undefined && wanted.has(normalise(ref.name)))
  );
}

/** Compiles one trigger; problems go to `report` (path relative to the trigger). */
export function compileTrigger(
  liquid: Liquid,
  config: TriggerConfig,
  report: RuleProblemSink,
): CompiledTrigger | undefined {
  const samples = [{ scope: sampleTriggerScope(config.on, config.connector) }];
  let ok = true;
  let when: CompiledCondition | undefined;
  if (config.when !== undefined) {
    when = report.condition(['when'], () => compileCondition(liquid, config.when!), samples);
    ok = ok && when !== undefined;
  }
  let positionId: CompiledTemplate | undefined;
  let jobDescription: CompiledTemplate | undefined;
  if (config.action.kind === 'cv_deepmatch') {
    const action = config.action;
    positionId = report.template(
      ['action', 'positionId'],
      () => compileTemplate(liquid, action.positionId),
      samples,
    );
    jobDescription = report.template(
      ['action', 'jobDescription'],
      () => compileTemplate(liquid, action.jobDescription),
      samples,
    );
    ok = ok && positionId !== undefined && jobDescription !== undefined;
  }
  if (!ok) return undefined;

  const jobs = config.jobs ? new Set(config.jobs.map((j) => normalise(String(j)))) : undefined;
  const stages = config.stages
    ? new Set(config.stages.map((s) => normalise(String(s))))
    : undefined;
  const tags = config.tags ? new Set(config.tags.map(normalise)) : undefined;
  const action = toAction(config.action);

  return {
    name: config.name,
    connector: config.connector,
    on: config.on,
    action,
    ...(config.invitation ? { invitation: config.invitation } : {}),
    matches(event: AtsEvent): boolean {
      if (event.type !== config.on || event.connector !== config.connector) return false;
      if (jobs && !refMatches(event.job, jobs)) return false;
      if (stages && !refMatches(event.stage, stages)) return false;
      if (tags && !(event.tags ?? []).some((t) => tags.has(normalise(t)))) return false;
      if (when && !when.test({ event } satisfies TriggerScope)) return false;
      return true;
    },
    actionFor(event: AtsEvent): ZenHireAction {
      if (action.kind !== 'cv_deepmatch' || !positionId || !jobDescription) return action;
      const scope: TriggerScope = { event };
      const rendered = positionId.render(scope).trim();
      if (!POSITION_ID.test(rendered)) {
        throw new ZenHireConnectError(
          'TRIGGER_ACTION_INVALID',
          `trigger "${config.name}": positionId must match ^[A-Za-z0-9._-]{1,28}$ (zenhire-api.md §7.1)`,
          { trigger: config.name },
        );
      }
      return { ...action, positionId: rendered, jobDescription: jobDescription.render(scope) };
    },
  };
}

function toAction(config: TriggerActionConfig): ZenHireAction {
  switch (config.kind) {
    case 'interview':
      return { kind: 'interview', personaId: config.personaId, consentMode: config.consentMode };
    case 'ai_interview':
      return {
        kind: 'ai_interview',
        ...(config.personaId !== undefined ? { personaId: config.personaId } : {}),
        ...(config.channel !== undefined ? { channel: config.channel } : {}),
      };
    case 'soft_skills':
      return {
        kind: 'soft_skills',
        ...(config.roleBenchmark !== undefined ? { roleBenchmark: config.roleBenchmark } : {}),
      };
    case 'cv_deepmatch':
      return {
        kind: 'cv_deepmatch',
        positionId: config.positionId,
        jobDescription: config.jobDescription,
        requirements: config.requirements,
      };
    case 'speech':
      return { kind: 'speech', language: config.language };
  }
}
