import type { CursorStore } from '@zenhire-connect/core';
import type { StoreContext } from './context';

/** `cursors` table: named string watermarks. */
export class SqlCursorStore implements CursorStore {
  constructor(private readonly ctx: StoreContext) {}

  async getCursor(name: string): Promise<string | undefined> {
    const row = await this.ctx.db
      .selectFrom('cursors')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  /** Creates or overwrites the cursor. */
  async setCursor(name: string, value: string): Promise<void> {
    const updated_at = this.ctx.clock.now();
    await this.ctx.db
      .insertInto('cursors')
      .values({ name, value, updated_at })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value, updated_at }))
      .execute();
  }
}
