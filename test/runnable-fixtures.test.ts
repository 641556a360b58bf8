/**
 * Fixtures marked "# loopshift-fixture: runnable" are executed before and after the rewrite on every
 * CPython the target allows. The rewritten code runs with -X dev -W error::DeprecationWarning and must
 * print the same stdout and exit the same way as the original, with nothing on stderr.
 *
 * "maxVersion" (options.json) is the newest CPython the input runs on (code passing loop= raises
 * TypeError from 3.10). On the versions above it, up to 3.13, the output runs alone and is compared
 * with the input's run on maxVersion: that is where the rewrite matters most. maxVersion may be below
 * the target ({"target": "3.10", "maxVersion": "3.9"}): the input then runs on maxVersion only, as the
 * reference, and the output on every version from the target.
 *
 * A fixture whose facts send other project modules' text ("project": {"baseModules": {...}}, src/project-model.ts)
 * runs with those modules written as files into a folder of its own on PYTHONPATH, so that its imports find them.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { FIXTURES, PYTHON_VERSIONS, pyenvPython } from './support/paths.js';

const MARKER = '# loopshift-fixture: runnable';
type Version = [number, number];

interface Runnable {
  transform: string;
  name: string;
  input: string;
  output: string;
  minVersion: Version;
  maxVersion: Version;
  modules?: Record<string, { source: string; packageInit?: boolean }>; // options.project.baseModules
}

const version = (text: string) => text.split('.').map(Number).slice(0, 2) as Version;
const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1];

function runnableCases(): Runnable[] {
  const found: Runnable[] = [];
  for (const transform of readdirSync(FIXTURES).sort()) {
    const dir = path.join(FIXTURES, transform);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.input.py')).sort()) {
      const input = path.join(dir, file);
      if (!readFileSync(input, 'utf8').includes(MARKER)) continue;
      const base = input.slice(0, -'.input.py'.length);
      const options = existsSync(`${base}.options.json`) ? JSON.parse(readFileSync(`${base}.options.json`, 'utf8')) : {};
      found.push({
        transform, name: path.basename(base), input, output: `${base}.output.py`,
        minVersion: version(String(options.target ?? '3.9')) /* the fixture harness's default target */,
        maxVersion: version(String(options.maxVersion ?? '3.13')),
        modules: options.project?.baseModules,
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

/** A folder holding the fixture's other modules as files (packages get an __init__.py), for PYTHONPATH. */
const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function modulesFolder(modules: NonNullable<Runnable['modules']>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'loopshift-fixture-modules-'));
  folders.push(root);
  for (const [name, { source, packageInit }] of Object.entries(modules)) {
    const parts = name.split('.');
    const file = packageInit ? path.join(root, ...parts, '__init__.py') : path.join(root, ...parts) + '.py';
    for (let i = 1; i < parts.length + (packageInit ? 1 : 0); i += 1) {
      const dir = path.join(root, ...parts.slice(0, i));
      mkdirSync(dir, { recursive: true });
      if (!existsSync(path.join(dir, '__init__.py'))) writeFileSync(path.join(dir, '__init__.py'), '');
    }
    writeFileSync(file, source);
  }
  return root;
}

async function runPython(python: string, args: string[], pythonPath?: string) {
  const env = pythonPath ? { ...cleanEnv, PYTHONPATH: pythonPath } : cleanEnv;
  const result = await execa(python, args, { reject: false, env, extendEnv: true, timeout: 60_000, stdin: 'ignore' });
  return { stdout: String(result.stdout), stderr: String(result.stderr).replace(SLOW_STEP, ''), exitCode: result.exitCode };
}

const runOutput = (python: string, output: string, pythonPath?: string) =>
  runPython(python, ['-X', 'dev', '-W', 'error::DeprecationWarning', output], pythonPath);

test('there are runnable fixtures', () => {
  expect(cases.length).toBeGreaterThanOrEqual(6);
});

for (const runnable of cases) {
  describe(`${runnable.transform}/${runnable.name}`, () => {
    const fromTarget = PYTHON_VERSIONS.filter((v) => compare(version(v), runnable.minVersion) >= 0);
    const paired = fromTarget.filter((v) => compare(version(v), runnable.maxVersion) <= 0);
    const outputOnly = fromTarget.filter((v) => compare(version(v), runnable.maxVersion) > 0);
    const reference = PYTHON_VERSIONS.find((v) => compare(version(v), runnable.maxVersion) === 0);
    let folder: string | undefined;
    const modules = () => (runnable.modules ? (folder ??= modulesFolder(runnable.modules)) : undefined);

    test('runs on at least one version', () => {
      expect(paired.length + outputOnly.length).toBeGreaterThan(0);
      if (outputOnly.length) expect(reference).toBeDefined(); // maxVersion names an interpreter we have
    });

    if (paired.length) {
      test.each(paired)('same behaviour on CPython %s', async (v) => {
        const python = pyenvPython(v);
        const before = await runPython(python, [runnable.input], modules());
        const after = await runOutput(python, runnable.output, modules());
        expect(after.stderr).toBe('');
        expect(after.stdout).toBe(before.stdout);
        expect(after.exitCode).toBe(before.exitCode);
        expect(before.stdout.length).toBeGreaterThan(0);
      });
    }

    if (outputOnly.length && reference) {
      // The input's run on maxVersion, shared by every newer version's comparison.
      let referenceRun: ReturnType<typeof runPython> | undefined;
      const referenceOnce = () => (referenceRun ??= runPython(pyenvPython(reference), [runnable.input], modules()));

      test.each(outputOnly)(`output on CPython %s behaves as the input on ${reference}`, async (v) => {
        const before = await referenceOnce();
        const after = await runOutput(pyenvPython(v), runnable.output, modules());
        expect(after.stderr).toBe('');
        expect(after.stdout).toBe(before.stdout);
        expect(after.exitCode).toBe(before.exitCode);
        expect(before.stdout.length).toBeGreaterThan(0);
      });
    }
  });
}
