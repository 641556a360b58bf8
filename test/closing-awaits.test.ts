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
    // `except (OSError, BaseException):` may complete, so what follows the try (`after`) runs when closed too.
    expect(found?.closing).toEqual(['__aenter__', '__aexit__', 'after', 'close', 'close_conn', 'lock', 'release']);
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

  test('what an AsyncExitStack runs from its __aexit__: callbacks and exits handed to it, entered managers', () => {
    const found = scan([
      'async def hold(lease, pool):',
      '    async with contextlib.AsyncExitStack() as stack:',
      '        stack.push_async_callback(lease._release, 1)',
      '        stack.push_async_exit(on_exit)',
      '        conn = await stack.enter_async_context(pool.connect(timeout=1))',
      '        text = "stack.push_async_callback(quoted)"',
      '        # stack.push_async_callback(commented)',
      '',
    ].join('\n'));
    expect(found?.closing).toEqual(['_release', 'connect', 'on_exit']);
  });

  test('after a handler that may swallow GeneratorExit and complete: the rest of the def and the loops around it', () => {
    const found = scan([
      'async def beat(conn):',
      '    await before()',
      '    while True:',
      '        await in_loop()',
      '        try:',
      '            await conn.read()',
      '        except:',
      '            log()',
      '            break',
      '        await rest_of_loop()',
      '    await after()',
      'async def reraises(conn):',
      '    await first()',
      '    for x in y:',
      '        try:',
      '            await conn.read2()',
      '        except BaseException:',
      '            if x:',
      '                pass',
      '            log(); raise',
      '        except GeneratorExit: return',
      '        await then()',
      'async def one_line():',
      '    try: await a1()',
      '    except BaseException: pass',
      '    await a2()',
      '',
    ].join('\n'));
    expect(found?.closing).toEqual(['a2', 'after', 'in_loop', 'read', 'rest_of_loop']);
  });

  test('suppress(...) of what may hold GeneratorExit; names that may hold a tuple; aliases taken for no class', () => {
    const lines = (kind: string) => [
      'import contextlib, errors',
      'Base = BaseException',
      'async def poll():',
      '    await before()',
      `    ${kind}`,
      '        await inside()',
      '    await after()',
      '',
    ].join('\n');
    for (const kind of ['with contextlib.suppress(BaseException):', 'with suppress(ValueError, GeneratorExit):',
      'with suppress(RETRYABLE):', 'with suppress(errors.retryable):', 'with suppress(*kinds):', 'with suppress(Base):',
      'with suppress(make()):']) {
      expect([kind, scan(lines(kind))?.closing]).toEqual([kind, ['after', 'inside']]);
    }
    for (const kind of ['with contextlib.suppress(ValueError):', 'with suppress(errors.Retryable, socket.error):',
      'with open(path):']) {
      expect([kind, scan(lines(kind))?.closing]).toEqual([kind, undefined]);
    }
    const handler = (kind: string) => scan(`async def f():\n    try:\n        await a()\n    except ${kind}:\n        await b()\n`)?.closing;
    expect(handler('RETRYABLE')).toEqual(['b']);
    expect(handler('(OSError, errors.RETRY)')).toEqual(['b']);
    expect(handler('(OSError, aiohttp.ClientError)')).toBeUndefined();
  });

  test('a name bound to another in a class body or at module level is an alias', () => {
    const found = scan([
      'class Conn:',
      '    async def aclose(self):',
      '        pass',
      '    close = aclose   # old name',
      '    __aexit__ = shut = _exit',
      '    def f(self):',
      '        local = other',
      'legacy_close = _close',
      '',
    ].join('\n'));
    expect(found?.aliases).toEqual([['close', 'aclose'], ['__aexit__', '_exit'], ['shut', '_exit'], ['legacy_close', '_close']]);
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

  test('follows aliases: `close = aclose` makes aclose closing code where close is; `__aexit__ = _exit` too', () => {
    const found = closingAwaited([
      ['app', { closing: ['close'] }],
      ['pool', { defs: [['aclose', ['_flush']]], aliases: [['close', 'aclose'], ['__aexit__', '_exit'], ['other', 'nothing']] }],
    ]);
    expect(Object.fromEntries(found)).toEqual({ close: 'app', aclose: 'pool', _flush: 'pool', _exit: 'pool' });
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

  test('through a class-body alias: `close = aclose` in pool, awaited as close() from a finally: of app', async () => {
    const aliased = POOL.replace('async def close(self)', 'async def aclose(self)').replace('\n\n    async def get', '\n\n    close = aclose\n\n    async def get');
    const root = makeTree({ 'pool.py': aliased, 'app.py': APP.replace('{closing}', '    finally:\n') });
    await runCli(['--no-cache', '--write', '--target-version', '3.8', '.'], { cwd: root });
    const text = readFileSync(path.join(root, 'pool.py'), 'utf8');
    expect(text).toContain('        loop = asyncio.get_event_loop()\n');
    expect(text).toContain('        return asyncio.get_running_loop()\n');
  });

  test('awaited after a catch-all handler that completes, in app: close() keeps get_event_loop()', async () => {
    const { text } = await migrate(APP.replace('{closing}', '    except BaseException:\n        pass\n'));
    expect(text).toContain('        loop = asyncio.get_event_loop()\n');
    expect(text).toContain('        return asyncio.get_running_loop()\n');
  });

  test('awaited only while the coroutine runs: close() is rewritten too', async () => {
    const { text, diagnostics } = await migrate(APP.replace('{closing}', '    except ValueError:\n        pass\n'));
    expect(text).toContain('        loop = asyncio.get_running_loop()\n');
    expect(text).toContain('        return asyncio.get_running_loop()\n');
    expect(diagnostics.filter((d) => d.code === 'LS101')).toEqual([]);
  });
});
