/**
 * Callers in other modules (docs/SEMANTICS.md P2a, "Callers in other modules"): the scan finds the names a module
 * imports and only calls directly in coroutine bodies; the model turns them into a fact for the defining module when
 * no importer can hand them on; the helper then counts those callers as running under the loop.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ProjectModel } from '../src/project-model.js';
import { scanPython } from '../src/python-imports.js';
import { makeTree, runCli } from './support/cli.js';
import { PYTHON_VERSIONS, pyenvPython } from './support/paths.js';

const called = (source: string) => scanPython(source).imports.flatMap((ref) => ref.coroutineCalls ?? []);

describe('scan: imported names called only from coroutine bodies', () => {
  const head = 'from app.util import f\n\n\n';
  test.each([
    ['a call in an async def', 'async def go():\n    return f(1)\n', ['f']],
    // Handed to a loop in the callback's place: the loop runs it (probe round 16, p43), wherever it is handed over.
    ['a call_soon_threadsafe callback from a thread', 'def work(loop):\n    loop.call_soon_threadsafe(f, 1)\n', ['f']],
    ['a call_later callback', 'async def go(loop):\n    loop.call_later(self.delay(2), f)\n', ['f']],
    ['an add_signal_handler callback', 'def install(loop):\n    loop.add_signal_handler(signal.SIGTERM, f, "TERM")\n', ['f']],
    ['a call_soon argument, not its callback', 'def work(loop):\n    loop.call_soon(print, f)\n', []],
    ['a call_later callback in the delay place', 'def work(loop):\n    loop.call_later(f, 1)\n', []],
    ['an unpacked argument before it', 'def work(loop, a):\n    loop.call_later(*a, f)\n', []],
    ['a bare call_soon function, no loop method', 'def work():\n    call_soon(f)\n', []],
    ['an attribute of the callback', 'def work(loop):\n    loop.call_soon(f.x)\n', []],
    ['in an if inside a method coroutine', 'class A:\n    async def go(self):\n        if True:\n            x = f(\n                2)\n', ['f']],
    ['a lambda argument after the call', 'async def go():\n    f(0.1, lambda: None)\n', ['f']],
    ['async for over it', 'async def go():\n    async for x in f():\n        pass\n', ['f']],
    ['a sync def', 'def go():\n    return f(1)\n', []],
    ['a nested sync def in a coroutine', 'async def go():\n    def inner():\n        return f()\n    return inner\n', []],
    ['inside a lambda', 'async def go():\n    return lambda: f()\n', []],
    // A list, set or dict comprehension runs at once, in the coroutine's step (probe round 16, p35).
    ['a list comprehension', 'async def go():\n    return [f(i) for i in range(3)]\n', ['f']],
    ['a dict comprehension', 'async def go():\n    return {i: f(i) for i in range(3)}\n', ['f']],
    ['a generator expression', 'async def go():\n    return (f(i) for i in range(3))\n', []],
    ['a generator expression drained at once', 'async def go():\n    return sum(f(i) for i in range(3))\n', []],
    ['a comprehension inside a generator expression', 'async def go(xs):\n    return (y for z in xs for y in [f(i) for i in z])\n', []],
    ['a for loop over a comprehension', 'async def go(xs):\n    for x in [f(i) for i in xs]:\n        pass\n', ['f']],
    ['a class body in a coroutine', 'async def go():\n    class B:\n        x = f()\n', []],
    ['module level', 'f()\n\nasync def go():\n    f()\n', []],
    ['not called', 'async def go():\n    return f\n', []],
    ['handed on as a value', 'async def go():\n    g(f)\n    f()\n', []],
    ['a one-line coroutine', 'async def go(): return f()\n', []],
    ['a default value', 'async def go(x=f()):\n    f()\n', []],
    ['a decorator', 'async def go():\n    @f()\n    def inner(): pass\n', []],
    ['an f-string', 'async def go():\n    print(f"{f()}")\n    f()\n', []],
    ['bound again', 'async def go():\n    f()\n\nf = print\n', []],
    ['imported twice', 'async def go():\n    f()\n\n\ndef later():\n    from app.util import f\n', []],
    ['a keyword of that name', 'async def go():\n    f()\n    g(f=1)\n', []],
    // Probe round 15 (adversarial programs, A): closing code, hand-stepping, code the scan cannot follow.
    ['a narrow handler', 'async def go():\n    try:\n        pass\n    except (KeyError, OSError) as e:\n        f()\n', ['f']],
    ['a finally block', 'async def go():\n    try:\n        pass\n    finally:\n        f()\n', []],
    ['an except that may catch GeneratorExit', 'async def go():\n    try:\n        pass\n    except BaseException:\n        f()\n', []],
    ['after a handler that swallows', 'async def go():\n    try:\n        pass\n    except:\n        pass\n    f()\n', []],
    ['an __aexit__', 'class C:\n    async def __aexit__(self, *exc):\n        f()\n', []],
    ['a type alias (lazy)', 'async def go():\n    type A = f()\n', []],
    ['a comment naming it', 'async def go():\n    f()\n# sync = lambda: f()\n', []],
    ['a lone CR', 'async def go():\n    f()\rdef sync():\r    return f()\n', []],
    ['a backslash-led line', 'async def go():\n    \\\n    def sync():\n        return f()\n', []],
    ['non-ASCII code', 'async def go():\n    f()\n\n\ndef sync():\n    return \u{1d41f}()\n', []],
    ['eval', 'async def go():\n    f()\n\n\ndef sync():\n    return eval("f()")\n', []],
    ['globals()', 'async def go():\n    f()\n\n\ndef sync():\n    return globals()["f"]()\n', []],
    ['sys.modules', 'import sys\n\n\nasync def go():\n    f()\n\n\ndef sync():\n    return sys.modules[__name__].f()\n', []],
    ['a main guard is no lookup', 'async def go():\n    f()\n\n\nif __name__ == "__main__":\n    pass\n', ['f']],
  ])('%s', (_label, body, expected) => {
    expect(called(head + body)).toEqual(expected);
  });

  test('only names imported under their own name; attributes of that name are other names', () => {
    expect(called('from app.util import f as g, h\n\n\nasync def go(x):\n    g()\n    h()\n    x.h\n')).toEqual(['h']);
  });

  test('a coding cookie other than UTF-8 kin: the text means something else to Python', () => {
    const body = 'from app.util import f\n\n\nasync def go():\n    f()\n';
    expect(called('# coding: utf-7\n' + body)).toEqual([]);
    expect(called('#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n' + body)).toEqual(['f']);
  });

  test('a module reached as an attribute, or by a string, names its function', () => {
    expect(scanPython('import app\n\nprint(app.util._f(), self._g, cls._h, x.__len__, getattr(m, "_k"), "__all__", app.now(), 1.5, "a b")\n').attributeReads)
      .toEqual(['_f', '_k', 'now', 'util']);
    expect(scanPython('x = mod. _f() + mod .g\ny = obj.self.h\n').attributeReads).toEqual(['_f', 'g', 'h', 'self']);
    expect(scanPython('def _f():\n    pass\n\n\nasync def g():\n    pass\n\n\nclass C:\n    def _m(self):\n        pass\n\n# def h():\n').moduleDefs)
      .toEqual(['C', '_f', 'g']);
  });

  test('a file without coroutines is not searched', () => {
    expect(scanPython('from app.util import f\n\n\ndef go():\n    f()\n').imports[0].coroutineCalls).toBeUndefined();
  });
});

/** A model over a throwaway tree. */
function facts(files: Record<string, string>, file: string) {
  const root = makeTree(files);
  const model = new ProjectModel([root]);
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith('.py')) model.addFile(full, readFileSync(full, 'utf8'));
  }
  model.finish();
  return model.factsFor(path.join(root, file))!;
}

