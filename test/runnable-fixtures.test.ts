/**
 * Fixtures marked "# loopshift-fixture: runnable" are executed before and after the rewrite on every
 * CPython the target allows. The rewritten code runs with -X dev -W error::DeprecationWarning and must
 * print the same stdout and exit the same way as the original, with nothing on stderr.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { FIXTURES, PYTHON_VERSIONS, pyenvPython } from './support/paths.js';

const MARKER = '# loopshift-fixture: runnable';

interface Runnable {
  transform: string;
  name: string;
  input: string;
  output: string;
  minVersion: [number, number];
  maxVersion: [number, number];
}

function runnableCases(): Runnable[] {
  const found: Runnable[] = [];
  for (const transform of readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, transform);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.input.py')).sort()) {
      const input = path.join(dir, file);
      if (!readFileSync(input, 'utf8').includes(MARKER)) continue;
      const base = input.slice(0, -'.input.py'.length);
      const options = existsSync(`${base}.options.json`) ? JSON.parse(readFileSync(`${base}.options.json`, 'utf8')) : {};
      // maxVersion: for inputs that only run on old Pythons (loop= raises TypeError from 3.10).
      const version = (text: string) => text.split('.').map(Number).slice(0, 2) as [number, number];
      found.push({
        transform, name: path.basename(base), input, output: `${base}.output.py`,
        minVersion: version(String(options.target ?? '3.9')) /* the fixture harness's default target */, maxVersion: version(String(options.maxVersion ?? '3.13')),
      });
    }
  }
  return found;
}

const cases = runnableCases();
const cleanEnv = { PYTHONASYNCIODEBUG: undefined, PYTHONWARNINGS: undefined, PYTHONDEVMODE: undefined, PYTHONDONTWRITEBYTECODE: '1' };

// -X dev turns on asyncio's debug mode, which logs any task step slower than 0.1 s: a measure of
// how busy the machine is (other suites share the cores), not of the program's behaviour.
const SLOW_STEP = /^Executing <.*> took \d+\.\d+ seconds\n?/gm;

async function runPython(python: string, args: string[]) {
  const result = await execa(python, args, { reject: false, env: cleanEnv, extendEnv: true, timeout: 60_000, stdin: 'ignore' });
  return { stdout: String(result.stdout), stderr: String(result.stderr).replace(SLOW_STEP, ''), exitCode: result.exitCode };
}

test('there are runnable fixtures', () => {
  expect(cases.length).toBeGreaterThanOrEqual(6);
});

for (const runnable of cases) {
  describe(`${runnable.transform}/${runnable.name}`, () => {
    const versions = PYTHON_VERSIONS.filter((v) => {
      const [major, minor] = v.split('.').map(Number);
      const atLeast = major > runnable.minVersion[0] || (major === runnable.minVersion[0] && minor >= runnable.minVersion[1]);
      const atMost = major < runnable.maxVersion[0] || (major === runnable.maxVersion[0] && minor <= runnable.maxVersion[1]);
      return atLeast && atMost;
    });
    test.each(versions)('same behaviour on CPython %s', async (version) => {
      const python = pyenvPython(version);
      const before = await runPython(python, [runnable.input]);
      const after = await runPython(python, ['-X', 'dev', '-W', 'error::DeprecationWarning', runnable.output]);
      expect(after.stderr).toBe('');
      expect(after.stdout).toBe(before.stdout);
      expect(after.exitCode).toBe(before.exitCode);
      expect(before.stdout.length).toBeGreaterThan(0);
    });
  });
}
