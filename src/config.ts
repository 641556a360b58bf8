/**
 * [tool.loopshift] in pyproject.toml, found by walking up from a path: target-version, exclude,
 * extend-exclude, transforms, jobs. Command-line flags win. An unknown key or a bad value is a
 * usage error (exit 2) that names the file and the key.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';
import { SUPPORTED_TARGETS } from './options.js';
import { readPyproject } from './pyproject.js';

export interface ProjectConfig {
  file: string;
  targetVersion?: string;
  exclude?: string[];          // replaces the default folder exclusions
  extendExclude?: string[];    // added to them
  transforms?: string[];
  jobs?: number;
}

const KEYS = ['target-version', 'exclude', 'extend-exclude', 'transforms', 'jobs'];
const cache = new Map<string, ProjectConfig | null>();

/** The nearest pyproject.toml above `start` that has a [tool.loopshift] table. */
export function findConfig(start: string): ProjectConfig | undefined {
  let dir = path.resolve(start);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = path.dirname(dir);
  for (;;) {
    if (!cache.has(dir)) cache.set(dir, readConfig(dir) ?? null);
    const found = cache.get(dir);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readConfig(dir: string): ProjectConfig | undefined {
  const pyproject = readPyproject(dir);
  if (pyproject === undefined) return undefined;
  const { file, data } = pyproject;
  if (data === undefined) {
    // Only our own table matters; a broken file with no [tool.loopshift] is not ours to judge.
    if (!/\[tool\.loopshift\]/.test(pyproject.text)) return undefined;
    throw new UsageError(`${file}: cannot parse: ${pyproject.parseError?.message.split('\n')[0]}`);
  }
  const table = (data.tool as Record<string, unknown> | undefined)?.loopshift;
  if (table === undefined) return undefined;
  const bad = (key: string, why: string) => new UsageError(`${file}: [tool.loopshift] ${key}: ${why}`);
  if (typeof table !== 'object' || table === null || Array.isArray(table)) throw bad('', 'must be a table');
  const config: ProjectConfig = { file };
  for (const [key, value] of Object.entries(table)) {
    switch (key) {
      case 'target-version':
        if (typeof value !== 'string' || !(SUPPORTED_TARGETS as readonly string[]).includes(value)) {
          throw bad(key, `must be one of ${SUPPORTED_TARGETS.join(', ')} (a string), got ${JSON.stringify(value)}`);
        }
        config.targetVersion = value;
        break;
      case 'exclude':
      case 'extend-exclude':
      case 'transforms':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw bad(key, 'must be a list of strings');
        if (key === 'exclude') config.exclude = value as string[];
        else if (key === 'extend-exclude') config.extendExclude = value as string[];
        else config.transforms = value as string[];
        break;
      case 'jobs':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw bad(key, 'must be a whole number of at least 1');
        config.jobs = value;
        break;
      default:
        throw bad(key, `unknown key; known keys: ${KEYS.join(', ')}`);
    }
  }
  return config;
}