describe('model: calledFromCoroutines', () => {
  const util = 'def _f():\n    pass\n';
  const caller = 'from app.util import _f\n\n\nasync def go():\n    _f()\n';
  test('a callback handed to a loop counts, unless a project class doubles a loop', () => {
    const back = 'from app.util import _f\n\n\ndef work(loop):\n    loop.call_soon_threadsafe(_f)\n';
    expect(facts({ 'app/__init__.py': '', 'app/util.py': util, 'app/a.py': caller, 'app/b.py': back }, 'app/util.py')
      .calledFromCoroutines).toEqual(['_f']);
    const double = 'class Inline:\n    def call_soon_threadsafe(self, cb, *args):\n        cb(*args)\n';
    expect(facts({ 'app/__init__.py': '', 'app/util.py': util, 'app/a.py': caller, 'app/b.py': back, 'tests/fake.py': double },
      'app/util.py').calledFromCoroutines).toBeUndefined();
  });
  test('every importer calls it from coroutine bodies', () => {
    const found = facts({ 'app/__init__.py': '', 'app/util.py': util, 'app/a.py': caller, 'app/b.py': caller }, 'app/util.py');
    expect(found.calledFromCoroutines).toEqual(['_f']);
  });
  test.each([
    ['another importer calls it from sync code', { 'app/b.py': 'from app.util import _f\n\n\ndef go():\n    _f()\n' }],
    ['an importer is imported whole', { 'app/b.py': 'import app.a\n' }],
    ['an importer is star-imported', { 'app/b.py': 'from app.a import *\n' }],
    ['the name is taken from an importer', { 'app/b.py': 'from app.a import _f\n' }],
    ['an importer is named in a string', { 'app/b.py': 'X = "app.a"\n' }],
    ['a dynamic import in the project', { 'app/b.py': 'import importlib\nm = importlib.import_module(name)\n' }],
    ['another module reads it as an attribute', { 'app/b.py': 'import app\n\nprint(app.util._f)\n' }],
    ['another module names it in a string', { 'app/b.py': 'F = "_f"\n' }],
    ['an importer steps coroutines by hand', { 'app/b.py': 'from app.util import _f\n\n\nasync def go():\n    _f()\n\n\ngo().send( None)\n' }],
    ['the calling coroutine is awaited from closing code', { 'app/b.py': 'from app.a import go\n\n\nasync def main():\n    try:\n        pass\n    finally:\n        await go()\n' }],
  ])('not when %s', (_label, more) => {
    const found = facts({ 'app/__init__.py': '', 'app/util.py': util, 'app/a.py': caller, ...more }, 'app/util.py');
    expect(found.calledFromCoroutines).toBeUndefined();
  });
});

