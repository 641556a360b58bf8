/**
 * The result cache (src/result-cache.ts, src/cached-session.ts) through the real CLI: a re-run over
 * unchanged files is answered from the cache with no helper started; an edit, a project fact or the
 * transforms' code invalidate; a corrupt or foreign cache is ignored and rebuilt; --no-cache,
 * --cache-dir and LOOPSHIFT_CACHE_DIR; two runs may share one cache.
 */
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli } from './support/cli.js';

const COROUTINE = 'import asyncio\n\n\nasync def work():\n    loop = asyncio.get_event_loop()\n    return loop\n';
const SCRIPT = 'import asyncio\n\n\nasync def main():\n    pass\n\n\nloop = asyncio.get_event_loop()\nloop.run_until_complete(main())\nloop.close()\n';
const PLAIN = 'X = 1\n';

function tree() {
  return makeTree({ 'a.py': COROUTINE, 'b.py': COROUTINE.replace('work', 'other'), 'c.py': PLAIN, 'sub/d.py': COROUTINE });
}

async function run(root: string, extra: string[] = [], env: Record<string, string | undefined> = {}) {
  const result = await runCli(['--json', ...extra, '.'], { cwd: root, env });
  expect(result.stderr).not.toMatch(/error/);
  const document = JSON.parse(result.stdout);
  return { ...result, summary: document.summary, files: document.files };
}

/** Every entry file of a cache folder. */
function entries(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (full.endsWith('.json')) found.push(full);
    }
  };
  if (existsSync(dir)) walk(dir);
  return found.sort();
}

const resultsOf = (dir: string) => entries(dir).filter((file) => file.includes(`${path.sep}results${path.sep}`));
const comparable = (files: unknown[]) => JSON.stringify(files);

