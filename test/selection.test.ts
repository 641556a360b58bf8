/** Rule selection (issue 13), end to end through the real CLI: --select, --extend-select, --ignore,
 * [tool.loopshift] select/extend-select/ignore/per-file-ignores, # loopshift: skip-file, --statistics. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { TEST_TRANSFORMS } from './support/paths.js';

// One file, three families: LS801 (line 5) and LS804 (line 10) from loop_diagnostics, a get_running_loop
// rewrite (line 14) and a drop_loop_arg rewrite (line 15).
const MIXED = [
  'import asyncio', '', '', 'def helper():', '    return asyncio.get_event_loop()', '', '',
  'class Client:', '    def __init__(self, loop=None):', '        self.loop = loop or asyncio.get_event_loop()', '', '',
  'async def main():', '    loop = asyncio.get_event_loop()', '    await asyncio.sleep(1, loop=None)', '    return loop', '',
].join('\n');

const codes = (stderr: string) => [...stderr.matchAll(/^\S+:\d+:\d+: (LS\d+) /gm)].map((m) => m[1]);
const diffs = (stdout: string) => ({
  runningLoop: stdout.includes('+    loop = asyncio.get_running_loop()'),
  dropLoop: stdout.includes('+    await asyncio.sleep(1)\n'),
});

describe('--select, --extend-select, --ignore', () => {
  test('by default every transform runs and every code is shown', async () => {
    const root = makeTree({ 'app.py': MIXED });
    const run = await runCli(['app.py'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(codes(run.stderr)).toEqual(['LS801', 'LS804']);
    expect(diffs(run.stdout)).toEqual({ runningLoop: true, dropLoop: true });
  });

  test('by prefix, by code, by name; comma-separated and repeatable', async () => {
    const root = makeTree({ 'app.py': MIXED });
    // LS8: loop_diagnostics only; the transforms with no selected code do not run.
    const prefix = await runCli(['--select', 'LS8', 'app.py'], { cwd: root });
    expect(prefix.exitCode).toBe(0);
    expect(codes(prefix.stderr)).toEqual(['LS801', 'LS804']);
    expect(prefix.stdout).toBe('');
    const code = await runCli(['--select', 'LS804', 'app.py'], { cwd: root });
    expect(codes(code.stderr)).toEqual(['LS804']);
    const longer = await runCli(['--select', 'LS80', 'app.py'], { cwd: root });
    expect(codes(longer.stderr)).toEqual(['LS801', 'LS804']);
    const name = await runCli(['--select', 'get_running_loop', 'app.py'], { cwd: root });
    expect(codes(name.stderr)).toEqual([]);
    expect(diffs(name.stdout)).toEqual({ runningLoop: true, dropLoop: false });
    const listed = await runCli(['--select', 'get_running_loop, LS801', '--select', 'drop_loop_arg', 'app.py'], { cwd: root });
    expect(codes(listed.stderr)).toEqual(['LS801']);
    expect(diffs(listed.stdout)).toEqual({ runningLoop: true, dropLoop: true });
    const everything = await runCli(['--select', 'ls', '--extend-select', 'ALL', 'app.py'], { cwd: root });
    expect(codes(everything.stderr)).toEqual(['LS801', 'LS804']);
  });

  test('the more specific selector wins; at equal specificity ignore wins', async () => {
    const root = makeTree({ 'app.py': MIXED });
    const specific = await runCli(['--ignore', 'LS8', '--extend-select', 'LS801', 'app.py'], { cwd: root });
    expect(codes(specific.stderr)).toEqual(['LS801']);
    expect(diffs(specific.stdout)).toEqual({ runningLoop: true, dropLoop: true });
    const reverse = await runCli(['--select', 'LS801', '--ignore', 'LS', 'app.py'], { cwd: root });
    expect(codes(reverse.stderr)).toEqual(['LS801']);
    // A transform name is as specific as its one-digit prefix: ignore wins over it.
    const tie = await runCli(['--select', 'loop_diagnostics,get_running_loop', '--ignore', 'LS8', 'app.py'], { cwd: root });
    expect(codes(tie.stderr)).toEqual([]);
    expect(diffs(tie.stdout)).toEqual({ runningLoop: true, dropLoop: false });
  });

  test('an ignored transform makes no rewrite, even with --write; an ignored code only hides its diagnostics', async () => {
    const root = makeTree({ 'app.py': MIXED });
    const run = await runCli(['--write', '--ignore', 'drop_loop_arg', '--ignore', 'LS804', 'app.py'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(codes(run.stderr)).toEqual(['LS801']);
    expect(run.stderr).toContain('1 diagnostic');
    const written = readFileSync(path.join(root, 'app.py'), 'utf8');
    expect(written).toContain('    loop = asyncio.get_running_loop()\n');
    expect(written).toContain('    await asyncio.sleep(1, loop=None)\n'); // drop_loop_arg did not run
    // Its codes all ignored by prefix: the same.
    const check = await runCli(['--check', '--ignore', 'LS6', 'app.py'], { cwd: root });
    expect(check.exitCode).toBe(0); // nothing pending: the one remaining rewrite is drop_loop_arg's
    expect((await runCli(['--check', 'app.py'], { cwd: root })).exitCode).toBe(1);
  });

  test('diagnostics not selected are neither printed nor counted (--json)', async () => {
    const root = makeTree({ 'app.py': MIXED });
    const run = await runCli(['--json', '--ignore', 'LS801', 'app.py'], { cwd: root });
    const report = JSON.parse(run.stdout);
    expect(report.summary).toMatchObject({ diagnostics: 1, suppressed: 0 });
    expect(report.files[0].diagnostics.map((d: { code: string }) => d.code)).toEqual(['LS804']);
  });

  test('-t narrows the transforms first; the selection picks among them', async () => {
    const root = makeTree({ 'app.py': MIXED });
    const among = await runCli(['-t', 'get_running_loop', '-t', 'loop_diagnostics', '--select', 'LS801', 'app.py'], { cwd: root });
    expect(among.exitCode).toBe(0);
    expect(codes(among.stderr)).toEqual(['LS801']);
    expect(among.stdout).toBe(''); // get_running_loop has no selected code: it does not run
    const none = await runCli(['-t', 'get_running_loop', '--select', 'LS8', 'app.py'], { cwd: root });
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('the rule selection leaves no transform to run among get_running_loop');
  });

  test('unknown codes, prefixes and names are usage errors that list the valid ones', async () => {
    const root = makeTree({ 'app.py': MIXED });
    const before = snapshot(root);
    for (const [flag, value] of [['--select', 'LS999'], ['--ignore', 'LS0'], ['--extend-select', 'no_such_transform'], ['--select', 'E501']]) {
      const run = await runCli([flag, value, '--write', 'app.py'], { cwd: root });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(`unknown rule selector "${value}" (in ${flag})`);
      expect(run.stderr).toContain('drop_loop_arg: LS6 (LS601…LS607)');
      expect(run.stderr).toContain('loop_diagnostics: LS8 (LS801…LS814)');
      expect(run.stdout).toBe('');
    }
    const nothing = await runCli(['--ignore', 'ALL', 'app.py'], { cwd: root });
    expect(nothing.exitCode).toBe(2);
    expect(nothing.stderr).toContain('leaves no transform to run');
    expect(snapshot(root)).toEqual(before);
  });

  test('a transform that declares no code is selected by its name or ALL', async () => {
    // fault_injection (test/test-transforms) has no codes: LS8 does not run it, its name does.
    const root = makeTree({ 'app.py': MIXED, 'crash.py': '# LOOPSHIFT_CRASH_HELPER\n' });
    const env = { LOOPSHIFT_EXTRA_TRANSFORMS: TEST_TRANSFORMS };
    const all = await runCli(['--json', '-j', '1', '.'], { cwd: root, env });
    expect(JSON.parse(all.stdout).summary).toMatchObject({ failed: 1 });
    const without = await runCli(['--json', '-j', '1', '--select', 'LS8', '.'], { cwd: root, env });
    expect(JSON.parse(without.stdout).summary).toMatchObject({ failed: 0 });
    const byName = await runCli(['--json', '-j', '1', '--select', 'LS8,fault_injection', '.'], { cwd: root, env });
    expect(JSON.parse(byName.stdout).summary).toMatchObject({ failed: 1 });
  });
});

describe('[tool.loopshift] select, extend-select, ignore', () => {
  const pyproject = (body: string) => `[project]\nname = "x"\n\n[tool.loopshift]\n${body}\n`;

  test('the config selects; --select replaces it, --extend-select and --ignore add to it', async () => {
    const root = makeTree({ 'pyproject.toml': pyproject('select = ["LS8"]\nignore = ["LS804"]'), 'app.py': MIXED });
    const config = await runCli(['app.py'], { cwd: root });
    expect(codes(config.stderr)).toEqual(['LS801']);
    expect(config.stdout).toBe('');
    const extend = await runCli(['--extend-select', 'get_running_loop', 'app.py'], { cwd: root });
    expect(codes(extend.stderr)).toEqual(['LS801']); // the config's ignore still holds
    expect(diffs(extend.stdout)).toEqual({ runningLoop: true, dropLoop: false });
    const ignore = await runCli(['--ignore', 'LS801', '--extend-select', 'LS804', 'app.py'], { cwd: root });
    expect(codes(ignore.stderr)).toEqual(['LS804']);
    const replaced = await runCli(['--select', 'LS804,drop_loop_arg', 'app.py'], { cwd: root });
    expect(codes(replaced.stderr)).toEqual(['LS804']); // the config's select and ignore are gone
    expect(diffs(replaced.stdout)).toEqual({ runningLoop: false, dropLoop: true });
  });

  test('extend-select in the config adds to the default; transforms = [...] narrows first', async () => {
    const root = makeTree({
      'pyproject.toml': pyproject('transforms = ["loop_diagnostics", "drop_loop_arg"]\nignore = ["LS8"]\nextend-select = ["LS804"]'),
      'app.py': MIXED,
    });
    const run = await runCli(['app.py'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(codes(run.stderr)).toEqual(['LS804']);
    expect(diffs(run.stdout)).toEqual({ runningLoop: false, dropLoop: true });
  });

  test('bad values are usage errors naming the file and the key', async () => {
    const cases: [string, string][] = [
      ['select = "LS8"', 'select: must be a list of strings'],
      ['ignore = ["LS0"]', 'unknown rule selector "LS0" (in '],
      ['per-file-ignores = ["LS8"]', 'per-file-ignores: must be a table'],
      ['[tool.loopshift.per-file-ignores]\n"tests/*" = "LS8"', 'per-file-ignores "tests/*": must be a list of strings'],
      ['[tool.loopshift.per-file-ignores]\n"tests/*" = ["nope"]', 'unknown rule selector "nope" (in '],
    ];
    for (const [body, message] of cases) {
      const root = makeTree({ 'pyproject.toml': pyproject(body), 'app.py': MIXED });
      const run = await runCli(['app.py'], { cwd: root });
      expect({ body, exitCode: run.exitCode }).toEqual({ body, exitCode: 2 });
      expect(run.stderr).toContain(message);
      expect(run.stderr).toContain('pyproject.toml');
      expect(run.stdout).toBe('');
    }
  });
});

describe('per-file-ignores', () => {
  test('drops ignored codes for matching files and does not run an ignored transform there', async () => {
    const root = makeTree({
      'pyproject.toml': '[tool.loopshift.per-file-ignores]\n"tests/**" = ["LS801", "drop_loop_arg"]\n"gen_*.py" = ["LS"]\n',
      'src/app.py': MIXED, 'tests/test_app.py': MIXED, 'src/gen_code.py': MIXED,
    });
    const run = await runCli(['--write', '--json', '.'], { cwd: root });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    const byPath = new Map(report.files.map((f: { path: string }) => [f.path, f]));
    // Every transform ignored for gen_code.py: it is not even a candidate.
    expect([...byPath.keys()]).toEqual([path.join('src', 'app.py'), path.join('tests', 'test_app.py')]);
    const code = (file: string) => (byPath.get(file) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(code(path.join('src', 'app.py'))).toEqual(['LS801', 'LS804']);
    expect(code(path.join('tests', 'test_app.py'))).toEqual(['LS804']);
    expect(report.summary).toMatchObject({ candidates: 2, changed: 2, diagnostics: 3, suppressed: 1 });
    const tests = readFileSync(path.join(root, 'tests', 'test_app.py'), 'utf8');
    expect(tests).toContain('    loop = asyncio.get_running_loop()\n');
    expect(tests).toContain('    await asyncio.sleep(1, loop=None)\n'); // drop_loop_arg did not run on it
    expect(readFileSync(path.join(root, 'src', 'app.py'), 'utf8')).toContain('    await asyncio.sleep(1)\n');
    expect(readFileSync(path.join(root, 'src', 'gen_code.py'), 'utf8')).toBe(MIXED);
  });

  test('globs are relative to the pyproject.toml, and the summary counts suppressions', async () => {
    const root = makeTree({
      'proj/pyproject.toml': '[tool.loopshift]\nper-file-ignores = { "/app.py" = ["LS801"] }\n',
      'proj/app.py': MIXED, 'proj/sub/app.py': MIXED,
    });
    const run = await runCli(['proj'], { cwd: root });
    expect(run.exitCode).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => /: LS\d+ /.test(l)).map((l) => l.split(' ').slice(0, 2).join(' '));
    const [top, sub] = [path.join('proj', 'app.py'), path.join('proj', 'sub', 'app.py')];
    expect(lines).toEqual([`${top}:10:29: LS804`, `${sub}:5:12: LS801`, `${sub}:10:29: LS804`]);
    expect(run.stderr).toContain('3 diagnostics, 1 suppressed');
  });
});

describe('# loopshift: skip-file', () => {
  const SKIPPED = `# loopshift: skip-file\n${MIXED}`;

  test('skips the file with its reason and never changes it', async () => {
    const root = makeTree({ 'a.py': SKIPPED, 'b.py': `${MIXED}\n    # loopshift:   skip-file  \n`, 'c.py': MIXED });
    const before = snapshot(root);
    const text = await runCli(['--write', '.'], { cwd: root });
    expect(text.exitCode).toBe(0);
    expect(text.stderr).toContain('a.py: skipped: loopshift: skip-file\n');
    expect(text.stderr).toContain('b.py: skipped: loopshift: skip-file\n');
    expect(text.stderr).toContain('1 changed (1 written), 0 unchanged, 2 skipped');
    expect(codes(text.stderr)).toEqual(['LS801', 'LS804']); // c.py's only
    const after = snapshot(root);
    expect(after.get('a.py')).toEqual(before.get('a.py'));
    expect(after.get('b.py')).toEqual(before.get('b.py'));
    expect(after.get('c.py')).not.toEqual(before.get('c.py'));
    const json = JSON.parse((await runCli(['--json', 'a.py'], { cwd: root })).stdout);
    expect(json.files[0]).toMatchObject({ status: 'skipped', reason: 'loopshift: skip-file', changes: [], diagnostics: [] });
  });

  test('is never sent to the helper', async () => {
    // fault_injection kills its helper on this word: a file sent to it would fail.
    const root = makeTree({ 'crash.py': '# loopshift: skip-file\n# LOOPSHIFT_CRASH_HELPER\n' });
    const run = await runCli(['--json', '-j', '1', '.'], { cwd: root, env: { LOOPSHIFT_EXTRA_TRANSFORMS: TEST_TRANSFORMS } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ skipped: 1, failed: 0, helperRestarts: 0 });
  });

  test('counts only as a comment on a line of its own', async () => {
    const inString = `X = """\n# loopshift: skip-file\n"""\n${MIXED}`;
    const trailing = `${MIXED}x = 1  # loopshift: skip-file\n`;
    const root = makeTree({ 'a.py': inString, 'b.py': trailing });
    const run = await runCli(['--json', '.'], { cwd: root });
    expect(JSON.parse(run.stdout).summary).toMatchObject({ changed: 2, skipped: 0 });
  });

  test('in editor mode the text comes back unchanged', async () => {
    const run = await runCli(['-', '--stdin-filename', 'app.py'], { cwd: makeTree({}), input: SKIPPED });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(SKIPPED);
  });
});

describe('--statistics', () => {
  test('prints a table of codes and rewrites, most frequent first', async () => {
    const root = makeTree({ 'a.py': MIXED, 'b.py': MIXED, 'c.py': 'import asyncio\n\n\ndef f():\n    return asyncio.get_event_loop()\n' });
    const run = await runCli(['--statistics', '.'], { cwd: root });
    expect(run.exitCode).toBe(0);
    const table = run.stdout.slice(run.stdout.indexOf('count  code'));
    const rows = table.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
    // LS801 has unsafe fixes (get_running_loop proposes them): pending, so the unsafe column shows.
    expect(rows[0]).toEqual(['count', 'code', 'fixable', 'unsafe', 'summary']);
    expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual([
      ['3', 'LS801', '0', '3'], ['2', 'LS804', '0', '0'], ['2', 'drop_loop_arg', '2', '0'], ['2', 'get_running_loop', '2', '0'],
    ]);
    expect(rows[1][4]).toBe('get_event_loop() in a sync function: the loop depends on the caller');
    expect(rows[3][4]).toMatch(/^rewrites: drop loop=/);
    // The diffs come first; the table is the end of stdout.
    expect(run.stdout.indexOf('+++ b/a.py')).toBeLessThan(run.stdout.indexOf('count  code'));
  });

  test('follows the selection, and shows suppressions', async () => {
    const root = makeTree({ 'pyproject.toml': '[tool.loopshift.per-file-ignores]\n"b.py" = ["LS804"]\n', 'a.py': MIXED, 'b.py': MIXED });
    const run = await runCli(['--statistics', '--select', 'LS8', '.'], { cwd: root });
    const rows = run.stdout.trimEnd().split('\n').map((line) => line.trim().split(/\s{2,}/));
    expect(rows).toEqual([
      ['count', 'code', 'fixable', 'suppressed', 'summary'],
      ['2', 'LS801', '0', '0', 'get_event_loop() in a sync function: the loop depends on the caller'],
      ['1', 'LS804', '0', '1', expect.stringContaining('loop captured at construction')],
    ]);
  });

  test('--json puts it in summary.statistics; without --statistics there is none', async () => {
    const root = makeTree({ 'a.py': MIXED });
    const run = await runCli(['--json', '--statistics', '--ignore', 'LS804', 'a.py'], { cwd: root });
    const { summary } = JSON.parse(run.stdout);
    expect(summary.statistics).toEqual([
      { kind: 'diagnostic', code: 'LS801', transform: 'loop_diagnostics', summary: expect.any(String), count: 1, fixable: 0, unsafe: 1, suppressed: 0 },
      { kind: 'rewrite', code: null, transform: 'drop_loop_arg', summary: expect.any(String), count: 1, fixable: 1, unsafe: 0, suppressed: 0 },
      { kind: 'rewrite', code: null, transform: 'get_running_loop', summary: expect.any(String), count: 1, fixable: 1, unsafe: 0, suppressed: 0 },
    ]);
    expect(JSON.parse((await runCli(['--json', 'a.py'], { cwd: root })).stdout).summary.statistics).toBeUndefined();
  });

  test('nothing to count: no table; with sarif, github or stdin: a usage error', async () => {
    const root = makeTree({ 'clean.py': 'import asyncio\n\n\nasync def f():\n    return asyncio.get_running_loop()\n' });
    const clean = await runCli(['--statistics', '.'], { cwd: root });
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toBe('');
    for (const args of [['--format', 'sarif', '.'], ['--format', 'github', '.'], ['-', '--stdin-filename', 'x.py']]) {
      const run = await runCli(['--statistics', ...args], { cwd: root, input: '' });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('--statistics');
    }
  });
});

describe('documentation in the CLI', () => {
  test('--list-transforms shows each code prefix; --help explains selection', async () => {
    const list = await runCli(['--list-transforms']);
    expect(list.stdout).toMatch(/^loop_diagnostics\s+3\.7\+\s+LS8\s+report/m);
    expect(list.stdout).toMatch(/^drop_loop_arg\s+3\.7\+\s+LS6\s+/m);
    const help = await runCli(['--help']);
    for (const flag of ['--select', '--extend-select', '--ignore', '--statistics', 'Rule selection:']) expect(help.stdout).toContain(flag);
  });
});
