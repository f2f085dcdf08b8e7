import Table from 'cli-table3';

/** A plain text table (box drawing, no colours) for terminal output. */
export function renderTable(
  head: string[],
  rows: (string | number | null | undefined)[][],
): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows)
    table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return table.toString();
}