describe('result cache', () => {
  test('a second run over unchanged files is answered from the cache, and starts no helper', async () => {
    const root = tree();
    const cold = await run(root);
    expect(cold.summary.cache).toEqual({ hits: 0, misses: 3, helpersStarted: expect.any(Number), filesRead: 4 });
    expect(cold.summary.cache.helpersStarted).toBeGreaterThan(0);
    const warm = await run(root);
    expect(warm.summary.cache).toMatchObject({ hits: 3, misses: 0, helpersStarted: 0 });
    expect(comparable(warm.files)).toBe(comparable(cold.files));
    expect(warm.summary.changed).toBe(3);
    // The folder explains itself and keeps itself out of git.
    const dir = path.join(root, '.loopshift_cache');
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(resultsOf(dir)).toHaveLength(3);
    // The same diffs as text, too.
    const text1 = await runCli(['.'], { cwd: root });
    const text2 = await runCli(['--no-cache', '.'], { cwd: root });
    expect(text1.stdout).toBe(text2.stdout);
  });

  test('an edited file is processed again; the others still come from the cache', async () => {
    const root = tree();
    await run(root);
    writeFileSync(path.join(root, 'b.py'), PLAIN);
    writeFileSync(path.join(root, 'a.py'), COROUTINE.replace('return loop', 'return loop.time()'));
    const after = await run(root);
    expect(after.summary.cache).toMatchObject({ hits: 1, misses: 1 });
    expect(after.summary.candidates).toBe(2);
    expect(after.files.find((f: { path: string }) => f.path === 'a.py').status).toBe('changed');
  });

  test('--write, then the next run: the new text is a miss, then a hit', async () => {
    const root = tree();
    await run(root, ['--write']);
    const check = await run(root, ['--check']);
    expect(check.summary).toMatchObject({ changed: 0, cache: { hits: 0, misses: 3 } });
    const again = await run(root, ['--check']);
    expect(again.summary).toMatchObject({ changed: 0, cache: { hits: 3, misses: 0, helpersStarted: 0 } });
  });

  test('a project fact that changes invalidates the files it concerns', async () => {
    const root = makeTree({ 'tool.py': SCRIPT, 'other.py': COROUTINE });
    expect((await run(root)).summary.cache).toMatchObject({ hits: 0, misses: 2 });
    // Now a module imports tool: its facts change (it is imported, so no longer script-only), and so may its result.
    writeFileSync(path.join(root, 'uses.py'), 'import tool\n');
    expect((await run(root)).summary.cache).toMatchObject({ hits: 1, misses: 1 });
  });

  test('a corrupt or foreign cache is ignored and rebuilt, never trusted', async () => {
    const root = tree();
    const cold = await run(root);
    const dir = path.join(root, '.loopshift_cache');
    const [first, second, third] = resultsOf(dir);
    writeFileSync(first, '{not json');
    // Another entry's content under this name: its recorded key does not match the file's.
    writeFileSync(second, readFileSync(third));
    const hello = entries(dir).find((file) => file.includes(`${path.sep}hello${path.sep}`))!;
    writeFileSync(hello, '{"key": "x", "value": {"hello": {"type": "hello"}}}');
    const after = await run(root);
    expect(after.summary.cache).toMatchObject({ hits: 1, misses: 2 });
    expect(comparable(after.files)).toBe(comparable(cold.files));
    const rebuilt = await run(root);
    expect(rebuilt.summary.cache).toMatchObject({ hits: 3, misses: 0, helpersStarted: 0 });
  });

  test('the kept hello is trusted only while the interpreter and libcst files are the ones it named', async () => {
    const root = tree();
    await run(root);
    const dir = path.join(root, '.loopshift_cache');
    const hello = entries(dir).find((file) => file.includes(`${path.sep}hello${path.sep}`))!;
    const entry = JSON.parse(readFileSync(hello, 'utf8'));
    expect(entry.value.hello.libcstPath).toMatch(/libcst/);
    entry.value.libcst = '1:1'; // as if libcst had been reinstalled since
    writeFileSync(hello, JSON.stringify(entry));
    const after = await run(root);
    expect(after.summary.cache.helpersStarted).toBeGreaterThan(0); // the hello came from a real helper again
    expect((await run(root)).summary.cache).toMatchObject({ hits: 3, misses: 0, helpersStarted: 0 });
  });

  test('an entry with a forged answer of the wrong shape is a miss', async () => {
    const root = tree();
    const cold = await run(root);
    for (const file of resultsOf(path.join(root, '.loopshift_cache'))) {
      const entry = JSON.parse(readFileSync(file, 'utf8'));
      entry.value.status = 'exploded';
      writeFileSync(file, JSON.stringify(entry));
    }
    const after = await run(root);
    expect(after.summary.cache).toMatchObject({ hits: 0, misses: 3 });
    expect(comparable(after.files)).toBe(comparable(cold.files));
  });

  test('--no-cache neither reads nor writes it', async () => {
    const root = tree();
    const off = await run(root, ['--no-cache']);
    expect(off.summary.cache).toBeUndefined();
    expect(existsSync(path.join(root, '.loopshift_cache'))).toBe(false);
    await run(root);
    const again = await run(root, ['--no-cache']);
    expect(again.summary.cache).toBeUndefined();
  });

  test('--cache-dir and LOOPSHIFT_CACHE_DIR put it elsewhere', async () => {
    const root = tree();
    const elsewhere = makeTree({});
    await run(root, ['--cache-dir', path.join(elsewhere, 'flag')]);
    expect(resultsOf(path.join(elsewhere, 'flag'))).toHaveLength(3);
    await run(root, [], { LOOPSHIFT_CACHE_DIR: path.join(elsewhere, 'env') });
    expect(resultsOf(path.join(elsewhere, 'env'))).toHaveLength(3);
    expect(existsSync(path.join(root, '.loopshift_cache'))).toBe(false);
    const warm = await run(root, ['--cache-dir', path.join(elsewhere, 'flag')]);
    expect(warm.summary.cache).toMatchObject({ hits: 3, helpersStarted: 0 });
  });

  test('another target version or transform selection is another key', async () => {
    const root = tree();
    await run(root);
    expect((await run(root, ['--target-version', '3.12'])).summary.cache).toMatchObject({ hits: 0, misses: 3 });
    expect((await run(root, ['-t', 'get_running_loop'])).summary.cache).toMatchObject({ hits: 0, misses: 3 });
    expect((await run(root, ['-t', 'get_running_loop'])).summary.cache).toMatchObject({ hits: 3, misses: 0 });
  });

  test('a change in a transform\'s code invalidates every entry', async () => {
    const root = tree();
    const transform = 'NAME = "noop_extra"\nDESCRIPTION = "test only: does nothing"\nTRIGGERS = ("asyncio",)\n'
      + 'MIN_TARGET = (3, 7)\nORDER = 0\n\n\ndef transform(module, ctx):\n    return module\n';
    const extra = makeTree({ 'noop_extra.py': transform });
    const env = { LOOPSHIFT_EXTRA_TRANSFORMS: extra };
    expect((await runCli(['--list-transforms'], { cwd: root, env })).stdout).toContain('noop_extra');
    await run(root, [], env);
    expect((await run(root, [], env)).summary.cache).toMatchObject({ hits: 3 });
    writeFileSync(path.join(extra, 'noop_extra.py'), `${transform}# edited\n`);
    expect((await run(root, [], env)).summary.cache).toMatchObject({ hits: 0, misses: 3 });
  });

  test('two runs sharing one cache at once both finish with the same results', async () => {
    const root = tree();
    const [one, two] = await Promise.all([run(root), run(root)]);
    expect(comparable(one.files)).toBe(comparable(two.files));
    const third = await run(root);
    expect(third.summary.cache).toMatchObject({ hits: 3, misses: 0 });
    for (const file of resultsOf(path.join(root, '.loopshift_cache'))) expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
  });
});

