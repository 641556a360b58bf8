/**
 * A loop per test in every test module that uses the shared loop, or in none (docs/SEMANTICS.md P13a,
 * "Several test modules").
 *
 * A loop per test ends each test with no current loop, so it is declined while another test module of the
 * project still reads the shared loop outside a coroutine (otherTestsEffects, LS904). When every such
 * module gets its own loop per test in the same run, none reads the shared loop any more: each module's
 * `unittest_loop` rewrite already proved that nothing in it but the rewritten tests touches the current
 * loop, and that those set their own first. So each member is asked once more without the others'
 * effects, and the answers stand together when every member's is such a rewrite; otherwise each keeps
 * its first answer. Not in interactive mode, where a person may take one file's hunk and not another's.
 *
 * A member waits for the others' reports only, never for their results, so files that wait for the
 * modules they import (src/migrated-effects.ts) cannot close a cycle through it. A member that is not in
 * this run, not a candidate, or left early (skipped, failed, stopped) reports that it does not own its loops.
 */
import type { Answer } from './helper/protocol.js';

export class JointTests {
  private readonly reports = new Map<string, boolean>();
  private readonly waiting: Array<() => void> = [];
  private started = false;

  /** `members`: ProjectModel.loopTests(); `start(absolute)`: begins a member's work (false when not in this run). */
  constructor(private readonly members: ReadonlySet<string>, private readonly start: (absolute: string) => boolean) {}

  static none(): JointTests {
    return new JointTests(new Set(), () => false);
  }

  member(absolute: string): boolean {
    return this.members.size > 1 && this.members.has(absolute);
  }

  /** What the member's answer without the others' effects showed; the first report of a member counts. */
  report(absolute: string, ownsLoops: boolean): void {
    if (!this.members.has(absolute) || this.reports.has(absolute)) return;
    this.reports.set(absolute, ownsLoops);
    if (!ownsLoops || this.reports.size === this.members.size) for (const wake of this.waiting.splice(0)) wake();
  }

  /** Some member reported that it does not own its loops: the decision is no. */
  failed(): boolean {
    return [...this.reports.values()].some((owns) => !owns);
  }

  /** True once every member reported owning its loops; false as soon as one reports it does not. */
  async all(): Promise<boolean> {
    if (!this.started) {
      this.started = true;
      for (const absolute of [...this.members].sort()) if (!this.start(absolute)) this.report(absolute, false);
    }
    for (;;) {
      if (this.failed()) return false;
      if (this.reports.size === this.members.size) return true;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }
}

/**
 * Could the module get a loop per test without the others' effects? Only when unittest_loop declined it with
 * LS904, the code the others' effects give (transforms/unittest_loop.py: they come first among its reasons,
 * and then every site of the file carries that code); otherwise its answer does not depend on them.
 */
export function mayOwnLoops(answer: Answer): boolean {
  return answer.diagnostics.some((d) => d.code === 'LS904' && d.transform === 'unittest_loop');
}

/** The answer is a loop per test for the whole module (unittest_loop rewrites all of a module's sites or none). */
export function ownsLoops(answer: Answer): boolean {
  return answer.status === 'changed' && answer.transforms.includes('unittest_loop');
}
