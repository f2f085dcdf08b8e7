import type { ConnectorCache, ConnectorLogger, WritePlan } from '@zenhire-connect/core';
import type { LeverSettings } from './config';
import type { CallMeter, LeverClient } from './lever-client';
import { leverError } from './lever-error';
import type { LeverMetadata } from './lever-metadata';
import { findUser } from './metadata-lookup';

/** What applying and previewing a plan need. */
export interface PlanDependencies {
  client: LeverClient;
  metadata: LeverMetadata;
  config: LeverSettings;
  logger: ConnectorLogger;
  /** The host's persisted cache: note ids per run and mapping (see `PlanExecutor`). */
  cache: ConnectorCache;
}

/** The opportunity a plan writes to: `record.applicationId`, else `record.candidateId` (RecordRef docs). */
export function targetOpportunity(plan: WritePlan): string {
  const id = plan.record.applicationId ?? plan.record.candidateId;
  if (!id) throw leverError('LEVER_RECORD_INCOMPLETE', 'plan record has no opportunity id', false);
  return id;
}

/** Whether `performAs` is written as an email (resolved through `GET /users`) rather than a user id. */
export const isEmail = (value: string) => value.includes('@');

/**
 * The Lever user id for `perform_as` (lever-api.md §1.1): `config.performAs` as is when it is
 * an id, or the user with that email from the users cache (refreshed once when not found).
 * Undefined when not configured. Throws `LEVER_USER_UNKNOWN`.
 */
export async function resolvePerformAs(
  deps: PlanDependencies,
  meter: CallMeter,
): Promise<string | undefined> {
  const configured = deps.config.performAs;
  if (!configured || !isEmail(configured)) return configured;
  let user = findUser(await deps.metadata.get('users', meter), configured);
  if (!user) user = findUser(await deps.metadata.refresh('users', meter), configured);
  if (!user)
    throw leverError('LEVER_USER_UNKNOWN', 'performAs names no Lever user (GET /users)', false);
  if (user.deactivatedAt)
    throw leverError('LEVER_USER_UNKNOWN', `performAs user ${user.id} is deactivated`, false);
  return user.id;
}

/** `perform_as` query, when a user is configured. */
export const performAsQuery = (userId: string | undefined) =>
  userId ? { perform_as: userId } : {};
