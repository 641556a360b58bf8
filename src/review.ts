/** What happens to each result: print its diff (dry run, --check) or collect it for --json. */
import { colourDiff, unifiedDiff } from './diff.js';
import type { FileResult } from './file-result.js';
import type { RunOptions } from './options.js';
import { diagnosticLine, jsonFile, type JsonFile } from './report.js';

export interface Streams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export class Reviewer {
  readonly jsonFiles: JsonFile[] = [];

  constructor(private readonly options: RunOptions, private readonly io: Streams) {}

  handle(result: FileResult): void {
    if (this.options.output === 'json') {
      this.jsonFiles.push(jsonFile(result));
      return;
    }
    if (result.status === 'changed' && result.before && result.after !== undefined) {
      const diff = unifiedDiff(result.display, result.before.text, result.after);
      this.io.stdout.write(this.options.color ? colourDiff(diff) : diff);
    }
    for (const diagnostic of result.diagnostics) {
      this.io.stderr.write(`${diagnosticLine(result.display, diagnostic)}\n`);
    }
    if (result.status === 'failed' && result.error) {
      this.io.stderr.write(`${result.display}: error: ${result.error.type}: ${result.error.message}\n`);
    } else if (result.status === 'skipped' && result.reason && !this.options.quiet && result.reason !== 'no trigger words') {
      this.io.stderr.write(`${result.display}: skipped: ${result.reason}\n`);
    }
  }
}
