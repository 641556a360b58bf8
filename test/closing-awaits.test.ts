/**
 * The project-wide scan of closing code (src/closing-awaits.ts, docs/SEMANTICS.md P1 "Closing code"): the
 * names awaited from finally: blocks, GeneratorExit handlers and __aexit__ bodies, and their closure over
 * the coroutines so named; and how the project model hands them to the file defining them.
 */
import { closingAwaited, closingScan } from '../src/closing-awaits.js';
import { ProjectModel } from '../src/project-model.js';
import { Literals } from '../src/python-mask.js';

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
