/**
 * Safe and unsafe fixes (issue 13; README "Safe and unsafe fixes") through the real CLI and helper: the dry
 * run marks and counts the unsafe fixes and applies nothing; --write leaves them, --write --unsafe-fixes
 * (or unsafe-fixes = true) applies them; --check fails on them only when asked; --json gives each change
 * its applicability and code; -i asks about them separately; the result cache keeps the asks apart. The
 * first family: get_running_loop's fix for LS801 (docs/SEMANTICS.md P2).
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAnswer, parseHello, ProtocolError } from '../src/helper/protocol.js';
import { ResultCache } from '../src/result-cache.js';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { FIXTURES } from './support/paths.js';

const HEADER = 'loopshift: unsafe fixes (not applied; --unsafe-fixes)';
// A coroutine (a safe rewrite, line 9) and a sync helper it calls (LS801 and its unsafe fix, line 5).
const BOTH = [
  'import asyncio', '', '', 'def helper():', '    return asyncio.get_event_loop()', '', '',
  'async def main():', '    loop = asyncio.get_event_loop()', '    return loop is helper()', '',
].join('\n');
// Only a sync helper: it changes only with --unsafe-fixes.
const ONLY = 'import asyncio\n\n\ndef now():\n    return asyncio.get_event_loop().time()\n';
const SAFE_LINE = '+    loop = asyncio.get_running_loop()\n';
const UNSAFE_LINE = '+    return asyncio.get_running_loop()\n';

const read = (root: string, file: string) => readFileSync(path.join(root, file), 'utf8');
const json = async (args: string[], cwd: string) => {
  const run = await runCli(['--json', ...args], { cwd });
  return { ...run, report: JSON.parse(run.stdout) };
};

describe('the dry run', () => {
  test('shows the safe diff, then the unsafe fixes as a marked diff from the safe text, counts them and writes nothing', async () => {
    const root = makeTree({ 'a.py': BOTH, 'b.py': ONLY });
    const before = snapshot(root);
    const run = await runCli(['--no-cache', '.'], { cwd: root });
    expect(run.exitCode).toBe(0);
    const [safePart, unsafePart] = run.stdout.split(`${HEADER}\n`);
    expect(safePart).toContain(SAFE_LINE);
    expect(safePart).not.toContain('get_running_loop().time()');
    expect(unsafePart).toMatch(/^--- a\/a\.py\n\+\+\+ b\/a\.py\n/);
    expect(unsafePart).toContain(UNSAFE_LINE);
    expect(unsafePart).not.toContain(SAFE_LINE); // from the safe text: the safe change is not repeated
    expect(run.stdout.split(HEADER).length).toBe(3); // one marked diff per file that has unsafe fixes
    expect(run.stdout).toContain(`${HEADER}\n--- a/b.py\n+++ b/b.py\n`);
    expect(run.stdout).toContain('+    return asyncio.get_running_loop().time()\n');
    // The diagnostics the fixes answer are still reported: nothing was applied.
    expect(run.stderr).toMatch(/^a\.py:5:12: LS801 /m);
    expect(run.stderr).toMatch(/^b\.py:5:12: LS801 /m);
    expect(run.stderr).toContain('1 changed (dry run), 1 unchanged');
    expect(run.stderr).toContain('loopshift: 1 file would change; 1 more with --unsafe-fixes (2 unsafe fixes in 2 files not applied; LS801: 2)');
    expect(snapshot(root)).toEqual(before);
  });

  test('with --unsafe-fixes it shows one diff with everything, and no marked one', async () => {
    const root = makeTree({ 'a.py': BOTH });
    const run = await runCli(['--no-cache', '--unsafe-fixes', 'a.py'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toContain(HEADER);
    expect(run.stdout).toContain(SAFE_LINE);
    expect(run.stdout).toContain(UNSAFE_LINE);
    expect(run.stderr).not.toMatch(/ LS801 /);
    expect(run.stderr).toContain('loopshift: would apply 1 unsafe fix (--unsafe-fixes; LS801: 1)');
  });

  test('a run without unsafe fixes prints exactly what it printed before there were any', async () => {
    const root = makeTree({ 'a.py': 'import asyncio\n\n\nasync def main():\n    return asyncio.get_event_loop()\n' });
    const run = await runCli(['--no-cache', '.'], { cwd: root });
    expect(run.stdout).not.toContain('unsafe');
    expect(run.stderr).not.toContain('unsafe');
    const { report } = await json(['--no-cache', '.'], root);
    expect(report.summary.unsafeFixes).toBeUndefined();
    expect(Object.keys(report.files[0].changes[0])).toEqual(['line', 'column', 'transform', 'description']);
  });
});

describe('--write', () => {
  test('leaves the unsafe fixes; --unsafe-fixes applies them, and then nothing is left', async () => {
    const root = makeTree({ 'a.py': BOTH, 'b.py': ONLY });
    const safe = await runCli(['--no-cache', '--write', '.'], { cwd: root });
    expect(safe.exitCode).toBe(0);
    expect(read(root, 'a.py')).toContain('    loop = asyncio.get_running_loop()\n');
    expect(read(root, 'a.py')).toContain('    return asyncio.get_event_loop()\n');
    expect(read(root, 'b.py')).toBe(ONLY);
    expect(safe.stderr).toContain('loopshift: 2 unsafe fixes in 2 files not applied (LS801: 2); 1 more file would change with --unsafe-fixes');

    const unsafe = await runCli(['--no-cache', '--write', '--unsafe-fixes', '.'], { cwd: root });
    expect(unsafe.exitCode).toBe(0);
    expect(read(root, 'a.py')).toContain('    return asyncio.get_running_loop()\n');
    expect(read(root, 'b.py')).toContain('    return asyncio.get_running_loop().time()\n');
    expect(unsafe.stderr).toContain('2 changed (2 written)');
    expect(unsafe.stderr).toContain('loopshift: applied 2 unsafe fixes (--unsafe-fixes; LS801: 2)');
    expect(unsafe.stderr).not.toMatch(/ LS801 /);

    const again = await runCli(['--no-cache', '--check', '--unsafe-fixes', '.'], { cwd: root });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe('');
  });

  test('unsafe-fixes = true in [tool.loopshift] applies them; --no-unsafe-fixes wins; a bad value is a usage error', async () => {
    const config = (value: string) => `[tool.loopshift]\nunsafe-fixes = ${value}\n`;
    const root = makeTree({ 'pyproject.toml': config('true'), 'b.py': ONLY });
    const off = await runCli(['--no-cache', '--write', '--no-unsafe-fixes', '.'], { cwd: root });
    expect(off.exitCode).toBe(0);
    expect(read(root, 'b.py')).toBe(ONLY);
    const on = await runCli(['--no-cache', '--write', '.'], { cwd: root });
    expect(on.exitCode).toBe(0);
    expect(read(root, 'b.py')).toContain('asyncio.get_running_loop().time()');

    const bad = await runCli(['.'], { cwd: makeTree({ 'pyproject.toml': config('"yes"'), 'b.py': ONLY }) });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('[tool.loopshift] unsafe-fixes: must be true or false');
  });
});

describe('--check', () => {
  test('fails on pending safe changes only, unless --unsafe-fixes', async () => {
    const only = makeTree({ 'b.py': ONLY });
    const plain = await runCli(['--no-cache', '--check', '.'], { cwd: only });
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toContain(HEADER); // still shown, marked
    expect((await runCli(['--no-cache', '--check', '--unsafe-fixes', '.'], { cwd: only })).exitCode).toBe(1);

    const both = makeTree({ 'a.py': BOTH });
    expect((await runCli(['--no-cache', '--check', '.'], { cwd: both })).exitCode).toBe(1);
    expect((await runCli(['--no-cache', '--check', '--unsafe-fixes', '.'], { cwd: both })).exitCode).toBe(1);
    expect(read(both, 'a.py')).toBe(BOTH);
  });
});

describe('--json', () => {
  test('gives every change its applicability and code, and counts the unsafe fixes in the summary', async () => {
    const root = makeTree({ 'a.py': BOTH, 'b.py': ONLY });
    const { report, exitCode } = await json(['--no-cache', '.'], root);
    expect(exitCode).toBe(0);
    const [a, b] = report.files;
    expect(a.status).toBe('changed');
    expect(a.changes).toEqual([
      { line: 5, column: 12, transform: 'get_running_loop', description: expect.stringContaining('in sync function helper()'), applicability: 'unsafe', code: 'LS801' },
      { line: 9, column: 12, transform: 'get_running_loop', description: expect.any(String), applicability: 'safe', code: null },
    ]);
    expect(a.diagnostics.map((d: { line: number; code: string }) => `${d.line} ${d.code}`)).toEqual(['5 LS801']);
    expect(b).toMatchObject({ status: 'unchanged', changes: [{ line: 5, applicability: 'unsafe', code: 'LS801' }] });
    expect(report.summary.unsafeFixes).toEqual({ enabled: false, pending: 2, pendingFiles: 2, onlyUnsafeFiles: 1, applied: 0, codes: { LS801: { pending: 2, applied: 0 } } });

    const taken = (await json(['--no-cache', '--unsafe-fixes', '.'], root)).report;
    expect(taken.files.map((f: { status: string }) => f.status)).toEqual(['changed', 'changed']);
    expect(taken.files[1].changes).toMatchObject([{ line: 5, applicability: 'unsafe', code: 'LS801' }]);
    expect(taken.files[0].diagnostics).toEqual([]);
    expect(taken.summary.unsafeFixes).toMatchObject({ enabled: true, pending: 0, applied: 2 });
    expect(taken.summary.changed).toBe(2);
  });
});

describe('-i', () => {
  test('asks about the unsafe fixes after the safe changes, under the marker', async () => {
    const root = makeTree({ 'a.py': BOTH, 'b.py': ONLY });
    const run = await runCli(['--no-cache', '-i', '.'], { cwd: root, input: 'y\nn\ny\n' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('loopshift: unsafe fixes (each may change behaviour: loopshift --explain CODE says how)\n--- a/a.py');
    expect(run.stderr).toContain('Apply to a.py? [y]es [n]o [a]ll remaining [q]uit [?]help Apply the unsafe fixes to a.py? [y]es [n]o');
    expect(run.stderr).not.toContain('Apply to b.py?'); // no safe change: only the unsafe question
    expect(run.stderr).toContain('Apply the unsafe fixes to b.py?');
    // a.py: safe yes, unsafe no; b.py: unsafe yes.
    expect(read(root, 'a.py')).toContain('    loop = asyncio.get_running_loop()\n');
    expect(read(root, 'a.py')).toContain('    return asyncio.get_event_loop()\n');
    expect(read(root, 'b.py')).toContain('asyncio.get_running_loop().time()');
    expect(run.stderr).toContain('2 changed (2 applied, 0 declined)');
    expect(run.stderr).toContain('loopshift: applied 1 unsafe fix (approved in the review; LS801: 1)');
    expect(run.stderr).toContain('loopshift: 1 unsafe fix in 1 file not applied (LS801: 1)');
  });

  test('[?] at the unsafe question explains it; end of input there keeps what was accepted', async () => {
    const root = makeTree({ 'a.py': BOTH });
    const run = await runCli(['--no-cache', '-i', '.'], { cwd: root, input: 'y\n?\n' });
    expect(run.stderr).toContain('y - apply these unsafe fixes too (they may change behaviour');
    expect(read(root, 'a.py')).toContain('    loop = asyncio.get_running_loop()\n');
    expect(read(root, 'a.py')).toContain('    return asyncio.get_event_loop()\n');
  });

  test('declining the safe changes skips the unsafe question; [a] applies the rest as --write would', async () => {
    const declined = makeTree({ 'a.py': BOTH });
    const no = await runCli(['--no-cache', '-i', '.'], { cwd: declined, input: 'n\n' });
    expect(no.stderr).not.toContain('Apply the unsafe fixes');
    expect(read(declined, 'a.py')).toBe(BOTH);

    const all = makeTree({ 'a.py': BOTH, 'b.py': ONLY });
    const run = await runCli(['--no-cache', '-i', '.'], { cwd: all, input: 'a\n' });
    expect(run.stderr).not.toContain('Apply the unsafe fixes');
    expect(run.stdout).toContain(HEADER); // shown, not applied
    expect(read(all, 'a.py')).toContain('    return asyncio.get_event_loop()\n');
    expect(read(all, 'b.py')).toBe(ONLY);

    const everything = makeTree({ 'a.py': BOTH, 'b.py': ONLY });
    const taken = await runCli(['--no-cache', '-i', '--unsafe-fixes', '.'], { cwd: everything, input: 'a\n' });
    expect(taken.stdout).toContain('loopshift: unsafe fixes (applied: [a]ll remaining)\n--- a/a.py');
    expect(read(everything, 'a.py')).toContain('    return asyncio.get_running_loop()\n');
    expect(read(everything, 'b.py')).toContain('asyncio.get_running_loop().time()');
  });
});

describe('the protocol', () => {
  const change = { line: 5, column: 12, transform: 'get_running_loop', description: 'd' };
  const unsafe = { source: 'y', changes: [{ ...change, applicability: 'unsafe', code: 'LS801' }], diagnostics: [], transforms: ['get_running_loop'] };

  test('an answer may carry the unsafe version, with changed or unchanged', () => {
    const changed = { id: 1, status: 'changed', source: 'x', transforms: ['t'], diagnostics: [], changes: [{ ...change, applicability: 'safe' }], unsafe };
    expect(parseAnswer(changed)).toEqual(changed);
    expect(parseAnswer({ id: 2, status: 'unchanged', diagnostics: [], unsafe })).toMatchObject({ unsafe });
  });

  test.each([
    ['an unsafe change without its code', { id: 1, status: 'unchanged', diagnostics: [], unsafe: { ...unsafe, changes: [{ ...change, applicability: 'unsafe' }] } }],
    ['an unknown applicability', { id: 1, status: 'changed', source: 'x', transforms: [], diagnostics: [], changes: [{ ...change, applicability: 'maybe' }] }],
    ['an unsafe version without source', { id: 1, status: 'unchanged', diagnostics: [], unsafe: { ...unsafe, source: undefined } }],
    ['an unsafe version on a skipped file', { id: 1, status: 'skipped', reason: 'r', diagnostics: [], unsafe }],
  ])('rejects %s', (_name, line) => {
    expect(() => parseAnswer(line)).toThrow(ProtocolError);
  });

  test("the hello carries a proposal on the code it answers", async () => {
    const code = (unsafeFix: unknown) => ({ code: 'LS801', summary: 's', explanation: 'e', unsafeFix });
    const hello = (codes: unknown[]) => ({ type: 'hello', protocol: 1, python: '3', executable: 'p', libcst: '1', pid: 1, transforms: [
      { name: 'loop_diagnostics', description: 'd', triggers: [], triggerPatterns: [], minTarget: '3.7', order: 90, codes }] });
    expect(parseHello(hello([code({ transform: 'get_running_loop', explanation: 'x' })]))).toBeTruthy();
    expect(() => parseHello(hello([code({ transform: 'get_running_loop' })]))).toThrow(ProtocolError);
  });
});

describe('the result cache', () => {
  test('keeps answers with and without proposals apart, and serves --unsafe-fixes from the same entry', async () => {
    const root = makeTree({ 'a.py': BOTH });
    const cold = await json(['.'], root);
    expect(cold.report.summary.cache).toMatchObject({ hits: 0, misses: 1 });
    // Without LS801 nothing is proposed: another key, and no proposal served from the first entry.
    const ignored = await json(['--ignore', 'LS801', '.'], root);
    expect(ignored.report.summary.cache).toMatchObject({ hits: 0, misses: 1 });
    expect(ignored.report.summary.unsafeFixes).toBeUndefined();
    expect(ignored.report.files[0].changes.map((c: { line: number }) => c.line)).toEqual([9]);
    // The first entry holds both texts: --write --unsafe-fixes needs no helper.
    const write = await json(['--write', '--unsafe-fixes', '.'], root);
    expect(write.report.summary.cache).toMatchObject({ hits: 1, misses: 0, helpersStarted: 0 });
    expect(read(root, 'a.py')).toContain('    return asyncio.get_running_loop()\n');
  });

  test('the key names the codes whose proposals were asked for', () => {
    const parts = { helper: 'h', path: 'a.py', transforms: ['get_running_loop'], target: '3.9', facts: undefined, bytes: Buffer.from(BOTH) };
    expect(ResultCache.keyOf({ ...parts, unsafe: ['LS801'] })).not.toBe(ResultCache.keyOf(parts));
    expect(ResultCache.keyOf({ ...parts, unsafe: [] })).toBe(ResultCache.keyOf(parts));
  });
});

describe('which sites get an unsafe fix', () => {
  test('none for a code that is not selected, or under a suppression comment', async () => {
    const root = makeTree({ 'b.py': ONLY, 'c.py': ONLY.replace('.time()', '.time()  # noqa: LS801') });
    const ignored = await runCli(['--no-cache', '--ignore', 'LS801', '.'], { cwd: root });
    expect(ignored.stdout).toBe('');
    const run = await runCli(['--no-cache', '.'], { cwd: root });
    expect(run.stdout).toContain('+++ b/b.py');
    expect(run.stdout).not.toContain('c.py');
    expect(run.stderr).toContain('(1 unsafe fix in 1 file not applied; LS801: 1)');
  });

  test('every unsafe fix over the fixtures answers a diagnostic of its code at the same place', async () => {
    const root = makeTree({});
    cpSync(FIXTURES, path.join(root, 'fixtures'), { recursive: true, filter: (source) => !source.endsWith('.output.py') });
    const { report } = await json(['--no-cache', '--target-version', '3.8', 'fixtures'], root);
    const fixes: Record<string, number> = {};
    for (const file of report.files) {
      const reported = new Set(file.diagnostics.map((d: { line: number; column: number; code: string }) => `${d.code} ${d.line}:${d.column}`));
      for (const change of file.changes.filter((c: { applicability: string }) => c.applicability === 'unsafe')) {
        fixes[change.code] = (fixes[change.code] ?? 0) + 1;
        const at = `${change.code} ${change.line}:${change.column}`;
        expect(`${file.path} ${at} ${reported.has(at)}`).toBe(`${file.path} ${at} true`);
      }
    }
    expect(fixes.LS801).toBeGreaterThan(5);
    expect(fixes.LS805).toBeGreaterThanOrEqual(4); // asyncio_run/sync_tests_ls805_unsafe_runnable
  }, 120_000);
});

describe('--explain, editor mode and --statistics', () => {
  test('--explain says what the unsafe fix may change, only for a code that has one', async () => {
    const ls801 = await runCli(['--explain', 'LS801']);
    expect(ls801.stdout).toMatch(/\n\nUnsafe fix: get_event_loop\(\) -> get_running_loop\(\)/);
    expect(ls801.stdout).toContain("a running loop now gets RuntimeError ('no running event loop')");
    expect(ls801.stdout).toContain('applied only with --unsafe-fixes');
    expect((await runCli(['--explain', 'LS802'])).stdout).toContain('Unsafe fix');
    expect((await runCli(['--explain', 'LS806'])).stdout).not.toContain('Unsafe fix');
    const help = (await runCli(['--help'])).stdout;
    for (const text of ['--unsafe-fixes', 'Safe and unsafe fixes:', 'marked "unsafe fixes"']) expect(help).toContain(text);
  });

  test('editor mode prints the safe text, or with --unsafe-fixes the text with them', async () => {
    const plain = await runCli(['-', '--stdin-filename', 'b.py'], { cwd: makeTree({}), input: ONLY });
    expect(plain.stdout).toBe(ONLY);
    const unsafe = await runCli(['-', '--stdin-filename', 'b.py', '--unsafe-fixes'], { cwd: makeTree({}), input: ONLY });
    expect(unsafe.stdout).toBe(ONLY.replace('get_event_loop', 'get_running_loop'));
  });

  test('--format github and --report say which diagnostics have an unsafe fix pending, and list the fixes', async () => {
    const root = makeTree({ 'a.py': BOTH, 'b.py': ONLY });
    const github = await runCli(['--no-cache', '--format', 'github', '.'], { cwd: root });
    const ls801 = github.stdout.split('\n').filter((line) => line.includes('title=loopshift LS801'));
    expect(ls801).toHaveLength(2);
    for (const line of ls801) expect(line).toContain('(an unsafe fix is available: loopshift --unsafe-fixes applies it');
    const report = path.join(root, 'report.md');
    await runCli(['--no-cache', '--report', report, 'a.py', 'b.py'], { cwd: root });
    const md = read(root, 'report.md');
    expect(md).toContain('## Unsafe fixes proposed');
    expect(md).toMatch(/### `b\.py`\n\n- line 5: .* \(answers LS801\)/);
    expect(md).toMatch(/\| `a\.py` \| 5:12 \| LS801 \| .* \(unsafe fix proposed\) \|/);
    // Taken, they are rewrites, and nothing is left pending.
    await runCli(['--no-cache', '--unsafe-fixes', '--report', report, 'a.py', 'b.py'], { cwd: root });
    expect(read(root, 'report.md')).not.toContain('## Unsafe fixes proposed');
  });

  test('--statistics counts safe fixes as fixable and pending unsafe ones per code; the summary says how many', async () => {
    const root = makeTree({ 'a.py': BOTH, 'b.py': ONLY });
    const run = await runCli(['--no-cache', '--statistics', '.'], { cwd: root });
    const rows = run.stdout.slice(run.stdout.indexOf('count  code')).trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(rows[0].slice(0, 4)).toEqual(['count', 'code', 'fixable', 'unsafe']);
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual([['2', 'LS801', '0', '2'], ['1', 'get_running_loop', '1', '0']]);
    expect(run.stderr).toContain('(2 unsafe fixes in 2 files not applied; LS801: 2)');
    const applied = JSON.parse((await runCli(['--no-cache', '--json', '--statistics', '--unsafe-fixes', '.'], { cwd: root })).stdout);
    expect(applied.summary.statistics).toEqual([
      { kind: 'rewrite', code: null, transform: 'get_running_loop', summary: expect.any(String), count: 3, fixable: 3, unsafe: 0, suppressed: 0 },
    ]);
  });
});
