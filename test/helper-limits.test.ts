/**
 * The helpers against what happens around them: a file too big for the memory ceiling, a Ctrl-C in
 * the terminal, a driver that dies. Real Python helpers, spoken to through HelperProcess.
 */
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HelperCrashError, HelperProcess } from '../src/helper/helper-process.js';
import { HelperPool } from '../src/helper/pool.js';
import type { Answer, Job } from '../src/helper/protocol.js';
import { REPO_ROOT, TEST_TRANSFORMS } from './support/paths.js';

const python = process.env.LOOPSHIFT_PYTHON ?? 'python3';
const posix = process.platform !== 'win32';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const LEGACY = 'import asyncio\n\n\nasync def main():\n    pass\n\n\nif __name__ == "__main__":\n'
  + '    loop = asyncio.get_event_loop()\n    loop.run_until_complete(main())\n';

/** `count` small functions that each use the implicit loop: ~100 bytes apiece. */
function manyFunctions(count: number): string {
  const parts = ['import asyncio\n\n\n'];
  for (let i = 0; i < count; i += 1) {
    parts.push(`def f_${i}():\n    loop = asyncio.get_event_loop()\n    return loop.run_until_complete(asyncio.sleep(0))\n\n\n`);
  }
  return parts.join('');
}

const job = (name: string, source: string): Job => ({ path: name, source, transforms: [], options: { target: '3.9' } });
let nextId = 1;
const send = (helper: HelperProcess, name: string, source: string): Promise<Answer> =>
  helper.send({ id: nextId++, type: 'transform', ...job(name, source) });

async function poolOf(env: Record<string, string>): Promise<HelperPool> {
  const start = () => HelperProcess.start(python, env);
  return new HelperPool(start, await start(), 1, 60_000);
}

/** Gone, or a zombie nobody reaped yet (a container's init may not). */
async function alive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const { stdout } = await execa('ps', ['-o', 'stat=', '-p', String(pid)], { reject: false });
  return stdout.trim() !== '' && !stdout.trim().startsWith('Z');
}

/** A failed test must not leave an orphan helper behind. */
function forceKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone: the expected case
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) {
    if (!(await alive(pid))) return true;
  }
  return false;
}

describe('memory ceiling', () => {
  test('a 20 MB file fails as MemoryLimit, and the next file on the pool still succeeds', async () => {
    const pool = await poolOf({ LOOPSHIFT_MEMORY_LIMIT_MB: '200' });
    try {
      const big = manyFunctions(200_000);
      expect(big.length).toBeGreaterThan(20e6);
      const started = Date.now();
      const [huge, small] = await Promise.all([pool.transform(job('huge.py', big)), pool.transform(job('small.py', LEGACY))]);
      expect(huge.status).toBe('failed');
      if (huge.status !== 'failed') return;
      expect(huge.error.type).toBe('MemoryLimit');
      expect(huge.error.message).toMatch(/^the helper exceeded its memory ceiling of 200 MiB on this file \(--memory-limit\)/);
      expect(small.status).toBe('changed');
      expect(pool.stats.restarts).toBe(1);
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      pool.close();
    }
  });

  test('a MemoryError in Python is answered, then the helper exits and a fresh one takes over', async () => {
    const transforms = mkdtempSync(path.join(os.tmpdir(), 'loopshift-oom-'));
    writeFileSync(path.join(transforms, 'allocate.py'), [
      'NAME = "allocate"', 'DESCRIPTION = "test only: allocate past the ceiling"', 'TRIGGERS = ("LOOPSHIFT_ALLOCATE",)',
      'MIN_TARGET = (3, 7)', 'ORDER = 0', '', 'def transform(module, ctx):', '    bytearray(1 << 30)', '    return module', '',
    ].join('\n'));
    const env = { LOOPSHIFT_MEMORY_LIMIT_MB: '200', LOOPSHIFT_EXTRA_TRANSFORMS: transforms };
    const helper = await HelperProcess.start(python, env);
    const failure = await send(helper, 'a.py', 'LOOPSHIFT_ALLOCATE = 1\n').then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(HelperCrashError);
    expect(failure).toMatchObject({ type: 'MemoryLimit', message: expect.stringMatching(/memory ceiling of 200 MiB/) });
    expect(await waitForExit(helper.hello.pid, 5000)).toBe(true); // it left by itself

    const pool = await poolOf(env);
    try {
      const [oom, next] = await Promise.all([pool.transform(job('a.py', `LOOPSHIFT_ALLOCATE = 1\n# ${'larger, so that it goes first '.repeat(20)}\n`)), pool.transform(job('b.py', LEGACY))]);
      expect(oom).toMatchObject({ status: 'failed', error: { type: 'MemoryLimit' } });
      expect(next.status).toBe('changed');
    } finally {
      pool.close();
    }
  });
});

