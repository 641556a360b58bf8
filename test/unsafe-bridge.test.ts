/**
 * LS802's unsafe fix (runner; docs/SEMANTICS.md P2, "Unsafe fix (LS802)") through the real CLI: the dry run
 * shows it marked and writes nothing, --write leaves it, --write --unsafe-fixes applies it, and the result
 * runs on every CPython from the target (3.11) to 3.13 with the output the bridges printed before. Below 3.11
 * the proposal is one cached event loop instead: at target 3.8 the written file runs on 3.8-3.13 the same way.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { pyenvPython, PYTHON_VERSIONS } from './support/paths.js';

const HEADER = 'loopshift: unsafe fixes (not applied; --unsafe-fixes)';
// A sync facade whose queue, made in the first call, serves the next ones: one loop must serve every call.
const BRIDGE = [
  'import asyncio', '', '_queue = None', '', '',
  'async def push(item):', '    global _queue', '    if _queue is None:', '        _queue = asyncio.Queue()',
  '    await _queue.put(item)', '    return _queue.qsize()', '', '',
  'def push_sync(item):', '    return asyncio.get_event_loop().run_until_complete(push(item))', '', '',
  'def push_all_sync(items):', '    loop = asyncio.get_event_loop()',
  '    return [loop.run_until_complete(push(item)) for item in items]', '', '',
  'def demo():', '    print(push_sync("a"), push_all_sync(["b", "c"]))', '', '',
  'if __name__ == "__main__":', '    demo()', '',
].join('\n');
const PROPOSED = '+    return _run_sync(push(item))\n';
const PYPROJECT = '[project]\nname = "bridge"\nrequires-python = ">=3.11"\n';

const run = (python: string, file: string) =>
  spawnSync(python, ['-X', 'dev', '-W', 'error::DeprecationWarning', file], { encoding: 'utf8', timeout: 60_000 });

describe('LS802 unsafe fix: one asyncio.Runner for the sync bridges', () => {
  test('the dry run shows it marked after the LS802 diagnostics and writes nothing', async () => {
    const root = makeTree({ 'bridge.py': BRIDGE, 'pyproject.toml': PYPROJECT });
    const before = snapshot(root);
    const dry = await runCli(['--no-cache', 'bridge.py'], { cwd: root });
    expect(dry.exitCode).toBe(0);
    const [safePart, unsafePart] = dry.stdout.split(`${HEADER}\n`);
    expect(safePart).toBe('');
    expect(unsafePart).toContain(PROPOSED);
    expect(unsafePart).toContain('+        _sync_runner = asyncio.Runner()\n');
    expect(unsafePart).toContain('-    loop = asyncio.get_event_loop()\n');
    expect(dry.stderr).toMatch(/^bridge\.py:15:12: LS802 /m);
    expect(dry.stderr).toMatch(/^bridge\.py:19:12: LS802 /m);
    expect(dry.stderr).toContain('LS802: 2');
    expect(snapshot(root)).toEqual(before);
  });

  test('--write leaves it; --write --unsafe-fixes applies it and the result behaves as before on 3.11-3.13', async () => {
    const root = makeTree({ 'bridge.py': BRIDGE, 'pyproject.toml': PYPROJECT });
    const file = path.join(root, 'bridge.py');
    const expected = run(pyenvPython('3.11.7'), file).stdout;
    expect(expected).toBe('1 [2, 3]\n');

    const safe = await runCli(['--no-cache', '--write', 'bridge.py'], { cwd: root });
    expect(safe.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(BRIDGE);

    const unsafe = await runCli(['--no-cache', '--write', '--unsafe-fixes', 'bridge.py'], { cwd: root });
    expect(unsafe.exitCode).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written).not.toContain('get_event_loop');
    expect(written).toContain('    return _run_sync(push(item))\n');
    expect(written).toContain('    return [_run_sync(push(item)) for item in items]\n');
    expect(unsafe.stderr).not.toMatch(/^bridge\.py:\d+:\d+: LS802 /m); // nothing left to report
    expect(unsafe.stderr).toContain('applied 2 unsafe fixes (--unsafe-fixes; LS802: 2)');

    for (const version of PYTHON_VERSIONS.filter((v) => !/^3\.(7|8|9|10)\./.test(v))) {
      const result = run(pyenvPython(version), file);
      expect(`${version}: ${result.stdout}${result.stderr}`).toBe(`${version}: ${expected}`);
      expect(result.status).toBe(0);
    }

    // The fixed point: a second run, asked for unsafe fixes too, changes nothing.
    const again = await runCli(['--no-cache', '--check', '--unsafe-fixes', 'bridge.py'], { cwd: root });
    expect(again.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });
});

describe('LS802 unsafe fix below 3.11: one cached event loop for the sync bridges', () => {
  const OLD_PYPROJECT = '[project]\nname = "bridge"\nrequires-python = ">=3.8"\n';

  test('the dry run shows it marked; --write --unsafe-fixes applies it and the result behaves as before on 3.8-3.13', async () => {
    const root = makeTree({ 'bridge.py': BRIDGE, 'pyproject.toml': OLD_PYPROJECT });
    const file = path.join(root, 'bridge.py');
    const dry = await runCli(['--no-cache', 'bridge.py'], { cwd: root });
    expect(dry.exitCode).toBe(0);
    const [safePart, unsafePart] = dry.stdout.split(`${HEADER}\n`);
    expect(safePart).toBe('');
    expect(unsafePart).toContain(PROPOSED);
    expect(unsafePart).toContain('+        _sync_loop = asyncio.new_event_loop()\n');
    expect(unsafePart).toContain('+        asyncio.set_event_loop(_sync_loop)\n');
    expect(unsafePart).not.toContain('Runner');
    expect(dry.stderr).toContain('LS802: 2');
    expect(readFileSync(file, 'utf8')).toBe(BRIDGE);

    const expected = run(pyenvPython('3.8.18'), file).stdout;
    expect(expected).toBe('1 [2, 3]\n');
    const unsafe = await runCli(['--no-cache', '--write', '--unsafe-fixes', 'bridge.py'], { cwd: root });
    expect(unsafe.exitCode).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written).not.toContain('get_event_loop');
    expect(written).toContain('    return _sync_loop.run_until_complete(coro)\n');
    expect(unsafe.stderr).toContain('applied 2 unsafe fixes (--unsafe-fixes; LS802: 2)');

    for (const version of PYTHON_VERSIONS.filter((v) => !/^3\.7\./.test(v))) {
      const result = run(pyenvPython(version), file);
      expect(`${version}: ${result.stdout}${result.stderr}`).toBe(`${version}: ${expected}`);
      expect(result.status).toBe(0);
    }

    const again = await runCli(['--no-cache', '--check', '--unsafe-fixes', 'bridge.py'], { cwd: root });
    expect(again.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });
});
