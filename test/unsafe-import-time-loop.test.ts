/**
 * LS803's unsafe fix (get_running_loop; docs/SEMANTICS.md P4, "Unsafe fix (LS803)") through the real CLI: the
 * dry run shows it marked and writes nothing, --write leaves it, --write --unsafe-fixes applies it, and the
 * module, imported by code that makes its own loop current first, behaves as before on 3.7-3.13.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { pyenvPython, PYTHON_VERSIONS } from './support/paths.js';

const HEADER = 'loopshift: unsafe fixes (not applied; --unsafe-fixes)';
// A library module that takes the loop at import; nothing in the project imports it.
const CLOCK = [
  'import asyncio', '', 'loop = asyncio.get_event_loop()', '', '',
  'async def later(value):', '    future = loop.create_future()', '    loop.call_soon(future.set_result, value)',
  '    return await future', '', '',
  'async def in_thread(numbers):', '    return await loop.run_in_executor(None, sum, numbers)', '',
].join('\n');
const PYPROJECT = '[project]\nname = "clock"\nrequires-python = ">=3.7"\n';
// The importer, outside the project: its own loop is current when it imports the module, and runs its coroutines.
const IMPORTER = [
  'import asyncio, sys', 'sys.path.insert(0, sys.argv[1])', 'own = asyncio.new_event_loop()', 'asyncio.set_event_loop(own)',
  'import clock', 'print(own.run_until_complete(clock.later("soon")), own.run_until_complete(clock.in_thread([1, 2])))',
  'own.close()', 'asyncio.set_event_loop(None)',
].join('\n');

const run = (python: string, root: string) =>
  spawnSync(python, ['-X', 'dev', '-W', 'error::DeprecationWarning', '-c', IMPORTER, root], { encoding: 'utf8', timeout: 60_000 });

describe('LS803 unsafe fix: the module-level loop read by coroutines -> get_running_loop()', () => {
  test('the dry run shows it marked after the LS803 diagnostic and writes nothing', async () => {
    const root = makeTree({ 'clock.py': CLOCK, 'pyproject.toml': PYPROJECT });
    const before = snapshot(root);
    const dry = await runCli(['--no-cache', 'clock.py'], { cwd: root });
    expect(dry.exitCode).toBe(0);
    const [safePart, unsafePart] = dry.stdout.split(`${HEADER}\n`);
    expect(safePart).toBe('');
    expect(unsafePart).toContain('-loop = asyncio.get_event_loop()\n');
    expect(unsafePart).toContain('+    future = asyncio.get_running_loop().create_future()\n');
    expect(dry.stderr).toMatch(/^clock\.py:3:8: LS803 /m);
    expect(dry.stderr).toContain('LS803: 1');
    expect(snapshot(root)).toEqual(before);
  });

  test('--write leaves it; --write --unsafe-fixes applies it and the module behaves as before on 3.7-3.13', async () => {
    const root = makeTree({ 'clock.py': CLOCK, 'pyproject.toml': PYPROJECT });
    const file = path.join(root, 'clock.py');
    const expected = run(pyenvPython('3.7.16'), root).stdout;
    expect(expected).toBe('soon 3\n');

    const safe = await runCli(['--no-cache', '--write', 'clock.py'], { cwd: root });
    expect(safe.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(CLOCK);

    const unsafe = await runCli(['--no-cache', '--write', '--unsafe-fixes', 'clock.py'], { cwd: root });
    expect(unsafe.exitCode).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written).not.toContain('get_event_loop');
    expect(written).toContain('    return await asyncio.get_running_loop().run_in_executor(None, sum, numbers)\n');
    expect(unsafe.stderr).not.toMatch(/^clock\.py:\d+:\d+: LS803 /m); // nothing left to report
    expect(unsafe.stderr).toContain('applied 1 unsafe fix (--unsafe-fixes; LS803: 1)');

    for (const version of PYTHON_VERSIONS) {
      const result = run(pyenvPython(version), root);
      expect(`${version}: ${result.stdout}${result.stderr}`).toBe(`${version}: ${expected}`);
      expect(result.status).toBe(0);
    }

    // The fixed point: a second run, asked for unsafe fixes too, changes nothing.
    const again = await runCli(['--no-cache', '--check', '--unsafe-fixes', 'clock.py'], { cwd: root });
    expect(again.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });
});
