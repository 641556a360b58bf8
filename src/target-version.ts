/** The Python version the rewritten code must run on: a flag, else the nearest project config, else 3.9. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findConfig } from './config.js';
import { DEFAULT_TARGET, SUPPORTED_TARGETS } from './options.js';
import { readPyproject } from './pyproject.js';

export interface TargetVersion {
  version: string;
  source: string; // human-readable: where the version came from
}

const cache = new Map<string, TargetVersion | undefined>();

export function resolveTarget(fromPath: string, flag?: string): TargetVersion {
  if (flag) return { version: flag, source: '--target-version' };
  return findConfigured(path.resolve(fromPath)) ?? { version: DEFAULT_TARGET, source: 'default' };
}

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
  const spec = project?.['requires-python'];
  const version = typeof spec === 'string' ? lowerBound(spec) : undefined;
  return version ? { version, source: `${shown(file)} requires-python` } : undefined;
}

function fromSetupCfg(dir: string): TargetVersion | undefined {
  const file = path.join(dir, 'setup.cfg');
  if (!existsSync(file)) return undefined;
  const match = /^\s*python_requires\s*=\s*(.+)$/m.exec(readFileSync(file, 'utf8'));
  const version = match ? lowerBound(match[1]) : undefined;
  return version ? { version, source: `${shown(file)} python_requires` } : undefined;
}

/** ">=3.8, <4" -> "3.8"; "~=3.10" -> "3.10"; clamped to the versions loopshift knows. */
export function lowerBound(spec: string): string | undefined {
  let best: [number, number] | undefined;
  for (const clause of spec.split(',')) {
    const match = /^\s*(>=|>|~=|==|===|\^)\s*(\d+)\.(\d+)/.exec(clause);
    if (!match || match[2] !== '3') continue;
    const candidate: [number, number] = [3, Number(match[3])];
    if (!best || candidate[1] > best[1]) best = candidate;
  }
  if (!best) return undefined;
  const minor = Math.min(Math.max(best[1], 7), 14);
  const version = `3.${minor}`;
  return (SUPPORTED_TARGETS as readonly string[]).includes(version) ? version : undefined;
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
