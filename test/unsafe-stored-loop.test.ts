/**
 * LS804's unsafe fix (get_running_loop; docs/SEMANTICS.md P5, "Unsafe fix (LS804)") through the real CLI: the
 * dry run shows it marked and writes nothing, --write leaves it, --write --unsafe-fixes applies it, and the
 * result runs on every CPython from the target (3.7) to 3.13 with the output the stored loops gave before,
 * the objects being made under the loop that uses them.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { pyenvPython, PYTHON_VERSIONS } from './support/paths.js';

const HEADER = 'loopshift: unsafe fixes (not applied; --unsafe-fixes)';
// A client with a loop=None fallback (line 7) and a worker that stores the loop (line 20), both read only by
// their coroutine methods; and a public loop attribute (line 28), which keeps LS804 without a proposal.
const CLIENT = [
  'import asyncio', '', '',
  'class Client:', '    def __init__(self, name, loop=None):', '        self.name = name',
  '        self._loop = loop or asyncio.get_event_loop()', '',
  '    async def fetch(self):', '        future = self._loop.create_future()',
  '        self._loop.call_soon(future.set_result, self.name)', '        return await future', '', '',
  'class Worker:', '    """Runs blocking calls in the default executor."""', '',
  '    def __init__(self):', '        # the loop the worker runs on', '        self._loop = asyncio.get_event_loop()', '',
  '    async def work(self, value):', '        return await self._loop.run_in_executor(None, abs, value)', '', '',
  'class Clock:', '    def __init__(self):', '        self.loop = asyncio.get_event_loop()', '',
  '    async def now(self):', '        return self.loop.time() >= 0', '', '',
  'async def main():', '    running = asyncio.get_running_loop()',
  '    print(await Client("a").fetch(), await Client("b", loop=running).fetch())',
  '    print(await Worker().work(-2), await Clock().now())', '', '',
  'if __name__ == "__main__":', '    asyncio.run(main())', '',
].join('\n');
const PYPROJECT = '[project]\nname = "client"\nrequires-python = ">=3.7"\n';

const run = (python: string, file: string) =>
  spawnSync(python, ['-X', 'dev', '-W', 'error::DeprecationWarning', file], { encoding: 'utf8', timeout: 60_000 });

describe('LS804 unsafe fix: the stored loop resolved where the coroutines use it', () => {
  test('the dry run shows it marked after the LS804 diagnostics and writes nothing', async () => {
    const root = makeTree({ 'client.py': CLIENT, 'pyproject.toml': PYPROJECT });
    const before = snapshot(root);
    const dry = await runCli(['--no-cache', 'client.py'], { cwd: root });
    expect(dry.exitCode).toBe(0);
    const [safePart, unsafePart] = dry.stdout.split(`${HEADER}\n`);
    expect(safePart).toBe('');
    expect(unsafePart).toContain('-        self._loop = loop or asyncio.get_event_loop()\n+        self._loop = loop\n');
    expect(unsafePart).toContain('+        future = (self._loop or asyncio.get_running_loop()).create_future()\n');
    expect(unsafePart).toContain('-        self._loop = asyncio.get_event_loop()\n');
    expect(unsafePart).toContain('+        return await asyncio.get_running_loop().run_in_executor(None, abs, value)\n');
    expect(unsafePart).not.toContain('self.loop');
    expect(dry.stderr).toMatch(/^client\.py:7:30: LS804 /m);
    expect(dry.stderr).toMatch(/^client\.py:20:22: LS804 /m);
    expect(dry.stderr).toMatch(/^client\.py:28:21: LS804 /m);
    expect(dry.stderr).toContain('LS804: 2');
    expect(snapshot(root)).toEqual(before);
  });

  test('--write leaves it; --write --unsafe-fixes applies it and the result behaves as before on 3.7-3.13', async () => {
    const root = makeTree({ 'client.py': CLIENT, 'pyproject.toml': PYPROJECT });
    const file = path.join(root, 'client.py');
    const expected = run(pyenvPython('3.7.16'), file).stdout;
    expect(expected).toBe('a b\n2 True\n');

    const safe = await runCli(['--no-cache', '--write', 'client.py'], { cwd: root });
    expect(safe.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(CLIENT);

    const unsafe = await runCli(['--no-cache', '--write', '--unsafe-fixes', 'client.py'], { cwd: root });
    expect(unsafe.exitCode).toBe(0);
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('        self._loop = loop\n');
    expect(written).toContain('        # the loop the worker runs on\n\n    async def work');
    expect(written).toContain('        self.loop = asyncio.get_event_loop()\n'); // public: no proposal
    expect(unsafe.stderr).toMatch(/^client\.py:\d+:\d+: LS804 .*self\.loop/m); // still reported
    expect(unsafe.stderr).not.toMatch(/^client\.py:\d+:\d+: LS804 .*self\._loop/m);
    expect(unsafe.stderr).toContain('applied 2 unsafe fixes (--unsafe-fixes; LS804: 2)');

    for (const version of PYTHON_VERSIONS) {
      const result = run(pyenvPython(version), file);
      expect(`${version}: ${result.stdout}${result.stderr}`).toBe(`${version}: ${expected}`);
      expect(result.status).toBe(0);
    }

    // The fixed point: a second run, asked for unsafe fixes too, changes nothing.
    const again = await runCli(['--no-cache', '--check', '--unsafe-fixes', 'client.py'], { cwd: root });
    expect(again.exitCode).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(written);
  });
});
