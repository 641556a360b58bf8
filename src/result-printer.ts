/**
 * The streamed output, one result at a time in discovery order: diffs on stdout and diagnostics,
 * per-file errors and skip reasons on stderr (--format text), or GitHub annotations (--format github);
 * --format sarif gathers the results for one log at the end (src/sarif.ts).
 * Results the review never reached ([q]uit) are not shown.
 */
import { colourDiff, unifiedDiff } from './diff.js';
import type { FileResult } from './file-result.js';
import { githubAnnotations } from './github-format.js';
import type { RunOptions } from './options.js';
import type { Writer } from './progress.js';
import { diagnosticLine, errorLine } from './report.js';
import { SarifLog } from './sarif.js';

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
    for (const diagnostic of result.diagnostics) this.io.stderr.write(`${diagnosticLine(result.display, diagnostic)}\n`);
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
