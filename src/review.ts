/**
 * What happens to each result, by mode: print its diff (dry run, --check), write it (--write), or
 * show it and ask (--interactive). Results arrive in discovery order.
 */
import { colourDiff, unifiedDiff } from './diff.js';
import type { FileResult } from './file-result.js';
import { DirtyFiles } from './git-safety.js';
import { githubAnnotations } from './github-format.js';
import type { RunControl, RunOptions } from './options.js';
import type { Prompter } from './prompt.js';
import type { Writer } from './progress.js';
import { diagnosticLine, errorLine, jsonFile, type JsonFile } from './report.js';
import { writeAtomically } from './write.js';

export interface Streams {
  stdout: Writer;
  stderr: Writer;
}

export class Reviewer {
  readonly files: JsonFile[] = [];
  readonly dirtyRefused: string[] = [];
  written = 0;
  declined = 0;
  notReviewed = 0; // --interactive: results that arrived after [q]uit, shown to no one
  private applyAll = false;
  private readonly dirty = new DirtyFiles();

  constructor(
    private readonly options: RunOptions,
    private readonly io: Streams,
    private readonly roots: string[],
    private readonly control: RunControl,
    private readonly prompter?: Prompter,
  ) {}

  async handle(result: FileResult): Promise<FileResult> {
    if (this.options.mode === 'interactive' && this.control.stopped) {
      // [q] ended the review: files still in flight are neither shown nor applied.
      this.notReviewed += 1;
      return { ...result, reason: 'not reviewed (quit)', written: result.status === 'changed' ? false : undefined };
    }
    const text = this.options.output === 'text';
    const writing = this.options.mode === 'write' || this.options.mode === 'interactive';
    if (result.status === 'changed' && writing && !this.options.allowDirty && (await this.dirty.isDirty(result.absolute))) {
      this.dirtyRefused.push(result.display);
      result = { ...result, status: 'skipped', reason: 'has uncommitted changes in git; commit or stash it, or pass --allow-dirty' };
    }
    if (result.status === 'changed' && result.before && result.after !== undefined) {
      if (text && this.options.mode !== 'write') { // only then is the diff shown: do not build it otherwise
        const diff = unifiedDiff(result.display, result.before.text, result.after);
        this.io.stdout.write(this.options.color ? colourDiff(diff) : diff);
      }
      if (text) this.printDiagnostics(result);
      if (writing) result = await this.apply(result);
    } else if (text) {
      this.printDiagnostics(result);
    }
    if (this.options.output === 'github') this.io.stdout.write(githubAnnotations(result));
    if (text && result.status === 'failed' && result.error) {
      this.io.stderr.write(`${errorLine(result.display, result.error)}\n`);
    } else if (text && result.status === 'skipped' && result.reason && !this.options.quiet) {
      this.io.stderr.write(`${result.display}: skipped: ${result.reason}\n`);
    }
    if (this.options.output === 'json' || this.options.reportFile) this.files.push(jsonFile(result));
    return result;
  }

  private printDiagnostics(result: FileResult): void {
    for (const diagnostic of result.diagnostics) this.io.stderr.write(`${diagnosticLine(result.display, diagnostic)}\n`);
  }

  private async apply(result: FileResult): Promise<FileResult> {
    if (this.control.interrupted || this.control.stopped) return this.decline(result, 'not reviewed (the run was stopped)');
    if (this.options.mode === 'interactive' && !this.applyAll) {
      const answer = await this.prompter!.ask(result.display);
      if (this.control.interrupted) return this.decline(result, 'not applied (interrupted)');
      if (answer === 'quit') {
        this.control.stopped = true;
        return this.decline(result, 'not applied (quit)');
      }
      if (answer === 'no') return this.decline(result, 'not applied (answered no)');
      if (answer === 'all') this.applyAll = true;
    }
    const outcome = await writeAtomically({
      absolute: result.absolute, roots: this.roots, original: result.original!, text: result.after!, bom: result.before!.bom,
    });
    if (!outcome.ok) {
      const type = { conflict: 'Conflict', 'outside-roots': 'SymlinkOutsideRoots', 'write-error': 'WriteError' }[outcome.kind];
      return { ...result, status: 'failed', error: { type, message: outcome.message } };
    }
    this.written += 1;
    return { ...result, written: true };
  }

  private decline(result: FileResult, reason: string): FileResult {
    this.declined += 1;
    return { ...result, reason, written: false };
  }
}
