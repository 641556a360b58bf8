/** The Python version the rewritten code must run on: a flag, else the nearest project config, else 3.9. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findConfig } from './config.js';
import { DEFAULT_TARGET, SUPPORTED_TARGETS } from './options.js';
import { readPyproject } from './pyproject.js';
import { lowestAllowedMinor } from './python-spec.js';

export interface TargetVersion {
  version: string;
  source: string; // human-readable: where the version came from
  warning?: string; // set when a configured value was not understood and the default stands in for it
}

const cache = new Map<string, TargetVersion | undefined>();

export function resolveTarget(fromPath: string, flag?: string): TargetVersion {
  if (flag) return { version: flag, source: '--target-version' };
  return findConfigured(path.resolve(fromPath)) ?? { version: DEFAULT_TARGET, source: 'default' };
}

/** The nearest folder (walking up) that says something about the target decides it, understood or not. */
function findConfigured(start: string): TargetVersion | undefined {
  let dir = existsSync(start) && !start.endsWith('.py') ? start : path.dirname(start);
  const visited: string[] = [];
  for (;;) {
    if (cache.has(dir)) return remember(visited, cache.get(dir));
    visited.push(dir);
    const found = fromPyproject(dir) ?? fromSetupCfg(dir);
    if (found) return remember(visited, found);
    const parent = path.dirname(dir);
    if (parent === dir) return remember(visited, undefined);
    dir = parent;
  }
}

function remember(dirs: string[], value: TargetVersion | undefined): TargetVersion | undefined {
  for (const dir of dirs) cache.set(dir, value);
  return value;
}

function fromPyproject(dir: string): TargetVersion | undefined {
  const pyproject = readPyproject(dir);
  if (pyproject?.data === undefined) return undefined; // absent, or broken: not ours to judge here
  const { file, data } = pyproject;
  const own = findConfigIn(file);
  if (own?.targetVersion) return { version: own.targetVersion, source: `${shown(file)} [tool.loopshift] target-version` };
  const project = data.project as Record<string, unknown> | undefined;
  if (project?.['requires-python'] === undefined) return undefined; // keep walking up
  return fromSpec(project['requires-python'], shown(file), 'requires-python');
}

function fromSetupCfg(dir: string): TargetVersion | undefined {
  const file = path.join(dir, 'setup.cfg');
  if (!existsSync(file)) return undefined;
  const spec = pythonRequires(readFileSync(file, 'utf8'));
  return spec === undefined ? undefined : fromSpec(spec, shown(file), 'python_requires');
}

/** setup.cfg's [options] python_requires (also spelled python-requires; continuation lines joined), if set. */
function pythonRequires(text: string): string | undefined {
  let section = '';
  let value: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (value && /^\s+\S/.test(line) && !/^\s*[#;]/.test(line)) {
      value.push(line.trim()); // an indented continuation of the value
      continue;
    }
    if (value) break;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) section = header[1].trim();
    const entry = section === 'options' ? /^python[-_]requires\s*[=:]\s*(.*)$/i.exec(line) : null;
    if (entry) value = [entry[1].trim()];
  }
  return value?.filter(Boolean).join(' ');
}

/** The target `spec` (the value of `name` in `file`) asks for, or the default with a warning saying why not. */
function fromSpec(spec: unknown, file: string, name: string): TargetVersion {
  const target = typeof spec === 'string' ? targetForSpec(spec) : { ok: false as const, reason: 'is not a string' };
  if (target.ok) return { version: target.version, source: `${file} ${name}` };
  const warning = `${file}: ${name} ${JSON.stringify(spec)} ${target.reason}; using the default target ${DEFAULT_TARGET}`;
  return { version: DEFAULT_TARGET, source: 'default', warning };
}

/**
 * The target for a requires-python value: its lowest allowed Python 3 minor, raised to the oldest target
 * loopshift supports (3.7) and lowered to the newest it knows; or why the value gives none.
 */
export function targetForSpec(spec: string): { ok: true; version: string } | { ok: false; reason: string } {
  const minors = SUPPORTED_TARGETS.map((version) => Number(version.split('.')[1]));
  const lowest = lowestAllowedMinor(spec, minors[0]);
  if (!lowest.ok) {
    const older = lowestAllowedMinor(spec);
    return older.ok ? { ok: false, reason: `allows only Python older than ${SUPPORTED_TARGETS[0]}, the oldest target loopshift knows` } : lowest;
  }
  const minor = Math.min(lowest.minor, minors[minors.length - 1]);
  return { ok: true, version: `3.${minor}` };
}

/** Config files inside the working folder are named relative to it, like the files being migrated. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** [tool.loopshift] of exactly this pyproject.toml (validated), if it has one. */
function findConfigIn(file: string) {
  const config = findConfig(path.dirname(file));
  return config?.file === file ? config : undefined;
}
