/** --write and --interactive end to end: atomic writes that lose nothing, git safety, faults survived. */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTree, runCli } from './support/cli.js';
import { CLI, TEST_TRANSFORMS } from './support/paths.js';

const LEGACY = 'import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n    return loop.time()\n';
const MIGRATED = LEGACY.replace('get_event_loop', 'get_running_loop');

function gitRepo(files: Record<string, string | Buffer>, prepare: (root: string) => void = () => {}): string {
  const root = makeTree(files);
  prepare(root);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
  return root;
}

const noTemporaries = (dir: string) => expect(readdirSync(dir).filter((f) => f.includes('.loopshift-'))).toEqual([]);

describe('--write', () => {
  test('rewrites atomically, keeping mode, BOM, CRLF, encoding cookie and the missing final newline', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LEGACY.replace(/\n/g, '\r\n'))]);
    const cookie = `# -*- coding: utf-8 -*-\n${LEGACY.trimEnd()}`; // no newline at the end of the file
    const root = gitRepo({ 'bom_crlf.py': bom, 'cookie.py': cookie, 'tool.py': LEGACY, 'clean.py': 'print("hi")\n' },
      (dir) => chmodSync(path.join(dir, 'tool.py'), 0o751));
    const run = await runCli(['--write', '.'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('3 changed (3 written)');
    const expectedBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MIGRATED.replace(/\n/g, '\r\n'))]);
    expect(readFileSync(path.join(root, 'bom_crlf.py')).equals(expectedBom)).toBe(true);
    expect(readFileSync(path.join(root, 'cookie.py'), 'utf8')).toBe(`# -*- coding: utf-8 -*-\n${MIGRATED.trimEnd()}`);
    expect(readFileSync(path.join(root, 'tool.py'), 'utf8')).toBe(MIGRATED);
    expect(statSync(path.join(root, 'tool.py')).mode & 0o777).toBe(0o751);
    expect(readFileSync(path.join(root, 'clean.py'), 'utf8')).toBe('print("hi")\n');
    noTemporaries(root);
    // A second run has nothing left to do.
    const again = await runCli(['--check', '.'], { cwd: root });
    expect(again.exitCode).toBe(0);
  });

  test('refuses to overwrite a file that changed since it was read', async () => {
    const root = makeTree({ 'edited.py': `# LOOPSHIFT_TOUCH_FILE\n${LEGACY}`, 'other.py': LEGACY });
    const run = await runCli(['--write', 'edited.py', 'other.py'], { cwd: root, env: { LOOPSHIFT_EXTRA_TRANSFORMS: TEST_TRANSFORMS } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(/edited\.py: error: Conflict: changed on disk since it was read/);
    expect(readFileSync(path.join(root, 'edited.py'), 'utf8')).toBe(`# LOOPSHIFT_TOUCH_FILE\n${LEGACY}# edited meanwhile\n`);
    expect(readFileSync(path.join(root, 'other.py'), 'utf8')).toBe(MIGRATED);
  });

  test('does not touch files with uncommitted changes unless --allow-dirty', async () => {
    const root = gitRepo({ 'committed.py': LEGACY, 'edited.py': LEGACY });
    writeFileSync(path.join(root, 'edited.py'), `${LEGACY}# work in progress\n`);
    writeFileSync(path.join(root, 'untracked.py'), LEGACY);
    const refused = await runCli(['--write', '.'], { cwd: root });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('not written, because they have uncommitted changes: edited.py, untracked.py');
    expect(refused.stderr).toContain('--allow-dirty');
    expect(readFileSync(path.join(root, 'committed.py'), 'utf8')).toBe(MIGRATED);
    expect(readFileSync(path.join(root, 'edited.py'), 'utf8')).toBe(`${LEGACY}# work in progress\n`);
    expect(readFileSync(path.join(root, 'untracked.py'), 'utf8')).toBe(LEGACY);
    const allowed = await runCli(['--write', '--allow-dirty', '.'], { cwd: root });
    expect(allowed.exitCode).toBe(0);
    expect(readFileSync(path.join(root, 'edited.py'), 'utf8')).toBe(`${MIGRATED}# work in progress\n`);
  });

  test('outside a git repository it goes ahead', async () => {
    const root = makeTree({ 'app.py': LEGACY });
    expect((await runCli(['--write', 'app.py'], { cwd: root })).exitCode).toBe(0);
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toBe(MIGRATED);
  });

  test('several roots in one run, and a Markdown report for the pull request', async () => {
    const one = gitRepo({ 'svc/app.py': LEGACY });
    const two = gitRepo({ 'lib/util.py': 'import asyncio\n\nasync def f():\n    def cb():\n        return asyncio.get_event_loop()\n    return cb\n' });
    const report = path.join(os.tmpdir(), `loopshift-report-${process.pid}.md`);
    const run = await runCli(['--write', '--report', report, path.join(one, 'svc'), path.join(two, 'lib')]);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(path.join(one, 'svc', 'app.py'), 'utf8')).toBe(MIGRATED);
    const text = readFileSync(report, 'utf8');
    expect(text).toContain('# asyncio event-loop migration');
    expect(text).toMatch(/### `.*svc\/app\.py`\n\n- line 5: get_event_loop\(\) -> get_running_loop\(\)/);
    expect(text).toMatch(/\| `.*lib\/util\.py` \| 5:16 \| LS101 \|/);
    expect(text).toContain('<summary>LS101</summary>');
  });
});

