/**
 * One run does what a second would (docs/SEMANTICS.md P3f, "After the imported modules' rewrites").
 *
 * An entry-point rewrite is declined when a project module the file imports reads the current loop
 * outside a coroutine (src/loop-effects.ts). That module's own safe rewrites may take the use away, and
 * only where they proved it harmless (a sync function that runs only under a running loop, P2a): a
 * second run would then see no such use and rewrite the entry point. So a file whose answer says it
 * declined for an imported module's effects waits for the results of the candidates behind those
 * effects, and asks again with their effects as their migrated text has them.
 *
 * A file waits only for modules outside its own import cycle (those may wait for it in turn): their
 * scan's effects stand. Waiting starts a module's work early if the run's window has not reached it;
 * each file is worked on once, and its result is let go once the window has taken it and it is done.
 */
import type { DiscoveredFile } from './discover.js';
import type { FirstPass } from './first-pass.js';
import type { LoopEffects } from './loop-effects.js';
import type { Revised } from './project-model.js';
import { scanPython } from './python-imports.js';

export class MigratedEffects<R> {
  private readonly work = new Map<number, Promise<R>>();
  private readonly taken = new Set<number>();
  private readonly done = new Set<number>();
  private readonly found = new Map<string, LoopEffects | undefined>(); // absolute path -> its migrated text's effects
  private indexes?: Map<string, number>;

  constructor(
    private readonly firstPass: FirstPass | undefined,
    private readonly files: readonly DiscoveredFile[],
    private readonly process: (index: number) => Promise<R>,
  ) {}

  /** The run's window reaches `index`: its result, started now unless a waiting file started it already. */
  take(index: number): Promise<R> {
    this.taken.add(index);
    const result = this.start(index);
    if (this.done.has(index)) this.work.delete(index);
    return result;
  }

  /** Starts `index`'s work now, ahead of the run's window (src/joint-tests.ts waits for a member's report). */
  prefetch(index: number): void {
    this.start(index).catch(() => undefined);
  }

  /** The index of a file of this run, or undefined. */
  indexOfFile(absolute: string): number | undefined {
    return this.indexOf(absolute);
  }

  /** A candidate's safe migrated text: what it still does to the loop, when its scan found something. */
  migrated(absolute: string, text: string): void {
    if (this.firstPass?.model.hasEffects(absolute)) this.found.set(absolute, scanPython(text).effects);
  }

  /** The effects of the modules `absolute` imports as migrated, once their results are known. */
  async revisedFor(absolute: string): Promise<Revised> {
    const model = this.firstPass!.model;
    const sources = model.effectSources(absolute).filter((source) => !model.importCycle(absolute, source));
    await Promise.all(sources.map((source) => {
      const index = this.indexOf(source);
      if (index === undefined || this.done.has(index) || this.firstPass!.seenAt(index).kind !== 'candidate') return undefined;
      return this.start(index).then(() => undefined, () => undefined);
    }));
    return new Map(sources.filter((source) => this.found.has(source)).map((source) => [source, this.found.get(source)]));
  }

  private start(index: number): Promise<R> {
    let result = this.work.get(index);
    if (!result) {
      result = this.process(index);
      this.work.set(index, result);
      const finish = () => {
        this.done.add(index);
        if (this.taken.has(index)) this.work.delete(index);
      };
      result.then(finish, finish);
    }
    return result;
  }

  private indexOf(absolute: string): number | undefined {
    this.indexes ??= new Map(this.files.map((file, index) => [file.absolute, index]));
    return this.indexes.get(absolute);
  }
}
