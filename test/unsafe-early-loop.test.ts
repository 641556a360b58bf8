/**
 * LS301's unsafe fix (explicit_loop; docs/SEMANTICS.md P3b, "Unsafe fix (LS301)") through the real CLI: the
 * dry run shows the loop made before the earlier code that reads it, marked, and writes nothing; --write
 * leaves it; --write --unsafe-fixes applies it, and the result runs on every CPython from the target (3.8) to
 * 3.13 with the output the script printed before, without the DeprecationWarning the jobs raised on 3.12/3.13.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { pyenvPython, PYTHON_VERSIONS } from './support/paths.js';

const HEADER = 'loopshift: unsafe fixes (not applied; --unsafe-fixes)';
// Jobs scheduled before the loop is fetched bind to the implicit loop, which get_event_loop() returns.
const SCRIPT = [
  'import asyncio', '', '',
  'async def work(n):', '    await asyncio.sleep(0)', '    return n * 2', '', '',
  'def schedule():', '    return [asyncio.ensure_future(work(n)) for n in range(3)]', '', '',
  'def main():', '    print("start")', '    jobs = schedule()', '    loop = asyncio.get_event_loop()',
  '    print(loop.run_until_complete(asyncio.gather(*jobs)))', '', '',
  'if __name__ == "__main__":', '    main()', '',
].join('\n');
const PYPROJECT = '[project]\nname = "early"\nrequires-python = ">=3.8"\n';
const MADE_FIRST = '+    loop = asyncio.new_event_loop()\n+    asyncio.set_event_loop(loop)\n';

const run = (python: string, file: string, dev = true) =>
  spawnSync(python, [...(dev ? ['-X', 'dev', '-W', 'error::DeprecationWarning'] : []), file], { encoding: 'utf8', timeout: 60_000 });

describe('LS301 unsafe fix: the loop made before the earlier code that reads it', () => {
  test('the dry run shows it marked after the LS301 diagnostic and writes nothing', async () => {
    const root = makeTree({ 'early.py': SCRIPT, 'pyproject.toml': PYPROJECT });
    const before = snapshot(root);
    const dry = await runCli(['--no-cache', 'early.py'], { cwd: root });
    expect(dry.exitCode).toBe(0);
    const [safePart, unsafePart] = dry.stdout.split(`${HEADER}\n`);
    expect(safePart).toBe('');
    expect(unsafePart).toContain(MADE_FIRST);
    expect(unsafePart).toContain('-    loop = asyncio.get_event_loop()\n');
    expect(dry.stderr).toMatch(/^early\.py:16:12: LS301 /m);
    expect(dry.stderr).toContain('LS301: 1');
    expect(snapshot(root)).toEqual(before);
  });

  test('--write leaves it; --write --unsafe-fixes applies it and the result behaves as before on 3.8-3.13', async () => {
    const root = makeTree({ 'early.py': SCRIPT, 'pyproject.toml': PYPROJECT });
    const file = path.join(root, 'early.py');
    const expected = run(pyenvPython('3.8.18'), file, false).stdout;
    expect(expected).toBe('start\n[0, 2, 4]\n');

    const safe = await runCli(['--no-cache', '--write', 'early.py'], { cwd: root });
    expect(safe.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(SCRIPT);

    const unsafe = await runCli(['--no-cache', '--write', '--unsafe-fixes', 'early.py'], { cwd: root });
    expect(unsafe.exitCode).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written).not.toContain('get_event_loop');
    expect(written).toContain('    print("start")\n    loop = asyncio.new_event_loop()\n    asyncio.set_event_loop(loop)\n');
    expect(unsafe.stderr).not.toMatch(/^early\.py:\d+:\d+: LS301 /m);
    expect(unsafe.stderr).toContain('applied 1 unsafe fix (--unsafe-fixes; LS301: 1)');

    for (const version of PYTHON_VERSIONS.filter((v) => !/^3\.7\./.test(v))) {
      const result = run(pyenvPython(version), file);
      expect(`${version}: ${result.stdout}${result.stderr}`).toBe(`${version}: ${expected}`);
      expect(result.status).toBe(0);
    }

    const again = await runCli(['--no-cache', '--check', '--unsafe-fixes', 'early.py'], { cwd: root });
    expect(again.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });
});
