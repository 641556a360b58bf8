/**
 * The project-wide scan of closing code (src/closing-awaits.ts, docs/SEMANTICS.md P1 "Closing code"): the
 * names awaited from finally: blocks, GeneratorExit handlers and __aexit__ bodies, and their closure over
 * the coroutines so named; and how the project model hands them to the file defining them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { closingAwaited, closingScan } from '../src/closing-awaits.js';
import { ProjectModel } from '../src/project-model.js';
import { Literals } from '../src/python-mask.js';
import { makeTree, runCli } from './support/cli.js';

const scan = (text: string) => closingScan(new Literals(text));

describe('closingScan', () => {
  test('finally:, catch-all handlers and __aexit__ bodies are closing code; other handlers are not', () => {
    const found = scan([
      'async def poller(conn):',
      '    try:',
      '        await conn.read()',
      '    except ValueError:',
      '        await conn.reset()',
      '    except (OSError, BaseException):',
      '        await self.pool.release(conn)',
      '    finally:',
      '        # await commented()',
      '        text = "await quoted()"',
      '        await close_conn(',
      '            "x")',
      '    await after()',
      'class C:',
      '    async def __aexit__(self, *exc):',
      '        await self._conn.close()',
      '        async with self.lock() as held:',
      '            pass',
      '',
    ].join('\n'));
    expect(found?.closing).toEqual(['__aenter__', '__aexit__', 'close', 'close_conn', 'lock', 'release']);
    expect(new Map(found?.defs)).toEqual(new Map([
      ['poller', ['after', 'close_conn', 'read', 'release', 'reset']],
      ['__aexit__', ['__aenter__', '__aexit__', 'close', 'lock']],
    ]));
  });

  test('one-line blocks, a bare except, yield from, async for and aclosing', () => {
    const found = scan([
      'from contextlib import aclosing',
      'async def a():',
      '    try: await x()',
      '    except: await y()',
      '@asyncio.coroutine',
      'def legacy():',
      '    try:',
      '        yield from z()',
      '    finally:',
      '        yield from w.stop()',
      'async def b():',
      '    try:',
      '        pass',
      '    finally:',
      '        async for row in self.rows():',
      '            pass',
      '',
    ].join('\n'));
    expect(found?.closing).toEqual(['__anext__', 'aclose', 'rows', 'stop', 'y']);
    expect(new Map(found?.defs).get('legacy')).toEqual(['stop', 'z']);
  });

  test('a file without coroutines has nothing; a coroutine that awaits nothing is still listed', () => {
    expect(scan('def f():\n    try:\n        pass\n    finally:\n        g()\n')).toBeUndefined();
    expect(scan('async def close():\n    return 1\n')).toEqual({ defs: [['close', []]] });
  });
});

describe('closingAwaited', () => {
  test('closes over the coroutines so named, in any module, and names the first module', () => {
    const found = closingAwaited([
      ['app', { closing: ['close'], defs: [['main', ['close', 'serve']]] }],
      ['pool', { defs: [['close', ['_drain']], ['_drain', ['flush']], ['serve', ['other']]] }],
      ['ctx', { defs: [['__aexit__', ['unwind']]] }],
    ]);
    expect(Object.fromEntries(found)).toEqual({ close: 'app', _drain: 'pool', flush: 'pool', unwind: 'ctx' });
  });
});

describe('ProjectModel closingAwaited', () => {
  test('the file defining a coroutine another module awaits from its closing code is told so', () => {
    const model = new ProjectModel(['/p'], { exists: () => false, readText: () => undefined });
    model.addFile('/p/pool.py', 'import asyncio\nasync def close():\n    loop = asyncio.get_event_loop()\n');
    model.addFile('/p/app.py', 'import pool\nasync def main():\n    try:\n        pass\n    finally:\n        await pool.close()\n');
    model.addFile('/p/other.py', 'async def close():\n    pass\nasync def open():\n    pass\n');
    model.finish();
    expect(model.factsFor('/p/pool.py')?.closingAwaited).toEqual({ close: 'app' });
    expect(model.factsFor('/p/other.py')?.closingAwaited).toEqual({ close: 'app' }); // by name: any close
    expect(model.factsFor('/p/app.py')?.closingAwaited).toBeUndefined();
  });
});

describe('end to end: a coroutine of one module awaited from the closing code of another', () => {
  const POOL = 'import asyncio\n\n\nclass Pool:\n    async def close(self):\n        loop = asyncio.get_event_loop()\n'
    + '        print("pool closed; loop closed:", loop.is_closed())\n\n    async def get(self):\n        return asyncio.get_event_loop()\n';
  const APP = 'import asyncio\n\nimport pool\n\n\nasync def serve(p):\n    try:\n        await asyncio.sleep(10)\n{closing}        await p.close()\n';

  async function migrate(app: string) {
    const root = makeTree({ 'pool.py': POOL, 'app.py': app });
    const result = await runCli(['--json', '--no-cache', '--write', '--target-version', '3.8', '.'], { cwd: root });
    const files = JSON.parse(result.stdout).files as { path: string; diagnostics: { code: string; message: string; line: number }[] }[];
    return { text: readFileSync(path.join(root, 'pool.py'), 'utf8'), diagnostics: files.find((f) => f.path === 'pool.py')?.diagnostics ?? [] };
  }

  test('awaited from a finally: of app: close() keeps get_event_loop() (LS101 names app), get() is rewritten', async () => {
    const { text, diagnostics } = await migrate(APP.replace('{closing}', '    finally:\n'));
    expect(text).toContain('        loop = asyncio.get_event_loop()\n');
    expect(text).toContain('        return asyncio.get_running_loop()\n');
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: 'LS101', line: 6, message: expect.stringContaining('closing code of module app') }));
  });

  test('awaited only while the coroutine runs: close() is rewritten too', async () => {
    const { text, diagnostics } = await migrate(APP.replace('{closing}', '    except ValueError:\n        pass\n'));
    expect(text).toContain('        loop = asyncio.get_running_loop()\n');
    expect(text).toContain('        return asyncio.get_running_loop()\n');
    expect(diagnostics.filter((d) => d.code === 'LS101')).toEqual([]);
  });
});
