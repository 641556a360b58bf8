/**
 * Two shortcuts the helper takes around LibCST must give LibCST's own answers, since every analysis,
 * rewrite and diagnostic position rests on them:
 * - walk.py, the read-only traversal, visits what CSTNode.visit does, in the same order, with the same hooks;
 * - positions.py finds the same start positions as PositionProvider, also when it stops early;
 * - edits that enter only the paths to the edited nodes give the code a whole-tree transform gives.
 * Checked on every fixture and on real code from CPython 3.8's standard library (read, never edited).
 */
import { execa } from 'execa';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, REPO_ROOT } from './support/paths.js';

const python = process.env.LOOPSHIFT_PYTHON ?? 'python3';
const stdlib = path.join(process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv'), 'versions', '3.8.18', 'lib', 'python3.8');

async function check(script: string, paths: string[]): Promise<{ summary: Record<string, unknown>; exitCode?: number }> {
  const result = await execa(python, [path.join(REPO_ROOT, 'test', 'python', script), ...paths], { reject: false });
  return { summary: JSON.parse(result.stdout) as Record<string, unknown>, exitCode: result.exitCode };
}

test('walk visits exactly what LibCST visits', async () => {
  const { summary, exitCode } = await check('walk_equivalence.py',
    [FIXTURES, path.join(stdlib, 'asyncio'), path.join(stdlib, 'test', 'test_asyncio')]);
  expect(summary.mismatches).toEqual([]);
  expect(summary.checked).toBeGreaterThan(500);
  expect(exitCode).toBe(0);
}, 240_000); // about 40 s alone on 2 cores; far more while other suites share them

test('start positions equal PositionProvider, for all nodes at once and for small early-stopping subsets', async () => {
  const { summary, exitCode } = await check('positions_equivalence.py', [FIXTURES, path.join(stdlib, 'asyncio', 'base_events.py')]);
  expect(summary.mismatches).toEqual([]);
  expect(summary.nodes).toBeGreaterThan(50000);
  expect(exitCode).toBe(0);
}, 240_000);

test('edits along the paths to the edited nodes give what a whole-tree transform gives', async () => {
  const { summary, exitCode } = await check('paths_equivalence.py', [FIXTURES, path.join(stdlib, 'asyncio')]);
  expect(summary.mismatches).toEqual([]);
  expect(summary.edits).toBeGreaterThan(5000);
  expect(exitCode).toBe(0);
}, 240_000);
