/**
 * The streamed output, one result at a time in discovery order: diffs on stdout and diagnostics,
 * per-file errors and skip reasons on stderr (--format text), or GitHub annotations (--format github);
 * --format sarif gathers the results for one log at the end (src/sarif.ts).
 * Results the review never reached ([q]uit) are not shown. Unsafe fixes a result holds (src/unsafe-fixes.ts)
 * follow its diff as a diff of their own, from the safe text, under a header that marks them.
 */
import { colourDiff, unifiedDiff } from './diff.js';
import type { FileResult } from './file-result.js';
import { githubAnnotations } from './github-format.js';
import type { RunOptions } from './options.js';
import type { Writer } from './progress.js';
import { diagnosticLine, errorLine } from './report.js';
import { SarifLog } from './sarif.js';
import { UNSAFE_HEADER } from './unsafe-fixes.js';

export interface Streams {
  stdout: Writer;
  stderr: Writer;
}

export class ResultPrinter {
  /** --format sarif: the results gathered for the one log the run prints at its end. */
  readonly sarif: SarifLog | undefined;

  constructor(private readonly options: Pick<RunOptions, 'mode' | 'output' | 'color' | 'quiet'>, private readonly io: Streams) {
    this.sarif = options.output === 'sarif' ? new SarifLog() : undefined;
  }

  /** Before the change is applied (in --interactive, the question follows): its diff and diagnostics. */
  preview(result: FileResult): void {
    if (this.options.output !== 'text' || result.applied === 'not-reviewed') return;
    // --write shows no diffs: do not build them then.
    if (result.status === 'changed' && result.before && result.after !== undefined && this.options.mode !== 'write') {
      const diff = unifiedDiff(result.display, result.before.text, result.after);
      this.io.stdout.write(this.options.color ? colourDiff(diff) : diff);
    }
    // In the review the unsafe fixes come with their own question (previewUnsafe); --write shows no diffs.
    if (this.options.mode === 'diff' || this.options.mode === 'check') this.previewUnsafe(result, UNSAFE_HEADER);
    for (const diagnostic of result.diagnostics) this.io.stderr.write(`${diagnosticLine(result.display, diagnostic)}\n`);
  }

  /** The unsafe fixes a result holds: a header marking them, then their diff from the safe text. */
  previewUnsafe(result: FileResult, header: string): void {
    if (this.options.output !== 'text' || !result.unsafe || !result.before) return;
    const from = result.status === 'changed' && result.after !== undefined ? result.after : result.before.text;
    const diff = unifiedDiff(result.display, from, result.unsafe.after);
    this.io.stdout.write(this.options.color ? `\u001b[1;33m${header}\u001b[0m\n${colourDiff(diff)}` : `${header}\n${diff}`);
  }

  /** Once the result is final (a write may have failed): annotations, the error or the skip reason. */
  settle(result: FileResult): void {
    if (result.applied === 'not-reviewed') return;
    if (this.options.output === 'github') this.io.stdout.write(githubAnnotations(result));
    this.sarif?.add(result);
    if (this.options.output !== 'text') return;
    if (result.status === 'failed' && result.error) {
      this.io.stderr.write(`${errorLine(result.display, result.error)}\n`);
    } else if (result.status === 'skipped' && result.reason && !this.options.quiet) {
      this.io.stderr.write(`${result.display}: skipped: ${result.reason}\n`);
    }
  }
}
