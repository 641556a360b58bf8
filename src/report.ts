/** The end of a run: a human summary for stderr, the --json document for stdout. */
import type { FileResult } from './file-result.js';
import type { Mode } from './options.js';
import type { ReportedFile, Summary } from './run-report.js';
import { listedChanges, unsafeSummaryText } from './unsafe-fixes.js';

export const JSON_REPORT_VERSION = 1;

export interface JsonFile {
  path: string;
  status: FileResult['status'];
  transforms: string[];
  /** With unsafe fixes in the run (summary.unsafeFixes): each change's applicability, and the code an unsafe one answers. */
  changes: { line: number; column: number; transform: string; description: string; applicability?: 'safe' | 'unsafe'; code?: string | null }[];
  diagnostics: { line: number; column: number; code: string; message: string; transform: string }[];
  error: string | null;
  errorPosition: { line: number; column: number } | null; // where a syntax error is
  reason: string | null;
  target: string;
  written?: boolean;
}

/** `applicability`: the run had unsafe fixes (or --unsafe-fixes): every change says whether it is safe, and held proposals are listed too. */
export function jsonFile(result: ReportedFile, applicability = false): JsonFile {
  return {
    ...(result.written === undefined ? {} : { written: result.written }),
    path: result.display,
    status: result.status,
    transforms: result.transforms,
    changes: applicability
      ? listedChanges(result).map(({ line, column, transform, description, applicability: kind, code }) =>
        ({ line, column, transform, description, applicability: kind ?? 'safe', code: kind === 'unsafe' ? (code ?? null) : null }))
      : result.changes.map(({ line, column, transform, description }) => ({ line, column, transform, description })),
    diagnostics: result.diagnostics.map(({ line, column, code, message, transform }) => ({ line, column, code, message, transform })),
    error: result.error ? errorText(result.error) : null,
    errorPosition: result.error?.line ? { line: result.error.line, column: result.error.column ?? 1 } : null,
    reason: result.reason ?? null,
    target: result.target,
  };
}

export function jsonDocument(summary: Summary, files: ReportedFile[]): string {
  const applicability = summary.unsafeFixes !== undefined;
  return `${JSON.stringify({ version: JSON_REPORT_VERSION, summary, files: files.map((file) => jsonFile(file, applicability)) }, null, 2)}\n`;
}

/** A failure as one phrase: `Type: message`. */
export function errorText(error: NonNullable<FileResult['error']>): string {
  return `${error.type}: ${error.message}`;
}

export function summaryText(summary: Summary, mode: Mode): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const verb = {
    check: 'would change',
    diff: 'changed (dry run)',
    write: `changed (${summary.written ?? 0} written)`,
    interactive: `changed (${summary.written ?? 0} applied, ${summary.declined ?? 0} declined` +
      `${summary.notReviewed ? `, ${summary.notReviewed} not reviewed` : ''})`,
  }[mode];
  const lines = [
    `loopshift: ${plural(summary.filesScanned, 'file')} scanned, ${plural(summary.candidates, 'candidate')}: ` +
      `${summary.changed} ${verb}, ${summary.unchanged} unchanged, ${summary.skipped} skipped, ${summary.failed} failed; ` +
      `${plural(summary.diagnostics, 'diagnostic')}${summary.suppressed ? `, ${summary.suppressed} suppressed` : ''} (${summary.seconds.toFixed(2)}s)`,
  ];
  for (const target of summary.targets) {
    const hint = target.source === 'default' ? ' (default; set --target-version or requires-python)' : ` (from ${target.source})`;
    lines.push(`target Python ${target.version}${hint}`);
  }
  if (summary.notProcessed) {
    const why = summary.interrupted ? 'interrupted' : 'the review was quit';
    lines.push(`${plural(summary.notProcessed, 'file')} not processed (${why})`);
  }
  if (summary.helperRestarts) lines.push(`the Python helper was restarted ${plural(summary.helperRestarts, 'time')}`);
  return `${lines.join('\n')}\n${unsafeSummaryText(summary.unsafeFixes, summary.changed, mode)}`;
}

/** `path:line:col: error: ...` when the helper knows where (a syntax error), else `path: error: ...`. */
export function errorLine(path: string, error: { type: string; message: string; line?: number; column?: number }): string {
  const where = error.line ? `:${error.line}:${error.column ?? 1}` : '';
  return `${path}${where}: error: ${errorText(error)}`;
}

export function diagnosticLine(path: string, d: { line: number; column: number; code: string; message: string }): string {
  return `${path}:${d.line}:${d.column}: ${d.code} ${d.message}`;
}
