import type {
  ConnectorCache,
  ConnectorLogger,
  FieldWrite,
  WriteOperation,
  WritePlan,
} from '@zenhire-connect/core';
import type { GreenhouseConfig } from './config';
import type { HarvestClient } from './harvest-client';
import type { GreenhouseMetadata } from './greenhouse-metadata';
import type { PartnerInterviewLedger } from './partner-interviews';

/** What plan execution and preview need from the connector instance. */
export interface PlanDependencies {
  client: HarvestClient;
  metadata: GreenhouseMetadata;
  cache: ConnectorCache;
  partners: PartnerInterviewLedger;
  config: GreenhouseConfig;
  logger: ConnectorLogger;
}

/**
 * How a plan's operations map to calls (greenhouse-api.md §5): every `SetFields` of the
 * plan becomes one write; when the plan also rejects, the application fields ride on the
 * reject call (reject + fields = 1 call).
 */
export interface PlanLayout {
  /** Indexes of pending `SetFields` operations. */
  fieldOps: number[];
  /** Index of the pending `Reject` that carries the application fields, if any. */
  rejectIndex: number | undefined;
  /** All pending field writes, in plan order. */
  fieldWrites: FieldWrite[];
}

export function layoutPlan(plan: WritePlan, pending: (index: number) => boolean): PlanLayout {
  const fieldOps: number[] = [];
  let rejectIndex: number | undefined;
  const fieldWrites: FieldWrite[] = [];
  plan.operations.forEach((op: WriteOperation, index) => {
    if (!pending(index)) return;
    if (op.kind === 'SetFields') {
      fieldOps.push(index);
      fieldWrites.push(...op.fields);
    }
    if (op.kind === 'Reject' && rejectIndex === undefined) rejectIndex = index;
  });
  return { fieldOps, rejectIndex, fieldWrites };
}

/** Numeric id for a Harvest body (ids are strings in core). */
export const num = (id: string): number => (/^\d+$/.test(id) ? Number(id) : NaN);
