/**
 * One run finishes the job: with all transforms, a second run over what the first produced changes
 * nothing. Checked on every fixture input (at its target) and, through the real CLI, on a copy of
 * CPython 3.8's asyncio and test/test_asyncio at the oldest and a recent target.
 */
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { FIXTURES, pyenvPython } from './support/paths.js';
import { openSession, type Session } from '../src/run.js';
import { decodeSource } from '../src/source-file.js';

let session: Session;
beforeAll(async () => {
  session = await openSession({ jobs: os.availableParallelism(), timeoutSeconds: 120 });
});
afterAll(() => session?.pool.close());

const inputs = readdirSync(FIXTURES).sort().flatMap((name) => readdirSync(path.join(FIXTURES, name))
  .filter((file) => file.endsWith('.input.py')).sort().map((file) => path.join(FIXTURES, name, file)));

test('every fixture: a second run of all transforms over the first run\'s output changes nothing', async () => {
  expect(inputs.length).toBeGreaterThan(200);
  const unsettled = (await Promise.all(inputs.map(async (file) => {
    const options = file.replace(/\.input\.py$/, '.options.json');
    const target: string = existsSync(options) ? (JSON.parse(readFileSync(options, 'utf8')).target ?? '3.9') : '3.9';
    const decoded = decodeSource(readFileSync(file));
    if (!decoded.ok) return `${file}: ${decoded.reason}`;
    const ask = (source: string) => session.pool.transform({ path: file, source, transforms: [], options: { target } });
    const first = await ask(decoded.source.text);
    if (first.status === 'failed') return `${file}: ${first.error.type}: ${first.error.message}`;
    if (first.status !== 'changed') return undefined;
    const second = await ask(first.source);
    return second.status === 'changed' ? `${path.relative(FIXTURES, file)} (target ${target}) changes again` : undefined;
  }))).filter(Boolean);
  expect(unsettled).toEqual([]);
}, 300_000);

describe.each(['3.7', '3.12'])('CPython 3.8\'s asyncio and test_asyncio at target %s', (target) => {
  test('--write, then --check finds nothing to change', async () => {
    const stdlib = path.join(path.dirname(pyenvPython('3.8.18')), '..', 'lib', 'python3.8');
    const root = makeTree({});
    cpSync(path.join(stdlib, 'asyncio'), path.join(root, 'asyncio'), { recursive: true });
    cpSync(path.join(stdlib, 'test', 'test_asyncio'), path.join(root, 'test_asyncio'), { recursive: true });
    const before = snapshot(root);
    const write = await runCli(['--write', '--target-version', target, '.'], { cwd: root });
    expect(write.exitCode).toBe(0);
    const after = snapshot(root);
    const written = [...after.keys()].filter((file) => !after.get(file)!.equals(before.get(file)!));
    expect(written.length).toBeGreaterThan(0);
    const check = await runCli(['--check', '--target-version', target, '.'], { cwd: root });
    expect({ code: check.exitCode, stdout: check.stdout }).toEqual({ code: 0, stdout: '' });
  }, 300_000);
});
