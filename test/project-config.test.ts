/** The per-run project configuration: [tool.loopshift] and the target, each file read once per instance. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../src/errors.js';
import { ProjectConfig } from '../src/project-config.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'loopshift-project-config-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (relative: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
};

test('the nearest file that says something decides the target', () => {
  write('pyproject.toml', '[project]\nrequires-python = ">=3.10"\n');
  write('legacy/setup.cfg', '[options]\npython_requires = >=3.8\n');
  write('own/pyproject.toml', '[project]\nrequires-python = ">=3.8"\n[tool.loopshift]\ntarget-version = "3.12"\n');
  write('plain/pyproject.toml', '[project]\nname = "x"\n');
  const project = new ProjectConfig();
  expect(project.target(path.join(root, 'a.py'))).toMatchObject({ version: '3.10', source: expect.stringMatching(/requires-python$/) });
  expect(project.target(path.join(root, 'legacy/b.py'))).toMatchObject({ version: '3.8', source: expect.stringMatching(/setup\.cfg python_requires$/) });
  expect(project.target(path.join(root, 'own/c.py'))).toMatchObject({ version: '3.12', source: expect.stringMatching(/\[tool\.loopshift\] target-version$/) });
  expect(project.target(path.join(root, 'plain/d.py'))).toMatchObject({ version: '3.10' }); // walks past a file that says nothing
  expect(project.target(path.join(root, 'a.py'), '3.7')).toEqual({ version: '3.7', source: '--target-version' });
  expect(project.toolConfig(path.join(root, 'own/c.py'))).toEqual({ file: path.join(root, 'own/pyproject.toml'), targetVersion: '3.12' });
});

test('a value it cannot understand is a warning and the default', () => {
  write('pyproject.toml', '[project]\nrequires-python = "python3 please"\n');
  const target = new ProjectConfig().target(path.join(root, 'a.py'));
  expect(target).toMatchObject({ version: '3.9', source: 'default' });
  expect(target.warning).toMatch(/requires-python "python3 please" .*; using the default target 3\.9$/);
});

test('each file is read once per run, and a new run reads it again', () => {
  write('pyproject.toml', '[project]\nrequires-python = ">=3.10"\n[tool.loopshift]\njobs = 2\n');
  const first = new ProjectConfig();
  expect(first.target(path.join(root, 'a.py')).version).toBe('3.10');
  expect(first.toolConfig(root)?.jobs).toBe(2);
  write('pyproject.toml', '[project]\nrequires-python = ">=3.11"\n[tool.loopshift]\njobs = 3\n');
  expect(first.target(path.join(root, 'b.py')).version).toBe('3.10');
  expect(first.toolConfig(root)?.jobs).toBe(2);
  const second = new ProjectConfig();
  expect(second.target(path.join(root, 'a.py')).version).toBe('3.11');
  expect(second.toolConfig(root)?.jobs).toBe(3);
});

test('a bad [tool.loopshift] is a usage error naming the file and the key; a broken file without it is ignored', () => {
  write('bad/pyproject.toml', '[tool.loopshift]\ncolour = "red"\n');
  write('broken/pyproject.toml', '[project\n');
  const project = new ProjectConfig();
  expect(() => project.toolConfig(path.join(root, 'bad'))).toThrow(UsageError);
  expect(() => project.toolConfig(path.join(root, 'bad'))).toThrow(/bad\/pyproject\.toml: \[tool\.loopshift\] colour: unknown key/);
  expect(project.toolConfig(path.join(root, 'broken'))).toBeUndefined();
  expect(project.target(path.join(root, 'broken/x.py'))).toMatchObject({ version: '3.9', source: 'default' });
});
