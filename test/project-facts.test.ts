/**
 * The project model's facts reach the helper: each transform request carries `options.project`
 * (src/project-model.ts FileFacts), built from every .py file of the run before any file is migrated.
 *
 * A transform cannot see the request's options today (FileContext keeps only path, source and
 * target), so the requests are read where they leave the driver: `--python` is a wrapper that
 * copies the helper's stdin to a log and runs the real interpreter.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli } from './support/cli.js';

const SCRIPT = [
  'import asyncio', 'import helpers', '', '',
  'def main():', '    loop = asyncio.get_event_loop()', '    loop.run_until_complete(helpers.work())', '', '',
  'if __name__ == "__main__":', '    main()', '',
].join('\n');
const HELPERS = 'import asyncio\n\n\nasync def work():\n    loop = asyncio.get_event_loop()\n    return loop.time()\n';
const TEST = 'import asyncio\nimport helpers\n\n\ndef test_work():\n    loop = asyncio.get_event_loop()\n    loop.run_until_complete(helpers.work())\n';

/** A folder holding the tree, and a `--python` that logs every line the driver sends to a helper. */
function loggingSetup(files: Record<string, string>) {
  const root = makeTree(files);
  const support = makeTree({});
  const log = path.join(support, 'requests.jsonl');
  const real = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  const python = path.join(support, 'python');
  writeFileSync(python, `#!/bin/sh\ntee -a '${log}' | exec '${real}' "$@"\n`);
  chmodSync(python, 0o755);
  writeFileSync(log, '');
  const requests = () => readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
    .filter((request) => request.type === 'transform');
  return { root, python, requests };
}

describe('project facts in each request', () => {
  test('a script with a main guard, a module it imports and a test module each get their own facts', async () => {
    const { root, python, requests } = loggingSetup({
      'tool.py': SCRIPT, 'helpers.py': HELPERS, 'tests/test_helpers.py': TEST, 'notes.py': 'X = 1\n',
    });
    const run = await runCli(['--json', '-j', '1', '--python', python, '.'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ filesScanned: 4, candidates: 3, failed: 0 });
    const facts = Object.fromEntries(requests().map((request) => [request.path, request.options.project]));
    // notes.py has no trigger word: it is scanned by the model but never sent.
    expect(Object.keys(facts).sort()).toEqual(['helpers.py', 'tests/test_helpers.py', 'tool.py']);
    expect(facts['tool.py']).toEqual({
      module: 'tool', isPackageInit: false, isTest: false, isEntryPoint: true, entry: ['main-guard'],
      isImported: false, importedBy: 0, namedInStrings: 0, dynamicImportsInProject: false, maybeImported: false, isScript: true, scriptOnly: true,
      projectImports: ['helpers'], // the project modules it imports, by top-level name
    });
    expect(facts['helpers.py']).toMatchObject({
      module: 'helpers', isEntryPoint: false, entry: [], isImported: true, importedBy: 2, maybeImported: true, isScript: false,
    });
    expect(facts['tests/test_helpers.py']).toMatchObject({
      module: 'tests.test_helpers', isTest: true, isEntryPoint: false, isImported: false, isScript: false,
    });
    for (const request of requests()) expect(request.options.target).toBe('3.9');
  });

  test('a file given by name: the model still scans the rest of its project', async () => {
    const { root, python, requests } = loggingSetup({
      'proj/pyproject.toml': '[project]\nname = "proj"\n', 'proj/app/tool.py': SCRIPT, 'proj/app/helpers.py': HELPERS,
      'proj/tests/test_helpers.py': TEST,
    });
    const run = await runCli(['--json', '-j', '1', '--python', python, 'proj/app/helpers.py'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ filesScanned: 1, candidates: 1 });
    // Only helpers.py is migrated, but tool.py and the test, found from pyproject.toml's folder, import it.
    expect(requests().map((request) => [request.path, request.options.project])).toEqual([
      ['proj/app/helpers.py', expect.objectContaining({ isImported: true, importedBy: 2, isScript: false })],
    ]);
  });

  test('without a project marker, a named file stands for its folder', async () => {
    const { root, python, requests } = loggingSetup({ 'app/tool.py': SCRIPT, 'app/helpers.py': HELPERS, 'other/uses.py': 'import helpers\n' });
    const run = await runCli(['--json', '-j', '1', '--python', python, 'app/helpers.py'], { cwd: root });
    expect(run.exitCode).toBe(0);
    expect(requests().map((request) => [request.path, request.options.project])).toEqual([
      ['app/helpers.py', expect.objectContaining({ module: 'helpers', isImported: true, importedBy: 1, isScript: false })],
    ]);
  });

  test('stdin mode sends no facts: there is no project', async () => {
    const { root, python, requests } = loggingSetup({ 'tool.py': SCRIPT, 'helpers.py': HELPERS });
    const run = await runCli(['--python', python, '-', '--stdin-filename', 'tool.py'], { cwd: root, input: SCRIPT });
    expect(run.exitCode).toBe(0);
    const sent = requests();
    expect(sent).toHaveLength(1);
    expect(sent[0].options).toEqual({ target: '3.9' });
  });
});

