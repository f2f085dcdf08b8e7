import type { ConnectorCache, WriteOperation } from '@zenhire-connect/core';

/**
 * What the connector keeps per Assessment Partner interview (greenhouse-api.md §4): the
 * callback `url` Greenhouse sent in `send_test` (PATCHed on completion, §4.3) and, once the
 * run is done, the result `test_status` answers with.
 */
export interface PartnerInterviewRecord {
  partnerInterviewId: string;
  partnerTestId: string;
  /** `url` of `send_test`: `PATCH` it (no body) when the candidate has finished (§4.3). */
  callbackUrl: string;
  candidateEmail: string;
  /** Greenhouse candidate / application ids read from `greenhouse_profile_url`, if present. */
  candidateId?: string;
  applicationId?: string;
  /** Epoch ms. */
  sentAt: number;
}

/**
 * Result recorded by a `CompleteAssessment` operation (for `test_status`): the operation's
 * `status`, `score` (as the mapping produced it; Greenhouse shows the number as is),
 * `profileUrl` and flat `metadata`, with core's types.
 */
export type PartnerResultRecord = Pick<
  Extract<WriteOperation, { kind: 'CompleteAssessment' }>,
  'status' | 'score' | 'profileUrl' | 'metadata'
>;

const partnerInterviewKey = (id: string) => `gh:partner_interview:${id}`;
const partnerResultKey = (id: string) => `gh:partner_result:${id}`;

/** Reads and writes the records above in the connector's cache. */
export class PartnerInterviewLedger {
  constructor(
    private readonly cache: ConnectorCache,
    /** How long records are kept (ms). */
    private readonly ttlMs: number,
  ) {}

  interview(id: string): Promise<PartnerInterviewRecord | undefined> {
    return this.cache.get<PartnerInterviewRecord>(partnerInterviewKey(id));
  }

  saveInterview(record: PartnerInterviewRecord): Promise<void> {
    return this.cache.set(partnerInterviewKey(record.partnerInterviewId), record, this.ttlMs);
  }

  result(id: string): Promise<PartnerResultRecord | undefined> {
    return this.cache.get<PartnerResultRecord>(partnerResultKey(id));
  }

  saveResult(id: string, result: PartnerResultRecord): Promise<void> {
    return this.cache.set(partnerResultKey(id), result, this.ttlMs);
  }
}
