/** End to end: the built CLI, the real helper and LibCST, on throwaway folders. */
import { readFileSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { CLI, pyenvPython, TEST_TRANSFORMS } from './support/paths.js';

const LEGACY = 'import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n    return loop.time()\n';
const CLEAN = 'import asyncio\n\n\nasync def main():\n    return asyncio.get_running_loop().time()\n';

describe('dry run', () => {
  test('prints a unified diff and leaves every file byte-identical', async () => {
    const root = makeTree({ 'pkg/app.py': LEGACY, 'pkg/clean.py': CLEAN, 'pkg/notes.txt': 'get_event_loop()' });
    const before = snapshot(root);
    const run = await runCli(['-t', 'get_running_loop', 'pkg'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('--- a/pkg/app.py\n+++ b/pkg/app.py\n');
    expect(run.stdout).toContain('-    loop = asyncio.get_event_loop()\n+    loop = asyncio.get_running_loop()\n');
    expect(run.stdout).not.toContain('clean.py');
    expect(run.stdout).not.toContain('\u001b['); // not a TTY: no colour
    expect(run.stderr).toMatch(/2 files scanned, 1 candidate: 1 changed \(dry run\), 0 unchanged, 0 skipped, 0 failed/);
    expect(snapshot(root)).toEqual(before);
  });

  test('colours only when asked (not on a pipe by default)', async () => {
    const root = makeTree({ 'app.py': LEGACY });
    expect((await runCli(['--color', 'app.py'], { cwd: root })).stdout).toContain('\u001b[32m+');
    expect((await runCli(['app.py'], { cwd: root })).stdout).not.toContain('\u001b[');
  });

  test('honours .gitignore and skips virtualenvs and other default excludes', async () => {
    const root = makeTree({
      '.gitignore': 'generated/\n', 'src/app.py': LEGACY, 'generated/app.py': LEGACY,
      '.venv/lib/mod.py': LEGACY, 'venv/mod.py': LEGACY, 'node_modules/x/mod.py': LEGACY, 'src/skip_me.py': LEGACY,
    });
    const run = await runCli(['.', '--exclude', 'src/skip_*.py'], { cwd: root });
    expect(run.exitCode).toBe(0);
    const changed = [...run.stdout.matchAll(/^\+\+\+ b\/(.*)$/gm)].map((m) => m[1]);
    expect(changed).toEqual(['src/app.py']);
  });

  test('-t and --exclude take one value each, so paths may follow them', async () => {
    const root = makeTree({ 'a/app.py': LEGACY, 'b/app.py': LEGACY });
    const run = await runCli(['-t', 'get_running_loop', '--exclude', 'nothing', 'a', 'b'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect([...run.stdout.matchAll(/^\+\+\+ (.*)$/gm)].map((m) => m[1])).toEqual(['b/a/app.py', 'b/b/app.py']);
  });

  test('de-duplicates a file named twice and keeps paths relative as given', async () => {
    const root = makeTree({ 'a/app.py': LEGACY });
    const run = await runCli(['a', 'a/app.py', './a'], { cwd: root });
    expect([...run.stdout.matchAll(/^\+\+\+ (.*)$/gm)].map((m) => m[1])).toEqual(['b/a/app.py']);
  });
});

describe('--check', () => {
  test('exits 1 when something would change', async () => {
    const root = makeTree({ 'app.py': LEGACY });
    const run = await runCli(['--check', '.'], { cwd: root });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('1 would change');
  });

  test('exits 0 when nothing would change', async () => {
    const root = makeTree({ 'app.py': CLEAN, 'other.py': 'print("hello")\n' });
    const run = await runCli(['--check', '.'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
  });
});

describe('--json', () => {
  test('prints one document in the documented format', async () => {
    const nested = 'import asyncio\n\nasync def main():\n    def cb():\n        return asyncio.get_event_loop()\n    return cb\n';
    const root = makeTree({ 'src/app.py': LEGACY, 'src/nested.py': nested, 'src/broken.py': 'def get_event_loop(:\n' });
    const run = await runCli(['--json', 'src'], { cwd: root });
    expect(run.exitCode).toBe(1); // broken.py failed
    const report = JSON.parse(run.stdout);
    expect(report.version).toBe(1);
    expect(report.summary).toMatchObject({ filesScanned: 3, candidates: 3, changed: 1, unchanged: 1, failed: 1, diagnostics: 1 });
    expect(typeof report.summary.seconds).toBe('number');
    const byPath = Object.fromEntries(report.files.map((f: { path: string }) => [f.path, f]));
    expect(Object.keys(byPath)).toEqual(['src/app.py', 'src/broken.py', 'src/nested.py']);
    expect(byPath['src/app.py']).toMatchObject({
      status: 'changed', transforms: ['get_running_loop'], changes: [{ line: 5, transform: 'get_running_loop' }], diagnostics: [], error: null,
    });
    expect(byPath['src/nested.py']).toMatchObject({
      status: 'unchanged', diagnostics: [{ line: 5, column: 16, code: 'LS101' }],
    });
    expect(byPath['src/nested.py'].diagnostics[0].message).toContain('nested function');
    expect(byPath['src/broken.py'].status).toBe('failed');
    expect(byPath['src/broken.py'].error).toMatch(/ParseError/);
  });
});

describe('bad input loses nothing and stops nothing', () => {
  test('an unparsable file is reported as failed and the other files are still processed', async () => {
    const root = makeTree({ 'a_broken.py': 'async def f(:\n    get_event_loop()\n', 'b_app.py': LEGACY });
    const before = snapshot(root);
    const run = await runCli(['.'], { cwd: root });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^a_broken\.py:1:13: error: ParseError: invalid syntax$/m);
    expect(run.stdout).toContain('+++ b/b_app.py');
    expect(snapshot(root)).toEqual(before);
  });

  test('mixed CR and CRLF line endings (a LibCST panic) do not stop the run', async () => {
    const root = makeTree({ 'a_mixed.py': Buffer.from('import asyncio\r\nx = (1,\r 2)\r\nasyncio.get_event_loop()\r\n'), 'b_app.py': LEGACY });
    const run = await runCli(['--json', '.'], { cwd: root });
    const report = JSON.parse(run.stdout);
    expect(report.files.map((f: { path: string; status: string }) => `${f.path}:${f.status}`)).toEqual(['a_mixed.py:failed', 'b_app.py:changed']);
    expect(report.files[0].error).toMatch(/ParseError/);
    expect(run.exitCode).toBe(1);
  });

  test('a file that is not UTF-8 is reported, not guessed at', async () => {
    const root = makeTree({ 'latin.py': Buffer.from('# caf\xe9\nimport asyncio\nasyncio.get_event_loop()\n', 'latin1'), 'b_app.py': LEGACY });
    const run = await runCli(['.'], { cwd: root });
    expect(run.stderr).toMatch(/latin\.py: error: EncodingError: not valid UTF-8/);
    expect(run.stdout).toContain('+++ b/b_app.py');
    expect(run.exitCode).toBe(1);
  });

  test('a helper killed mid-file fails only that file; the helper is restarted and the run completes', async () => {
    const root = makeTree({ 'a.py': LEGACY, 'b_crash.py': '# LOOPSHIFT_CRASH_HELPER\n', 'c.py': LEGACY, 'd_noise.py': `# LOOPSHIFT_PRINT_NOISE\n${LEGACY}`, 'e_exit.py': '# LOOPSHIFT_RAISE\n' });
    const run = await runCli(['--json', '-j', '1', '.'], { cwd: root, env: { LOOPSHIFT_EXTRA_TRANSFORMS: TEST_TRANSFORMS } });
    const report = JSON.parse(run.stdout);
    const statuses = report.files.map((f: { path: string; status: string }) => `${f.path}:${f.status}`);
    expect(statuses).toEqual(['a.py:changed', 'b_crash.py:failed', 'c.py:changed', 'd_noise.py:changed', 'e_exit.py:failed']);
    expect(report.files[1].error).toMatch(/HelperCrash: the helper stopped \(exit code 7\)/);
    expect(report.files[4].error).toMatch(/SystemExit/);
    expect(report.summary.helperRestarts).toBe(1);
    expect(run.exitCode).toBe(1);
  });

  test('a hung helper times out; the file fails and the run goes on', async () => {
    const root = makeTree({ 'a_hang.py': '# LOOPSHIFT_HANG_HELPER\n', 'b.py': LEGACY });
    const run = await runCli(['--json', '-j', '1', '--timeout', '2', '.'], { cwd: root, env: { LOOPSHIFT_EXTRA_TRANSFORMS: TEST_TRANSFORMS } });
    const report = JSON.parse(run.stdout);
    expect(report.files.map((f: { status: string }) => f.status)).toEqual(['failed', 'changed']);
    expect(report.files[0].error).toMatch(/Timeout: no answer within 2s/);
    expect(run.exitCode).toBe(1);
  });
});

describe('environment and usage errors', () => {
  test('a Python without libcst: exit 2 and a message that says how to fix it', async () => {
    const root = makeTree({ 'app.py': LEGACY });
    const python = pyenvPython('3.12.1');
    const run = await runCli(['--python', python, '.'], { cwd: root });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(python);
    expect(run.stderr).toMatch(/has no libcst/);
    expect(run.stderr).toContain('python3 -m pip install libcst');
    expect(run.stdout).toBe('');
  });

  test('LOOPSHIFT_PYTHON is used, and a missing interpreter is named', async () => {
    const root = makeTree({ 'app.py': LEGACY });
    const run = await runCli(['.'], { cwd: root, env: { LOOPSHIFT_PYTHON: '/nonexistent/python9' } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('/nonexistent/python9');
    expect(run.stderr).toContain('LOOPSHIFT_PYTHON');
  });

  test('unknown flags, transforms and paths exit 2', async () => {
    const root = makeTree({ 'app.py': LEGACY });
    expect((await runCli(['--frobnicate'], { cwd: root })).exitCode).toBe(2);
    const unknown = await runCli(['-t', 'no_such_transform', '.'], { cwd: root });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('unknown transform no_such_transform');
    expect((await runCli(['missing-dir'], { cwd: root })).exitCode).toBe(2);
    expect((await runCli(['--target-version', '2.7', '.'], { cwd: root })).exitCode).toBe(2);
  });

  test('--list-transforms and --explain', async () => {
    const list = await runCli(['--list-transforms']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^get_running_loop\s+3\.7\+/m);
    const explain = await runCli(['--explain', 'LS101']);
    expect(explain.exitCode).toBe(0);
    expect(explain.stdout).toContain('LS101');
    expect((await runCli(['--explain', 'LS999'])).exitCode).toBe(2);
  });
});

describe('target version', () => {
  test('is read from the nearest pyproject.toml, and a flag wins', async () => {
    const root = makeTree({ 'proj/pyproject.toml': '[project]\nname = "x"\nrequires-python = ">=3.8, <4"\n', 'proj/src/app.py': LEGACY });
    const fromConfig = await runCli(['proj/src'], { cwd: root });
    expect(fromConfig.stderr).toContain(`target Python 3.8 (from ${path.join('proj', 'pyproject.toml')} requires-python)`);
    const fromFlag = await runCli(['--target-version', '3.12', 'proj/src'], { cwd: root });
    expect(fromFlag.stderr).toContain('target Python 3.12 (from --target-version)');
    const fallback = await runCli(['proj/src/app.py'], { cwd: makeTree({}) }).catch(() => undefined);
    expect(fallback?.exitCode).toBe(2); // the path does not exist there
  });

  test('falls back to 3.9 and says so', async () => {
    const root = makeTree({ 'app.py': LEGACY });
    const run = await runCli(['.'], { cwd: root });
    expect(run.stderr).toContain('target Python 3.9 (default; set --target-version or requires-python)');
  });
});

describe('file encodings', () => {
  test('a BOM and CRLF line endings show up unchanged in the diff and the report', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LEGACY.replace(/\n/g, '\r\n'))]);
    const root = makeTree({ 'app.py': bytes });
    const run = await runCli(['app.py'], { cwd: root });
    expect(run.stdout).toContain('+    loop = asyncio.get_running_loop()\r\n');
    expect(readFileSync(path.join(root, 'app.py')).equals(bytes)).toBe(true);
  });
});

describe('all transforms in one pass', () => {
  test('one file, one diff: the transforms apply in their fixed order and the result still runs', async () => {
    const script = [
      'import asyncio', '', '', 'async def main():', '    loop = asyncio.get_event_loop()',
      '    await asyncio.sleep(0, loop=loop)', '    return loop.time() > 0', '', '',
      'if __name__ == "__main__":', '    loop = asyncio.get_event_loop()', '    print(loop.run_until_complete(main()))',
      '    loop.close()', '',
    ].join('\n');
    const root = makeTree({ 'app.py': script });
    const run = await runCli(['--json', '--target-version', '3.9', 'app.py'], { cwd: root });
    const [file] = JSON.parse(run.stdout).files;
    expect(file.transforms).toEqual(['get_running_loop', 'drop_loop_arg', 'asyncio_run']);
    expect(file.changes.map((c: { line: number; transform: string }) => `${c.line} ${c.transform}`))
      .toEqual(['5 get_running_loop', '6 drop_loop_arg', '11 asyncio_run']);
    const diff = await runCli(['--target-version', '3.9', 'app.py'], { cwd: root });
    expect(diff.stdout.match(/^@@/gm)).toHaveLength(1); // one diff, one hunk, for the whole file
    expect(diff.stdout).toContain('+    print(asyncio.run(main()))\n');
    await runCli(['--write', '--target-version', '3.9', 'app.py'], { cwd: root });
    const migrated = readFileSync(path.join(root, 'app.py'), 'utf8');
    writeFileSync(path.join(root, 'before.py'), script);
    const before = await execa(pyenvPython('3.9.18'), ['before.py'], { cwd: root, reject: false });
    for (const version of ['3.9.18', '3.12.1', '3.13.0']) {
      const after = await execa(pyenvPython(version), ['-X', 'dev', '-W', 'error::DeprecationWarning', 'app.py'], { cwd: root, reject: false });
      expect({ version, stdout: after.stdout, stderr: after.stderr, code: after.exitCode })
        .toEqual({ version, stdout: before.stdout, stderr: '', code: 0 });
    }
    expect(migrated).not.toContain('get_event_loop');
  });
});

describe('CI annotations and editor mode', () => {
  test('--format github prints one workflow command per pending change and per diagnostic', async () => {
    const nested = 'import asyncio\n\nasync def f():\n    def cb():\n        return asyncio.get_event_loop()\n    return asyncio.get_event_loop(), cb\n';
    const root = makeTree({ 'src/a,b.py': nested });
    const run = await runCli(['--format', 'github', 'src'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      '::warning file=src/a%2Cb.py,line=6,col=12,title=loopshift get_running_loop::would rewrite: get_event_loop() -> get_running_loop() inside a coroutine',
      expect.stringMatching(/^::warning file=src\/a%2Cb\.py,line=5,col=16,title=loopshift LS101::LS101 get_event_loop\(\) inside a nested function/),
    ]);
    expect((await runCli(['--format', 'json', 'src'], { cwd: root })).stdout).toMatch(/^\{\n {2}"version": 1/);
  });

  test('"-" reads stdin and prints the migrated source; BOM and CRLF kept; diagnostics on stderr', async () => {
    const source = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LEGACY.replace(/\n/g, '\r\n'))]);
    const result = await execa('node', [CLI, '-', '--stdin-filename', 'pkg/app.py'], { input: source, encoding: 'buffer', reject: false, stripFinalNewline: false });
    expect(result.exitCode).toBe(0);
    const expected = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LEGACY.replace('get_event_loop', 'get_running_loop').replace(/\n/g, '\r\n'))]);
    expect(Buffer.from(result.stdout).equals(expected)).toBe(true);
    const nested = 'import asyncio\n\nasync def f():\n    return lambda: asyncio.get_event_loop()\n';
    const diag = await runCli(['-', '--stdin-filename', 'pkg/n.py'], { input: nested });
    expect(diag.stdout).toBe(nested);
    expect(diag.stderr).toMatch(/^pkg\/n\.py:4:20: LS101 /m);
    const broken = 'import asyncio\nasync def f(:\n    asyncio.get_event_loop()\n';
    const failed = await runCli(['-'], { input: broken });
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toBe(broken); // a pipeline never loses the text
    expect(failed.stderr).toMatch(/^<stdin>:2:13: error: ParseError: invalid syntax$/m);
    expect((await runCli(['-', 'other.py'])).exitCode).toBe(2);
  });
});

