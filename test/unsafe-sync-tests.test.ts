/**
 * LS805's unsafe fix (asyncio_run; docs/SEMANTICS.md P13, "Unsafe fix (LS805)") through the real CLI: the dry
 * run shows it marked and writes nothing, --write leaves it, --write --unsafe-fixes applies it, and the result
 * runs on every CPython from the target (3.8) to 3.13 with the output the tests printed before, and under
 * pytest (3.11, the one interpreter that has it).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { pyenvPython, PYTHON_VERSIONS } from './support/paths.js';

const HEADER = 'loopshift: unsafe fixes (not applied; --unsafe-fixes)';
// Two pytest-style sync tests, each running one coroutine on the implicit loop; run here in file order.
const TESTS = [
  'import asyncio', '', '',
  'async def total(count):', '    queue = asyncio.Queue()', '    for item in range(count):', '        await queue.put(item)',
  '    return sum([await queue.get() for _ in range(count)])', '', '',
  'def test_chained():', '    assert asyncio.get_event_loop().run_until_complete(total(3)) == 3', '', '',
  'def test_variable():', '    loop = asyncio.get_event_loop()', '    result = loop.run_until_complete(total(4))',
  '    print("total", result)', '', '',
  'if __name__ == "__main__":', '    for name, test in list(globals().items()):', '        if name.startswith("test_"):',
  '            test()', '            print(name, "passed")', '',
].join('\n');
const PYPROJECT = '[project]\nname = "suite"\nrequires-python = ">=3.8"\n';

const run = (python: string, args: string[], cwd?: string) =>
  spawnSync(python, ['-X', 'dev', '-W', 'error::DeprecationWarning', ...args], { encoding: 'utf8', timeout: 60_000, cwd });

describe('LS805 unsafe fix: asyncio.run() for a sync test\'s one run', () => {
  test('the dry run shows it marked after the LS805 diagnostics and writes nothing', async () => {
    const root = makeTree({ 'test_suite.py': TESTS, 'pyproject.toml': PYPROJECT });
    const before = snapshot(root);
    const dry = await runCli(['--no-cache', 'test_suite.py'], { cwd: root });
    expect(dry.exitCode).toBe(0);
    const [safePart, unsafePart] = dry.stdout.split(`${HEADER}\n`);
    expect(safePart).toBe('');
    expect(unsafePart).toContain('+    assert asyncio.run(total(3)) == 3\n');
    expect(unsafePart).toContain('-    loop = asyncio.get_event_loop()\n');
    expect(unsafePart).toContain('+    result = asyncio.run(total(4))\n');
    expect(dry.stderr).toMatch(/^test_suite\.py:12:12: LS805 /m);
    expect(dry.stderr).toMatch(/^test_suite\.py:16:12: LS805 /m);
    expect(dry.stderr).toContain('LS805: 2');
    expect(snapshot(root)).toEqual(before);
  });

  test('--write leaves it; --write --unsafe-fixes applies it and the tests behave as before on 3.8-3.13', async () => {
    const root = makeTree({ 'test_suite.py': TESTS, 'pyproject.toml': PYPROJECT });
    const file = path.join(root, 'test_suite.py');
    const expected = spawnSync(pyenvPython('3.8.18'), [file], { encoding: 'utf8', timeout: 60_000 }).stdout;
    expect(expected).toBe('test_chained passed\ntotal 6\ntest_variable passed\n');

    const safe = await runCli(['--no-cache', '--write', 'test_suite.py'], { cwd: root });
    expect(safe.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(TESTS);

    const unsafe = await runCli(['--no-cache', '--write', '--unsafe-fixes', 'test_suite.py'], { cwd: root });
    expect(unsafe.exitCode).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written).not.toContain('get_event_loop');
    expect(unsafe.stderr).not.toMatch(/^test_suite\.py:\d+:\d+: LS805 /m); // nothing left to report
    expect(unsafe.stderr).toContain('applied 2 unsafe fixes (--unsafe-fixes; LS805: 2)');

    for (const version of PYTHON_VERSIONS.filter((v) => !/^3\.7\./.test(v))) {
      const result = run(pyenvPython(version), [file]);
      expect(`${version}: ${result.stdout}${result.stderr}`).toBe(`${version}: ${expected}`);
      expect(result.status).toBe(0);
    }
    const pytest = run(pyenvPython('3.11.7'), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-W', 'error', 'test_suite.py'], root);
    expect(pytest.stdout).toContain('2 passed');
    expect(pytest.status).toBe(0);

    // The fixed point: a second run, asked for unsafe fixes too, changes nothing.
    const again = await runCli(['--no-cache', '--check', '--unsafe-fixes', 'test_suite.py'], { cwd: root });
    expect(again.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });
});
