/**
 * Module names of a run's Python files: which dotted names can reach each file, and which folders
 * are packages (regular with `__init__.py`, or possible namespace packages).
 *
 * Python's answer depends on sys.path, which a static tool cannot know, so each file gets every
 * plausible name: one canonical name from its source root, plus one from each enclosing folder that
 * is not a regular package (such a folder may be a script's folder or a source root on sys.path).
 * More names can only make more files look imported, which is the safe direction.
 */
import path from 'node:path';
import { isDottedName } from './python-imports.js';

/** A module (key: its path without `.py`) or a package folder (key: the folder). */
interface ModuleNode {
  init?: string;   // a regular package's __init__.py: it wins over a same-named module, as in Python's path finder
  module?: string; // the module file
  isDir: boolean;
  name?: string;   // canonical dotted name
}

export interface PackageInfo {
  name: string;
  dir: string;
  kind: 'regular' | 'namespace';
}

/** Where a file's names come from: `base` (source root) and `top` (the highest folder names may start below). */
interface Layout {
  base: string;
  top: string;
}

const METADATA = ['pyproject.toml', 'setup.cfg', 'setup.py'];

export class ModuleIndex {
  /** Folders holding packaging metadata, inside the roots or the nearest above each. */
  readonly metadataDirs: readonly string[];
  private readonly nodes = new Map<string, ModuleNode>();
  private readonly children = new Map<string, string[]>();
  private readonly byName = new Map<string, string[]>();
  private readonly layouts = new Map<string, Layout>();
  private readonly aliases = new Map<string, string[]>();

  /** `fileExists` must answer for listed files and probe the disk for others (cached by the caller). */
  constructor(private readonly roots: readonly string[], files: Iterable<string>, private readonly fileExists: (file: string) => boolean) {
    const list = [...files];
    this.metadataDirs = this.findMetadataDirs(list);
    for (const file of list) this.addFile(file);
  }

  /** Dotted name from the source root; else the longest other name; null when no name reaches it. */
  moduleOf(file: string): string | null {
    const key = keyOf(file);
    const names = this.aliases.get(key) ?? [];
    return this.nodes.get(key)?.name ?? names.reduce<string | null>((a, b) => (!a || b.length > a.length ? b : a), null);
  }

  /** The highest folder a file's names start below (for telling test folders apart). */
  topOf(file: string): string {
    return this.layouts.get(path.dirname(file))?.top ?? path.dirname(file);
  }

  /** The nodes an absolute name can mean: by name under any source root, or below `importerDir` (a script's sys.path[0]). */
  lookup(name: string, importerDir: string): readonly string[] {
    const keys = this.byName.get(name) ?? [];
    const local = importerDir + path.sep + name.replaceAll('.', path.sep);
    return this.nodes.has(local) && !keys.includes(local) ? [...keys, local] : keys;
  }

  /** The file whose code runs when the node at `key` is imported (a module, or a package's __init__.py). */
  fileAt(key: string): string | undefined {
    const node = this.nodes.get(key);
    return node?.init ?? node?.module;
  }

  /** The modules and packages directly inside the package at `key`. */
  childrenOf(key: string): readonly string[] {
    return this.children.get(key) ?? [];
  }

