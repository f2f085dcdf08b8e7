import type { Link, LinkStore, RecordRef, RunModule } from '@zenhire-connect/core';
import type { Selectable } from 'kysely';
import type { StoreContext } from './context';
import { decodeJson } from './dialect';
import type { LinksTable } from './schema';

function toLink(row: Selectable<LinksTable>): Link {
  const record: RecordRef = { connector: row.connector, candidateId: row.candidate_id };
  if (row.application_id !== null) record.applicationId = row.application_id;
  if (row.job_id !== null) record.jobId = row.job_id;
  if (row.stage_id !== null) record.stageId = row.stage_id;
  const link: Link = {
    runId: row.run_id,
    module: row.module as RunModule,
    record,
    source: decodeJson<Link['source']>(row.source),
  };
  if (row.trigger_id !== null) link.triggerId = row.trigger_id;
  if (row.parent_run_id !== null) link.parentRunId = row.parent_run_id;
  return link;
}

/** `links` table: run id → ATS record. */
export class SqlLinkStore implements LinkStore {
  constructor(private readonly ctx: StoreContext) {}

  /** Inserts or replaces the link of `link.runId` (keeps the first `created_at`). */
  async saveLink(link: Link): Promise<void> {
    const now = this.ctx.clock.now();
    const values = {
      module: link.module,
      connector: link.record.connector,
      candidate_id: link.record.candidateId,
      application_id: link.record.applicationId ?? null,
      job_id: link.record.jobId ?? null,
      stage_id: link.record.stageId ?? null,
      trigger_id: link.triggerId ?? null,
      source: JSON.stringify(link.source),
      parent_run_id: link.parentRunId ?? null,
      updated_at: now,
    };
    await this.ctx.db
      .insertInto('links')
      .values({ run_id: link.runId, created_at: now, ...values })
      .onConflict((oc) => oc.column('run_id').doUpdateSet(values))
      .execute();
  }

  async findLink(runId: string): Promise<Link | undefined> {
    const row = await this.ctx.db
      .selectFrom('links')
      .selectAll()
      .where('run_id', '=', runId)
      .executeTakeFirst();
    return row ? toLink(row) : undefined;
  }

  /**
   * Links of one record of `connector`: those whose application id is
   * `applicationIdOrCandidateId`, plus those with no application whose candidate id is it.
   * (A link that has an application is never matched by its candidate id, so ids of the two
   * kinds cannot be confused.) Oldest first.
   */
  async findLinksByRecord(connector: string, applicationIdOrCandidateId: string): Promise<Link[]> {
    const id = applicationIdOrCandidateId;
    const rows = await this.ctx.db
      .selectFrom('links')
      .selectAll()
      .where('connector', '=', connector)
      .where((eb) =>
        eb.or([
          eb('application_id', '=', id),
          eb.and([eb('application_id', 'is', null), eb('candidate_id', '=', id)]),
        ]),
      )
      .orderBy('created_at')
      .orderBy('run_id')
      .execute();
    return rows.map(toLink);
  }
}
