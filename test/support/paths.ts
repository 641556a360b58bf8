/** Where things are, for tests that drive the real CLI, helper and interpreters. */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO_ROOT, 'bin', 'loopshift.js');
export const FIXTURES = path.join(REPO_ROOT, '__testfixtures__');
export const TEST_TRANSFORMS = path.join(REPO_ROOT, 'test', 'test-transforms');

/** The CPython versions runnable fixtures are executed with (pyenv on every dev and CI machine). */
export const PYTHON_VERSIONS = ['3.7.16', '3.8.18', '3.9.18', '3.10.13', '3.11.7', '3.12.1', '3.13.0'];

export function pyenvPython(version: string): string {
  const root = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  const python = path.join(root, 'versions', version, 'bin', 'python');
  // Fail, never skip: a missing interpreter would silently weaken the execution checks.
  if (!existsSync(python)) throw new Error(`CPython ${version} is required for the execution checks but ${python} does not exist`);
  return python;
}