  packages(): PackageInfo[] {
    const out: PackageInfo[] = [];
    for (const [dir, node] of this.nodes) {
      if (node.isDir && node.name) out.push({ name: node.name, dir, kind: node.init ? 'regular' : 'namespace' });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private hasInit(dir: string): boolean {
    return this.fileExists(dir + path.sep + '__init__.py');
  }

  /** The folder a file's names are taken below: its root, or the file's folder when it was named itself. */
  private rootDirOf(file: string): string {
    let best: string | undefined;
    for (const root of this.roots) {
      if (root === file) return path.dirname(file);
      if (isUnder(file, root) && (!best || root.length > best.length)) best = root;
    }
    return best ?? path.dirname(file);
  }

  private findMetadataDirs(files: readonly string[]): string[] {
    const dirs = new Set<string>();
    const isProject = (dir: string) => METADATA.some((name) => this.fileExists(path.join(dir, name)));
    const visited = new Set<string>();
    for (const file of files) {
      const rootDir = this.rootDirOf(file);
      for (let dir = path.dirname(file); !visited.has(dir); dir = path.dirname(dir)) {
        visited.add(dir);
        if (isProject(dir)) dirs.add(dir);
        if (dir === rootDir || path.dirname(dir) === dir) break;
      }
      for (let dir = path.dirname(rootDir); dir !== path.dirname(dir) && !visited.has(dir); dir = path.dirname(dir)) {
        visited.add(dir);
        if (isProject(dir)) {
          dirs.add(dir);
          break;
        }
      }
    }
    return [...dirs].sort();
  }

  /**
   * A folder's layout: `top` is its run root, raised while that is a regular package (a root inside
   * a package keeps full names); `base` is lowered to the deepest project folder, or its `src/`,
   * the folder lies in (src layouts: names start below `src/`).
   */
  private layoutOf(dir: string, rootDir: string): Layout {
    let found = this.layouts.get(dir);
    if (!found) {
      let top = rootDir;
      while (this.hasInit(top) && path.dirname(top) !== top) top = path.dirname(top);
      let base = top;
      for (const project of this.metadataDirs) {
        if (project !== top && !isUnder(project, top)) continue;
        for (const candidate of [project, path.join(project, 'src')]) {
          if ((dir === candidate || isUnder(dir, candidate)) && candidate.length > base.length) base = candidate;
        }
      }
      this.layouts.set(dir, (found = { base, top }));
    }
    return found;
  }

  private addFile(file: string): void {
    const layout = this.layoutOf(path.dirname(file), this.rootDirOf(file));
    const key = keyOf(file);
    const isInit = path.basename(file) === '__init__.py';
    const node = this.node(key, isInit, layout);
    if (isInit) node.init = file;
    else node.module = file;
    for (let dir = path.dirname(key); isUnder(dir, layout.top); dir = path.dirname(dir)) this.node(dir, true, layout);
  }

  /** Create (once) the node for `key` and register every name it can be imported by. */
  private node(key: string, isDir: boolean, { base, top }: Layout): ModuleNode {
    let node = this.nodes.get(key);
    if (node) {
      node.isDir ||= isDir;
      return node;
    }
    node = { isDir };
    this.nodes.set(key, node);
    const parent = path.dirname(key);
    if (!this.children.has(parent)) this.children.set(parent, []);
    this.children.get(parent)!.push(key);
    const canonical = dotted(base, key);
    if (canonical && isDottedName(canonical)) node.name = canonical;
    const names: string[] = [];
    for (let dir = parent; ; dir = path.dirname(dir)) {
      if (dir === top || dir === base || !this.hasInit(dir)) {
        const name = dotted(dir, key);
        if (name && isDottedName(name)) names.push(name);
      }
      if (dir === top || !isUnder(dir, top)) break;
    }
    this.aliases.set(key, names);
    for (const name of names) {
      const list = this.byName.get(name);
      if (list) list.push(key);
      else this.byName.set(name, [key]);
    }
    return node;
  }
}

/** A module's node key: its path without `.py`; a package's: its folder. */
function keyOf(file: string): string {
  return path.basename(file) === '__init__.py' ? path.dirname(file) : file.replace(/\.py$/, '');
}

export function isUnder(file: string, dir: string): boolean {
  return file.length > dir.length && file.startsWith(dir) && (file[dir.length] === path.sep || dir.endsWith(path.sep));
}

/** `base/a/b` -> 'a.b' (undefined when key is not below base). */
function dotted(base: string, key: string): string | undefined {
  if (!isUnder(key, base)) return undefined;
  return key.slice(base.endsWith(path.sep) ? base.length : base.length + 1).replaceAll(path.sep, '.');
}
