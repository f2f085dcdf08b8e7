import type { RunModule, RunStore } from '@zenhire-connect/core';
import type { StoreContext } from './context';
import { decodeJson, encodeBool, encodeJson } from './dialect';

/** What `RunStore.saveRun` takes (`observedAt`: epoch ms); the shape is the port's. */
export type SavedRun = Parameters<RunStore['saveRun']>[0];

/** What `RunStore.getRun` returns for a known run (no `observedAt`); the shape is the port's. */
export type RunView = NonNullable<Awaited<ReturnType<RunStore['getRun']>>>;

/** `runs_seen` table: what collect/reconcile observed of each ZenHire run. */
export class SqlRunStore implements RunStore {
  constructor(private readonly ctx: StoreContext) {}

  /**
   * Upserts the run. `observedAt` is epoch ms. A save without `body` keeps the body stored
   * by an earlier save.
   */
  async saveRun(run: SavedRun): Promise<void> {
    const values = {
      module: run.module,
      status: run.status,
      terminal: encodeBool(this.ctx.dialect, run.terminal),
      observed_at: run.observedAt,
    };
    await this.ctx.db
      .insertInto('runs_seen')
      .values({ id: run.id, ...values, body: encodeJson(run.body) })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          ...values,
          body: eb.fn.coalesce('excluded.body', 'runs_seen.body'),
        })),
      )
      .execute();
  }

  async getRun(id: string): Promise<RunView | undefined> {
    const row = await this.ctx.db
      .selectFrom('runs_seen')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const run: RunView = {
      id: row.id,
      module: row.module as RunModule,
      status: row.status,
      terminal: Boolean(row.terminal),
    };
    if (row.body !== null) run.body = decodeJson(row.body);
    return run;
  }

  /** Non-terminal runs of `module`, least recently observed first; `observedAt` in epoch ms. */
  async listOpenRuns(
    module: RunModule,
    limit: number,
  ): Promise<{ id: string; status: string; observedAt: number }[]> {
    if (limit <= 0) return [];
    const rows = await this.ctx.db
      .selectFrom('runs_seen')
      .select(['id', 'status', 'observed_at'])
      .where('module', '=', module)
      .where('terminal', '=', encodeBool(this.ctx.dialect, false))
      .orderBy('observed_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, status: r.status, observedAt: Number(r.observed_at) }));
  }
}
