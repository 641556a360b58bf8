/**
 * Entry-point rewrites and the rest of the project (docs/SEMANTICS.md "Other modules of the project"):
 * a project module the file imports that reads or sets the current loop outside a coroutine, makes
 * asyncio primitives at import (before 3.10) or uses context variables would see another loop (or
 * context) after the rewrite, so the file is left as it is, with a diagnostic naming that module. Each
 * tree is a program whose rewrite changed its behaviour before this check (run on 3.8, 3.12, 3.13).
 * The lexical detection itself (what counts as inside a coroutine) is unit-tested at the end.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HARMLESS } from '../src/import-time.js';
import { loopEffects, type LoopEffects } from '../src/loop-effects.js';
import { Literals } from '../src/python-mask.js';
import { scanPython } from '../src/python-imports.js';
import { makeTree, runCli } from './support/cli.js';
import { PYTHON_VERSIONS, REPO_ROOT, pyenvPython } from './support/paths.js';

const MAIN = 'import asyncio\n\nimport {mod}\n\n\nasync def main():\n    {body}\n\n\nif __name__ == "__main__":\n'
  + '    loop = asyncio.get_event_loop()\n    loop.run_until_complete(main())\n    loop.close()\n';
const app = (mod: string, body: string) => MAIN.replace('{mod}', mod).replace('{body}', body);

async function migrate(root: string, target: string) {
  const result = await runCli(['--json', '--no-cache', '--write', '--target-version', target, '.'], { cwd: root });
  expect(result.stderr).not.toMatch(/error/i);
  const files = JSON.parse(result.stdout).files as { path: string; status: string; diagnostics: { code: string; message: string }[] }[];
  return (name: string) => files.find((f) => f.path === name);
}

describe('a project module the entry file imports', () => {
  test('takes the loop at import time: no asyncio.run, no explicit loop (LS301 names it)', async () => {
    const bus = 'import asyncio\n\n_loop = asyncio.get_event_loop()\n\n\ndef publish(x):\n    _loop.call_soon(print, x)\n';
    const root = makeTree({ 'bus.py': bus, 'app.py': app('bus', 'bus.publish("hi")\n    await asyncio.sleep(0)') });
    const before = readFileSync(path.join(root, 'app.py'), 'utf8');
    for (const target of ['3.8', '3.12']) {
      const file = (await migrate(root, target))('app.py');
      expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toBe(before);
      expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS301', message: expect.stringContaining('project module bus') }));
    }
  });

  test('its parent package takes the loop at import (python -m pkg.cli runs pkg/__init__.py first): LS301', async () => {
    const init = 'import asyncio\n\n_loop = asyncio.get_event_loop()\n_loop.set_exception_handler(lambda loop, ctx: print("pkg handler"))\n';
    const cli = 'import asyncio\n\n\nasync def main():\n    asyncio.get_running_loop().call_soon(lambda: 1 / 0)\n    await asyncio.sleep(0.01)\n\n\n'
      + 'if __name__ == "__main__":\n    loop = asyncio.get_event_loop()\n    loop.run_until_complete(main())\n';
    const root = makeTree({ 'pkg/__init__.py': init, 'pkg/cli.py': cli });
    const file = (await migrate(root, '3.8'))('pkg/cli.py');
    expect(readFileSync(path.join(root, 'pkg/cli.py'), 'utf8')).toBe(cli);
    expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS301', message: expect.stringContaining('project module pkg') }));
  });

  test('project code called before the loop is taken is code loopshift cannot see: LS301, even a shadowing "calendar"', async () => {
    // A module that imports only the standard library may still bind the loop (a primitive's subclass, a class
    // handed on as a value, a callback or registry): probe round 6. The script's own calendar.py is no stdlib.
    const settings = 'import json\n\n\nclass Settings:\n    def __init__(self):\n        self.data = json.loads(\'{"n": 2}\')\n';
    const main = 'import asyncio\n\nfrom calendar import Settings\n\n\nasync def work(n):\n    await asyncio.sleep(0)\n    return n * 2\n\n\n'
      + 'def main():\n    settings = Settings()\n    loop = asyncio.get_event_loop()\n    loop.create_task(work(0))\n'
      + '    print(loop.run_until_complete(work(settings.data["n"])))\n\n\nif __name__ == "__main__":\n    main()\n';
    const root = makeTree({ 'calendar.py': settings, 'main.py': main });
    const file = (await migrate(root, '3.8'))('main.py');
    expect(readFileSync(path.join(root, 'main.py'), 'utf8')).toBe(main);
    expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS301', message: expect.stringContaining('Settings()') }));
  });

  test('has code that runs at exit (atexit, a finalizer, a logging handler): the loop stays open (exitHooks)', async () => {
    const metrics = 'import asyncio\nimport atexit\n\n_STATE = {}\n\n\ndef _report():\n    print("at exit, loop closed:", _STATE["loop"].is_closed())\n\n\n'
      + 'atexit.register(_report)\n\n\nasync def track():\n    _STATE["loop"] = asyncio.get_running_loop()\n';
    const handler = 'import logging\n\n\nclass Ship(logging.Handler):\n    def emit(self, record):\n        pass\n';
    const main = 'import asyncio\n\nfrom lib.metrics import track\n\n\nasync def main():\n    await track()\n    return "ok"\n\n\n'
      + 'if __name__ == "__main__":\n    loop = asyncio.get_event_loop()\n    print(loop.run_until_complete(main()))\n';
    const python = pyenvPython(PYTHON_VERSIONS[PYTHON_VERSIONS.length - 1]);
    for (const [name, text] of [['metrics', metrics], ['log', handler]] as const) {
      const files: Record<string, string> = { 'lib/__init__.py': '', 'lib/metrics.py': name === 'metrics' ? metrics : metrics.replace(/atexit/g, 'at_exit'), 'main.py': main };
      if (name === 'log') Object.assign(files, { 'lib/log.py': text, 'lib/metrics.py': `from .log import Ship\n${files['lib/metrics.py'].replace(/^.*at_exit.*$/gm, '')}` });
      const root = makeTree(files);
      const before = execFileSync(python, ['main.py'], { cwd: root, encoding: 'utf8' });
      for (const target of ['3.8', '3.12']) {
        const file = (await migrate(root, target))('main.py');
        const after = readFileSync(path.join(root, 'main.py'), 'utf8');
        expect(after).not.toContain('asyncio.run(');
        expect(after).not.toContain('.close()');
        expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS505', message: expect.stringContaining(`project module lib.${name}`) }));
        expect(execFileSync(python, ['main.py'], { cwd: root, encoding: 'utf8' })).toBe(before);
      }
    }
  });

  test('makes primitives at import: declined before 3.10, rewritten from 3.10', async () => {
    const state = 'import asyncio\n\nREADY = asyncio.Event()\n\n\nasync def wait():\n    READY.set()\n    await READY.wait()\n';
    const root = makeTree({ 'state.py': state, 'app.py': app('state', 'await state.wait()') });
    const before = readFileSync(path.join(root, 'app.py'), 'utf8');
    const old = (await migrate(root, '3.8'))('app.py');
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toBe(before);
    expect(old?.diagnostics.map((d) => d.code)).toContain('LS301');
    await migrate(root, '3.12');
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toContain('asyncio.run(main())');
  });

  test('makes a future at import: bound to the loop current then, on every version: declined at 3.12 too', async () => {
    const state = 'import asyncio\n\nFUT = asyncio.Future()\n\n\nasync def fire():\n'
      + '    asyncio.get_running_loop().call_soon(FUT.set_result, 5)\n    return await FUT\n';
    const root = makeTree({ 'state.py': state, 'app.py': app('state', 'print(await state.fire())') });
    const before = readFileSync(path.join(root, 'app.py'), 'utf8');
    const file = (await migrate(root, '3.12'))('app.py');
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toBe(before);
    expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS301', message: expect.stringContaining('project module state') }));
  });

  test('starts background work (a task cancelled only by asyncio.run/Runner): an explicit loop, same output', async () => {
    const worker = 'import asyncio\n\n\nclass Worker:\n    async def start(self):\n        self._task = asyncio.ensure_future(self._beat())\n\n'
      + '    async def _beat(self):\n        try:\n            await asyncio.sleep(10)\n        except asyncio.CancelledError:\n'
      + '            print("heartbeat cancelled")\n            raise\n';
    const body = 'w = worker.Worker()\n    await w.start()\n    await asyncio.sleep(0.01)\n    print("done")';
    const root = makeTree({ 'worker.py': worker, 'app.py': app('worker', body) });
    const run = (version: string) => execFileSync(pyenvPython(PYTHON_VERSIONS.find((v) => v.startsWith(`${version}.`))!), ['-X', 'dev', 'app.py'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const before = run('3.8');
    expect(before).toBe('done\n');
    await migrate(root, '3.8');
    const after = readFileSync(path.join(root, 'app.py'), 'utf8');
    expect(after).not.toContain('asyncio.run(');
    expect(after).toContain('asyncio.new_event_loop()');
    for (const version of ['3.8', '3.12']) expect(run(version)).toBe(before);
    // With two runs at 3.12 no Runner either (its close() would cancel the task): the explicit loop again.
    const two = makeTree({ 'worker.py': worker, 'app.py': app('worker', body).replace('    loop.close()', '    loop.run_until_complete(main())\n    loop.close()') });
    await migrate(two, '3.12');
    expect(readFileSync(path.join(two, 'app.py'), 'utf8')).not.toContain('Runner');
    expect(readFileSync(path.join(two, 'app.py'), 'utf8')).toContain('asyncio.new_event_loop()');
  });

  test('uses the loop only in a function nothing calls at import: no asyncio.run, but an explicit loop', async () => {
    const client = 'import asyncio\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\nclass Client:\n'
      + '    def __init__(self, loop=None):\n        self._loop = loop or asyncio.get_event_loop()\n\n'
      + '    async def ping(self):\n        await asyncio.sleep(0)\n        return self._loop is asyncio.get_event_loop()\n';
    const root = makeTree({ 'client.py': client, 'app.py': app('client', 'print(await client.Client().ping())') });
    const run = (version: string) => execFileSync(pyenvPython(PYTHON_VERSIONS.find((v) => v.startsWith(`${version}.`))!), ['app.py'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const before = run('3.8');
    await migrate(root, '3.8');
    const after = readFileSync(path.join(root, 'app.py'), 'utf8');
    expect(after).toContain('asyncio.new_event_loop()');
    expect(after).not.toContain('asyncio.run(');
    for (const version of ['3.8', '3.12', '3.13']) expect(run(version)).toBe(before);
    // Some module calls project code at import (here the client's own module): that code may take the loop first.
    const calling = makeTree({ 'client.py': client + '\n\nDEFAULT = Client()\n', 'app.py': app('client', 'print(await client.Client().ping())') });
    const file = (await migrate(calling, '3.8'))('app.py');
    expect(readFileSync(path.join(calling, 'app.py'), 'utf8')).not.toContain('new_event_loop');
    expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS301', message: expect.stringContaining('calls code at import') }));
  });

  describe('this file calls code at import too: only what runs before get_event_loop() counts', () => {
    // chatlib takes the current loop in a function (Client() without a loop); register() sets a loop of its own
    // and schedules on it, which the explicit loop would orphan if it ran first.
    const chatlib = 'import asyncio\n\n\nclass Client:\n    def __init__(self, loop=None):\n        self.loop = loop or asyncio.get_event_loop()\n\n\n'
      + 'def register(f):\n    loop = asyncio.new_event_loop()\n    asyncio.set_event_loop(loop)\n    loop.call_soon(print, "registered")\n    return f\n\n\n'
      + 'def setup():\n    return register(None)\n';
    const header = 'import asyncio\nimport os\nimport sys\n\nsys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))\n\n'
      + 'import chatlib  # noqa: E402\n\n\nasync def chat(loop):\n    client = chatlib.Client(loop=loop)\n    await asyncio.sleep(0)\n'
      + '    print("same loop", client.loop is loop)\n\n\n';
    const script = header + 'loop = asyncio.get_event_loop()\nloop.run_until_complete(chat(loop))\nloop.close()\n';
    const main = header.replace('sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))\n\n', '')
      .replace('import chatlib', 'from . import chatlib') + 'def main():\n    loop = asyncio.get_event_loop()\n    loop.run_until_complete(chat(loop))\n    loop.close()\n\n\nmain()\n';
    const versions = PYTHON_VERSIONS.filter((v) => !v.startsWith('3.7.'));
    const run = (root: string, args: string[]) => Object.fromEntries(versions.map((v) => [v, execFileSync(pyenvPython(v), args,
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })]));

    test('a script whose module-level calls follow the site (examples/two_users.py): the explicit loop, same output 3.8-3.13', async () => {
      const root = makeTree({ 'chatlib/__init__.py': chatlib, 'examples/two_users.py': script });
      const before = run(root, ['examples/two_users.py']);
      expect(Object.values(before)).toEqual(versions.map(() => 'same loop True\n'));
      const file = (await migrate(root, '3.8'))('examples/two_users.py');
      expect(file?.diagnostics.map((d) => d.code) ?? []).not.toContain('LS301');
      expect(readFileSync(path.join(root, 'examples/two_users.py'), 'utf8')).toContain('loop = asyncio.new_event_loop()\nasyncio.set_event_loop(loop)\n');
      expect(run(root, ['examples/two_users.py'])).toEqual(before);
    });

    test('a __main__.py whose only module-level call is main(), last (python -m pkg): the explicit loop, same output 3.8-3.13', async () => {
      const root = makeTree({ 'app/__init__.py': '', 'app/chatlib.py': chatlib, 'app/__main__.py': main });
      const before = run(root, ['-m', 'app']);
      await migrate(root, '3.8');
      expect(readFileSync(path.join(root, 'app/__main__.py'), 'utf8')).toContain('    loop = asyncio.new_event_loop()\n    asyncio.set_event_loop(loop)\n');
      expect(run(root, ['-m', 'app'])).toEqual(before);
    });

    test('code of this file that runs before the site and may call project code: LS301, the file unchanged', async () => {
      const declined: Record<string, [string, string]> = {
        'a project decorator applied first': [script.replace('\n\nasync def chat', '\n\n@chatlib.register\ndef hook():\n    pass\n\n\nasync def chat'), 'chatlib.register'],
        'a default value calling project code': [script.replace('\n\nasync def chat', '\n\ndef helper(x=chatlib.setup()):\n    return x\n\n\nasync def chat'), 'chatlib.setup()'],
        'main() after a project call': [main.replace('\nmain()\n', '\nchatlib.setup()\nmain()\n'), 'chatlib.setup()'],
      };
      for (const [what, [text, blamed]] of Object.entries(declined)) {
        const entry = text.replace(/^import chatlib/m, 'from . import chatlib');
        const root = makeTree({ 'app/__init__.py': '', 'app/chatlib.py': chatlib, 'app/__main__.py': entry });
        const before = run(root, ['-m', 'app']);
        expect([what, Object.values(before)[0]]).toEqual([what, 'registered\nsame loop True\n']); // the callback ran on register()'s loop
        const file = (await migrate(root, '3.8'))('app/__main__.py');
        expect([what, readFileSync(path.join(root, 'app/__main__.py'), 'utf8')]).toEqual([what, entry]);
        expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS301', message: expect.stringContaining(blamed) }));
        // The explicit loop by hand: register()'s loop, and its callback, are orphaned.
        writeFileSync(path.join(root, 'app/__main__.py'), entry.replace('loop = asyncio.get_event_loop()', 'loop = asyncio.new_event_loop()\n'
          + (entry.includes('def main') ? '    ' : '') + 'asyncio.set_event_loop(loop)'));
        expect(Object.values(run(root, ['-m', 'app']))[0]).toBe('same loop True\n');
      }
    });

    test('main() called twice, or handed to a decorator: no entry function, left as it was', async () => {
      for (const text of [main.replace('\nmain()\n', '\nmain()\nmain()\n'),
        main.replace('\nmain()\n', '\nchatlib.register(main)()\n')]) {
        const root = makeTree({ 'app/__init__.py': '', 'app/chatlib.py': chatlib, 'app/__main__.py': text });
        await migrate(root, '3.8');
        expect(readFileSync(path.join(root, 'app/__main__.py'), 'utf8')).toBe(text);
      }
    });
  });

  test('reads the loop after the run or at exit (atexit): declined', async () => {
    const metrics = 'import asyncio\nimport atexit\n\n\ndef _flush():\n    asyncio.get_event_loop().run_until_complete(asyncio.sleep(0))\n\n\natexit.register(_flush)\n';
    const root = makeTree({ 'metrics.py': metrics, 'app.py': app('metrics', 'await asyncio.sleep(0)') });
    const before = readFileSync(path.join(root, 'app.py'), 'utf8');
    await migrate(root, '3.12');
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toBe(before);
  });

  test('runner: context variables (LS403) or a loop reader (LS405) in an imported module', async () => {
    const two = 'import asyncio\n\nimport {mod}\n\n\nasync def step(n):\n    return n\n\n\ndef main():\n    loop = asyncio.get_event_loop()\n'
      + '    loop.run_until_complete(step(1))\n    loop.run_until_complete(step(2))\n    loop.close()\n\n\nif __name__ == "__main__":\n    main()\n';
    const ctx = makeTree({ 'reqctx.py': 'import contextvars\n\nUSER = contextvars.ContextVar("user")\n', 'jobs.py': two.replace('{mod}', 'reqctx') });
    const jobs = (await migrate(ctx, '3.12'))('jobs.py');
    expect(readFileSync(path.join(ctx, 'jobs.py'), 'utf8')).not.toContain('Runner');
    expect(jobs?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS403', message: expect.stringContaining('reqctx') }));
    const reader = makeTree({ 'metrics.py': 'import asyncio\n\n\ndef state():\n    return asyncio.get_event_loop().is_closed()\n', 'jobs.py': two.replace('{mod}', 'metrics') });
    const found = (await migrate(reader, '3.12'))('jobs.py');
    expect(readFileSync(path.join(reader, 'jobs.py'), 'utf8')).not.toContain('Runner');
    expect(found?.diagnostics.map((d) => d.code)).toContain('LS405');
  });

  test('uses the loop only under its own main guard, which never runs on import: the rewrite goes ahead', async () => {
    const tool = 'import asyncio\n\n\nasync def work():\n    return 1\n\n\nif __name__ == "__main__":\n'
      + '    loop = asyncio.get_event_loop()\n    print(loop.run_until_complete(work()))\nelse:\n    pass\n';
    const root = makeTree({ 'tool.py': tool, 'app.py': app('tool', 'await tool.work()') });
    await migrate(root, '3.8');
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toContain('asyncio.run(main())');
    // Code in the guard's else branch runs on import: it counts.
    const other = makeTree({ 'tool.py': tool.replace('    pass', '    _loop = asyncio.get_event_loop()'), 'app.py': app('tool', 'await tool.work()') });
    await migrate(other, '3.8');
    expect(readFileSync(path.join(other, 'app.py'), 'utf8')).not.toContain('asyncio.run(');
  });

  test('its loop use is rewritten in the same run (a private helper only coroutines call): so is the entry point', async () => {
    const clock = 'import asyncio\n\n\ndef _now():\n    return asyncio.get_event_loop().time()\n\n\n'
      + 'async def elapsed():\n    start = _now()\n    await asyncio.sleep(0)\n    return _now() >= start\n';
    const entry = app('clock', 'print(await clock.elapsed())').replace('import clock', 'from clock import elapsed as _elapsed\nimport sys')
      .replace('clock.elapsed()', '_elapsed()');
    const root = makeTree({ 'clock.py': clock, 'app.py': entry });
    const first = await migrate(root, '3.8');
    expect(first('clock.py')?.status).toBe('changed');
    expect(first('app.py')?.status).toBe('changed');
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toContain('asyncio.run(main())');
    // One run finished the job.
    const second = await runCli(['--json', '--no-cache', '--target-version', '3.8', '.'], { cwd: root });
    expect((JSON.parse(second.stdout).files as { status: string }[]).map((f) => f.status)).toEqual(['unchanged', 'unchanged']);
  });

  test('in an import cycle with the entry file, the module\'s scanned effects stand (no wait, no hang)', async () => {
    const clock = 'import asyncio\n\nimport app\n\n\ndef _now():\n    return asyncio.get_event_loop().time()\n\n\n'
      + 'async def elapsed():\n    return _now()\n';
    const entry = app('clock', 'print(await clock.elapsed())').replace('import clock', 'from clock import elapsed as _elapsed\nimport sys')
      .replace('clock.elapsed()', '_elapsed()');
    const root = makeTree({ 'clock.py': clock, 'app.py': entry });
    await migrate(root, '3.8');
    // Not asyncio.run (the scanned use stands), but an explicit loop: the use is not at import time.
    const after = readFileSync(path.join(root, 'app.py'), 'utf8');
    expect(after).not.toContain('asyncio.run(');
    expect(after).toContain('asyncio.new_event_loop()');
  });

  test('only coroutines use the loop there: the rewrite goes ahead', async () => {
    const helpers = 'import asyncio\n\n\nasync def pause():\n    loop = asyncio.get_event_loop()\n    await asyncio.sleep(0)\n    return loop\n';
    const root = makeTree({ 'helpers.py': helpers, 'app.py': app('helpers', 'await helpers.pause()') });
    await migrate(root, '3.12');
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toContain('asyncio.run(main())');
  });
});

test('a loop per test is declined when another test module uses the shared loop (LS904)', async () => {
  const a = 'import asyncio\nimport unittest\n\n\nclass A(unittest.TestCase):\n    def setUp(self):\n        self.loop = asyncio.get_event_loop()\n\n'
    + '    def test_a(self):\n        self.assertEqual(self.loop.run_until_complete(asyncio.sleep(0, 1)), 1)\n';
  const b = 'import asyncio\nimport unittest\n\n\nclass B(unittest.TestCase):\n    @classmethod\n    def setUpClass(cls):\n        cls.loop = asyncio.get_event_loop()\n\n'
    + '    def test_b(self):\n        self.assertEqual(self.loop.run_until_complete(asyncio.sleep(0, 2)), 2)\n';
  const root = makeTree({ 'tests/__init__.py': '', 'tests/test_a.py': a, 'tests/test_b.py': b });
  const file = (await migrate(root, '3.12'))('tests/test_a.py');
  expect(readFileSync(path.join(root, 'tests/test_a.py'), 'utf8')).toBe(a);
  expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS904', message: expect.stringContaining('test_b') }));
  // Another test module that reads the loop only through a library function: declined as well.
  const lib = 'import asyncio\n\n\ndef compute(x):\n    return asyncio.get_event_loop().run_until_complete(_double(x))\n\n\n'
    + 'async def _double(x):\n    return 2 * x\n';
  const c = 'import unittest\n\nimport lib\n\n\nclass C(unittest.TestCase):\n    def test_c(self):\n        self.assertEqual(lib.compute(2), 4)\n';
  const through = makeTree({ 'lib.py': lib, 'tests/__init__.py': '', 'tests/test_a.py': a, 'tests/test_c.py': c });
  const declined = (await migrate(through, '3.12'))('tests/test_a.py');
  expect(readFileSync(path.join(through, 'tests/test_a.py'), 'utf8')).toBe(a);
  expect(declined?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS904', message: expect.stringContaining('test_c') }));
  // A project module whose coroutine starts a task that outlives a test: it ticked on in the next test's
  // run of the shared loop, and would die with a loop per test (LS901).
  const ticker = 'import asyncio\n\n\nasync def start():\n    asyncio.ensure_future(_tick())\n\n\n'
    + 'async def _tick():\n    while True:\n        print("tick")\n        await asyncio.sleep(0.01)\n';
  const t = 'import asyncio\nimport unittest\n\nimport ticker\n\n\nclass T(unittest.TestCase):\n    def setUp(self):\n'
    + '        self.loop = asyncio.get_event_loop()\n\n    def test_1_start(self):\n        self.loop.run_until_complete(ticker.start())\n\n'
    + '    def test_2_wait(self):\n        self.loop.run_until_complete(asyncio.sleep(0.025))\n';
  const ticking = makeTree({ 'ticker.py': ticker, 'tests/__init__.py': '', 'tests/test_t.py': t });
  const kept = (await migrate(ticking, '3.8'))('tests/test_t.py');
  expect(readFileSync(path.join(ticking, 'tests/test_t.py'), 'utf8')).toBe(t);
  expect(kept?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS901', message: expect.stringContaining('project module ticker') }));
  // Alone, the same module gets its loop per test.
  const alone = makeTree({ 'tests/__init__.py': '', 'tests/test_a.py': a });
  await migrate(alone, '3.12');
  expect(readFileSync(path.join(alone, 'tests/test_a.py'), 'utf8')).toContain('new_event_loop()');
});

test('several test modules that use the shared loop: a loop per test in all of them together, or in none', async () => {
  const suite = (name: string, value: number) => `import asyncio\nimport unittest\n\n\nclass ${name}(unittest.TestCase):\n`
    + '    def setUp(self):\n        self.loop = asyncio.get_event_loop()\n\n'
    + `    def test_one(self):\n        print("${name}", self.loop.run_until_complete(asyncio.sleep(0, ${value})))\n\n`
    + `    def test_two(self):\n        q = asyncio.Queue()\n        q.put_nowait(${value})\n`
    + '        print(self.loop.run_until_complete(q.get()), self.loop.is_closed())\n';
  const a = suite('A', 1);
  const b = suite('B', 2);
  const root = makeTree({ 'tests/__init__.py': '', 'tests/test_a.py': a, 'tests/test_b.py': b });
  const run = (python: string) => execFileSync(python, ['-m', 'unittest', '-q', 'tests.test_a', 'tests.test_b'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const versions = ['3.8.18', PYTHON_VERSIONS[PYTHON_VERSIONS.length - 1]].map((v) => pyenvPython(v));
  const before = versions.map(run);
  const file = (await migrate(root, '3.8'))('tests/test_a.py');
  expect(file?.diagnostics.map((d) => d.code)).not.toContain('LS904');
  for (const name of ['tests/test_a.py', 'tests/test_b.py']) {
    expect(readFileSync(path.join(root, name), 'utf8')).toContain('self.loop = asyncio.new_event_loop()');
  }
  expect(versions.map(run)).toEqual(before);
  // One of them keeps the shared loop (a helper of its own reads it): neither gets a loop per test.
  const keeps = b.replace('class B', 'def helper():\n    return asyncio.get_event_loop()\n\n\nclass B');
  const mixed = makeTree({ 'tests/__init__.py': '', 'tests/test_a.py': a, 'tests/test_b.py': keeps });
  const declined = (await migrate(mixed, '3.8'))('tests/test_a.py');
  expect(readFileSync(path.join(mixed, 'tests/test_a.py'), 'utf8')).toBe(a);
  expect(declined?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS904', message: expect.stringContaining('test_b') }));
  // A one-test module whose coroutine leaves a task ticking: it ran on during the other module's run of the
  // shared loop, and would die with its own loop, so it is decided as several tests sharing a loop (LS901).
  const ticking = 'import asyncio\nimport unittest\n\n\nasync def _tick():\n    while True:\n        print("tick")\n'
    + '        await asyncio.sleep(0.01)\n\n\nasync def start():\n    asyncio.ensure_future(_tick())\n\n\n'
    + 'class T(unittest.TestCase):\n    def setUp(self):\n        self.loop = asyncio.get_event_loop()\n\n'
    + '    def test_start(self):\n        self.loop.run_until_complete(start())\n';
  const pending = makeTree({ 'tests/__init__.py': '', 'tests/test_a.py': a, 'tests/test_t.py': ticking });
  const kept = (await migrate(pending, '3.8'))('tests/test_t.py');
  expect(readFileSync(path.join(pending, 'tests/test_t.py'), 'utf8')).toBe(ticking);
  expect(readFileSync(path.join(pending, 'tests/test_a.py'), 'utf8')).toBe(a);
  expect(kept?.diagnostics.map((d) => d.code)).toContain('LS904');
});

test('a loop per test is declined at 3.12 too when an imported module keeps a primitive across tests (LS904)', async () => {
  // From 3.10 a primitive binds to the first loop that waits on it: with a loop per test, the second test's
  // wait fails ("is bound to a different event loop"), where the shared loop served both.
  const broker = 'import asyncio\n\nINBOX = asyncio.Queue()\n\n\nasync def roundtrip(msg):\n    INBOX.put_nowait(msg)\n'
    + '    return await INBOX.get()\n';
  const t = 'import asyncio\nimport unittest\n\nimport broker\n\n\nclass T(unittest.TestCase):\n    def setUp(self):\n'
    + '        self.loop = asyncio.get_event_loop()\n\n    def test_1(self):\n'
    + '        print(self.loop.run_until_complete(broker.roundtrip("a")))\n\n    def test_2(self):\n'
    + '        print(self.loop.run_until_complete(broker.roundtrip("b")))\n';
  const root = makeTree({ 'broker.py': broker, 'tests/__init__.py': '', 'tests/test_t.py': t });
  for (const target of ['3.8', '3.12']) {
    const file = (await migrate(root, target))('tests/test_t.py');
    expect(readFileSync(path.join(root, 'tests/test_t.py'), 'utf8')).toBe(t);
    expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS904', message: expect.stringContaining('project module broker') }));
  }
  // The kept suite passes on the newest interpreter (the rewrite would fail its second test there).
  const python = pyenvPython(PYTHON_VERSIONS[PYTHON_VERSIONS.length - 1]);
  expect(() => execFileSync(python, ['-m', 'unittest', '-q', 'tests.test_t'], { cwd: root, stdio: 'pipe' })).not.toThrow();
});

describe('what other modules do with this file\'s functions and coroutines', () => {
  const cli = 'import asyncio\n\n\nasync def amain():\n    await asyncio.sleep(0)\n    print("work done")\n\n\n'
    + 'def main():\n    loop = asyncio.get_event_loop()\n    try:\n        loop.run_until_complete(amain())\n    finally:\n        loop.close()\n\n\n'
    + 'if __name__ == "__main__":\n    main()\n';

  test('a main() another module imports and calls is no entry point (a host may call it under its own loop)', async () => {
    const host = 'import asyncio\n\nfrom tool.cli import main\n\nmain()\nprint(asyncio.get_event_loop().is_closed())\n';
    const root = makeTree({ 'tool/__init__.py': '', 'tool/cli.py': cli, 'run.py': host });
    await migrate(root, '3.8');
    expect(readFileSync(path.join(root, 'tool/cli.py'), 'utf8')).toBe(cli);
    // Alone, it is the entry point; and with a launcher that is nothing but one call of it.
    const alone = makeTree({ 'tool/__init__.py': '', 'tool/cli.py': cli });
    await migrate(alone, '3.8');
    expect(readFileSync(path.join(alone, 'tool/cli.py'), 'utf8')).toContain('asyncio.run(amain())');
    const launcher = '"""Run the tool."""\nimport sys\n\nfrom tool.cli import main\n\nif __name__ == "__main__":\n    sys.exit(main())\n';
    const launched = makeTree({ 'tool/__init__.py': '', 'tool/cli.py': cli, 'tool/__main__.py': launcher });
    await migrate(launched, '3.8');
    expect(readFileSync(path.join(launched, 'tool/cli.py'), 'utf8')).toContain('asyncio.run(amain())');
  });

  test('a module that runs coroutines with send(None) and imports this one: no get_running_loop (LS105)', async () => {
    const coros = 'import asyncio\n\n\nasync def stamp(x):\n    loop = asyncio.get_event_loop()\n    return "%s@%d" % (x, loop.time() * 0)\n';
    const driver = 'from coros import stamp\n\n\ndef run_sync(coro):\n    try:\n        coro.send(None)\n    except StopIteration as e:\n'
      + '        return e.value\n\n\nprint(run_sync(stamp("a")))\n';
    const root = makeTree({ 'coros.py': coros, 'driver.py': driver });
    const file = (await migrate(root, '3.8'))('coros.py');
    expect(readFileSync(path.join(root, 'coros.py'), 'utf8')).toBe(coros);
    expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS105', message: expect.stringContaining('project module driver') }));
  });

  test('a plugin runner that imports modules by a computed name may call main() under its own loop: no entry point', async () => {
    const runner = 'import asyncio\nimport importlib\n\nticks = []\n\n\nasync def watchdog():\n    ticks.append(1)\n\n\n'
      + 'loop = asyncio.new_event_loop()\nasyncio.set_event_loop(loop)\nloop.create_task(watchdog())\n'
      + 'for name in ("cli",):\n    importlib.import_module("tool." + name).main()\nprint("watchdog ran:", bool(ticks))\n';
    const root = makeTree({ 'tool/__init__.py': '', 'tool/cli.py': cli, 'runner.py': runner });
    await migrate(root, '3.8');
    expect(readFileSync(path.join(root, 'tool/cli.py'), 'utf8')).toBe(cli);
    const python = pyenvPython(PYTHON_VERSIONS[PYTHON_VERSIONS.length - 1]);
    expect(execFileSync(python, ['runner.py'], { cwd: root, encoding: 'utf8' })).toBe('work done\nwatchdog ran: True\n');
    // exec() of a code string is not followed: the entry point is migrated.
    const version = makeTree({ 'tool/__init__.py': '', 'tool/cli.py': cli, 'setup.py': 'exec(open("tool/__init__.py").read())\n' });
    await migrate(version, '3.8');
    expect(readFileSync(path.join(version, 'tool/cli.py'), 'utf8')).toContain('asyncio.run(amain())');
  });

  test('a plugin runner whose text shows the one name it reads off each module: main() stays an entry point', async () => {
    const plugin = cli.replace('if __name__', 'def register(registry):\n    registry.append("cli")\n\n\nif __name__');
    const runner = 'import importlib\n\nregistry = []\nfor name in ("cli",):\n    module = importlib.import_module("tool." + name)\n'
      + '    module.register(registry)\nprint("registered", registry)\n';
    const root = makeTree({ 'tool/__init__.py': '', 'tool/cli.py': plugin, 'runner.py': runner });
    await migrate(root, '3.8');
    expect(readFileSync(path.join(root, 'tool/cli.py'), 'utf8')).toContain('asyncio.run(amain())');
    const python = pyenvPython(PYTHON_VERSIONS[PYTHON_VERSIONS.length - 1]);
    expect(execFileSync(python, ['runner.py'], { cwd: root, encoding: 'utf8' })).toBe("registered ['cli']\n");
    expect(execFileSync(python, ['-W', 'error::DeprecationWarning', 'tool/cli.py'], { cwd: root, encoding: 'utf8' })).toBe('work done\n');
    // One that reads main off them may call it under its own loop, as above.
    const calls = makeTree({ 'tool/__init__.py': '', 'tool/cli.py': plugin, 'runner.py': runner.replace('module.register(registry)', 'module.main()') });
    await migrate(calls, '3.8');
    expect(readFileSync(path.join(calls, 'tool/cli.py'), 'utf8')).toBe(plugin);
  });

  test('a module run as a program by runpy inside another one: its main guard is no fresh entry point', async () => {
    const supervisor = 'import asyncio\nimport runpy\n\nlog = []\n\n\nasync def monitor():\n    log.append("tick")\n\n\n'
      + 'loop = asyncio.new_event_loop()\nasyncio.set_event_loop(loop)\nloop.create_task(monitor())\n'
      + 'runpy.run_module("tool.job", run_name="__main__")\nprint("monitor", log)\n';
    const job = 'import asyncio\n\n\nasync def work():\n    await asyncio.sleep(0)\n    print("synced")\n\n\n'
      + 'if __name__ == "__main__":\n    loop = asyncio.get_event_loop()\n    loop.run_until_complete(work())\n';
    const root = makeTree({ 'tool/__init__.py': '', 'tool/job.py': job, 'supervisor.py': supervisor });
    await migrate(root, '3.8');
    expect(readFileSync(path.join(root, 'tool/job.py'), 'utf8')).toBe(job);
    const python = pyenvPython(PYTHON_VERSIONS[PYTHON_VERSIONS.length - 1]);
    expect(execFileSync(python, ['supervisor.py'], { cwd: root, encoding: 'utf8' })).toBe("synced\nmonitor ['tick']\n");
    // Without the supervisor, the same main guard is migrated.
    const alone = makeTree({ 'tool/__init__.py': '', 'tool/job.py': job });
    await migrate(alone, '3.8');
    expect(readFileSync(path.join(alone, 'tool/job.py'), 'utf8')).not.toBe(job);
  });

  test('a driver stepping coroutines with next(coro.__await__()) that a third module hands them to: LS105', async () => {
    // The driver imports nothing of the project; main.py imports both and passes cached's coroutine on.
    const cached = 'import asyncio\n\n\nasync def lookup(key):\n    loop = asyncio.get_event_loop()\n    return key.upper(), loop.is_running()\n';
    const driver = 'def run_now(coro):\n    it = coro.__await__()\n    try:\n        next(it)\n    except StopIteration as e:\n'
      + '        return e.value\n    raise RuntimeError("suspended")\n';
    const main = 'import asyncio\n\nfrom cached import lookup\nfrom driver import run_now\n\n'
      + 'asyncio.set_event_loop(asyncio.new_event_loop())\nprint(run_now(lookup("k")))\n';
    const root = makeTree({ 'cached.py': cached, 'driver.py': driver, 'main.py': main });
    const file = (await migrate(root, '3.8'))('cached.py');
    expect(readFileSync(path.join(root, 'cached.py'), 'utf8')).toBe(cached);
    expect(file?.diagnostics).toContainEqual(expect.objectContaining({ code: 'LS105', message: expect.stringContaining('project module driver') }));
    const python = pyenvPython(PYTHON_VERSIONS[PYTHON_VERSIONS.length - 1]);
    expect(execFileSync(python, ['main.py'], { cwd: root, encoding: 'utf8' })).toBe("('K', False)\n");
  });

  test('a module that handles CancelledError (Ctrl-C cancels the main task under asyncio.run): an explicit loop', async () => {
    const server = 'import asyncio\n\n\nasync def serve():\n    try:\n        await asyncio.sleep(0)\n    except asyncio.CancelledError:\n'
      + '        print("server: shutting down")\n';
    const root = makeTree({ 'server.py': server, 'app.py': app('server', 'await server.serve()') });
    await migrate(root, '3.8');
    const after = readFileSync(path.join(root, 'app.py'), 'utf8');
    expect(after).not.toContain('asyncio.run(');
    expect(after).toContain('asyncio.new_event_loop()');
  });

  test('a private helper called in a coroutine\'s finally: runs when the coroutine is closed with no loop: not rewritten', async () => {
    const beat = 'import asyncio\n\n\ndef _elapsed(t0):\n    return asyncio.get_event_loop().time() - t0 >= 0\n\n\n'
      + 'async def heartbeat():\n    try:\n        await asyncio.sleep(10)\n    finally:\n        print("ok:", _elapsed(0))\n';
    const root = makeTree({ 'beat.py': beat });
    await migrate(root, '3.8');
    expect(readFileSync(path.join(root, 'beat.py'), 'utf8')).toBe(beat);
  });
});

describe('loopEffects (src/loop-effects.ts)', () => {
  // The effects proper; what runs at import is tested on its own below.
  const KINDS = ['loop', 'primitives', 'contextVars', 'pending', 'interrupts', 'drives'] as const; // keepsState: checked on its own (state kept across calls)
  const only = (found: LoopEffects | undefined) => Object.fromEntries(KINDS.filter((k) => found?.[k]).map((k) => [k, true]));
  const effects = (text: string) => only(loopEffects(new Literals(text)));

  test('uses directly in an async def body do not count; sync defs, class bodies, module level and lambdas do', () => {
    expect(effects('import asyncio\n\nasync def f():\n    if x:\n        loop = asyncio.get_event_loop()\n')).toEqual({});
    expect(effects('import asyncio\n\nasync def f():\n    def g():\n        return asyncio.get_event_loop()\n')).toEqual({ loop: true });
    expect(effects('import asyncio\nloop = asyncio.get_event_loop()\n')).toEqual({ loop: true });
    expect(effects('import asyncio\n\nclass C:\n    async def m(self, loop=asyncio.get_event_loop()):\n        pass\n')).toEqual({ loop: true });
    expect(effects('import asyncio\n\nasync def f():\n    cb = lambda: asyncio.get_event_loop()\n')).toEqual({ loop: true });
    expect(effects('import asyncio\n\nasync def f():\n    pass\nx = [\n    asyncio.ensure_future(g()),\n]\n')).toEqual({ loop: true, pending: true });
  });

  test('a method named get_event_loop, and importing the name, use no loop; calling it does', () => {
    expect(effects('class Q:\n    def get_event_loop(self):\n        return self.loop\n')).toEqual({});
    expect(effects('from asyncio import get_event_loop\nfrom asyncio import (sleep,\n    get_event_loop)\n')).toEqual({});
    expect(effects('from asyncio import get_event_loop as gel\n')).toEqual({ loop: true }); // gel() is the use
    // By meaning: an alias of a primitive, made outside a coroutine (probe round 6, W12b).
    expect(effects('from asyncio import (Queue as AsyncQueue,\n    sleep)\nREADY = AsyncQueue()\n')).toEqual({ primitives: true });
    // A module-level instance is kept across a loop per test (keepsState, probe round 12).
    expect(loopEffects(new Literals('import asyncio\nfrom queue import Queue as Q\nJOBS = Q()\n')).keepsState).toBe(true);
    // asyncio's futures module under its own name (W1e), not concurrent.futures'.
    expect(effects('from asyncio import futures\nPENDING = futures.Future()\n')).toEqual({ loop: true });
    expect(effects('import asyncio\nfrom concurrent import futures\nPENDING = futures.Future()\n')).toEqual({});
    expect(effects('from asyncio import get_event_loop\n\ndef f():\n    return get_event_loop()\n')).toEqual({ loop: true });
  });

  test('code that may run at exit: atexit, finalizers, logging handlers (exitHooks)', () => {
    const hooks = (text: string) => Boolean(loopEffects(new Literals(text)).exitHooks);
    expect(hooks('import atexit\n\natexit.register(report)\n')).toBe(true);
    expect(hooks('import weakref\n\nclass S:\n    def __init__(self):\n        weakref.finalize(self, print, 1)\n')).toBe(true);
    expect(hooks('class Client:\n    def __del__(self):\n        print("gone")\n')).toBe(true);
    // Bound without a def, and a generator's handler that may catch GeneratorExit (probe round 9, b18, b19).
    expect(hooks('class Lease:\n    def _release(self):\n        pass\n\n    __del__ = _release\n')).toBe(true);
    expect(hooks('def ticks():\n    try:\n        yield 1\n    except GeneratorExit:\n        print("closed")\n')).toBe(true);
    expect(hooks('def ticks():\n    try:\n        yield 1\n    except ValueError:\n        pass\n')).toBe(false);
    expect(hooks('def check(x):\n    return x.__del__ == 1\n')).toBe(false);
    expect(hooks('import logging\n\nclass Ship(logging.Handler):\n    pass\n')).toBe(true);
    expect(hooks('from .base import Base\n\nclass Ship(Base, QueueHandler):\n    pass\n')).toBe(true);
    // A stream a StreamHandler flushes at exit: a flush() in a file that uses logging.
    expect(hooks('import logging\n\nclass Out:\n    def flush(self):\n        pass\n')).toBe(true);
    expect(hooks('class Out:\n    def flush(self):\n        pass\n')).toBe(false);
    // Strings and comments, other names, and a main guard's block (it does not run on import) do not count.
    expect(hooks('"""atexit, def __del__(self)"""\n# weakref.finalize(x)\nclass Handlers:\n    def delete(self):\n        pass\n')).toBe(false);
    expect(hooks('class Handlers(Base):\n    pass\n')).toBe(false);
    expect(scanPython('if __name__ == "__main__":\n    import atexit\n    atexit.register(print)\n').effects?.exitHooks).toBeUndefined();
    expect(scanPython('import atexit\n\nif __name__ == "__main__":\n    atexit.register(print)\n').effects?.exitHooks).toBe(true);
  });

  test('code that interrupts its own process (signals, also interrupts): an interrupted run leaves its main task pending (probe round 8, W09)', () => {
    const found = (text: string) => loopEffects(new Literals(text));
    // interrupt_main named, called or handed on as a value (a Timer's function).
    expect(found('import _thread\nimport threading\n\ndef arm(delay):\n    threading.Timer(delay, _thread.interrupt_main).start()\n'))
      .toEqual({ signals: true, interrupts: true, threads: true });
    expect(found('import _thread\n\ndef stop():\n    _thread.interrupt_main()\n')).toEqual({ signals: true, interrupts: true });
    expect(found('import os\nimport signal\n\ndef stop():\n    os.kill(os.getpid(), signal.SIGINT)\n')).toEqual({ signals: true, interrupts: true });
    expect(found('import os\n\ndef stop(group):\n    os.killpg(group, 2)\n')).toEqual({ signals: true, interrupts: true });
    expect(found('import signal\n\ndef arm():\n    signal.alarm(1)\n')).toEqual({ signals: true, interrupts: true });
    expect(found('from signal import alarm\n\ndef arm():\n    alarm(1)\n')).toEqual({ signals: true, interrupts: true });
    expect(found('import signal\n\ndef arm():\n    signal.setitimer(signal.ITIMER_REAL, 0.1)\n')).toEqual({ signals: true, interrupts: true });
    expect(found('import signal\n\ndef stop():\n    signal.raise_signal(signal.SIGINT)\n')).toEqual({ signals: true, interrupts: true });
    // Not: a handler installed, a process object's kill(), an attribute named alarm, comments and strings.
    expect(found('import signal\n\ndef on_term(signum, frame):\n    pass\n\nsignal.signal(signal.SIGTERM, on_term)\n').signals).toBeUndefined();
    expect(found('def stop(proc):\n    proc.kill()\n')).toEqual({});
    expect(found('class Clock:\n    alarm = None\n')).toEqual({});
    expect(found('# os.kill(pid, 2), interrupt_main\nx = "signal.alarm(1)"\n')).toEqual({});
    // A main guard's block does not run on import (scanPython).
    expect(scanPython('if __name__ == "__main__":\n    import _thread\n    _thread.interrupt_main()\n').effects?.signals).toBeUndefined();
  });

  test('code that makes event loops or uses the policy (newLoops): a policy removed for loop_factory would change them (probe round 8, W06)', () => {
    const loops = (text: string) => loopEffects(new Literals(text)).newLoops;
    expect(loops('import asyncio\n\ndef job():\n    loop = asyncio.new_event_loop()\n    loop.close()\n')).toBe(true);
    expect(loops('import asyncio\n\ndef job():\n    return asyncio.get_event_loop_policy()\n')).toBe(true);
    expect(loops('import asyncio\n\ndef job(coro):\n    return asyncio.run(coro)\n')).toBe(true);
    expect(loops('import asyncio\n\ndef job(coro):\n    with asyncio.Runner() as runner:\n        return runner.run(coro)\n')).toBe(true);
    expect(loops('from asyncio import Runner\n\ndef job(coro):\n    with Runner() as runner:\n        return runner.run(coro)\n')).toBe(true);
    expect(loops('import asyncio\n\nasync def job():\n    return asyncio.new_event_loop()\n')).toBe(true); // in a coroutine too
    // Not: other objects' run(), a class of its own named Runner without asyncio, comments and strings.
    expect(loops('import asyncio\n\nasync def f():\n    await asyncio.sleep(0)\n\ndef g(app):\n    app.run()\n')).toBeUndefined();
    expect(loops('class Runner:\n    pass\n')).toBeUndefined();
    expect(loops('import asyncio\n# asyncio.new_event_loop()\nx = "asyncio.run(main())"\n')).toBeUndefined();
  });

  test('special methods bound without a def (dunders): a class body\'s alias, a name in a string; not a read of one (probe round 8, W02, W12)', () => {
    const dunders = (text: string) => loopEffects(new Literals(text)).dunders;
    expect(dunders('class Reply:\n    def _describe(self):\n        return "r"\n\n    __str__ = _describe\n')).toBe(true);
    expect(dunders('class Stats:\n    __or__ = merge\n')).toBe(true);
    expect(dunders('Reply = type("Reply", (), {"__repr__": _show})\n')).toBe(true);
    expect(dunders("Reply = type('Reply', (), {'__repr__': _show})\n")).toBe(true);
    // Every operator's method, defined (not only __add__ and the like).
    expect(dunders('class Stats:\n    def __or__(self, other):\n        return self\n')).toBe(true);
    expect(dunders('class Stats:\n    def __matmul__(self, other):\n        return self\n')).toBe(true);
    // Reading or comparing one is no binding; a module-level alias is no method.
    expect(dunders('def f(x):\n    return x.__len__ == 3\n')).toBeUndefined();
    expect(dunders('def f(x):\n    return x.__len__() == 3\n')).toBeUndefined();
    expect(dunders('__str__ = describe\n')).toBeUndefined();
    expect(dunders('x = "__repr__ of a value"\n')).toBeUndefined();
  });

  test('a loop handed on (loopKept): returned, yielded, added to a container, stored under global; not a receiver (probe round 8b residue)', () => {
    const kept = (text: string) => loopEffects(new Literals(text)).loopKept;
    expect(kept('import asyncio\n\nasync def main():\n    return asyncio.get_running_loop()\n')).toBe(true);
    expect(kept('import asyncio\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    return loop\n')).toBe(true);
    expect(kept('def loops():\n    yield self._loop\n')).toBe(true);
    expect(kept('KEPT = []\n\nasync def main(loop):\n    KEPT.append(loop)\n')).toBe(true);
    expect(kept('async def main():\n    global LOOP\n    LOOP = asyncio.get_running_loop()\n')).toBe(true);
    // Used in place: a receiver, a call of the getter's result, a comment or a string.
    expect(kept('async def main():\n    return asyncio.get_running_loop().time()\n')).toBeUndefined();
    expect(kept('async def main():\n    loop = asyncio.get_running_loop()\n    return loop.create_future()\n')).toBeUndefined();
    expect(kept('async def main():\n    # return loop\n    x = "return loop"\n')).toBeUndefined();
    expect(kept('def f(loop):\n    return loops\n')).toBeUndefined();
  });

  test('a loop double (definesLoopMethods): a scheduling method defined, or bound by keyword or attribute store (probe round 9, A1)', () => {
    const doubles = (text: string) => scanPython(text).definesLoopMethods;
    expect(doubles('class Immediate:\n    def call_soon(self, f, *args):\n        f(*args)\n')).toBe(true);
    expect(doubles('import types\nbatcher = types.SimpleNamespace(call_soon=queue.append)\n')).toBe(true);
    expect(doubles('class B:\n    def __init__(self):\n        self.call_later = self.schedule\n')).toBe(true);
    expect(doubles('async def f(loop):\n    loop.call_soon(print)\n    if loop.call_at == x:\n        pass\n')).toBeUndefined();
    // A mock's scheduling method inspected, or patched by name: its recorded callback may be called outside any loop.
    expect(doubles('def test(loop):\n    loop.call_soon.call_args[0][0]()\n')).toBe(true);
    expect(doubles('with mock.patch.object(loop, "call_later"):\n    pass\n')).toBe(true);
  });

  test('a launcher is nothing but imports and one call of a name (scanPython)', () => {
    expect(scanPython('from app.cli import main\n\nmain()\n').launcher).toBe(true);
    expect(scanPython('"""Doc."""\nimport sys\nfrom .cli import main\n\nif __name__ == "__main__":\n    sys.exit(main(["-v"]))\n').launcher).toBe(true);
    expect(scanPython('from cli import main\n\nraise SystemExit(main(sys.argv[1:]))\n').launcher).toBe(true);
    expect(scanPython('from cli import main\n\nmain()\nprint("after")\n').launcher).toBeUndefined();
    expect(scanPython('from cli import main\n\nmain(setup())\n').launcher).toBeUndefined();
    expect(scanPython('from cli import main\n\ndef start():\n    main()\n').launcher).toBeUndefined();
  });

  test('the block of a main guard does not count (scanPython); its else branch does', () => {
    const guarded = 'import asyncio\n\nif __name__ == "__main__":\n    loop = asyncio.get_event_loop()\n\n    # done\n    loop.close()\n';
    expect(only(scanPython(guarded).effects)).toEqual({});
    expect(only(scanPython(guarded + 'else:\n    asyncio.get_event_loop()\n').effects)).toEqual({ loop: true });
    expect(only(scanPython(guarded + 'E = asyncio.Event()\n').effects)).toEqual({ primitives: true });
    expect(only(scanPython('import asyncio\n\ndef f():\n    if __name__ == "__main__":\n        asyncio.get_event_loop()\n').effects)).toEqual({ loop: true });
  });

  test('import time: module level, class bodies, def headers and decorators run then; def bodies and main guards do not', () => {
    const scan = (text: string) => {
      const { keepsState, ...rest } = scanPython(text).effects ?? {}; // keepsState: checked on its own
      return rest;
    };
    expect(scan('import asyncio\nloop = asyncio.get_event_loop()\n')).toMatchObject({ loop: true, loopAtImport: true });
    expect(scan('import asyncio\n\ndef f():\n    return asyncio.get_event_loop()\n')).toEqual({ loop: true, loopKept: true });
    expect(scan('import asyncio\n\ndef f(loop=asyncio.get_event_loop()):\n    pass\n')).toMatchObject({ loopAtImport: true });
    expect(scan('import asyncio\n\ndef f(\n    a,\n    loop=asyncio.get_event_loop(),\n):\n    pass\n')).toMatchObject({ loopAtImport: true });
    expect(scan('import asyncio\n\nclass C:\n    loop = asyncio.get_event_loop()\n')).toMatchObject({ loopAtImport: true });
    // Calls at import: harmless helpers do not count; project code, unknown calls and decorators do.
    expect(scan('import logging\nimport re\nlog = logging.getLogger(__name__)\nX = re.compile("x")\n')).toEqual({});
    expect(scan('import os, sys\nsys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))\n')).toEqual({});
    expect(scan('from lib import make\nthing = make()\n')).toEqual({ callsAtImport: true });
    expect(scan('def f():\n    make()\n')).toEqual({});
    expect(scan('from lib import register\n\n@register\ndef f():\n    pass\n')).toEqual({ callsAtImport: true });
    expect(scan('@property\ndef f(self):\n    return make()\n')).toEqual({});
    expect(scan('if __name__ == "__main__":\n    main()\n')).toEqual({});
    expect(scan('x = (1, 2)\nif (x):\n    pass\n')).toEqual({});
    // Harmless callees that call the function they are given (probe round 10): map/filter, key=, a defaultdict factory.
    expect(scan('SLOTS = dict(map(_slot, ["a", "b"]))\n')).toEqual({ callsAtImport: true });
    expect(scan('X = sorted(NAMES, key=_rank)\n')).toEqual({ callsAtImport: true });
    expect(scan('from collections import defaultdict\nW = defaultdict(_new_waiter)\n')).toEqual({ callsAtImport: true });
    expect(scan('from collections import defaultdict\nW = defaultdict(list)\nX = sorted(NAMES, key=len)\nY = list(map(str, range(3)))\n')).toEqual({});
    // Classes: plain bases are fine; others count only with creation hooks somewhere in the project.
    expect(scan('class E(Exception):\n    pass\n')).toEqual({});
    expect(scan('from lib import Base\n\nclass C(Base):\n    pass\n')).toEqual({ subclasses: true });
    expect(scan('class Meta(type):\n    def __init_subclass__(cls):\n        pass\n')).toMatchObject({ classHooks: true });
    // A module's own __getattr__ serves its importers' `from m import x` at their import time.
    expect(scan('def __getattr__(name):\n    return make(name)\n')).toEqual({ callsAtImport: true });
    expect(scan('import sys\nif sys.version_info >= (3, 7):\n    def __getattr__(name):\n        return make(name)\n')).toEqual({ callsAtImport: true, dunders: true });
    expect(scan('from lazy import lookup\n__getattr__ = lookup\n')).toEqual({ callsAtImport: true });
    expect(scan('class C:\n    def __getattr__(self, name):\n        return make(name)\n')).toEqual({ dunders: true });
    // A special method bound in a class body by assignment runs as one (probe round 8, W12).
    expect(scan('class C:\n    __getattr__ = dict.get\n')).toEqual({ dunders: true });
  });

  test('the helper reads the same harmless callees (code_before_entry.py HARMLESS_CALLS)', () => {
    const text = readFileSync(path.join(REPO_ROOT, 'python-helpers/loopshift_support/code_before_entry.py'), 'utf8');
    const list = /HARMLESS_CALLS = frozenset\("""([^"]*)"""/.exec(text);
    expect(list).not.toBeNull();
    expect(list![1].split(/\s+/).filter(Boolean).sort()).toEqual([...HARMLESS].sort());
  });

  test('comments and strings do not count; primitives need asyncio and a call; context variables anywhere', () => {
    expect(effects('# asyncio.get_event_loop()\nx = "get_event_loop"\n')).toEqual({});
    // A module-level instance is state kept across a loop per test (probe round 13).
    expect(effects('import threading\nE = threading.Event()\n')).toEqual({});
    expect(effects('import asyncio\nE = asyncio.Event()\n')).toEqual({ primitives: true });
    expect(effects('import asyncio\n\nasync def f():\n    e = asyncio.Event()\n')).toEqual({});
    expect(effects('import asyncio\n\nclass C:\n    def __init__(self):\n        self.lock = asyncio.Lock()\n')).toEqual({ primitives: true });
    expect(effects('async def f():\n    import contextvars\n')).toEqual({ contextVars: true });
    // Futures, tasks and gather() bind the current loop on every version; other modules' classes do not count.
    expect(effects('import asyncio\nFUT = asyncio.Future()\n')).toEqual({ loop: true });
    expect(effects('import asyncio\n\ndef both():\n    return asyncio.gather(a(), b())\n')).toEqual({ loop: true });
    expect(effects('import asyncio\nimport threading\nL = threading.Lock()\n')).toEqual({});
    expect(effects('import asyncio\n\nclass Future(object):\n    pass\n')).toEqual({});
    expect(effects('import asyncio\n\nasync def f():\n    return asyncio.Future()\n')).toEqual({});
    // Work left pending when a run ends, wherever it is started; an async generator too.
    expect(effects('import asyncio\n\nasync def f():\n    asyncio.ensure_future(g())\n')).toEqual({ pending: true });
    expect(effects('import asyncio\n\nasync def f(loop):\n    loop.call_later(1, print)\n')).toEqual({ pending: true });
    // A generator expression with `async for` is an async generator (round 13, D p20); an `async for` statement is not.
    expect(effects('async def f(feed):\n    return (x async for x in feed())\n')).toEqual({ pending: true });
    expect(effects('async def f(feed):\n    async for x in feed():\n        print(x)\n')).toEqual({});
    // A shielded awaitable outlives its waiter; a done callback runs in a later step of the loop (probe round 9, B4).
    expect(effects('import asyncio\n\nasync def f():\n    await asyncio.shield(g())\n')).toEqual({ pending: true });
    expect(effects('import asyncio\n\nasync def f(fut):\n    fut.add_done_callback(print)\n')).toEqual({ pending: true });
    expect(effects('import concurrent.futures\n\ndef f(fut):\n    fut.add_done_callback(print)\n')).toEqual({});
    // A transport with the program's own protocol: its callbacks may be scheduled as a run ends (probe round 10, m2).
    expect(effects('async def f(loop):\n    await loop.create_connection(P, sock=s)\n')).toEqual({ pending: true });
    // A coroutine that stops the loop; a reader of the SIGINT handler (probe round 10, m7, m1).
    expect(effects('async def f(loop):\n    loop.stop()\n')).toEqual({ pending: true });
    expect(effects('def f(loop):\n    loop.stop()\n')).toEqual({ pending: true });
    expect(effects('def f(server):\n    server.stop()\n')).toEqual({});
    // A coroutine that rebinds module variables keeps what it makes for later runs (probe round 11).
    expect(loopEffects(new Literals('_session = None\n\nasync def get():\n    global _session\n    return _session\n')).keepsState).toBe(true);
    expect(loopEffects(new Literals('_n = 0\n\ndef bump():\n    global _n\n    _n += 1\n')).keepsState).toBe(true);
    // Other state kept across calls, in a module that touches a loop (probe round 12: p05, p06, p07, p32).
    expect(loopEffects(new Literals('class Pool:\n    _one = None\n\n    def __new__(cls, loop=None):\n        cls._one = object()\n')).keepsState).toBe(true);
    // Whether or not the module says asyncio: a caller's coroutine may make what it keeps (probe round 13, D p05, p06).
    expect(loopEffects(new Literals('class Pool:\n    def __new__(cls):\n        cls._one = object()\n')).keepsState).toBe(true);
    expect(loopEffects(new Literals('import os\nHERE = os.path.dirname(__file__)\nlog = logging.getLogger(__name__)\n')).keepsState).toBeUndefined();
    expect(loopEffects(new Literals('_MEMO = {}\n\ndef once(key, make):\n    return _MEMO.setdefault(key, make())\n')).keepsState).toBe(true);
    expect(loopEffects(new Literals('import asyncio\nimport functools\n\n@functools.lru_cache()\ndef session():\n    return object()\n')).keepsState).toBe(true);
    expect(loopEffects(new Literals('import asyncio\n_QUEUES = {}\n\nasync def queue(k):\n    _QUEUES[k] = asyncio.Queue()\n')).keepsState).toBe(true);
    expect(effects('import asyncio\n_NAMES = {}\n\nasync def f(k):\n    return _NAMES.get(k)\n')).toEqual({});
    // Task names read: a wrapper task for asyncio.run() would shift them (probe round 12, W1).
    expect(loopEffects(new Literals('import asyncio\n\nasync def f():\n    return asyncio.current_task().get_name()\n')).taskNames).toBe(true);
    expect(loopEffects(new Literals('import asyncio\n\nasync def f():\n    return 1\n')).taskNames).toBeUndefined();
    // A subprocess never waited for outlives the loop (probe round 10, W8); a comment proves no wait.
    expect(effects('import asyncio\n\nasync def f():\n    await asyncio.create_subprocess_exec("true")\n    # p.wait()\n')).toEqual({ pending: true });
    expect(effects('import asyncio\n\nasync def f():\n    p = await asyncio.create_subprocess_exec("true")\n    await p.wait()\n')).toEqual({});
    expect(effects('import signal\n\nasync def f():\n    return signal.getsignal(signal.SIGINT)\n')).toEqual({ interrupts: true });
    // So does the old handler signal.signal() returns, as the Python side reads it (pending_work._READS_SIGINT_HANDLER).
    expect(effects('import signal\n\ndef install(h):\n    old = signal.signal(signal.SIGINT, h)\n    return old\n')).toEqual({ interrupts: true });
    expect(effects('from signal import signal, SIGINT\n\nprevious =  signal(SIGINT, print)\n')).toEqual({ interrupts: true });
    expect(effects('import signal\n\ndef install(h):\n    signal.signal(signal.SIGTERM, h)\n')).toEqual({});
    // Special methods printing or comparing a value may run (after_run.py; probe 7b).
    expect(scanPython('class A:\n    def __repr__(self):\n        return "a"\n').effects).toEqual({ dunders: true });
    expect(scanPython('class A:\n    def __init__(self):\n        pass\n').effects ?? {}).toEqual({});
    // A loop's methods count without an asyncio import: a module handed the loop (probe 7, W07).
    expect(effects('import threading\n\ndef start(loop):\n    loop.call_soon_threadsafe(print, "x")\n')).toEqual({ pending: true });
    expect(effects('def call_soon(f):\n    call_soon(f)\n')).toEqual({});
    expect(effects('import asyncio\n\nasync def f():\n    yield 1\n')).toEqual({ pending: true });
    expect(effects('import asyncio\n\ndef f():\n    yield 1\n\nasync def g(e):\n    await e.wait()\n')).toEqual({});
    // Cancellation and Ctrl-C handling; catch-alls only inside coroutines. Coroutines run without asyncio.
    expect(effects('try:\n    pass\nexcept KeyboardInterrupt:\n    pass\n')).toEqual({ interrupts: true });
    expect(effects('async def f():\n    try:\n        pass\n    except:\n        pass\n')).toEqual({ interrupts: true });
    expect(effects('def f():\n    try:\n        pass\n    except:\n        pass\n')).toEqual({});
    expect(effects('def run(coro):\n    coro.send(None)\n')).toEqual({ drives: true });
    expect(effects('def run(coro):\n    next(coro.__await__())\n')).toEqual({ drives: true });
    // However spaced; a throw() into one; an async generator's step driven by hand, not awaited (probe round 15).
    expect(effects('def run(coro):\n    coro.send( None)\n')).toEqual({ drives: true });
    expect(effects('def run(task):\n    task.get_coro().throw(KeyError)\n')).toEqual({ drives: true });
    expect(effects('def run(gen):\n    return next(gen.__anext__())\n')).toEqual({ drives: true });
    expect(effects('async def run(gen):\n    return await gen.__anext__()\n')).toEqual({});
    // `send(None,)`, `__await__(c)` with arguments, a step method taken as a value (probe round 16, B p05, p06, p23).
    expect(effects('def run(coro):\n    coro.send(None,)\n')).toEqual({ drives: true });
    expect(effects('def run(coro):\n    coro.send((None))\n')).toEqual({ drives: true });
    expect(effects('def run(c):\n    next(type(c).__await__(c))\n')).toEqual({ drives: true });
    expect(effects('def run(gen):\n    step = gen.__anext__\n    return next(step())\n')).toEqual({ drives: true });
    expect(effects('class F:\n    def __await__(self):\n        return self._f.__await__()\n')).toEqual({});
    expect(effects('class W:\n    def __next__(self):\n        return self.gen.send(None)\n')).toEqual({});
    expect(effects('def wait(fut):\n    return (yield from fut.__await__())\n')).toEqual({});
    expect(effects('def poke(f):\n    return next(f.__await__())\n')).toEqual({ drives: true });
    expect(effects('class W:\n    def __next__(self):\n        return self.gen.send(None)\n\n    def run(self, c):\n        c.send(None)\n'))
      .toEqual({ drives: true });
    expect(effects('import trio\n')).toEqual({ drives: true });
    expect(effects('# coro.send(None)\nx = "import trio"\n')).toEqual({});
    // A trampoline sending values, and a generator-based coroutine delegating to one, stepped until StopIteration.
    const trampoline = 'def run(coro):\n    value = None\n    while True:\n        try:\n            value = coro.send(value)\n'
      + '        except StopIteration as stop:\n            return stop.value\n';
    expect(effects(trampoline)).toEqual({ drives: true });
    const delegate = 'import types\n\n@types.coroutine\ndef _delegate(c):\n    return (yield from c)\n\ndef finish(c):\n    g = _delegate(c)\n'
      + '    while True:\n        try:\n            next(g)\n        except StopIteration as stop:\n            return stop.value\n';
    expect(effects(delegate)).toEqual({ drives: true });
    // Without StopIteration caught, a socket's send() and an iterator's next() are not stepping.
    expect(effects('def ping(sock):\n    sock.send(b"x")\n')).toEqual({});
    // An attribute stepped: a trampoline class's coroutine, unless next() primes it (a generator: CPython's TestLoop).
    const advance = 'def advance(self, when):\n    try:\n        return self._gen.send(when)\n    except StopIteration:\n        pass\n';
    expect(effects(advance)).toEqual({ drives: true });
    expect(effects('def __init__(self, gen):\n    self._gen = gen()\n    next(self._gen)\n' + advance)).toEqual({});
    expect(effects('def __init__(self, gen):\n    self._gen = gen()\n    next(self._other)\n' + advance)).toEqual({ drives: true });
    expect(effects('def f(self):\n    try:\n        self.a.b.send(1)\n    except StopIteration:\n        pass\n')).toEqual({});
    expect(effects(delegate.replace(/StopIteration/g, 'ValueError'))).toEqual({});
    expect(effects(delegate.replace('@types.coroutine\n', ''))).toEqual({});
  });

  it('counts a bound send or throw taken as a value as stepping, beside StopIteration (P16)', () => {
    const body = '    try:\n        while True:\n            step()\n    except StopIteration as stop:\n        return stop.value\n';
    expect(effects('def run(coro):\n    step = coro.send\n' + body)).toEqual({ drives: true });
    expect(effects('def run(coro):\n    step = functools.partial(coro.send, None)\n' + body)).toEqual({ drives: true });
    expect(effects('def run(coro):\n    step = coro.throw\n' + body)).toEqual({ drives: true });
    expect(effects('def run(self):\n    step = self._coro.send\n' + body)).toEqual({ drives: true });
    expect(effects('def run(coro):\n    step = coro.send\n    step(None)\n')).toEqual({});
    expect(effects('def run(self):\n    step = self.send\n' + body)).toEqual({});
    expect(effects('def run(it):\n    step = it.__next__\n' + body)).toEqual({});
    expect(effects('import types\n@types.coroutine\ndef d(c):\n    return (yield from c)\ndef run(it):\n    step = it.__next__\n' + body))
      .toEqual({ drives: true });
    expect(effects('def run(coro):\n    # step = coro.send\n    x = "coro.send"\n' + body)).toEqual({});
  });
});
