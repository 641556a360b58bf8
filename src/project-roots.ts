/**
 * The folders whose .py files make up the projects of the paths a run names: the nearest folder at or
 * above each path holding a project marker (pyproject.toml, setup.py, setup.cfg, .git), else the path
 * itself (a file stands for its folder). The search never goes up to the home folder or the filesystem
 * root, where a marker (a dotfiles repository) would not mean a Python project.
 */
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PROJECT_MARKERS = ['pyproject.toml', 'setup.py', 'setup.cfg', '.git'];

export function projectRoots(paths: readonly string[], home: string = os.homedir()): string[] {
  const roots = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(given);
    let start = absolute;
    try {
      if (!statSync(absolute).isDirectory()) start = path.dirname(absolute);
    } catch {
      start = path.dirname(absolute);
    }
    roots.add(projectRootOf(start, path.resolve(home)));
  }
  // A root inside another root adds nothing: keep the outer one.
  const sorted = [...roots].sort();
  return sorted.filter((root) => !sorted.some((other) => other !== root && isInside(root, other)));
}

function projectRootOf(start: string, home: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (dir === home || dir === path.dirname(dir)) return start;
    if (PROJECT_MARKERS.some((marker) => existsSync(path.join(dir, marker)))) return dir;
  }
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