describe('[tool.loopshift] in pyproject.toml', () => {
  const NESTED = 'import asyncio\n\nasync def f():\n    return lambda: asyncio.get_event_loop()\n';
  const project = (table: string) => `[project]\nname = "x"\nrequires-python = ">=3.8"\n\n[tool.loopshift]\n${table}\n`;

  test('target-version, transforms and exclude/extend-exclude apply; flags win', async () => {
    const root = makeTree({
      'proj/pyproject.toml': project('target-version = "3.12"\ntransforms = ["get_running_loop"]\nextend-exclude = ["gen/"]'),
      'proj/src/app.py': LEGACY, 'proj/gen/app.py': LEGACY, 'proj/venv/app.py': LEGACY, 'proj/src/nested.py': NESTED,
    });
    const run = await runCli(['--json', 'proj'], { cwd: root });
    const report = JSON.parse(run.stdout);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual(['proj/src/app.py', 'proj/src/nested.py']);
    expect(report.summary.targets[0]).toMatchObject({ version: '3.12', source: 'proj/pyproject.toml [tool.loopshift] target-version' });
    expect(report.files[0].transforms).toEqual(['get_running_loop']);
    const flags = await runCli(['--json', '--target-version', '3.10', '-t', 'loop_diagnostics', 'proj'], { cwd: root });
    const flagged = JSON.parse(flags.stdout);
    expect(flagged.summary.targets[0].version).toBe('3.10');
    expect(flagged.files.every((f: { status: string }) => f.status !== 'changed')).toBe(true);
  });

  test('exclude replaces the default folder exclusions', async () => {
    const root = makeTree({ 'p/pyproject.toml': project('exclude = ["skip_me.py"]'), 'p/venv/app.py': LEGACY, 'p/skip_me.py': LEGACY });
    const run = await runCli(['--json', 'p'], { cwd: root });
    expect(JSON.parse(run.stdout).files.map((f: { path: string }) => f.path)).toEqual(['p/venv/app.py']);
  });

  test('an unknown key, a bad value or an unknown transform is exit 2 naming the file and key', async () => {
    const unknown = makeTree({ 'pyproject.toml': project('target_version = "3.8"'), 'app.py': LEGACY });
    const a = await runCli(['.'], { cwd: unknown });
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain(`${path.join(unknown, 'pyproject.toml')}: [tool.loopshift] target_version: unknown key`);
    const badValue = makeTree({ 'pyproject.toml': project('jobs = 0'), 'app.py': LEGACY });
    const b = await runCli(['.'], { cwd: badValue });
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toContain('[tool.loopshift] jobs: must be a whole number of at least 1');
    const badTarget = makeTree({ 'pyproject.toml': project('target-version = 3.8'), 'app.py': LEGACY });
    expect((await runCli(['.'], { cwd: badTarget })).stderr).toContain('[tool.loopshift] target-version: must be one of');
    const badTransform = makeTree({ 'pyproject.toml': project('transforms = ["nope"]'), 'app.py': LEGACY });
    const d = await runCli(['.'], { cwd: badTransform });
    expect(d.exitCode).toBe(2);
    expect(d.stderr).toContain('unknown transform nope (in');
  });

  test('a pyproject.toml that does not parse is exit 2 if it has our table, and ignored if not', async () => {
    const ours = makeTree({ 'pyproject.toml': '[tool.loopshift]\ntarget-version = "3.12\n', 'app.py': LEGACY });
    const a = await runCli(['.'], { cwd: ours });
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toContain(`${path.join(ours, 'pyproject.toml')}: cannot parse`);
    const theirs = makeTree({ 'pyproject.toml': '[project]\nrequires-python = ">=3.11\n', 'app.py': LEGACY });
    const b = await runCli(['--json', '.'], { cwd: theirs });
    expect(b.exitCode).toBe(0);
    expect(JSON.parse(b.stdout).summary.targets[0]).toMatchObject({ version: '3.9', source: 'default' });
  });
});