describe('faults are survived: the other files are processed and the exit code says something failed', () => {
  test('unreadable, huge, looping and escaping paths, and a read-only folder', async () => {
    const outside = makeTree({ 'elsewhere.py': LEGACY });
    const root = makeTree({ 'a_ok.py': LEGACY, 'b_huge.py': `${LEGACY}${'#'.repeat(5000)}\n`, 'ro/c_locked.py': LEGACY, 'sub/d_ok.py': LEGACY });
    symlinkSync('missing.py', path.join(root, 'e_dangling.py'));
    symlinkSync('f_self.py', path.join(root, 'f_self.py'));
    symlinkSync('..', path.join(root, 'sub', 'loop'));
    symlinkSync(path.join(outside, 'elsewhere.py'), path.join(root, 'g_outside.py'));
    const locked = path.join(root, 'ro');
    lockFolder(locked);
    try {
      const run = await runCli(['--write', '--json', '--max-file-size', '2000', '.'], { cwd: root });
      const report = JSON.parse(run.stdout);
      const byPath = Object.fromEntries(report.files.map((f: { path: string }) => [f.path, f]));
      expect(byPath['a_ok.py']).toMatchObject({ status: 'changed', written: true });
      expect(byPath['b_huge.py']).toMatchObject({ status: 'skipped' });
      expect(byPath['b_huge.py'].reason).toMatch(/larger than 2000 bytes/);
      expect(byPath['ro/c_locked.py'].status).toBe('failed');
      expect(byPath['ro/c_locked.py'].error).toMatch(/WriteError: cannot write: .*the original is intact/);
      expect(byPath['sub/d_ok.py']).toMatchObject({ status: 'changed', written: true });
      expect(byPath['e_dangling.py'].error).toMatch(/ReadError/);
      expect(byPath['f_self.py'].error).toMatch(/ReadError/);
      expect(byPath['g_outside.py'].error).toMatch(/SymlinkOutsideRoots/);
      expect(Object.keys(byPath).some((p) => p.includes('loop'))).toBe(false); // the folder symlink is not walked
      expect(run.exitCode).toBe(1);
      expect(readFileSync(path.join(locked, 'c_locked.py'), 'utf8')).toBe(LEGACY);
      expect(readFileSync(path.join(outside, 'elsewhere.py'), 'utf8')).toBe(LEGACY);
      expect(lstatSync(path.join(root, 'g_outside.py')).isSymbolicLink()).toBe(true);
      expect(readFileSync(path.join(root, 'a_ok.py'), 'utf8')).toBe(MIGRATED);
      noTemporaries(root);
      noTemporaries(locked);
    } finally {
      unlockFolder(locked);
    }
  });
});

