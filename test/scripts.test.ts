/**
 * Scripts without a main guard (docs/SEMANTICS.md P3c), end to end: the project model proves which
 * files only ever run as programs, and their module-level loops get the main guard's rewrites; the
 * same code in a module something imports keeps its diagnostic.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli } from './support/cli.js';

const SCRIPT = [
  'import asyncio', '', '',
  'async def main():', '    await asyncio.sleep(0)', '    print("served")', '', '',
  'loop = asyncio.get_event_loop()', 'loop.run_until_complete(main())', 'loop.close()', '',
].join('\n');

function project() {
  return makeTree({
    'pyproject.toml': '[project]\nname = "demo"\nrequires-python = ">=3.8"\n',
    'demo/__init__.py': '',
    // A plugin loader: an import the scan cannot follow, inside the package. It cannot name a loose script.
    'demo/plugins.py': 'import importlib\n\n\ndef load(name):\n    return importlib.import_module(name)\n',
    'demo/worker.py': SCRIPT,                  // a package member: importable by anyone who installs demo
    'examples/echo.py': SCRIPT,                // a loose script nothing imports
    'examples/shared.py': SCRIPT,              // imported by a sibling: runs on import too
    'examples/uses_shared.py': 'import shared\n',
    'scripts/dynamic.py': SCRIPT,              // its folder holds a dynamic import
    'scripts/loader.py': 'import importlib\nimportlib.import_module("x" + "y")\n',
  });
}

test('a loose script becomes asyncio.run(); importable module-level code keeps LS803', async () => {
  const root = project();
  const run = await runCli(['--write', '--json', '.'], { cwd: root });
  expect(run.exitCode).toBe(0);
  const files = JSON.parse(run.stdout).files as { path: string; status: string; diagnostics: { code: string }[] }[];
  const status = Object.fromEntries(files.map((f) => [f.path, f.status]));
  expect(status['examples/echo.py']).toBe('changed');
  expect(readFileSync(path.join(root, 'examples/echo.py'), 'utf8')).toContain('\nasyncio.run(main())\n');
  for (const kept of ['demo/worker.py', 'examples/shared.py', 'scripts/dynamic.py']) {
    expect([kept, status[kept]]).toEqual([kept, 'unchanged']);
    expect(readFileSync(path.join(root, kept), 'utf8')).toBe(SCRIPT);
    expect(files.find((f) => f.path === kept)!.diagnostics.map((d) => d.code)).toContain('LS803');
  }
  // The rewritten script runs, warning-free, as the original did.
  const output = execFileSync('python3', ['-X', 'dev', '-W', 'error::DeprecationWarning', path.join(root, 'examples/echo.py')], { encoding: 'utf8' });
  expect(output).toBe('served\n');
  // One run finishes the job.
  const check = await runCli(['--check', '.'], { cwd: root });
  expect(check.exitCode).toBe(0);
});

test('naming only the script still looks at the whole project', async () => {
  const root = project();
  const run = await runCli(['--json', 'examples/shared.py', 'examples/echo.py'], { cwd: root });
  const status = Object.fromEntries((JSON.parse(run.stdout).files as { path: string; status: string }[]).map((f) => [f.path, f.status]));
  expect(status).toEqual({ 'examples/echo.py': 'changed', 'examples/shared.py': 'unchanged' });
});

test('a loose script another file may run by a loader of a path, exec of a text, or a name after sys.path changes keeps LS803', async () => {
  const runners = {
    'spec_from_loader': 'import importlib.machinery, importlib.util\nloader = importlib.machinery.SourceFileLoader("job", PATH)\n'
      + 'loader.exec_module(importlib.util.module_from_spec(importlib.util.spec_from_loader("job", loader)))\n',
    'exec': 'with open(PATH) as fh:\n    exec(compile(fh.read(), PATH, "exec"), {"__name__": "__example__"})\n',
    'sys.path': 'import importlib, os, sys\nsys.path.insert(0, DEMOS)\nfor fn in os.listdir(DEMOS):\n    importlib.import_module(fn[:-3])\n',
  };
  for (const [kind, runner] of Object.entries(runners)) {
    const root = makeTree({ ...Object.fromEntries([['examples/echo.py', SCRIPT]]), 'tools/run.py': runner });
    const run = await runCli(['--write', '--json', '.'], { cwd: root });
    const echo = (JSON.parse(run.stdout).files as { path: string; status: string; diagnostics: { code: string }[] }[])
      .find((f) => f.path === 'examples/echo.py')!;
    expect([kind, echo.status, echo.diagnostics.map((d) => d.code)]).toEqual([kind, 'unchanged', ['LS803']]);
  }
  // A runner whose constants name another file leaves the script script-only.
  const root = makeTree({ 'examples/echo.py': SCRIPT, 'tools/run.py': 'exec(open("../examples/other.py").read())\n' });
  await runCli(['--write', '.'], { cwd: root });
  expect(readFileSync(path.join(root, 'examples/echo.py'), 'utf8')).toContain('\nasyncio.run(main())\n');
});
