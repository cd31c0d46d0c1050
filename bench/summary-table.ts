/** A plain-text table of goal vs measured, one row per figure. */
export interface Row {
  measure: string;
  goal: string;
  measured: string;
  /** null: informational, no goal. */
  ok: boolean | null;
}

export function formatTable(rows: readonly Row[]): string {
  const cells = [['measure', 'goal', 'measured', 'verdict'], ...rows.map((r) => [r.measure, r.goal, r.measured, r.ok === null ? '' : r.ok ? 'met' : 'MISSED'])];
  const widths = [0, 1, 2, 3].map((col) => Math.max(...cells.map((row) => (row[col] ?? '').length)));
  const line = (row: string[]): string => row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd();
  return [line(cells[0] as string[]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
