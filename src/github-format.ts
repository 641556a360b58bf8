/** --format github: one workflow command per diagnostic and per pending change, shown inline on pull requests. */
import type { FileResult } from './file-result.js';
import { portablePath } from './diff.js';
import { proposalFor, UNSAFE_FIX_AVAILABLE } from './unsafe-fixes.js';

// GitHub's escaping rules for workflow commands: data escapes %, CR, LF; properties also : and ,.
const data = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const property = (text: string) => data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

export function githubAnnotations(result: FileResult): string {
  const file = property(portablePath(result.display));
  const lines: string[] = [];
  const at = (line: number, column: number) => `file=${file},line=${line},col=${column}`;
  if (result.status === 'changed') {
    for (const change of result.changes) {
      lines.push(`::warning ${at(change.line, change.column)},title=${property(`loopshift ${change.transform}`)}::` +
        data(`would rewrite: ${change.description}`));
    }
  }
  const proposed = proposalFor(result);
  for (const d of result.diagnostics) {
    const fix = proposed(d) ? ` (${UNSAFE_FIX_AVAILABLE})` : '';
    lines.push(`::warning ${at(d.line, d.column)},title=${property(`loopshift ${d.code}`)}::${data(`${d.code} ${d.message}${fix}`)}`);
  }
  if (result.status === 'failed' && result.error) {
    const where = result.error.line ? `,line=${result.error.line},col=${result.error.column ?? 1}` : '';
    lines.push(`::error file=${file}${where}::${data(`${result.error.type}: ${result.error.message}`)}`);
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