describe('end to end', () => {
  const util = [
    'import asyncio', '', '',
    'def _loop():', '    return asyncio.get_event_loop()', '', '',
    'def _later(delay, callback):', '    return asyncio.get_event_loop().call_later(delay, callback)', '',
  ].join('\n');
  const main = [
    'import asyncio', '', 'from app.util import _later, _loop', '', '',
    'async def go():', '    loop = _loop()', '    done = loop.create_future()',
    '    _later(0.01, lambda: done.set_result(7))', '    print(await done, loop is asyncio.get_running_loop())', '', '',
    'if __name__ == "__main__":', '    asyncio.run(go())', '',
  ].join('\n');

  test('a private helper every importer calls from coroutines gets get_running_loop(), and runs the same', async () => {
    const root = makeTree({
      'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.8"\n',
      'app/__init__.py': '', 'app/util.py': util, 'app/main.py': main,
    });
    // Every CPython from the target (3.8) to 3.13.
    const run = () => PYTHON_VERSIONS.slice(1).map((version) => execFileSync(pyenvPython(version),
      ['-X', 'dev', '-W', 'error::DeprecationWarning', '-m', 'app.main'], { cwd: root, encoding: 'utf8' }));
    const before = run();
    const result = await runCli(['--write', '--json', '--no-cache', '--allow-dirty', '--target-version', '3.8', '.'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(readFileSync(path.join(root, 'app/util.py'), 'utf8')).toBe(util.replaceAll('get_event_loop', 'get_running_loop'));
    expect(run()).toEqual(before);
    expect(before).toEqual(Array(6).fill('7 True\n'));
  });

  test('one sync caller elsewhere keeps LS801 on the helper it calls; the other is still proven', async () => {
    const root = makeTree({
      'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.8"\n',
      'app/__init__.py': '', 'app/util.py': util, 'app/main.py': main,
      'app/tool.py': 'from app.util import _loop\n\n\ndef current():\n    return _loop()\n',
    });
    const result = await runCli(['--json', '--no-cache', '.'], { cwd: root });
    const files = JSON.parse(result.stdout).files as { path: string; status: string; diagnostics: { code: string; line: number }[] }[];
    const helper = files.find((f) => f.path === 'app/util.py')!;
    expect(helper.diagnostics.map((d) => [d.code, d.line])).toEqual([['LS801', 5]]);
    expect(helper.status).toBe('changed'); // _later is still proven
  });
});
