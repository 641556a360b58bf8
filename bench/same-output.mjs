#!/usr/bin/env node
// Behaviour must not change in a refactor: this runs the working tree and a base commit (default
// HEAD) over the fixtures, examples/ and a copy of CPython 3.8's standard library, at targets 3.8
// and 3.12, and compares the diffs and the JSON reports byte for byte (timings and memory aside).
//
//   node bench/same-output.mjs [BASE_REF] [--quick]     (--quick: asyncio and test_asyncio only)
//
// Exit 0 when every output is identical; otherwise the differing runs are listed and kept under
// the printed folder for inspection.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const baseRef = args.find((arg) => !arg.startsWith('--')) ?? 'HEAD';
const work = mkdtempSync(path.join(os.tmpdir(), 'loopshift-same-output-'));

function git(...gitArgs) {
  return execFileSync('git', gitArgs, { cwd: repo, encoding: 'utf8' }).trim();
}

// The base build: a worktree of BASE_REF sharing this checkout's node_modules.
const sha = git('rev-parse', baseRef);
const base = path.join(work, `base-${sha.slice(0, 10)}`);
git('worktree', 'add', '--detach', base, sha);
symlinkSync(path.join(repo, 'node_modules'), path.join(base, 'node_modules'));
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: base, stdio: 'inherit' });
execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: repo, stdio: 'inherit' });

// The corpora, copied once so that both builds read the same files.
const pyenvRoot = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
const stdlib = path.join(pyenvRoot, 'versions', '3.8.18', 'lib', 'python3.8');
const corpora = path.join(work, 'corpora');
mkdirSync(corpora);
cpSync(path.join(repo, '__testfixtures__'), path.join(corpora, 'fixtures'), { recursive: true });
cpSync(path.join(repo, 'examples'), path.join(corpora, 'examples'), { recursive: true });
if (quick) {
  cpSync(path.join(stdlib, 'asyncio'), path.join(corpora, 'stdlib', 'asyncio'), { recursive: true });
  cpSync(path.join(stdlib, 'test', 'test_asyncio'), path.join(corpora, 'stdlib', 'test_asyncio'), { recursive: true });
} else {
  cpSync(stdlib, path.join(corpora, 'stdlib'), { recursive: true });
}

function run(tree, corpus, target, json) {
  const cli = path.join(tree, 'bin', 'loopshift.js');
  const flags = json ? ['--json', '-q'] : ['-q', '--no-color'];
  const result = spawnSync('node', [cli, ...flags, '--target-version', target, corpus], {
    cwd: corpora, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' },
  });
  if (!json) return `exit ${result.status}\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
  const report = JSON.parse(result.stdout);
  // Measurements, not behaviour.
  delete report.summary.seconds;
  delete report.summary.memory;
  return `exit ${result.status}\n${JSON.stringify(report, null, 2)}`;
}

const differing = [];
let compared = 0;
for (const corpus of ['fixtures', 'examples', 'stdlib']) {
  for (const target of ['3.8', '3.12']) {
    for (const json of [false, true]) {
      const name = `${corpus}-${target}-${json ? 'json' : 'diff'}`;
      const before = run(base, corpus, target, json);
      const after = run(repo, corpus, target, json);
      compared += 1;
      if (before !== after) {
        differing.push(name);
        writeFileSync(path.join(work, `${name}.before`), before);
        writeFileSync(path.join(work, `${name}.after`), after);
      }
      process.stderr.write(`${before === after ? 'same     ' : 'DIFFERENT'} ${name}\n`);
    }
  }
}

git('worktree', 'remove', '--force', base);
if (differing.length) {
  console.log(`${differing.length} of ${compared} outputs differ from ${baseRef} (${sha.slice(0, 10)}); see ${work}`);
  process.exit(1);
}
rmSync(work, { recursive: true, force: true });
console.log(`all ${compared} outputs are identical to ${baseRef} (${sha.slice(0, 10)})`);
