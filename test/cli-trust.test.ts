/**
 * Trust at the command line, end to end through the built CLI: which paths a run may touch, how it
 * stops (closed stdout, Ctrl-C, [q]uit), how it validates flags and what its messages say.
 */
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { execa } from 'execa';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { CLI, TEST_TRANSFORMS } from './support/paths.js';

const LEGACY = 'import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n    return loop.time()\n';
const MIGRATED = LEGACY.replace('get_event_loop', 'get_running_loop');
const NESTED = 'import asyncio\n\nasync def f():\n    return lambda: asyncio.get_event_loop()\n';
const changedFiles = (stdout: string) => [...stdout.matchAll(/^\+\+\+ (.*)$/gm)].map((m) => m[1]);

describe('nothing outside the given paths is written', () => {
  test('every word after -- is a path', async () => {
    const root = makeTree({ 'a.py': LEGACY, 'sub/s.py': LEGACY, '-x.py': LEGACY });
    const write = await runCli(['--write', '--', 'sub'], { cwd: root });
    expect(write.exitCode).toBe(0);
    expect(readFileSync(path.join(root, 'a.py'), 'utf8')).toBe(LEGACY);
    expect(readFileSync(path.join(root, 'sub/s.py'), 'utf8')).toBe(MIGRATED);
    const flagLike = await runCli(['--', '-x.py', 'a.py'], { cwd: root });
    expect(changedFiles(flagLike.stdout)).toEqual(['b/-x.py', 'b/a.py']);
  });

  test('a file named like a flag is never run as that flag', async () => {
    const root = makeTree({ '--write.py': LEGACY, 'other.py': LEGACY });
    const before = snapshot(root);
    const asFlag = await runCli(['--write.py'], { cwd: root });
    expect(asFlag.exitCode).toBe(2);
    expect(asFlag.stderr).toContain('Unknown argument: write.py');
    expect(snapshot(root)).toEqual(before);
    for (const args of [['./--write.py'], ['--', '--write.py']]) {
      const run = await runCli(args, { cwd: root });
      expect(run.exitCode).toBe(0);
      expect(changedFiles(run.stdout)).toEqual([`b/${args[args.length - 1]}`]);
    }
    expect(snapshot(root)).toEqual(before);
  });

  test('unknown options are usage errors, and numbers are validated (exit 2)', async () => {
    const root = makeTree({ 'a.py': LEGACY });
    for (const args of [
      ['--wirte'], ['--max-file-size', 'abc'], ['--max-file-size', '-5'], ['-j', '1.5'], ['-j', '0'],
      ['--jobs', 'many'], ['--timeout', '0'], ['--timeout', 'soon'], ['--memory-limit', '1e3'],
    ]) {
      const run = await runCli([...args, 'a.py'], { cwd: root });
      expect({ args, code: run.exitCode, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(run.stderr).toMatch(/loopshift: error: .*(Unknown argument|must be)/);
    }
    const fine = await runCli(['--max-file-size', '100000', '-j', '1', '--timeout', '2.5', 'a.py'], { cwd: root });
    expect(fine.exitCode).toBe(0);
    expect(changedFiles(fine.stdout)).toEqual(['b/a.py']);
    const tooBig = await runCli(['--max-file-size', '10', 'a.py'], { cwd: root });
    expect(tooBig.stderr).toContain('a.py: skipped: larger than 10 bytes');
  });
});

describe('clean stops', () => {
  test('a closed stdout (| head -1) is a quiet stop: no stack trace, files untouched', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i += 1) files[`m${String(i).padStart(3, '0')}.py`] = LEGACY;
    const root = makeTree(files);
    const before = snapshot(root);
    const run = await execa('bash', ['-c', `node ${CLI} -j 1 . | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: root, reject: false });
    expect(run.stdout).toBe('--- a/m000.py');
    expect(run.stderr).not.toMatch(/EPIPE|Error|at .*\.js/);
    expect(run.stderr).toMatch(/^status (0|141)$/m);
    expect(snapshot(root)).toEqual(before);
  });

  test('Ctrl-C reaches the driver only: the file in flight finishes, the rest are reported as not processed', async () => {
    const slow = `# LOOPSHIFT_SLOW_HELPER\n${'# padding so that this file is sent first\n'.repeat(50)}${LEGACY}`;
    const files: Record<string, string> = { 'a_slow.py': slow };
    for (let i = 0; i < 20; i += 1) files[`b${String(i).padStart(2, '0')}.py`] = LEGACY;
    const root = makeTree(files);
    // A terminal sends SIGINT to the whole foreground process group: so does this test.
    const child = execa('node', [CLI, '--json', '-j', '1', '.'], {
      cwd: root, detached: true, reject: false, env: { LOOPSHIFT_EXTRA_TRANSFORMS: TEST_TRANSFORMS },
    });
    const started = path.join(root, 'a_slow.py.started');
    for (let waited = 0; !existsSync(started); waited += 50) {
      if (waited > 20_000) throw new Error('the slow file never started');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process.kill(-child.pid!, 'SIGINT');
    const run = await child;
    expect(run.exitCode).toBe(130);
    const report = JSON.parse(String(run.stdout));
    // The slow file was in flight and finished; under load a quick one may have gone before it.
    const statuses = report.files.map((f: { path: string; status: string }) => `${f.path}:${f.status}`);
    expect(statuses).toContain('a_slow.py:changed');
    expect(statuses.every((s: string) => s.endsWith(':changed'))).toBe(true);
    const notProcessed = 21 - statuses.length;
    expect(notProcessed).toBeGreaterThanOrEqual(15);
    expect(report.summary).toMatchObject({ failed: 0, helperRestarts: 0, interrupted: true, notProcessed });
    expect(String(run.stderr)).not.toMatch(/HelperCrash|KeyboardInterrupt/);
    expect(String(run.stderr)).toContain(`${notProcessed} files not processed (interrupted)`);
  });

  test('[q]uit in -i ends the review: nothing more is printed, and the summary counts what was not reviewed', async () => {
    const root = makeTree({ 'a.py': LEGACY, 'b.py': `${LEGACY}${NESTED}`, 'c.py': LEGACY });
    const run = await runCli(['-i', '--allow-dirty', '.'], { cwd: root, input: 'q\n' });
    expect(changedFiles(run.stdout)).toEqual(['b/a.py']);
    expect(run.stderr).not.toContain('LS101');
    expect(run.stderr).toMatch(/changed \(0 applied, 1 declined/);
    // b.py and c.py were either answered already (not reviewed) or never started (not processed).
    const notReviewed = Number(/(\d+) not reviewed/.exec(run.stderr)?.[1] ?? 0);
    const notProcessed = Number(/(\d+) files? not processed \(the review was quit\)/.exec(run.stderr)?.[1] ?? 0);
    expect(notReviewed + notProcessed).toBe(2);
    expect(readFileSync(path.join(root, 'a.py'), 'utf8')).toBe(LEGACY);
  });
});

describe('messages a person can act on', () => {
  test('--help wraps at words and shows the real default path; --explain alone lists the codes; --version names the helper', async () => {
    const help = await runCli(['--help']);
    expect(help.exitCode).toBe(0);
    // The paragraph, re-joined at its line breaks, is the sentence: no word was split.
    const paragraph = help.stdout.split('\n\n')[1].split('\n').join(' ');
    expect(paragraph).toMatch(/^Migrate Python code off asyncio's implicit event loop\. By default it prints diffs and changes nothing;/);
    expect(help.stdout).toMatch(/paths .*\[default: \.\]/);
    expect(help.stdout).not.toContain('[default: []]');
    const explain = await runCli(['--explain']);
    expect(explain.exitCode).toBe(0);
    expect(explain.stdout).toMatch(/^LS101 {2}\S/m);
    expect(explain.stdout).toMatch(/^LS813 {2}\S/m);
    const version = await runCli(['--version']);
    expect(version.stdout).toMatch(/^loopshift \d+\.\d+\.\d+\nhelper: Python 3\.\d+\.\d+ \(.+\), libcst \d/);
  });

  test('an explicit --color wins over NO_COLOR; NO_COLOR wins over a terminal', async () => {
    const root = makeTree({ 'app.py': LEGACY });
    expect((await runCli(['--color', 'app.py'], { cwd: root, env: { NO_COLOR: '1' } })).stdout).toContain('\u001b[32m+');
    expect((await runCli(['app.py'], { cwd: root, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await runCli(['--no-color', 'app.py'], { cwd: root })).stdout).not.toContain('\u001b[');
  });

  test('diff headers name the real file: a backslash stays, odd names are quoted as git does', async () => {
    const root = makeTree({ 'a\\b.py': LEGACY, 'new\nline.py': LEGACY, 'tab\there.py': LEGACY });
    const run = await runCli(['.'], { cwd: root });
    expect(changedFiles(run.stdout)).toEqual(['"b/a\\\\b.py"', '"b/new\\nline.py"', '"b/tab\\there.py"']);
    // The printed patch applies to the real files.
    const patch = path.join(root, '..', `${path.basename(root)}.patch`);
    await execa('bash', ['-c', `cat > '${patch}'`], { input: run.stdout });
    const applied = await execa('git', ['apply', '-v', patch], { cwd: root, reject: false });
    expect(applied.exitCode).toBe(0);
    expect(readFileSync(path.join(root, 'a\\b.py'), 'utf8')).toBe(MIGRATED);
    expect(readFileSync(path.join(root, 'new\nline.py'), 'utf8')).toBe(MIGRATED);
  });

  test('a syntax error has one correct position, in the text, the JSON report and the GitHub annotation', async () => {
    const root = makeTree({ 'bad.py': 'import asyncio\n\nasyncio.get_event_loop(\nx = (1,\n' });
    const text = await runCli(['bad.py'], { cwd: root });
    expect(text.stderr).toMatch(/^bad\.py:4:5: error: ParseError: '\(' was never closed$/m);
    const json = JSON.parse((await runCli(['--json', 'bad.py'], { cwd: root })).stdout);
    expect(json.files[0]).toMatchObject({ status: 'failed', errorPosition: { line: 4, column: 5 } });
    const github = await runCli(['--format', 'github', 'bad.py'], { cwd: root });
    expect(github.stdout).toBe("::error file=bad.py,line=4,col=5::ParseError: '(' was never closed\n");
  });

  test('mixed line endings are named as such, at the first line that breaks the style', async () => {
    const root = makeTree({ 'mixed.py': Buffer.from('import asyncio\r\nx = 1\nasyncio.get_event_loop()\r\n') });
    const run = await runCli(['mixed.py'], { cwd: root });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/^mixed\.py:2:6: error: ParseError: mixed line endings \(CRLF and LF\)/m);
  });

  test('a file that needs more memory than --memory-limit fails alone, with a clear reason', async () => {
    const big = `import asyncio\n${'def f(a):\n    return [asyncio.get_event_loop(), a + 1, (a, a)]\n'.repeat(100_000)}`;
    const root = makeTree({ 'a_big.py': big, 'b.py': LEGACY });
    const run = await runCli(['--json', '-j', '1', '--memory-limit', '120', '--max-file-size', '100000000', '.'], { cwd: root });
    const report = JSON.parse(run.stdout);
    expect(report.files.map((f: { path: string; status: string }) => `${f.path}:${f.status}`)).toEqual(['a_big.py:failed', 'b.py:changed']);
    expect(report.files[0].error).toMatch(/^MemoryLimit: the helper exceeded its memory ceiling of 120 MiB on this file \(--memory-limit\)/);
    expect(run.exitCode).toBe(1);
  }, 240_000); // LibCST works on the 6 MB file until the ceiling stops it: about 40 s on a loaded 2-core machine

  test('stdin mode refuses --json and --format github, and a broken setup still gives the text back (exit 2)', async () => {
    for (const args of [['--json'], ['--format', 'github'], ['--format', 'json']]) {
      const run = await runCli(['-', ...args], { input: LEGACY });
      expect({ args, code: run.exitCode }).toEqual({ args, code: 2 });
      expect(run.stderr).toContain('"-" prints the migrated source');
    }
    const broken = await runCli(['-', '--stdin-filename', 'x.py'], { input: LEGACY, env: { LOOPSHIFT_PYTHON: '/nonexistent/python' } });
    expect(broken.exitCode).toBe(2);
    expect(broken.stdout).toBe(LEGACY);
    expect(broken.stderr).toContain('no usable Python found');
  });

  test('a run whose helper cannot start fails with exit 2 and one message, while it has files to read', async () => {
    // The first pass reads the project while the helper starts (src/run.ts): its failure must still be the
    // one error reported, not an unhandled rejection from the files waiting for trigger words.
    const root = makeTree({ 'a.py': LEGACY, 'b.py': LEGACY, 'c.py': 'x = 1\n' });
    for (const extra of [[], ['--no-cache']]) {
      const run = await runCli([...extra, '.'], { cwd: root, env: { LOOPSHIFT_PYTHON: '/nonexistent/python' } });
      expect({ extra, code: run.exitCode }).toEqual({ extra, code: 2 });
      expect(run.stderr).toContain('no usable Python found');
      expect(run.stderr).not.toMatch(/Unhandled|at findInterpreter|Node\.js v/);
      expect(run.stdout).toBe('');
    }
  });
});

test('on a terminal, the status line stays at the bottom with diagnostics above it, and is gone at the end', async () => {
  const files: Record<string, string> = {};
  // One diagnostic each, and enough code that one helper takes a few seconds over all of them.
  const filler = Array.from({ length: 20 }, (_, i) => `def f${i}(a, b):\n    return [a + b for _ in range(3)]\n\n`).join('');
  for (let i = 0; i < 200; i += 1) files[`m${String(i).padStart(3, '0')}.py`] = `${NESTED}${filler}`;
  const root = makeTree(files);
  const session = `loopshift-progress-${process.pid}`;
  const done = `${root}.exit`;
  const tmux = (...args: string[]) => execFileSync('tmux', args, { stdio: 'pipe' }).toString();
  tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '40', '-c', root,
    `node ${CLI} -j 1 . > /dev/null; echo $? > ${done}; sleep 30`);
  try {
    const lines = () => tmux('capture-pane', '-p', '-t', session).split('\n').filter((line) => line.trim());
    let seen = 0;     // samples with the status line at the bottom and diagnostics above it
    let erased = 0;   // samples, once the status line was up, with a diagnostic at the bottom instead
    for (let waited = 0; !existsSync(done) && waited < 120_000; waited += 50) {
      const screen = lines();
      const bottom = screen[screen.length - 1] ?? '';
      if (/^loopshift: \d+\/\d+ candidate files done/.test(bottom)) {
        if (screen.slice(0, -1).some((l) => /:\d+:\d+: LS\d{3} /.test(l))) seen += 1;
      } else if (seen && /:\d+:\d+: LS\d{3} /.test(bottom)) {
        erased += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen).toBeGreaterThan(0);
    expect(erased).toBeLessThanOrEqual(1); // a sample may land between an erase and its redraw
    const end = lines();
    expect(end.some((line) => line.includes('candidate files done'))).toBe(false);
    expect(end.some((line) => /^loopshift: \d+ files scanned/.test(line))).toBe(true);
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
  }
}, 180_000);