/** Files made now are "racy" (changed within RACY_MS of their read) and never remembered: let them age. */
const aged = () => new Promise((resolve) => setTimeout(resolve, 2100));

describe('scan index (files unchanged since a run are not read again)', () => {
  const QUIET = "N = 'xxxxxxxxxxxxxx'\n";
  const LOUD = "N = 'get_event_loop'\n"; // the same size: only the bytes differ

  test('a warm run reads only the candidates; an edit that puts back size and mtime is still seen', async () => {
    const root = makeTree({ 'a.py': COROUTINE, 'c.py': QUIET, 'e.py': PLAIN, 'sub/d.py': COROUTINE });
    const c = path.join(root, 'c.py');
    const then = 1_600_000_000; // whole seconds: utimes can put them back exactly
    utimesSync(c, then, then);
    await aged();
    const cold = await run(root);
    expect(cold.summary.cache).toMatchObject({ filesRead: 4 });
    const warm = await run(root);
    expect(warm.summary.cache).toMatchObject({ hits: 2, filesRead: 2 }); // a.py and sub/d.py: their bytes go to the diff
    expect(comparable(warm.files)).toBe(comparable(cold.files));
    // Same size, same modification time as before: only the change time tells.
    const before = statSync(c, { bigint: true });
    writeFileSync(c, LOUD);
    utimesSync(c, then, then);
    expect(statSync(c, { bigint: true })).toMatchObject({ size: before.size, mtimeNs: before.mtimeNs });
    const after = await run(root);
    expect(after.summary.candidates).toBe(3);
    expect(after.summary.cache).toMatchObject({ filesRead: 3 });
  });

  test('the first pass\'s project facts come back from the index as they were found', async () => {
    const root = makeTree({ 'tool.py': SCRIPT, 'lib.py': PLAIN, 'pkg/__init__.py': '', 'pkg/m.py': 'from .. import lib\n' });
    await aged();
    const cold = await run(root);
    const warm = await run(root, ['--no-cache']);
    const again = await run(root);
    expect(again.summary.cache).toMatchObject({ filesRead: 1, hits: 1 });
    expect(comparable(again.files)).toBe(comparable(cold.files));
    expect(comparable(warm.files)).toBe(comparable(cold.files));
    // A new importer of the script: its facts change, from the new file's scan alone.
    writeFileSync(path.join(root, 'uses.py'), 'import tool\n');
    expect((await run(root)).summary.cache).toMatchObject({ hits: 0, misses: 1, filesRead: 2 });
  });

  test('a corrupt index is ignored: every file is read again, with the same results', async () => {
    const root = makeTree({ 'a.py': COROUTINE, 'c.py': QUIET, 'e.py': PLAIN });
    await aged();
    const cold = await run(root);
    const index = entries(path.join(root, '.loopshift_cache')).find((file) => file.includes(`${path.sep}scan-index${path.sep}`))!;
    expect(index).toBeDefined();
    writeFileSync(index, '{"key": 1, "value": {"entries": {"x": 1}}');
    const after = await run(root);
    expect(after.summary.cache).toMatchObject({ filesRead: 3, hits: 1 });
    expect(comparable(after.files)).toBe(comparable(cold.files));
    expect((await run(root)).summary.cache).toMatchObject({ filesRead: 1 });
  });
});
