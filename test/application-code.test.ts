/**
 * Application code (docs/SEMANTICS.md P2a rule 3, "Application code"): in a project the run sees whole and that
 * declares no distribution, a public function or class is as a private one, since no code outside the project can
 * install and import it. The facts, then the real CLI on trees on disk, run before and after on 3.8 to 3.13.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ProjectModel } from '../src/project-model.js';
import { isDistribution } from '../src/python-entry-points.js';
import { makeTree, runCli } from './support/cli.js';
import { PYTHON_VERSIONS, pyenvPython } from './support/paths.js';

const MARKER = { '.git/HEAD': 'ref: refs/heads/main\n' };

function model(files: Record<string, string>, setting?: (dir: string) => boolean | undefined) {
  const root = makeTree(files);
  const found = new ProjectModel([root], setting ? { applicationSetting: setting } : {});
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith('.py')) found.addFile(full, readFileSync(full, 'utf8'));
  }
  found.finish();
  return (file: string) => found.factsFor(path.join(root, file))!;
}

describe('isDistribution', () => {
  test.each([
    ['a setup.py', undefined, undefined, true, true],
    ['setup.cfg [metadata]', undefined, '[metadata]\nname = x\n', false, true],
    ['setup.cfg [options.packages.find]', undefined, '[options.packages.find]\nwhere = src\n', false, true],
    ['setup.cfg of tools only', undefined, '[flake8]\nmax-line-length = 100\n[tool:pytest]\n', false, false],
    ['pyproject [project]', '[project]\nname = "x"\n', undefined, false, true],
    ['pyproject [build-system]', '[build-system]\nrequires = ["setuptools"]\n', undefined, false, true],
    ['pyproject [tool.poetry]', '[tool.poetry]\nname = "x"\n', undefined, false, true],
    ['pyproject of tools only', '[tool.black]\nline-length = 100\n[tool.loopshift]\ntarget-version = "3.8"\n', undefined, false, false],
    ['a pyproject that does not parse', '[project\n', undefined, false, true],
    ['nothing', undefined, undefined, false, false],
  ])('%s', (_label, pyproject, setupCfg, setupPy, expected) => {
    expect(isDistribution(pyproject, setupCfg, setupPy)).toBe(expected);
  });
});

describe('the application fact', () => {
  const code = { 'app/__init__.py': '', 'app/clock.py': 'def now():\n    pass\n', 'main.py': 'from app.clock import now\n' };
  test('a project found by its marker with no packaging metadata', () => {
    const facts = model({ ...MARKER, ...code });
    expect(facts('app/clock.py').application).toBe(true);
    expect(facts('main.py').application).toBe(true);
  });
  test('tool configuration alone declares no distribution', () => {
    expect(model({ ...MARKER, ...code, 'pyproject.toml': '[tool.black]\nline-length = 100\n' })('app/clock.py').application).toBe(true);
  });
  test.each([
    ['no marker: the run may not see the whole project', code],
    ['a [project] table', { ...MARKER, ...code, 'pyproject.toml': '[project]\nname = "app"\n' }],
    ['a setup.py', { ...MARKER, ...code, 'setup.py': 'from setuptools import setup\nsetup()\n' }],
    ['a setup.cfg with [metadata]', { ...MARKER, ...code, 'setup.cfg': '[metadata]\nname = app\n' }],
  ])('not with %s', (_label, files) => {
    expect(model(files)('app/clock.py').application).toBeUndefined();
  });
  test('a library inside an application repository is a library; the rest stays application code', () => {
    const facts = model({ ...MARKER, ...code, 'libs/kit/setup.py': 'setup()\n', 'libs/kit/kit/__init__.py': '', 'libs/kit/kit/util.py': '' });
    expect(facts('libs/kit/kit/util.py').application).toBeUndefined();
    expect(facts('app/clock.py').application).toBe(true);
  });
  test('[tool.loopshift] application decides either way', () => {
    const packaged = { ...MARKER, ...code, 'pyproject.toml': '[project]\nname = "app"\n' };
    expect(model(packaged, () => true)('app/clock.py').application).toBe(true);
    expect(model({ ...MARKER, ...code }, () => false)('app/clock.py').application).toBeUndefined();
  });
  test('public defs and classes read as attributes elsewhere are named', () => {
    const facts = model({ ...MARKER, ...code, 'app/clock.py': 'def now():\n    pass\n\n\nclass Timer:\n    pass\n', 'tool.py': 'import app\n\nprint(app.clock.Timer)\n' });
    expect(facts('app/clock.py').readAsAttributes).toEqual(['Timer']);
  });
});

describe('end to end', () => {
  const clock = [
    'import asyncio', '', '',
    'def now():', '    return asyncio.get_event_loop().time()', '', '',
    'class Timer:', '    def __init__(self):', '        self.loop = asyncio.get_event_loop()', '        self.start = self.loop.time()', '',
    '    def elapsed(self):', '        return self.loop.time() - self.start', '',
  ].join('\n');
  const work = [
    'import asyncio', '', 'from app.clock import Timer, now', '', '',
    'async def job(n):', '    timer = Timer()', '    start = now()', '    await asyncio.sleep(0.001 * n)',
    '    return now() >= start and timer.elapsed() >= 0 and timer.loop is asyncio.get_running_loop()', '',
  ].join('\n');
  const main = [
    'import asyncio', '', 'from app.work import job', '', '',
    'async def main():', '    print(await asyncio.gather(job(1), job(2)))', '', '',
    'if __name__ == "__main__":', '    asyncio.run(main())', '',
  ].join('\n');
  const rewritten = clock.replaceAll('get_event_loop', 'get_running_loop');
  const diagnostics = (stdout: string) => (JSON.parse(stdout).files as { path: string; diagnostics: { code: string }[] }[])
    .flatMap((f) => f.diagnostics.map((d) => `${f.path} ${d.code}`)).sort();

  test('a virtual environment or tool folder left out hides no project code', async () => {
    const root = makeTree({ ...MARKER, 'app/__init__.py': '', 'app/clock.py': clock, 'app/work.py': work, 'main.py': main,
      '.gitignore': 'env/\n', 'env/pyvenv.cfg': 'home = /usr\n', 'env/lib/site.py': 'import app.clock\n', '.tox/py38/x.py': 'import app\n' });
    const result = await runCli(['--json', '--no-cache', '--target-version', '3.8', '.'], { cwd: root });
    expect(diagnostics(result.stdout)).toEqual([]);
  });

  test('public helpers of an application that only coroutines call get get_running_loop(), and run the same', async () => {
    const root = makeTree({ ...MARKER, 'app/__init__.py': '', 'app/clock.py': clock, 'app/work.py': work, 'main.py': main });
    // Every CPython from the target (3.8) to 3.13.
    const run = () => PYTHON_VERSIONS.slice(1).map((version) => execFileSync(pyenvPython(version),
      ['-X', 'dev', '-W', 'error::DeprecationWarning', 'main.py'], { cwd: root, encoding: 'utf8' }));
    const before = run();
    const result = await runCli(['--write', '--json', '--no-cache', '--allow-dirty', '--target-version', '3.8', '.'], { cwd: root });
    expect(result.exitCode).toBe(0);
    expect(diagnostics(result.stdout)).toEqual([]);
    expect(readFileSync(path.join(root, 'app/clock.py'), 'utf8')).toBe(rewritten);
    expect(run()).toEqual(before);
    expect(before).toEqual(Array(6).fill('[True, True]\n'));
  });

  test('a library keeps LS801 and LS804; application = true in [tool.loopshift] opts a packaged application in', async () => {
    const files = { ...MARKER, 'app/__init__.py': '', 'app/clock.py': clock, 'app/work.py': work, 'main.py': main };
    const library = makeTree({ ...files, 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.8"\n' });
    const kept = await runCli(['--json', '--no-cache', '.'], { cwd: library });
    expect(diagnostics(kept.stdout)).toEqual(['app/clock.py LS801', 'app/clock.py LS804']);
    // Each says how an application opts in.
    const messages = (JSON.parse(kept.stdout).files as { diagnostics: { message: string }[] }[]).flatMap((f) => f.diagnostics.map((d) => d.message));
    expect(messages.map((m) => /\((now|Timer) is public: .*`application = true` under \[tool\.loopshift\]/.test(m))).toEqual([true, true]);
    const declared = makeTree({ ...files, 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.8"\n\n[tool.loopshift]\napplication = true\n' });
    const result = await runCli(['--write', '--json', '--no-cache', '--allow-dirty', '.'], { cwd: declared });
    expect(diagnostics(result.stdout)).toEqual([]);
    expect(readFileSync(path.join(declared, 'app/clock.py'), 'utf8')).toBe(rewritten);
  });

  test('loop= goes where a public coroutine of an application gets the running loop from every caller (P15 rule 6)', async () => {
    const net = [
      'import asyncio', '', '',
      'async def pump(n, loop):', '    q = asyncio.Queue(loop=loop)', '    for i in range(n):', '        q.put_nowait(i)',
      '    return [q.get_nowait() for _ in range(n)]', '', '',
      'async def run_all():', '    loop = asyncio.get_event_loop()', '    return await pump(3, loop)', '',
    ].join('\n');
    const entry = main.replace('from app.work import job', 'from app.net import run_all').replace('asyncio.gather(job(1), job(2))', 'run_all()');
    const files = { ...MARKER, 'app/__init__.py': '', 'app/net.py': net, 'main.py': entry };
    const root = makeTree(files);
    const run = (versions: string[], flags: string[]) => versions.map((version) => execFileSync(pyenvPython(version),
      [...flags, 'main.py'], { cwd: root, encoding: 'utf8' }));
    // Before: 3.8 and 3.9 only (loop= is gone from 3.10), where it is deprecated; after: 3.8 to 3.13, warnings as errors.
    const before = run(PYTHON_VERSIONS.slice(1, 3), ['-X', 'dev']);
    const result = await runCli(['--write', '--json', '--no-cache', '--allow-dirty', '--target-version', '3.8', '.'], { cwd: root });
    expect(diagnostics(result.stdout)).toEqual([]);
    expect(readFileSync(path.join(root, 'app/net.py'), 'utf8')).toBe(net.replace('Queue(loop=loop)', 'Queue()').replace('get_event_loop', 'get_running_loop'));
    expect(before).toEqual(Array(2).fill('[0, 1, 2]\n'));
    expect(run(PYTHON_VERSIONS.slice(1), ['-X', 'dev', '-W', 'error::DeprecationWarning'])).toEqual(Array(6).fill('[0, 1, 2]\n'));
    const library = makeTree({ ...files, 'pyproject.toml': '[project]\nname = "app"\nrequires-python = ">=3.8"\n' });
    expect(diagnostics((await runCli(['--json', '--no-cache', '.'], { cwd: library })).stdout)).toEqual(['app/net.py LS601']);
  });

  test.each([
    ['a test calls it from sync code', { 'tests/test_clock.py': 'from app.clock import now\n\n\ndef test_now():\n    assert now() >= 0\n' },
      ['app/clock.py LS801']],
    ['a module star-imports it', { 'app/extra.py': 'from app.clock import *\n' }, ['app/clock.py LS801', 'app/clock.py LS804']],
    // Importing app.work whole also keeps Timer: the module object hands on what it imported.
    ['a module reads it off the module', { 'app/extra.py': 'import app.work\n\nprint(app.clock.now)\n' }, ['app/clock.py LS801', 'app/clock.py LS804']],
    ['a module reads it off the module, imported otherwise', { 'app/extra.py': 'import app\n\nprint(app.clock.now)\n' }, ['app/clock.py LS801']],
    ['application = false says it is no application', { 'pyproject.toml': '[tool.loopshift]\napplication = false\n' },
      ['app/clock.py LS801', 'app/clock.py LS804']],
    // Code the run does not read, reflection and code in strings (probe round 16, A p02, p12, p10, p11; D p09, p19).
    ['a gitignored module may import it', { '.gitignore': 'local_hooks.py\n', 'local_hooks.py': 'from app.clock import now\n\nprint(now())\n' },
      ['app/clock.py LS801', 'app/clock.py LS804']],
    ['a module in build/ may import it', { 'build/hooks.py': 'from app.clock import now\n\nprint(now())\n' },
      ['app/clock.py LS801', 'app/clock.py LS804']],
    ['a module walks sys.modules', { 'app/selftest.py': 'import sys\n\nMODULES = sorted(sys.modules)\n' },
      ['app/clock.py LS801', 'app/clock.py LS804']],
    ['a module runs code it builds', { 'app/boot.py': 'def boot(text):\n    eval(compile(text, "boot", "exec"))\n' },
      ['app/clock.py LS801', 'app/clock.py LS804']],
    ['another module may remake an instance unnamed', { 'app/reset.py': 'def reset(obj):\n    return type(obj)()\n' },
      ['app/clock.py LS804']],
    ['a string holds code importing it', { 'app/spawn.py': 'import subprocess, sys\n\nCODE = [sys.executable, "-c", "from app.clock import now; now()"]\n' },
      ['app/clock.py LS801', 'app/clock.py LS804']],
  ])('kept when %s', async (_label, more, expected) => {
    const root = makeTree({ ...MARKER, 'app/__init__.py': '', 'app/clock.py': clock, 'app/work.py': work, 'main.py': main, ...more });
    const result = await runCli(['--json', '--no-cache', '--target-version', '3.8', '.'], { cwd: root });
    expect(diagnostics(result.stdout)).toEqual(expected);
  });
});
