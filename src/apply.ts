/**
 * Applying changes (--write, --interactive): refuse files with uncommitted work (git-safety.ts), ask
 * (prompt.ts), write atomically (write.ts). It prints nothing and counts nothing: it marks each result
 * (`applied`, `written`), and the run report counts the marks.
 *
 * Unsafe fixes (src/unsafe-fixes.ts): --unsafe-fixes takes them before they get here, so --write writes them
 * like any change. In --interactive a file that holds some gets a second question, after its diff marked
 * as such: they come on top of the safe changes, so a file whose safe changes were answered no is not asked.
 * [a] at the first question applies the remaining files as --write would (their unsafe fixes only with
 * --unsafe-fixes); [a] at the second takes the remaining unsafe fixes too.
 */
import type { FileResult } from './file-result.js';
import { DirtyFiles } from './git-safety.js';
import type { RunControl, RunOptions } from './options.js';
import type { Prompter } from './prompt.js';
import { takeUnsafe, UNSAFE_APPLIED_HEADER, UNSAFE_HEADER, UNSAFE_REVIEW_HEADER } from './unsafe-fixes.js';
import { writeAtomically } from './write.js';

const WRITE_ERRORS = { conflict: 'Conflict', 'outside-roots': 'SymlinkOutsideRoots', 'write-error': 'WriteError' } as const;

/** Shows a result's unsafe fixes under a header (ResultPrinter.previewUnsafe). */
export type ShowUnsafe = (result: FileResult, header: string) => void;

export class Applier {
  private applyAll = false;
  private applyAllUnsafe = false; // [a] at an unsafe question
  private readonly dirty = new DirtyFiles();

  /** `roots`: real paths of the paths given; nothing outside them is written through a symlink. */
  constructor(
    private readonly options: Pick<RunOptions, 'mode' | 'allowDirty' | 'unsafeFixes'>,
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
    const touches = result.status === 'changed' || (this.options.mode === 'interactive' && result.unsafe !== undefined);
    if (touches && this.writing && !this.options.allowDirty && (await this.dirty.isDirty(result.absolute))) {
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
  async apply(result: FileResult, showUnsafe?: ShowUnsafe): Promise<FileResult> {
    const changed = result.status === 'changed' && result.before !== undefined && result.after !== undefined;
    const review = this.options.mode === 'interactive' && result.unsafe !== undefined && result.before !== undefined;
    if (!this.writing || result.applied || !(changed || review)) return result;
    if (this.control.interrupted || this.control.stopped) return decline(result, 'not reviewed (the run was stopped)');
    let chosen = result;
    if (this.options.mode === 'interactive') {
      if (changed && !this.applyAll) {
        const answer = await this.prompter!.ask(result.display);
        if (this.control.interrupted) return decline(result, 'not applied (interrupted)');
        if (answer === 'quit') {
          this.control.stopped = true;
          return decline(result, 'not applied (quit)');
        }
        if (answer === 'no') return decline(result, 'not applied (answered no)');
        if (answer === 'all') this.applyAll = true;
      }
      if (review) {
        const take = await this.reviewUnsafe(result, showUnsafe);
        if (this.control.interrupted) return decline(result, 'not applied (interrupted)');
        if (take) chosen = takeUnsafe(result);
        else if (!changed) return decline(result, this.control.stopped ? 'unsafe fixes not applied (quit)' : 'unsafe fixes not applied');
      }
    }
    const outcome = await writeAtomically({
      absolute: chosen.absolute, roots: this.roots, original: chosen.original!, text: chosen.after!, bom: chosen.before!.bom,
    });
    if (!outcome.ok) return { ...chosen, status: 'failed', error: { type: WRITE_ERRORS[outcome.kind], message: outcome.message } };
    return { ...chosen, written: true, applied: 'written' };
  }

  /** The second question of the review: take this file's unsafe fixes? ([q] keeps what the first accepted.) */
  private async reviewUnsafe(result: FileResult, show?: ShowUnsafe): Promise<boolean> {
    if (this.applyAllUnsafe || (this.applyAll && this.options.unsafeFixes)) {
      show?.(result, UNSAFE_APPLIED_HEADER); // [a] took them: shown as the remaining safe diffs are
      return true;
    }
    if (this.applyAll) {
      show?.(result, UNSAFE_HEADER); // [a]: as --write without --unsafe-fixes, which leaves them
      return false;
    }
    show?.(result, UNSAFE_REVIEW_HEADER);
    const answer = await this.prompter!.askUnsafe(result.display);
    if (answer === 'quit') this.control.stopped = true;
    if (answer === 'all') this.applyAll = this.applyAllUnsafe = true;
    return answer === 'yes' || answer === 'all';
  }
}

function decline(result: FileResult, reason: string): FileResult {
  return { ...result, reason, written: false, applied: 'declined' };
}
