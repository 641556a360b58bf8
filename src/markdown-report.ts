/** --report FILE.md: a migration report ready to paste into a pull request. */
import { errorText } from './report.js';
import type { ReportedFile, Summary } from './run-report.js';
import { proposalFor, unsafeChanges } from './unsafe-fixes.js';

/** Skipped for having nothing to do, which is no news for a reader. */
const nothingToDo = (file: ReportedFile) => file.reasonCode === 'no-triggers';

export function markdownReport(summary: Summary, files: ReportedFile[], explain: (code: string) => string | undefined): string {
  // In --write/--interactive runs only what reached the disk counts as changed.
  const changed = files.filter((f) => f.status === 'changed' && f.written !== false);
  const notApplied = files.filter((f) => f.status === 'changed' && f.written === false);
  const withDiagnostics = files.filter((f) => f.diagnostics.length);
  const failed = files.filter((f) => f.status === 'failed' || (f.status === 'skipped' && !nothingToDo(f)));
  const out: string[] = ['# asyncio event-loop migration (loopshift)', ''];
  const targets = summary.targets.map((t) => `Python ${t.version} (${t.source})`).join(', ') || 'n/a';
  out.push(
    `- Files scanned: ${summary.filesScanned}; candidates: ${summary.candidates}`,
    `- Files changed: ${summary.changed}${summary.written !== undefined ? ` (written: ${summary.written})` : ''}`,
    `- Sites left for a human: ${summary.diagnostics}`,
    `- Files not processed: ${summary.failed + summary.skipped}`,
    `- Target: ${targets}`,
    '',
  );
  if (changed.length) {
    out.push('## Changed', '');
    for (const file of changed) {
      out.push(`### \`${file.display}\``, '');
      for (const change of file.changes) out.push(`- line ${change.line}: ${change.description} (\`${change.transform}\`)`);
      out.push('');
    }
  }
  if (notApplied.length) {
    out.push('## Not applied', '');
    for (const file of notApplied) out.push(`- \`${file.display}\`: ${file.reason ?? 'declined'}`);
    out.push('');
  }
  const proposing = files.filter((f) => f.unsafe && unsafeChanges(f.unsafe.changes).length);
  if (proposing.length) {
    out.push('## Unsafe fixes proposed', '', 'Not applied: each may change behaviour (see the code\'s explanation below); ' +
      '`loopshift --write --unsafe-fixes` applies them, `loopshift -i` asks file by file.', '');
    for (const file of proposing) {
      out.push(`### \`${file.display}\``, '');
      for (const change of unsafeChanges(file.unsafe!.changes)) out.push(`- line ${change.line}: ${change.description} (answers ${change.code})`);
      out.push('');
    }
  }
  if (withDiagnostics.length) {
    out.push('## Left for a human', '', '| file | line | code | reason |', '| --- | --- | --- | --- |');
    const codes = new Set<string>();
    for (const file of withDiagnostics) {
      const proposed = proposalFor(file);
      for (const d of file.diagnostics) {
        codes.add(d.code);
        const marker = proposed(d) ? ' (unsafe fix proposed)' : '';
        out.push(`| \`${file.display}\` | ${d.line}:${d.column} | ${d.code} | ${d.message.replace(/\|/g, '\\|')}${marker} |`);
      }
    }
    out.push('');
    for (const code of [...codes].sort()) {
      const text = explain(code);
      if (text) out.push(`<details><summary>${code}</summary>`, '', text, '', '</details>', '');
    }
  }
  if (failed.length) {
    out.push('## Not processed', '');
    for (const file of failed) out.push(`- \`${file.display}\`: ${file.error ? errorText(file.error) : (file.reason ?? null)}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
