/** Which files have uncommitted changes in git: those are not touched by --write/--interactive without --allow-dirty. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { loadExeca } from './lazy-execa.js';

/** Real paths of files that are modified, staged or untracked in their git work tree. */
export class DirtyFiles {
  private readonly byTop = new Map<string, Promise<Set<string> | undefined>>();

  async isDirty(file: string): Promise<boolean> {
    const real = await fs.realpath(file).catch(() => file);
    const top = await this.topOf(path.dirname(real));
    if (!top) return false; // outside git: nothing to protect it with, go ahead
    let dirty = this.byTop.get(top);
    if (!dirty) {
      dirty = statusOf(top);
      this.byTop.set(top, dirty);
    }
    return (await dirty)?.has(real) ?? false;
  }

  private readonly tops = new Map<string, Promise<string | undefined>>();

  private topOf(dir: string): Promise<string | undefined> {
    let top = this.tops.get(dir);
    if (!top) {
      top = loadExeca().then(({ execa }) => execa('git', ['rev-parse', '--show-toplevel'], { cwd: dir, reject: false }).then((r) =>
        r.exitCode === 0 ? fs.realpath(String(r.stdout).trim()) : undefined,
      ));
      this.tops.set(dir, top);
    }
    return top;
  }
}

async function statusOf(top: string): Promise<Set<string> | undefined> {
  // One call per work tree: -z keeps odd file names intact; untracked files count as dirty too.
  const { execa } = await loadExeca();
  const result = await execa('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], { cwd: top, reject: false });
  if (result.exitCode !== 0) return undefined;
  const dirty = new Set<string>();
  const fields = String(result.stdout).split('\0');
  for (let i = 0; i < fields.length; i += 1) {
    const entry = fields[i];
    if (entry.length < 4) continue;
    dirty.add(path.join(top, entry.slice(3)));
    if (entry[0] === 'R' || entry[0] === 'C') i += 1; // the next field is the rename's source
  }
  return dirty;
}
