/**
 * Who would answer a run's requests, known without starting Python: the code of the helper and its
 * transforms, and the interpreter (with its libcst) that runs them. The result cache keys entries by
 * it, and keeps the helper's hello under it, so a run answered wholly from the cache starts no helper.
 *
 * The interpreter is found by name (`--python`, LOOPSHIFT_PYTHON, python3 on PATH) through whatever
 * PATH, virtual environment or pyenv selects, which only running it tells for sure. So the hello kept
 * for a stamp of those inputs is trusted only while the executable and libcst it reported are the
 * same files (size and modification time) as when it was kept.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { candidates } from './helper/interpreter.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PACKAGE = path.resolve(HERE, '..');
const SOURCE_DIRS = ['python-helpers', 'python-helpers/loopshift_support', 'transforms'].map((dir) => path.join(PACKAGE, dir));
const ENVIRONMENT = ['PATH', 'VIRTUAL_ENV', 'CONDA_PREFIX', 'PYENV_VERSION', 'PYENV_ROOT', 'LOOPSHIFT_EXTRA_TRANSFORMS'];

/** A digest of every file the helper loads: its code and the transforms (ours and any extra ones). */
export function helperCodeDigest(env: NodeJS.ProcessEnv): string {
  const hash = createHash('sha256');
  const version = (JSON.parse(readFileSync(path.join(PACKAGE, 'package.json'), 'utf8')) as { version: string }).version;
  hash.update(`loopshift ${version}\0`);
  const extra = env.LOOPSHIFT_EXTRA_TRANSFORMS ? env.LOOPSHIFT_EXTRA_TRANSFORMS.split(path.delimiter).filter(Boolean) : [];
  for (const dir of [...SOURCE_DIRS, ...extra]) {
    let names: string[];
    try {
      names = readdirSync(dir).filter((name) => name.endsWith('.py')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      hash.update(`${dir}/${name}\0`);
      hash.update(readFileSync(path.join(dir, name)));
    }
  }
  return hash.digest('hex');
}

/** What selects the interpreter: the names tried, the environment, and pyenv's version files. */
export function interpreterStamp(flag: string | undefined, env: NodeJS.ProcessEnv, cwd = process.cwd()): string {
  const parts: unknown[] = [candidates(flag, env).list, cwd];
  for (const name of ENVIRONMENT) parts.push(env[name] ?? null);
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const file = path.join(dir, '.python-version');
    if (existsSync(file)) {
      parts.push(file, readText(file));
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  const pyenvRoot = env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  if (pyenvRoot) parts.push(readText(path.join(pyenvRoot, 'version')));
  return JSON.stringify(parts);
}

/** Size and modification time of a file, to tell whether it is still the same file. */
export function fileStamp(file: string | undefined): string | null {
  if (!file) return null;
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return null;
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
