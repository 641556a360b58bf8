/**
 * The pre-commit hooks, run by Debian's pre-commit against a throwaway git repository. pre-commit
 * builds the node environment from this repository and the npm registry (language: node, system Node).
 * CI installs pre-commit (.ci/run); on a machine without it this test is skipped with a note, never in CI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { makeTree } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';

const available = spawnSync('pre-commit', ['--version']).status === 0;
if (!available && process.env.CI) throw new Error('pre-commit is required in CI (.ci/run installs it with apt-get)');
if (!available) process.stderr.write('precommit.test.ts: pre-commit is not installed (apt-get install pre-commit); skipped\n');
const maybe = available ? test : test.skip;

const LEGACY = 'import asyncio\n\n\nasync def main():\n    return asyncio.get_event_loop()\n';
const home = mkdtempSync(path.join(os.tmpdir(), 'loopshift-pre-commit-home-'));

function repo(): string {
  const root = makeTree({ 'app.py': LEGACY, 'notes.txt': 'asyncio.get_event_loop()\n' });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
  return root;
}

const tryRepo = (cwd: string, hook: string) => execa('pre-commit', ['try-repo', REPO_ROOT, hook, '--all-files'],
  { cwd, reject: false, env: { PRE_COMMIT_HOME: home }, timeout: 600_000 });

maybe('loopshift-check fails the commit and shows the diff; loopshift rewrites the file', async () => {
  const root = repo();
  const check = await tryRepo(root, 'loopshift-check');
  expect(check.exitCode).toBe(1);
  expect(String(check.stdout)).toContain('+    return asyncio.get_running_loop()');
  expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toBe(LEGACY);

  const fix = await tryRepo(root, 'loopshift');
  expect(fix.exitCode).toBe(1); // pre-commit fails a hook that modified files, as with black
  expect(String(fix.stdout)).toContain('files were modified by this hook');
  expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toBe(LEGACY.replace('get_event_loop', 'get_running_loop'));
  expect(readFileSync(path.join(root, 'notes.txt'), 'utf8')).toBe('asyncio.get_event_loop()\n'); // types: [python]

  const again = await tryRepo(root, 'loopshift-check');
  expect(again.exitCode).toBe(0);
}, 900_000);
