/** A folder's pyproject.toml, read and parsed at most once per run (config.ts and target-version.ts both need it). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';

export interface Pyproject {
  file: string;
  text: string;
  data?: Record<string, unknown>; // absent when the file does not parse
  parseError?: Error;
}

const cache = new Map<string, Pyproject | null>();

export function readPyproject(dir: string): Pyproject | undefined {
  if (!cache.has(dir)) cache.set(dir, load(path.join(dir, 'pyproject.toml')));
  return cache.get(dir) ?? undefined;
}

function load(file: string): Pyproject | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  try {
    return { file, text, data: parseToml(text) as Record<string, unknown> };
  } catch (error) {
    return { file, text, parseError: error as Error };
  }
}
