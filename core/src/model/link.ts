import type { RecordRef } from './record-ref';
import type { RunModule } from './run';

/** Binding of a ZenHire run to an ATS record (DESIGN.md "Link"). */
export interface Link {
  runId: string;
  module: RunModule;
  record: RecordRef;
  /** Name of the trigger rule that started the run, when we started it. */
  triggerId?: string;
  /** How the link was read: our own versioned scheme (`zc1`) or a named link rule. */
  source: { kind: 'scheme'; version: 'zc1' } | { kind: 'rule'; rule: string };
  /** Run that this one was chained from (e.g. speech analysis of an interview recording). */
  parentRunId?: string;
}

/** Why a run could not be linked; never a guess (issue: "typed unlinked result"). */
export type UnlinkedReason =
  | 'no_correlation' // no externalId/metadata/tags we recognise
  | 'foreign' // correlation fields from another system and no link rule matched
  | 'malformed' // looks like ours but does not parse
  | 'unknown_connector'; // names a connector instance that is not configured

export type LinkDecodeResult =
  { linked: true; link: Link } | { linked: false; reason: UnlinkedReason; detail: string };
