/** Small pure helpers of the benchmark: medians, ratios and the Markdown table. */

/** The median of some numbers (the mean of the middle two for an even count); NaN when there are none. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (!sorted.length) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of the ratios a[i] ÷ b[i] of paired measurements (runs taken side by side). */
export function pairedRatio(numerators: readonly number[], denominators: readonly number[]): number {
  const ratios = numerators.flatMap((value, index) => {
    const denominator = denominators[index];
    return denominator ? [value / denominator] : [];
  });
  return median(ratios);
}

/** Milliseconds as seconds for a table: `12.34 s`; `–` when unknown. */
export function formatSeconds(ms: number | undefined, digits = 2): string {
  return ms === undefined || Number.isNaN(ms) ? '–' : `${(ms / 1000).toFixed(digits)} s`;
}

/** Milliseconds as they are, for short times: `184 ms`. */
export function formatMilliseconds(ms: number | undefined): string {
  return ms === undefined || Number.isNaN(ms) ? '–' : `${Math.round(ms)} ms`;
}

/** Bytes in MiB: `305 MiB`. */
export function formatMebibytes(bytes: number | undefined): string {
  return bytes === undefined || Number.isNaN(bytes) ? '–' : `${Math.round(bytes / 2 ** 20)} MiB`;
}

/** A ratio: `1.07×`. */
export function formatRatio(ratio: number | undefined): string {
  return ratio === undefined || Number.isNaN(ratio) ? '–' : `${ratio.toFixed(2)}×`;
}

/**
 * A GitHub-flavoured Markdown table. Cells are padded to the column width (counting characters,
 * not display width) so the table also reads as plain text; `|` in a cell is escaped.
 */
export function markdownTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align: ReadonlyArray<'left' | 'right'> = []): string {
  const escape = (cell: string) => cell.replace(/\|/gu, '\\|');
  const cells = [header, ...rows].map((row) => header.map((_, column) => escape(row[column] ?? '')));
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => [...row[column]!].length)));
  const pad = (cell: string, column: number) => {
    const gap = ' '.repeat(widths[column]! - [...cell].length);
    return align[column] === 'right' ? gap + cell : cell + gap;
  };
  const line = (row: readonly string[]) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (align[column] === 'right' ? `${'-'.repeat(width + 1)}:` : '-'.repeat(width + 2))).join('|')}|`;
  return [line(cells[0]!), rule, ...cells.slice(1).map(line)].join('\n');
}