describe('Ctrl-C', () => {
  test('a helper ignores SIGINT, before and during a request', async () => {
    const helper = await HelperProcess.start(python);
    try {
      const { pid } = helper.hello;
      process.kill(pid, 'SIGINT');
      await sleep(50);
      expect((await send(helper, 'small.py', LEGACY)).status).toBe('changed');
      const slow = send(helper, 'slow.py', manyFunctions(1000));
      await sleep(200); // the helper is parsing it now (~1 s)
      process.kill(pid, 'SIGINT');
      expect((await slow).status).toBe('unchanged'); // answered, not failed: it only gets diagnostics
    } finally {
      helper.kill();
    }
  });

  (posix ? test : test.skip)('a helper has a process group of its own, out of reach of a terminal\'s Ctrl-C', async () => {
    const helper = await HelperProcess.start(python);
    try {
      const { stdout } = await execa('ps', ['-o', 'pgid=', '-p', String(helper.hello.pid)]);
      expect(Number(stdout.trim())).toBe(helper.hello.pid);
    } finally {
      helper.kill();
    }
  });
});

(posix ? describe : describe.skip)('a driver that goes away', () => {
  const HELPER = path.join(REPO_ROOT, 'dist', 'helper', 'helper-process.js');
  // A driver that starts one helper, prints its pid, gives it `source` and then does `then`.
  const driver = (source: string, then: string) => `
    import { HelperProcess } from ${JSON.stringify(HELPER)};
    const helper = await HelperProcess.start(${JSON.stringify(python)});
    console.log(helper.hello.pid);
    if (${JSON.stringify(source)}) void helper.send({ id: 1, type: 'transform', path: 'a.py', source: ${JSON.stringify(source)}, transforms: [], options: { target: '3.9' } });
    ${then}`;

  async function helperOf(script: string, env: Record<string, string> = {}): Promise<{ pid: number; parent: ReturnType<typeof execa> }> {
    const parent = execa('node', ['--input-type=module', '-e', script], { env, reject: false });
    const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
    return { pid, parent };
  }

  test('killed outright: the idle helper exits on the end of its stdin', async () => {
    const { pid, parent } = await helperOf(driver('', 'setInterval(() => {}, 1000);'));
    try {
      expect(await alive(pid)).toBe(true);
      parent.kill('SIGKILL');
      await parent;
      expect(await waitForExit(pid, 5000)).toBe(true);
    } finally {
      forceKill(pid);
    }
  });

  test('exiting normally: even a busy helper is killed', async () => {
    const { pid, parent } = await helperOf(driver('LOOPSHIFT_HANG_HELPER\n', 'setTimeout(() => process.exit(0), 300);'),
      { LOOPSHIFT_EXTRA_TRANSFORMS: TEST_TRANSFORMS });
    try {
      expect((await parent).exitCode).toBe(0);
      expect(await waitForExit(pid, 5000)).toBe(true);
    } finally {
      forceKill(pid);
    }
  });
});