describe('bases in other project modules (FileFacts.baseModules)', () => {
  const BASE = [
    'import asyncio', 'import unittest', '', '',
    'class LoopTestCase(unittest.TestCase):', '    def setUp(self):', '        self.loop = asyncio.new_event_loop()',
    '        asyncio.set_event_loop(self.loop)', '', '    def tearDown(self):', '        self.loop.close()',
    '        asyncio.set_event_loop(None)', '',
  ].join('\n');
  // P13a's base must not touch the current loop itself (importedEffects): a module of its own.
  const HELPERS = ['import unittest', '', '', 'class Helpers(unittest.TestCase):', '    def run_coro(self, coro):',
    '        return self.loop.run_until_complete(coro)', ''].join('\n');
  const RULE8 = [
    'import asyncio', 'import unittest', '', 'from tests.base import LoopTestCase', '', '',
    'class TestQueue(LoopTestCase):', '    def test_q(self):', '        q = asyncio.Queue(loop=self.loop)', '        print(q.qsize())', '',
  ].join('\n');
  const P13A = [
    'import asyncio', 'import unittest', '', 'from tests.helpers import Helpers', '', '',
    'class TestPerTest(Helpers):', '    def setUp(self):', '        self.loop = asyncio.get_event_loop()', '',
    '    def test_a(self):', '        self.run_coro(asyncio.sleep(0))', '',
  ].join('\n');

  test('the real CLI sends the base module and both rules use it', async () => {
    // Two projects: a test module whose base sets loops makes P13a decline the other test modules (LS904).
    const first = loggingSetup({ 'tests/__init__.py': '', 'tests/base.py': BASE, 'tests/test_x.py': RULE8 });
    const second = loggingSetup({ 'tests/__init__.py': '', 'tests/helpers.py': HELPERS, 'tests/test_y.py': P13A });
    for (const { root, python } of [first, second]) {
      const run = await runCli(['--write', '--no-cache', '--target-version', '3.8', '-j', '1', '--python', python, '.'], { cwd: root });
      expect(run.exitCode).toBe(0);
    }
    const facts = (setup: typeof first, file: string) => setup.requests().find((request) => request.path === file).options.project;
    expect(facts(first, 'tests/test_x.py').baseModules).toEqual({ 'tests.base': { source: BASE } });
    expect(facts(first, 'tests/base.py').baseModules).toBeUndefined();
    expect(facts(second, 'tests/test_y.py').baseModules).toEqual({ 'tests.helpers': { source: HELPERS } });
    // rule 8's test form, setUp() in tests/base.py
    expect(readFileSync(path.join(first.root, 'tests/test_x.py'), 'utf8')).toBe(RULE8.replace('Queue(loop=self.loop)', 'Queue()'));
    // P13a, the one base in tests/helpers.py
    expect(readFileSync(path.join(second.root, 'tests/test_y.py'), 'utf8')).toContain('self.loop = asyncio.new_event_loop()\n'
      + '        asyncio.set_event_loop(self.loop)\n        self.addCleanup(asyncio.set_event_loop, None)\n');
    expect(readFileSync(path.join(first.root, 'tests/base.py'), 'utf8')).toBe(BASE);
  });
});
