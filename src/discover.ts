/** Paths -> sorted, de-duplicated Python files, honouring .gitignore, default excludes and --exclude. */
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ToolConfig } from './tool-config.js';
import { UsageError } from './errors.js';

export const DEFAULT_EXCLUDED_DIRS = [
  '.git', '.hg', '.svn', 'venv', '.venv', 'node_modules', '__pycache__', '.tox', '.nox',
  'site-packages', 'build', 'dist', '.mypy_cache', '.pytest_cache', '.eggs', '.loopshift_cache',
];

export interface DiscoveredFile {
  display: string;   // path as the user would write it: joined onto the argument they gave
  absolute: string;
  root: string;      // the argument it came from, absolute
}

interface IgnoreLayer {
  dir: string;
  rules: Ignore;
}

interface Exclusions {
  cli: Ignore;                                 // --exclude, relative to the path argument
  config?: { dir: string; rules: Ignore };     // [tool.loopshift] exclude/extend-exclude, relative to pyproject.toml
  dirs: readonly string[];                     // folder names skipped by default
  hidden?: Set<string>;                        // collects the roots below which Python code was left out
}

// Folders of tools and environments: code there is not the project's own, so leaving it out hides nothing. The
// default excluded folders but those of the project's own build output, and a few more tools' folders.
const TOOL_DIRS = new Set([...DEFAULT_EXCLUDED_DIRS.filter((dir) => !['build', 'dist', '.eggs'].includes(dir)),
  '.ruff_cache', '.idea', '.vscode']);
// How many entries of a left-out folder are looked at for a .py file before it is taken to hold one.
const HIDDEN_SEARCH_MAX = 2000;

/**
 * `hidden`, when given, collects each directory path argument below which a `.py` file of the project was left
 * out (by .gitignore, an exclude or a default excluded folder such as build/), outside tool and environment
 * folders: the project model then does not see all the code that may import a module (docs/SEMANTICS.md P2a
 * rule 3, "Application code").
 */
export async function discover(paths: string[], exclude: string[], configFor: (root: string) => ToolConfig | undefined = () => undefined,
  hidden?: Set<string>): Promise<DiscoveredFile[]> {
  const seen = new Set<string>();
  const found: DiscoveredFile[] = [];
  const cli = ignore().add(exclude);
  for (const given of paths) {
    const absolute = path.resolve(given);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      throw new UsageError(`path does not exist: ${given}`);
    }
    if (stat.isFile()) {
      await add(found, seen, { display: given, absolute, root: absolute }); // explicit files are always taken
      continue;
    }
    const config = configFor(absolute);
    const patterns = [...(config?.exclude ?? []), ...(config?.extendExclude ?? [])];
    const exclusions: Exclusions = {
      cli,
      config: config && patterns.length ? { dir: path.dirname(config.file), rules: ignore().add(patterns) } : undefined,
      dirs: config?.exclude ? [] : DEFAULT_EXCLUDED_DIRS, // `exclude` replaces the defaults, as in ruff
      hidden,
    };
    const layers = await parentIgnores(absolute);
    const real = await fs.realpath(absolute).catch(() => absolute);
    await walk(absolute, given, absolute, real, layers, exclusions, found, seen);
  }
  return found.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

/** `real`: the file's real path when the walk knows it (a plain file below a folder it resolved once). */
async function add(found: DiscoveredFile[], seen: Set<string>, file: DiscoveredFile, real?: string): Promise<void> {
  let key = real ?? file.absolute;
  if (real === undefined) {
    try {
      key = await fs.realpath(file.absolute);
    } catch {
      // a dangling symlink: keep it; reading it will report the problem
    }
  }
  if (seen.has(key)) return;
  seen.add(key);
  found.push(file);
}

/** `realDir`: dir's real path (walked folders are never symlinks, so one realpath per root serves all). */
async function walk(
  dir: string, display: string, root: string, realDir: string, layers: IgnoreLayer[], excludes: Exclusions,
  found: DiscoveredFile[], seen: Set<string>,
): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return; // unreadable folder: nothing to migrate there
  }
  const here = await readIgnore(dir);
  const active = here ? [...layers, here] : layers;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const absolute = path.join(dir, entry.name);
    const isDir = entry.isDirectory(); // symlinked folders are not followed: no loops, no escapes
    const fromRoot = path.relative(root, absolute).split(path.sep).join('/');
    const fromConfig = excludes.config && path.relative(excludes.config.dir, absolute).split(path.sep).join('/');
    const left = (isDir && excludes.dirs.includes(entry.name)) || excludes.cli.ignores(isDir ? `${fromRoot}/` : fromRoot)
      || (excludes.config !== undefined && excludes.config.rules.ignores(isDir ? `${fromConfig}/` : fromConfig!))
      || isIgnored(active, absolute, isDir);
    if (left) {
      if (excludes.hidden && !excludes.hidden.has(root) && (isDir ? await holdsPython(absolute) : entry.name.endsWith('.py'))) {
        excludes.hidden.add(root);
      }
      continue;
    }
    const shown = path.join(display, entry.name);
    if (isDir) {
      await walk(absolute, shown, root, path.join(realDir, entry.name), active, excludes, found, seen);
    } else if (entry.name.endsWith('.py') && (entry.isFile() || entry.isSymbolicLink())) {
      await add(found, seen, { display: shown, absolute, root }, entry.isFile() ? path.join(realDir, entry.name) : undefined);
    }
  }
}

/** Does a left-out folder hold a .py file (not in a tool or environment folder)? Past HIDDEN_SEARCH_MAX entries: yes. */
async function holdsPython(top: string): Promise<boolean> {
  const queue = [top];
  let seen = 0;
  while (queue.length) {
    const dir = queue.shift()!;
    if (TOOL_DIRS.has(path.basename(dir)) || await exists(path.join(dir, 'pyvenv.cfg'))) continue;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if ((seen += 1) > HIDDEN_SEARCH_MAX) return true;
      if (entry.isDirectory()) queue.push(path.join(dir, entry.name));
      else if (entry.name.endsWith('.py')) return true;
    }
  }
  return false;
}

function isIgnored(layers: IgnoreLayer[], absolute: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const relative = path.relative(layer.dir, absolute).split(path.sep).join('/');
    if (!relative || relative.startsWith('..')) continue;
    if (layer.rules.ignores(isDir ? `${relative}/` : relative)) return true;
  }
  return false;
}

async function readIgnore(dir: string): Promise<IgnoreLayer | undefined> {
  try {
    const text = await fs.readFile(path.join(dir, '.gitignore'), 'utf8');
    return { dir, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

/** .gitignore files above a root still apply, up to the top of its git work tree. */
async function parentIgnores(root: string): Promise<IgnoreLayer[]> {
  if (await exists(path.join(root, '.git'))) return [];
  const chain: string[] = [];
  for (let dir = root; ;) {
    const parent = path.dirname(dir);
    if (parent === dir) return []; // not inside a git work tree
    chain.unshift(parent);
    if (await exists(path.join(parent, '.git'))) break;
    dir = parent;
  }
  const layers: IgnoreLayer[] = [];
  for (const dir of chain) {
    const layer = await readIgnore(dir);
    if (layer) layers.push(layer);
  }
  return layers;
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