/** A folder nobody can create files in. Root ignores permissions, so it gets the immutable flag. */
function lockFolder(dir: string): void {
  if (process.getuid?.() === 0) {
    const result = spawnSync('chattr', ['+i', dir]);
    if (result.status !== 0) throw new Error(`cannot make ${dir} read-only for root: ${String(result.stderr)}`);
  } else {
    chmodSync(dir, 0o555);
  }
}

function unlockFolder(dir: string): void {
  if (process.getuid?.() === 0) spawnSync('chattr', ['-i', dir]);
  else chmodSync(dir, 0o755);
}

describe('--interactive', () => {
  test('answers piped on stdin: y, n (the default), help, then all remaining', async () => {
    const root = gitRepo({ 'a.py': LEGACY, 'b.py': LEGACY, 'c.py': LEGACY, 'd.py': LEGACY, 'e.py': LEGACY });
    const run = await runCli(['-i', '.'], { cwd: root, input: 'y\n\n?\na\n' });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('Apply to a.py? [y]es [n]o [a]ll remaining [q]uit [?]help');
    expect(run.stderr).toContain('a - apply this change and every remaining one without asking');
    expect(run.stdout.match(/^\+\+\+ /gm)).toHaveLength(5); // each diff is shown, in discovery order
    expect([...run.stdout.matchAll(/^\+\+\+ b\/(.*)$/gm)].map((m) => m[1])).toEqual(['a.py', 'b.py', 'c.py', 'd.py', 'e.py']);
    const contents = ['a', 'b', 'c', 'd', 'e'].map((n) => readFileSync(path.join(root, `${n}.py`), 'utf8') === MIGRATED);
    expect(contents).toEqual([true, false, true, true, true]);
    expect(run.stderr).toContain('5 changed (4 applied, 1 declined)');
  });

  test('q keeps what was accepted and stops; end of input counts as quit', async () => {
    const root = gitRepo({ 'a.py': LEGACY, 'b.py': LEGACY, 'c.py': LEGACY });
    const quit = await runCli(['-i', '.'], { cwd: root, input: 'y\nq\n' });
    expect(quit.exitCode).toBe(0);
    expect(['a', 'b', 'c'].map((n) => readFileSync(path.join(root, `${n}.py`), 'utf8') === MIGRATED)).toEqual([true, false, false]);
    const eof = await runCli(['-i', '.'], { cwd: root, input: '' });
    expect(eof.exitCode).toBe(0);
    expect(readFileSync(path.join(root, 'b.py'), 'utf8')).toBe(LEGACY);
  });

  test('in a real terminal (tmux): y applies, then Ctrl-C leaves no partial file, prints the summary and exits 130', async () => {
    const root = gitRepo({ 'a.py': LEGACY, 'b.py': LEGACY });
    const session = `loopshift-test-${process.pid}`;
    const done = path.join(root, '..', `${path.basename(root)}.exit`);
    const tmux = (...args: string[]) => execFileSync('tmux', args, { stdio: 'pipe' }).toString();
    tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', root,
      `node ${CLI} -i --no-color . ; echo $? > ${done}; sleep 30`);
    try {
      const screen = () => tmux('capture-pane', '-p', '-t', session, '-S', '-200');
      await waitFor(() => screen().includes('Apply to a.py?'));
      tmux('send-keys', '-t', session, 'y', 'Enter');
      await waitFor(() => screen().includes('Apply to b.py?'));
      tmux('send-keys', '-t', session, 'C-c');
      await waitFor(() => existsSync(done));
      expect(readFileSync(done, 'utf8').trim()).toBe('130');
      expect(screen()).toMatch(/loopshift: 2 files scanned, 2 candidates: 2 changed \(1 applied, 1 declined\)/);
      expect(readFileSync(path.join(root, 'a.py'), 'utf8')).toBe(MIGRATED);
      expect(readFileSync(path.join(root, 'b.py'), 'utf8')).toBe(LEGACY);
      noTemporaries(root);
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting for the terminal');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
