/**
 * --statistics: per diagnostic code, how many were reported (and suppressed), and per transform how
 * many rewrites it made, as `ruff check --statistics` shows. The run report feeds every result in
 * (src/run-report.ts); the table goes to stdout, or to summary.statistics with --json.
 *
 * "fixable" counts what --write applies: every rewrite, and no diagnostic (no diagnostic carries a
 * safe fix). "unsafe" counts a code's unsafe fixes left pending (ruff's hidden fixes: applied only with
 * --unsafe-fixes, or approved in -i; once taken they are rewrites). "suppressed" counts diagnostics a suppression kept out of the output: per-file-ignores,
 * and whatever suppressions a result carries in `suppressed` (the helper's comments, later).
 */
import type { FileResult } from './file-result.js';
import type { TransformInfo } from './helper/protocol.js';

export interface StatisticsRow {
  kind: 'diagnostic' | 'rewrite';
  code: string | null;     // the diagnostic code; null for a transform's rewrites
  transform: string;
  summary: string;         // the code's summary, or the transform's description
  count: number;           // reported diagnostics, or rewrites made (proposed in a dry run)
  fixable: number;
  unsafe: number;          // unsafe fixes proposed for the code and not taken
  suppressed: number;
}

export class Statistics {
  private readonly codes = new Map<string, CodeTally>();
  private readonly rewrites = new Map<string, number>();

  add(result: Pick<FileResult, 'status' | 'diagnostics' | 'changes' | 'suppressed' | 'unsafe'>): void {
    for (const d of result.diagnostics) this.code(d.code, d.transform).count += 1;
    for (const change of result.unsafe?.changes ?? []) {
      if (change.applicability === 'unsafe' && change.code) this.code(change.code, change.transform).unsafe += 1;
    }
    for (const s of result.suppressed ?? []) this.code(s.code, s.transform).suppressed += 1;
    if (result.status !== 'changed') return;
    for (const change of result.changes) this.rewrites.set(change.transform, (this.rewrites.get(change.transform) ?? 0) + 1);
  }

  /** The rows, most frequent first (then by code or name); summaries from the helper's hello. */
  rows(transforms: readonly TransformInfo[]): StatisticsRow[] {
    const summaries = new Map(transforms.flatMap((t) => t.codes.map((c) => [c.code, c.summary] as const)));
    const descriptions = new Map(transforms.map((t) => [t.name, t.description]));
    const rows: StatisticsRow[] = [
      ...[...this.codes].map(([code, c]): StatisticsRow => ({
        kind: 'diagnostic', code, transform: c.transform, summary: summaries.get(code) ?? '', count: c.count, fixable: 0, unsafe: c.unsafe,
        suppressed: c.suppressed,
      })),
      ...[...this.rewrites].map(([transform, count]): StatisticsRow => ({
        kind: 'rewrite', code: null, transform, summary: descriptions.get(transform) ?? '', count, fixable: count, unsafe: 0, suppressed: 0,
      })),
    ];
    const key = (row: StatisticsRow) => row.code ?? row.transform;
    return rows.sort((a, b) => b.count - a.count || b.suppressed - a.suppressed || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }

  private code(code: string, transform: string): CodeTally {
    let entry = this.codes.get(code);
    if (!entry) this.codes.set(code, (entry = { transform, count: 0, unsafe: 0, suppressed: 0 }));
    return entry;
  }
}

interface CodeTally {
  transform: string;
  count: number;
  unsafe: number;
  suppressed: number;
}

/**
 * The table for people: count, code (or the transform, for its rewrites), fixable, and the summary.
 * An unsafe column appears when unsafe fixes are pending, a suppressed one when something was
 * suppressed. No rows: nothing is printed.
 */
export function statisticsTable(rows: readonly StatisticsRow[]): string {
  if (!rows.length) return '';
  const withUnsafe = rows.some((row) => row.unsafe > 0);
  const withSuppressed = rows.some((row) => row.suppressed > 0);
  const cells = rows.map((row) => [
    String(row.count), row.code ?? row.transform, String(row.fixable), ...(withUnsafe ? [String(row.unsafe)] : []),
    ...(withSuppressed ? [String(row.suppressed)] : []), row.code ? row.summary : `rewrites: ${row.summary}`,
  ]);
  const header = ['count', 'code', 'fixable', ...(withUnsafe ? ['unsafe'] : []), ...(withSuppressed ? ['suppressed'] : []), 'summary'];
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((c) => c[i].length)));
  const numeric = (i: number) => i !== 1 && i !== header.length - 1;
  const line = (cols: string[]) => cols.map((text, i) => (i === cols.length - 1 ? text : numeric(i) ? text.padStart(widths[i]) : text.padEnd(widths[i])))
    .join('  ').trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}
