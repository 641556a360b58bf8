/**
 * Applying changes (--write, --interactive): refuse files with uncommitted work (git-safety.ts), ask
 * (prompt.ts), write atomically (write.ts). It prints nothing and counts nothing: it marks each result
 * (`applied`, `written`), and the run report counts the marks.
 */
import type { FileResult } from './file-result.js';
import { DirtyFiles } from './git-safety.js';
import type { RunControl, RunOptions } from './options.js';
import type { Prompter } from './prompt.js';
import { writeAtomically } from './write.js';

const WRITE_ERRORS = { conflict: 'Conflict', 'outside-roots': 'SymlinkOutsideRoots', 'write-error': 'WriteError' } as const;

export class Applier {
  private applyAll = false;
  private readonly dirty = new DirtyFiles();

  /** `roots`: real paths of the paths given; nothing outside them is written through a symlink. */
  constructor(
    private readonly options: Pick<RunOptions, 'mode' | 'allowDirty'>,
    private readonly roots: string[],
    private readonly control: RunControl,
    private readonly prompter?: Prompter,
  ) {}

  private get writing(): boolean {
    return this.options.mode === 'write' || this.options.mode === 'interactive';
  }

  /** Before the result is shown: after [q]uit nothing more is reviewed; uncommitted work is not touched. */
  async screen(result: FileResult): Promise<FileResult> {
    if (this.options.mode === 'interactive' && this.control.stopped) {
      // [q] ended the review: files still in flight are neither shown nor applied.
      return { ...result, reason: 'not reviewed (quit)', written: result.status === 'changed' ? false : undefined, applied: 'not-reviewed' };
    }
    if (result.status === 'changed' && this.writing && !this.options.allowDirty && (await this.dirty.isDirty(result.absolute))) {
      return {
        ...result, status: 'skipped', reason: 'has uncommitted changes in git; commit or stash it, or pass --allow-dirty',
        reasonCode: 'dirty', applied: 'refused',
      };
    }
    return result;
  }

  /**
   * After the result is shown: ask (--interactive) and write; a failed write turns the result into a failure.
   * A result already settled by screen() (not reviewed, refused) is left as it is.
   */
  async apply(result: FileResult): Promise<FileResult> {
    if (!this.writing || result.applied || result.status !== 'changed' || !result.before || result.after === undefined) return result;
    if (this.control.interrupted || this.control.stopped) return decline(result, 'not reviewed (the run was stopped)');
    if (this.options.mode === 'interactive' && !this.applyAll) {
      const answer = await this.prompter!.ask(result.display);
      if (this.control.interrupted) return decline(result, 'not applied (interrupted)');
      if (answer === 'quit') {
        this.control.stopped = true;
        return decline(result, 'not applied (quit)');
      }
      if (answer === 'no') return decline(result, 'not applied (answered no)');
      if (answer === 'all') this.applyAll = true;
    }
    const outcome = await writeAtomically({
      absolute: result.absolute, roots: this.roots, original: result.original!, text: result.after, bom: result.before.bom,
    });
    if (!outcome.ok) return { ...result, status: 'failed', error: { type: WRITE_ERRORS[outcome.kind], message: outcome.message } };
    return { ...result, written: true, applied: 'written' };
  }
}

function decline(result: FileResult, reason: string): FileResult {
  return { ...result, reason, written: false, applied: 'declined' };
}
