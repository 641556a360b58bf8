/**
 * The helper's fast read-only traversal (python-helpers/loopshift_support/walk.py) must visit what
 * LibCST's own visit does, in the same order, with the same hooks: every analysis depends on it.
 * Checked on every fixture and on CPython 3.8's asyncio package and its tests (read, never edited).
 */
import { execa } from 'execa';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, REPO_ROOT } from './support/paths.js';

const python = process.env.LOOPSHIFT_PYTHON ?? 'python3';
const stdlib = path.join(process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv'), 'versions', '3.8.18', 'lib', 'python3.8');

test('walk visits exactly what LibCST visits', async () => {
  const script = path.join(REPO_ROOT, 'test', 'python', 'walk_equivalence.py');
  const result = await execa(python, [script, FIXTURES, path.join(stdlib, 'asyncio'), path.join(stdlib, 'test', 'test_asyncio')],
    { reject: false });
  const summary = JSON.parse(result.stdout) as { checked: number; mismatches: string[] };
  expect(summary.mismatches).toEqual([]);
  expect(summary.checked).toBeGreaterThan(500);
  expect(result.exitCode).toBe(0);
});
