/**
 * Spellings users bring from black and ruff, through the real CLI: --diff, --target-version py38,
 * target-version = "py38" in [tool.loopshift], and -V.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';

const LEGACY = 'import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n    return loop.time()\n';
// asyncio_run rewrites this from target 3.8 and only reports it at 3.7: the target shows in the diff.
const SCRIPT = [
  'import asyncio', '', '', 'async def main():', '    await asyncio.sleep(0)', '', '',
  'if __name__ == "__main__":', '    loop = asyncio.get_event_loop()', '    loop.run_until_complete(main())', '    loop.close()', '',
].join('\n');
const project = (table: string) => `[project]\nname = "demo"\nrequires-python = ">=3.11"\n\n[tool.loopshift]\n${table}\n`;

describe('--diff', () => {
  test('is the dry run: the same diffs and exit code as no flag, and nothing written', async () => {
    const root = makeTree({ 'pkg/app.py': LEGACY });
    const before = snapshot(root);
    const plain = await runCli(['pkg'], { cwd: root });
    const diff = await runCli(['--diff', 'pkg'], { cwd: root });
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toBe(plain.stdout);
    expect(diff.stdout).toContain('+    loop = asyncio.get_running_loop()');
    expect(diff.stderr).toContain('1 changed (dry run)');
    expect(snapshot(root)).toEqual(before);
  });

  test('goes with --check (exit 1 when something would change), not with --write, -i or stdin', async () => {
    const root = makeTree({ 'app.py': LEGACY });
    const check = await runCli(['--diff', '--check', '.'], { cwd: root });
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain('+    loop = asyncio.get_running_loop()');
    for (const flag of ['--write', '-i']) {
      const run = await runCli(['--diff', flag, '.'], { cwd: root });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('--diff changes nothing; it cannot be combined with --write or --interactive');
    }
    const stdin = await runCli(['-', '--diff'], { input: LEGACY });
    expect(stdin.exitCode).toBe(2);
    expect(stdin.stderr).toContain('"-" prints the migrated source; it cannot be combined with --diff');
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toBe(LEGACY);
  });
});

describe('--target-version py38', () => {
  test('py38 and py310 mean 3.8 and 3.10, with the same rewrites', async () => {
    const root = makeTree({ 'script.py': SCRIPT });
    for (const [spelled, version] of [['py38', '3.8'], ['py310', '3.10'], ['py37', '3.7']]) {
      const ours = await runCli(['--target-version', version, 'script.py'], { cwd: root });
      const theirs = await runCli(['--target-version', spelled, 'script.py'], { cwd: root });
      expect(theirs.exitCode).toBe(0);
      expect(theirs.stdout).toBe(ours.stdout);
      const json = JSON.parse((await runCli(['--json', `--target-version=${spelled}`, 'script.py'], { cwd: root })).stdout);
      expect(json.summary.targets.map((t: { version: string }) => t.version)).toEqual([version]);
    }
    expect((await runCli(['--target-version', 'py38', 'script.py'], { cwd: root })).stdout).toContain('+    asyncio.run(main())');
    expect((await runCli(['--target-version', 'py37', 'script.py'], { cwd: root })).stdout).not.toContain('asyncio.run(');
  });

  test('a version loopshift does not know is a usage error in either spelling', async () => {
    for (const bad of ['py36', 'py27', '3.6', 'python38']) {
      const run = await runCli(['--target-version', bad, '.'], { cwd: makeTree({ 'app.py': LEGACY }) });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('target-version');
    }
  });

  test('[tool.loopshift] target-version takes "py38" too, and black\'s list means its oldest', async () => {
    for (const [table, version] of [['target-version = "py38"', '3.8'], ['target-version = "3.8"', '3.8'],
      ['target-version = ["py310", "py39"]', '3.9']]) {
      const root = makeTree({ 'pyproject.toml': project(table), 'script.py': SCRIPT });
      const run = await runCli(['--json', '.'], { cwd: root });
      expect(run.exitCode).toBe(0);
      const [target] = JSON.parse(run.stdout).summary.targets;
      expect(target).toMatchObject({ version, source: 'pyproject.toml [tool.loopshift] target-version' });
    }
    for (const table of ['target-version = "py27"', 'target-version = []', 'target-version = ["py38", 3]']) {
      const root = makeTree({ 'pyproject.toml': project(table), 'app.py': LEGACY });
      const run = await runCli(['.'], { cwd: root });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('[tool.loopshift] target-version: must be one of');
    }
  });
});

describe('-V', () => {
  test('prints the version and the helper\'s Python and libcst, like --version', async () => {
    const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const short = await runCli(['-V']);
    expect(short.exitCode).toBe(0);
    expect(short.stdout).toMatch(new RegExp(`^loopshift ${version.replace(/\./g, '\\.')}\\nhelper: Python 3\\.\\d+\\.\\d+ \\(.*\\), libcst \\d`));
    expect((await runCli(['--version'])).stdout).toBe(short.stdout);
  });
});
