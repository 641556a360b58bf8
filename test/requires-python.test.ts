/** End to end: the target version the built CLI reads from requires-python / python_requires. */
import path from 'node:path';
import { makeTree, runCli } from './support/cli.js';

const LEGACY = 'import asyncio\n\n\nasync def main():\n    loop = asyncio.get_event_loop()\n    return loop.time()\n';
const pyproject = (spec: string) => `[project]\nname = "x"\nrequires-python = ${JSON.stringify(spec)}\n`;

describe('requires-python', () => {
  test.each([
    ['>=3', '3.7'],
    ['3.10', '3.10'],
    ['==3.10.*', '3.10'],
    ['>=2.7, !=3.0.*, !=3.1.*', '3.7'],
    ['!=3.9.*, >=3.8', '3.8'],
    ['~=3.11.2', '3.11'],
  ])('%j -> target %s', async (spec, version) => {
    const root = makeTree({ 'pyproject.toml': pyproject(spec), 'app.py': LEGACY });
    const run = await runCli(['app.py'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`target Python ${version} (from pyproject.toml requires-python)`);
    expect(run.stderr).not.toContain('loopshift: warning');
  });

  test('a value loopshift does not understand is the default target with a warning naming file and value', async () => {
    const root = makeTree({ 'pyproject.toml': pyproject('>=banana'), 'app.py': LEGACY });
    const run = await runCli(['app.py'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('target Python 3.9 (default; set --target-version or requires-python)');
    // One line: "loopshift: warning: " (printed by the caller of resolveTarget) and the text resolveTarget returns.
    expect(run.stderr).toMatch(
      /warning: pyproject\.toml: requires-python ">=banana" is not a version specifier loopshift understands; using the default target 3\.9\n/,
    );
  });

  test('so is a setup.cfg python_requires no Python 3 satisfies, warned about once', async () => {
    const root = makeTree({ 'setup.cfg': '[options]\npython_requires = <3\n', 'a.py': LEGACY, 'b.py': LEGACY });
    const run = await runCli(['.'], { cwd: root });
    expect(run.stderr).toContain('target Python 3.9 (default; set --target-version or requires-python)');
    const warning = 'warning: setup.cfg: python_requires "<3" allows no Python 3 release; using the default target 3.9\n';
    expect(run.stderr.split(warning)).toHaveLength(2);
  });

  test('a pyproject.toml without requires-python defers to a setup.cfg further up', async () => {
    const root = makeTree({
      'setup.cfg': '[metadata]\nname = x\n\n[options]\npython_requires = ~=3.10\npackages = find:\n',
      'pkg/pyproject.toml': '[project]\nname = "x"\n',
      'pkg/app.py': LEGACY,
    });
    const run = await runCli(['pkg/app.py'], { cwd: root });
    expect(run.stderr).toContain('target Python 3.10 (from setup.cfg python_requires)');
  });

  test('setup.cfg python_requires may continue on the next line', async () => {
    const root = makeTree({ 'sub/setup.cfg': '[options]\npython_requires =\n    >=3.12,\n    <4\n', 'sub/app.py': LEGACY });
    const run = await runCli(['sub'], { cwd: root });
    expect(run.stderr).toContain(`target Python 3.12 (from ${path.join('sub', 'setup.cfg')} python_requires)`);
  });
});
