/**
 * Sync functions whose every caller runs under the loop (docs/SEMANTICS.md P2a), end to end: the project
 * model tells the helper what other modules import from each file, so a private helper nobody imports is
 * rewritten, while one another module imports by name, or whose module another imports whole, keeps LS801.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli } from './support/cli.js';

/** A module whose private helper is called only from a coroutine. */
function helperModule(helper: string): string {
  return [
    'import asyncio', '', '',
    `def ${helper}():`, '    return asyncio.get_event_loop()', '', '',
    'async def tick():', `    return ${helper}() is asyncio.get_running_loop()`, '',
  ].join('\n');
}

function project() {
  return makeTree({
    'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.8"\n',
    'app/__init__.py': '',
    'app/clock.py': helperModule('_now'),           // nobody takes _now: rewritten
    'app/timers.py': helperModule('_deadline'),     // imported by name below: kept
    'app/whole.py': helperModule('_stamp'),         // imported as a module object below: kept
    'app/service.py': 'from app.timers import _deadline\nimport app.whole\n\n\ndef blocking():\n    return _deadline()\n',
  });
}

type Files = { path: string; status: string; diagnostics: { code: string; line: number }[] }[];

test('a private helper nobody imports is rewritten; one imported by name or through its module keeps LS801', async () => {
  const root = project();
  const run = await runCli(['--write', '--json', '--no-cache', '.'], { cwd: root });
  expect(run.exitCode).toBe(0);
  const files = JSON.parse(run.stdout).files as Files;
  const byPath = Object.fromEntries(files.map((f) => [f.path, f]));
  expect(byPath['app/clock.py'].status).toBe('changed');
  expect(readFileSync(path.join(root, 'app/clock.py'), 'utf8')).toBe(helperModule('_now').replace('get_event_loop', 'get_running_loop'));
  expect(byPath['app/clock.py'].diagnostics).toEqual([]);
  for (const [file, helper] of [['app/timers.py', '_deadline'], ['app/whole.py', '_stamp']]) {
    expect([file, byPath[file].status]).toEqual([file, 'unchanged']);
    expect(readFileSync(path.join(root, file), 'utf8')).toBe(helperModule(helper));
    expect(byPath[file].diagnostics.map((d) => [d.code, d.line])).toEqual([['LS801', 5]]);
  }
  // The rewritten helper gives its coroutine the same loop, warning-free.
  const output = execFileSync('python3', ['-X', 'dev', '-W', 'error::DeprecationWarning', '-c',
    'import asyncio, app.clock; print(asyncio.run(app.clock.tick()))'], { cwd: root, encoding: 'utf8' });
  expect(output).toBe('True\n');
});

test('the facts are part of the result cache key: once the importer lets go, the helper is rewritten', async () => {
  const root = project();
  const first = await runCli(['--json', '.'], { cwd: root });
  expect((JSON.parse(first.stdout).files as Files).find((f) => f.path === 'app/timers.py')!.status).toBe('unchanged');
  writeFileSync(path.join(root, 'app/service.py'), 'import asyncio\n\n\ndef blocking():\n    return asyncio.sleep(0)\n');
  const second = await runCli(['--json', '.'], { cwd: root });
  const files = JSON.parse(second.stdout).files as Files;
  expect(files.find((f) => f.path === 'app/timers.py')!.status).toBe('changed');
  expect(files.find((f) => f.path === 'app/whole.py')!.status).toBe('changed');
});

/** A module whose private class stores the loop in __init__ and is made only in a coroutine (P2a, "Constructors"). */
function clientModule(cls: string): string {
  return [
    'import asyncio', '', '',
    `class ${cls}:`, '    def __init__(self):', '        self._loop = asyncio.get_event_loop()', '', '',
    'async def connect():', `    return ${cls}()._loop is asyncio.get_running_loop()`, '',
  ].join('\n');
}

test('a private class nobody reaches has its constructor rewritten; one another module imports keeps LS804', async () => {
  const root = makeTree({
    'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.8"\n',
    'app/__init__.py': '',
    'app/client.py': clientModule('_Client'),   // nobody takes _Client: rewritten
    'app/shared.py': clientModule('_Shared'),   // imported by name below: kept, reported once
    'app/user.py': 'from app.shared import _Shared\n\n\ndef make():\n    return _Shared()\n',
  });
  const run = await runCli(['--write', '--json', '--no-cache', '.'], { cwd: root });
  expect(run.exitCode).toBe(0);
  const byPath = Object.fromEntries((JSON.parse(run.stdout).files as Files).map((f) => [f.path, f]));
  expect(byPath['app/client.py'].status).toBe('changed');
  expect(readFileSync(path.join(root, 'app/client.py'), 'utf8'))
    .toBe(clientModule('_Client').replace('get_event_loop', 'get_running_loop'));
  expect(byPath['app/client.py'].diagnostics).toEqual([]);  // loop_diagnostics no longer sees the site: no LS804
  expect(byPath['app/shared.py'].status).toBe('unchanged');
  expect(readFileSync(path.join(root, 'app/shared.py'), 'utf8')).toBe(clientModule('_Shared'));
  expect(byPath['app/shared.py'].diagnostics.map((d) => [d.code, d.line])).toEqual([['LS804', 6]]);
  const output = execFileSync('python3', ['-X', 'dev', '-W', 'error::DeprecationWarning', '-c',
    'import asyncio, app.client; print(asyncio.run(app.client.connect()))'], { cwd: root, encoding: 'utf8' });
  expect(output).toBe('True\n');
});

test('a done callback of a proven asyncio future is rewritten; one of a concurrent.futures future keeps LS801', async () => {
  const source = [
    'import asyncio', 'import concurrent.futures', '', '',
    'def _on_task(fut):', '    return asyncio.get_event_loop()', '', '',
    'def _on_pool(fut):', '    return asyncio.get_event_loop()', '', '',
    'async def main():', '    task = asyncio.ensure_future(asyncio.sleep(0))', '    task.add_done_callback(lambda f: _on_task(f))',
    '    with concurrent.futures.ThreadPoolExecutor(1) as pool:', '        pool.submit(print).add_done_callback(_on_pool)', '',
  ].join('\n');
  const root = makeTree({ 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.8"\n', 'app/__init__.py': '', 'app/jobs.py': source });
  const run = await runCli(['--write', '--json', '--no-cache', '.'], { cwd: root });
  expect(run.exitCode).toBe(0);
  const jobs = (JSON.parse(run.stdout).files as Files).find((f) => f.path === 'app/jobs.py')!;
  // Only the first helper's call (_on_task's) changes.
  expect(readFileSync(path.join(root, 'app/jobs.py'), 'utf8')).toBe(source.replace('get_event_loop', 'get_running_loop'));
  expect(jobs.diagnostics.map((d) => [d.code, d.line])).toEqual([['LS801', 10]]);
});
