/** The project model: the import scanner, module names, entry points, and which files are scripts. */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { BASE_MODULE_MAX_CHARS, ProjectModel, scanFile } from '../src/project-model.js';
import { projectRoots } from '../src/project-roots.js';
import { iniScripts, pyprojectScripts, setupPyScripts } from '../src/python-entry-points.js';
import { scanPython, type ImportRef } from '../src/python-imports.js';
import { makeTree } from './support/cli.js';

/** Every .py file under `dir`, as the driver would list them. */
function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.py'))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** A model over a throwaway tree: `at('pkg/mod.py')` is that file's absolute path. */
function project(files: Record<string, string>, roots: string[] = ['.']) {
  const root = makeTree(files);
  const at = (relative: string) => path.join(root, relative);
  const model = new ProjectModel(roots.map(at));
  for (const file of pythonFiles(root)) model.addFile(file, readFileSync(file, 'utf8'));
  model.finish();
  return { root, at, model };
}

describe('scanner: import forms', () => {
  const cases: [string, string, ImportRef[]][] = [
    ['import with alias and list', 'import a.b as c, d\n', [{ level: 0, module: 'a.b' }, { level: 0, module: 'd' }]],
    ['from import', 'from a.b import c\n', [{ level: 0, module: 'a.b', names: ['c'] }]],
    ['from . import', 'from . import x\n', [{ level: 1, module: '', names: ['x'] }]],
    ['from .import (no space)', 'from .import x\n', [{ level: 1, module: '', names: ['x'] }]],
    ['from ..pkg.mod import', 'from ..pkg.mod import y as z\n', [{ level: 2, module: 'pkg.mod', names: ['y'] }]],
    ['star import', 'from pkg import *\n', [{ level: 0, module: 'pkg', names: ['*'] }]],
    ['inside a function', 'def f():\n    import json\n    return json\n', [{ level: 0, module: 'json' }]],
    ['try/except', 'try:\n    import ujson as json\nexcept ImportError:\n    import json\n',
      [{ level: 0, module: 'ujson' }, { level: 0, module: 'json' }]],
    ['if TYPE_CHECKING', 'from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.types import T\n',
      [{ level: 0, module: 'typing', names: ['TYPE_CHECKING'] }, { level: 0, module: 'pkg.types', names: ['T'] }]],
    ['one-line compound and ;', 'try: import a\nexcept ImportError: import b; import c\n',
      [{ level: 0, module: 'a' }, { level: 0, module: 'b' }, { level: 0, module: 'c' }]],
    ['parenthesised, multi-line, comments', 'from x import (\n    a,  # the (first) one\n    b as bb,\n)\n',
      [{ level: 0, module: 'x', names: ['a', 'b'] }]],
    ['backslash continuations', 'import a, \\\n    b\nfrom c \\\n    import d\n',
      [{ level: 0, module: 'a' }, { level: 0, module: 'b' }, { level: 0, module: 'c', names: ['d'] }]],
    ['CRLF', 'import a\r\nfrom b import (\r\n  c)\r\n', [{ level: 0, module: 'a' }, { level: 0, module: 'b', names: ['c'] }]],
    ['constant import_module / __import__', 'import importlib\nm = importlib.import_module("x.y")\nn = __import__(\'z\')\n',
      [{ level: 0, module: 'importlib' }, { level: 0, module: 'x.y' }, { level: 0, module: 'z' }]],
    ['relative import_module with a package', 'importlib.import_module(".x", "pkg")\nimport_module("..y", package=__package__)\n',
      [{ level: 1, module: 'x', anchor: 'pkg' }, { level: 2, module: 'y' }]],
    ['relative import_module with __package__', 'importlib.import_module(".plug", __package__)\n', [{ level: 1, module: 'plug' }]],
    ['__import__ with a fromlist', '__import__("pkg", globals(), locals(), ["mod"])\n', [{ level: 0, module: 'pkg', names: ['*'] }]],
  ];
  test.each(cases)('%s', (_name, source, expected) => {
    expect(scanPython(source).imports).toEqual(expected);
  });

  test('strings and comments are not code', () => {
    const source = [
      '"""Docs.', '', 'import fake1', 'from fake2 import x', '"""', '# import fake3',
      "s = 'import fake4'; t = '''", 'import fake5', "'''", 'u = "\\"import fake6"', 'r"\\"" ; import real',
      'yield_from = 1', 'def g():', '    yield from h()', '    raise E from e', '',
    ].join('\n');
    expect(scanPython(source).imports).toEqual([{ level: 0, module: 'real' }]);
    expect(scanPython('x = "unterminated\nimport after\n').imports).toEqual([{ level: 0, module: 'after' }]);
  });

  test('dotted strings are collected: they may name modules (mock.patch, "mod:app")', () => {
    const scan = scanPython('patch("pkg.mod.func")\nrun("app:app")\nopen("setup.py")\nx = "plain"\n');
    expect(scan.dottedStrings.sort()).toEqual(['app:app', 'pkg.mod.func']);
  });
});

describe('scanner: dynamic imports', () => {
  const dynamic: [string, string][] = [
    ['import_module(name)', 'importlib.import_module(name)'],
    ['import_module(f-string)', 'importlib.import_module(f"plugins.{name}")'],
    ['import_module(concatenation)', 'importlib.import_module("plugins." + name)'],
    ['import_module as a value', 'load = importlib.import_module'],
    ['__import__(var)', '__import__(var)'],
    ['runpy.run_module', 'runpy.run_module("pkg.tool")'],
    ['runpy.run_path', 'runpy.run_path(path)'],
    ['imp.load_source', 'imp.load_source("m", path)'],
    ['pkgutil.walk_packages', 'for info in pkgutil.walk_packages(pkg.__path__): pass'],
    ['exec', 'exec(code, namespace)'],
    ['spec_from_file_location', 'spec = importlib.util.spec_from_file_location("m", path)'],
    ['module_from_spec / exec_module', 'spec.loader.exec_module(module)'],
  ];
  test.each(dynamic)('%s is dynamic', (_name, line) => {
    const scan = scanPython(`import importlib\n\n${line}\n`);
    expect(scan.dynamic).toEqual([expect.objectContaining({ line: 3 })]);
  });

  const notDynamic: [string, string][] = [
    ['a definition', 'def exec(self):\n    pass\ndef import_module(name):\n    pass'],
    ['a method named exec', 'cursor.exec(query)'],
    ['in a string or comment', 's = "exec(code)"  # importlib.import_module(name)'],
    ['importing the function', 'from importlib import import_module'],
    ['a constant call', 'importlib.import_module("pkg.mod")'],
    ['similar names', 'execute(x); rerun_path(y); preload_source(z)'],
  ];
  test.each(notDynamic)('%s is not dynamic', (_name, source) => {
    expect(scanPython(source).dynamic).toEqual([]);
  });
});

describe('scanner: entry markers', () => {
  test.each([
    ['if __name__ == "__main__":\n    main()\n', true],
    ["if __name__ == '__main__':\n    main()\n", true],
    ["if '__main__' == __name__ :\n    main()\n", true],
    ['if (__name__ == "__main__"):\n    main()\n', true],
    ['def f():\n    if __name__ == "__main__":\n        pass\n', false],
    ['"""\nif __name__ == "__main__":\n    main()\n"""\n', false],
    ['# if __name__ == "__main__":\n', false],
  ])('main guard in %j: %s', (source, expected) => {
    expect(scanPython(source).mainGuard).toBe(expected);
  });

  test('shebang on line 1 only, and only for python', () => {
    expect(scanPython('#!/usr/bin/env python3\nx = 1\n').shebang).toBe(true);
    expect(scanPython('\ufeff#!/usr/bin/python\n').shebang).toBe(true);
    expect(scanPython('#!/bin/sh\n').shebang).toBe(false);
    expect(scanPython('\n#!/usr/bin/env python\n').shebang).toBe(false);
  });
});

describe('packaging metadata', () => {
  test('pyproject scripts, gui-scripts and Poetry scripts', () => {
    const text = '[project]\nname = "x"\n[project.scripts]\nx = "pkg.cli:main"\n[project.gui-scripts]\nxg = "pkg.gui:run"\n'
      + '[tool.poetry.scripts]\npx = "pkg.poetry_cli:main"\n';
    expect(pyprojectScripts(text)).toEqual([
      { kind: 'console-script', module: 'pkg.cli' }, { kind: 'gui-script', module: 'pkg.gui' },
      { kind: 'console-script', module: 'pkg.poetry_cli' },
    ]);
    expect(pyprojectScripts('not [toml')).toEqual([]);
  });

  test('setup.cfg [options.entry_points]', () => {
    const text = '[metadata]\nname = x\n\n[options.entry_points]\nconsole_scripts =\n    x = pkg.cli:main\n    y = pkg.other:main [extra]\n'
      + 'gui_scripts =\n    g = pkg.gui:run\nother.group =\n    z = pkg.plugin:hook\n';
    expect(iniScripts(text)).toEqual([
      { kind: 'console-script', module: 'pkg.cli' }, { kind: 'console-script', module: 'pkg.other' },
      { kind: 'gui-script', module: 'pkg.gui' },
    ]);
  });

  test('setup.py entry_points, as a dict and as an INI string', () => {
    const dict = 'setup(\n    entry_points={\n        "console_scripts": ["x = pkg.cli:main", "y=pkg.y:go"],\n        \'gui_scripts\': [\'g = pkg.gui:run\'],\n    },\n)\n';
    expect(setupPyScripts(dict)).toEqual([
      { kind: 'console-script', module: 'pkg.cli' }, { kind: 'console-script', module: 'pkg.y' },
      { kind: 'gui-script', module: 'pkg.gui' },
    ]);
    const ini = 'setup(entry_points="""\n[console_scripts]\nx = pkg.cli:main\n""")\n';
    expect(setupPyScripts(ini)).toEqual([{ kind: 'console-script', module: 'pkg.cli' }]);
  });
});

describe('module names and packages', () => {
  test('flat modules, regular packages and relative imports', () => {
    const { at, model } = project({
      'main.py': 'import pkg.sub.mod\n',
      'util.py': 'X = 1\n',
      'pkg/__init__.py': '',
      'pkg/other.py': 'import util\n',
      'pkg/sub/__init__.py': 'from . import mod\n',
      'pkg/sub/mod.py': 'from ..other import thing\nfrom .. import other\n',
    });
    expect(model.moduleName(at('main.py'))).toBe('main');
    expect(model.moduleName(at('pkg/__init__.py'))).toBe('pkg');
    expect(model.moduleName(at('pkg/sub/mod.py'))).toBe('pkg.sub.mod');
    expect(model.packages().map((p) => [p.name, p.kind])).toEqual([['pkg', 'regular'], ['pkg.sub', 'regular']]);
    // import pkg.sub.mod runs pkg/__init__.py, pkg/sub/__init__.py and mod.
    expect(model.importers(at('pkg/__init__.py'))).toContain(at('main.py'));
    expect(model.importers(at('pkg/sub/__init__.py'))).toContain(at('main.py'));
    expect(model.importers(at('pkg/sub/mod.py'))).toEqual([at('main.py'), at('pkg/sub/__init__.py')].sort());
    expect(model.importers(at('pkg/other.py'))).toEqual([at('pkg/sub/mod.py')]);
    expect(model.importers(at('util.py'))).toEqual([at('pkg/other.py')]);
    expect(model.importers(at('main.py'))).toEqual([]);
  });

  test('namespace folders are possible packages, and a script finds its siblings', () => {
    const { at, model } = project({
      'tools/release/run.py': 'import helper\nimport tools.release.checks\n',
      'tools/release/helper.py': '',
      'tools/release/checks.py': '',
      'tools/lone.py': '',
    });
    expect(model.moduleName(at('tools/release/run.py'))).toBe('tools.release.run');
    expect(model.packages()).toEqual([
      { name: 'tools', dir: at('tools'), kind: 'namespace' },
      { name: 'tools.release', dir: at('tools/release'), kind: 'namespace' },
    ]);
    expect(model.importers(at('tools/release/helper.py'))).toEqual([at('tools/release/run.py')]);
    expect(model.importers(at('tools/release/checks.py'))).toEqual([at('tools/release/run.py')]);
  });

  test('src layout: names start below src/', () => {
    const { at, model } = project({
      'pyproject.toml': '[project]\nname = "mypkg"\n',
      'src/mypkg/__init__.py': '',
      'src/mypkg/core.py': '',
      'tests/test_core.py': 'from mypkg import core\n',
    });
    expect(model.moduleName(at('src/mypkg/core.py'))).toBe('mypkg.core');
    expect(model.importers(at('src/mypkg/core.py'))).toEqual([at('tests/test_core.py')]);
    expect(model.moduleName(at('tests/test_core.py'))).toBe('tests.test_core');
  });

  test('a root inside a package, and a file given directly, keep full names', () => {
    const files = { 'app/__init__.py': '', 'app/jobs/__init__.py': '', 'app/jobs/nightly.py': 'from . import weekly\n', 'app/jobs/weekly.py': '' };
    const inside = project(files, ['app/jobs']);
    expect(inside.model.moduleName(inside.at('app/jobs/nightly.py'))).toBe('app.jobs.nightly');
    expect(inside.model.importers(inside.at('app/jobs/weekly.py'))).toEqual([inside.at('app/jobs/nightly.py')]);
    const root = makeTree(files);
    const file = path.join(root, 'app/jobs/nightly.py');
    const model = new ProjectModel([file]);
    model.addFile(file, readFileSync(file, 'utf8'));
    expect(model.finish().moduleName(file)).toBe('app.jobs.nightly');
  });

  test('from pkg import name: a submodule counts, an attribute does not; a star import may load any', () => {
    const { at, model } = project({
      'pkg/__init__.py': 'VALUE = 1\n',
      'pkg/a.py': '', 'pkg/b.py': '', 'pkg/c.py': '',
      'one.py': 'from pkg import a, VALUE\n',
      'star.py': 'from pkg import *\n',
    });
    expect(model.importers(at('pkg/a.py'))).toEqual([at('one.py'), at('star.py')]);
    expect(model.importers(at('pkg/b.py'))).toEqual([at('star.py')]);
    expect(model.importers(at('pkg/__init__.py'))).toEqual([at('one.py'), at('star.py')]);
  });

  test('import_module with constants is followed, relative ones too', () => {
    const { at, model } = project({
      'pkg/__init__.py': '', 'pkg/plugins/__init__.py': '', 'pkg/plugins/fast.py': '', 'pkg/plugins/slow.py': '',
      'loader.py': 'import importlib\nimportlib.import_module("pkg.plugins.fast")\nimportlib.import_module(".slow", "pkg.plugins")\n',
    });
    expect(model.importers(at('pkg/plugins/fast.py'))).toEqual([at('loader.py')]);
    expect(model.importers(at('pkg/plugins/slow.py'))).toEqual([at('loader.py')]);
    expect(model.dynamicImports()).toEqual([]);
  });
});

describe('what other modules take from a module (importedWhole, importedNames)', () => {
  test('module objects and names, absolute and relative, submodules and star imports', () => {
    const { at, model } = project({
      'pkg/__init__.py': 'from . import sub\n',
      'pkg/sub/__init__.py': '',
      'pkg/sub/deep.py': '',
      'pkg/names.py': '', 'pkg/alias.py': '', 'pkg/rel.py': '', 'pkg/starred.py': '', 'pkg/loaded.py': '',
      'pkg/untouched.py': '',
      'pkg/uses.py': 'from .rel import _helper, thing as other\nfrom . import alias as a\nimport importlib\nimportlib.import_module(".loaded", "pkg")\n',
      'app.py': 'import pkg.sub.deep\nfrom pkg.names import _one, two\nfrom pkg.names import (three)\nfrom pkg.starred import *\n',
    });
    const taken = (file: string) => {
      const { importedWhole, importedNames } = model.factsFor(at(file))!;
      return { importedWhole, importedNames };
    };
    // import pkg.sub.deep binds pkg: pkg.sub and pkg.sub.deep are reachable as module objects.
    for (const file of ['pkg/__init__.py', 'pkg/sub/__init__.py', 'pkg/sub/deep.py']) expect([file, taken(file).importedWhole]).toEqual([file, true]);
    expect(taken('pkg/__init__.py').importedNames).toEqual(['alias', 'sub']); // from . import alias / sub
    expect(taken('pkg/names.py')).toEqual({ importedWhole: false, importedNames: ['_one', 'three', 'two'] });
    expect(taken('pkg/rel.py')).toEqual({ importedWhole: false, importedNames: ['_helper', 'thing'] });
    expect(taken('pkg/alias.py')).toEqual({ importedWhole: true, importedNames: [] }); // from . import alias as a
    expect(taken('pkg/starred.py')).toEqual({ importedWhole: false, importedNames: ['*'] });
    expect(taken('pkg/loaded.py')).toEqual({ importedWhole: true, importedNames: [] }); // import_module returns it
    expect(taken('pkg/untouched.py')).toEqual({ importedWhole: false, importedNames: [] });
  });

  test('a star import of a package may hand out each submodule; an unscanned file may take anything', () => {
    const { at, model } = project({ 'pkg/__init__.py': '', 'pkg/a.py': '', 'star.py': 'from pkg import *\n' });
    expect(model.factsFor(at('pkg/a.py'))).toMatchObject({ importedWhole: true, importedNames: [] });
    const root = makeTree({ 'lib/__init__.py': '', 'lib/quiet.py': '', 'lib/big.py': '' });
    const unscanned = new ProjectModel([root]);
    unscanned.addFile(path.join(root, 'lib/__init__.py'), '');
    unscanned.addFile(path.join(root, 'lib/quiet.py'), '');
    unscanned.addUnscanned(path.join(root, 'lib/big.py'), 'too large');
    expect(unscanned.finish().factsFor(path.join(root, 'lib/quiet.py'))).toMatchObject({ importedWhole: true });
  });

  test('left out of script-only facts, where nothing imports the file', () => {
    const { at, model } = project({ 'examples/echo.py': 'import asyncio\n', 'lib/__init__.py': '', 'lib/mod.py': '' });
    const echo = model.factsFor(at('examples/echo.py'))!;
    expect(echo.scriptOnly).toBe(true);
    expect('importedWhole' in echo || 'importedNames' in echo).toBe(false);
    expect(model.factsFor(at('lib/mod.py'))).toMatchObject({ scriptOnly: false, importedWhole: false, importedNames: [] });
  });
});

describe('entry points', () => {
  test('each source of entry points', () => {
    const { at, model } = project({
      'pyproject.toml': '[project]\nname = "p"\n[project.scripts]\np = "pkg.cli:main"\n[project.gui-scripts]\npg = "pkg.gui:main"\n',
      'setup.cfg': '[options.entry_points]\nconsole_scripts =\n    c = pkg.cfgcli:main\n',
      'setup.py': 'from setuptools import setup\nsetup(entry_points={"console_scripts": ["s = pkg.setupcli:main"]})\n',
      'pkg/__init__.py': '', 'pkg/cli.py': 'import pkg.lib\n', 'pkg/gui.py': '', 'pkg/cfgcli.py': '', 'pkg/setupcli.py': '',
      'pkg/lib.py': '', 'pkg/__main__.py': 'from pkg.cli import main\nmain()\n',
      'bin/tool.py': '#!/usr/bin/env python3\nprint(1)\n',
      'guarded.py': 'def main(): pass\nif __name__ == "__main__":\n    main()\n',
    });
    expect(model.entryKinds(at('pkg/cli.py'))).toEqual(['console-script']);
    expect(model.entryKinds(at('pkg/gui.py'))).toEqual(['gui-script']);
    expect(model.entryKinds(at('pkg/cfgcli.py'))).toEqual(['console-script']);
    expect(model.entryKinds(at('pkg/setupcli.py'))).toEqual(['console-script']);
    expect(model.entryKinds(at('pkg/__main__.py'))).toEqual(['dunder-main']);
    expect(model.entryKinds(at('bin/tool.py'))).toEqual(['shebang']);
    expect(model.entryKinds(at('guarded.py'))).toEqual(['main-guard']);
    expect(model.entryKinds(at('pkg/lib.py'))).toEqual([]);
    // A console-script target imported by __main__.py is both an entry point and imported.
    expect(model.factsFor(at('pkg/cli.py'))).toMatchObject({ isEntryPoint: true, isImported: true, isScript: true });
    expect(model.isScript(at('pkg/lib.py'))).toBe(false);
    expect(model.isScript(at('setup.py'))).toBe(true);
  });
});

describe('isScript', () => {
  const files = {
    'app/__init__.py': '',
    'app/server.py': 'import app.models\nif __name__ == "__main__":\n    pass\n',
    'app/models.py': 'X = 1\n',
    'app/worker.py': 'import asyncio\nloop = asyncio.get_event_loop()\nloop.run_until_complete(main())\n',
    'app/runner.py': 'import app.server\n',
    'conftest.py': '',
    'test_things.py': 'if __name__ == "__main__":\n    pass\n',
    'things_test.py': '',
    'tests/helpers.py': '',
    'test/data/make.py': '#!/usr/bin/env python\n',
  };

  test('entry point or not imported; never __init__, conftest or tests', () => {
    const { at, model } = project(files);
    // Imported AND guarded: a script (entry point), but its module-level code also runs on import.
    expect(model.factsFor(at('app/server.py'))).toEqual({
      module: 'app.server', isPackageInit: false, isTest: false, isEntryPoint: true, entry: ['main-guard'],
      isImported: true, importedBy: 1, namedInStrings: 0, dynamicImportsInProject: false, maybeImported: true, isScript: true,
      scriptOnly: false, importedWhole: true, importedNames: [],
      projectImports: ['app'], // the top-level names of its imports that are project modules
    });
    expect(model.isScript(at('app/models.py'))).toBe(false);        // imported, no entry point
    expect(model.isScript(at('app/worker.py'))).toBe(true);         // imported by nothing
    expect(model.factsFor(at('app/worker.py'))).toMatchObject({ isEntryPoint: false, isImported: false, maybeImported: false });
    expect(model.isScript(at('app/runner.py'))).toBe(true);
    for (const file of ['app/__init__.py', 'conftest.py', 'test_things.py', 'things_test.py', 'tests/helpers.py', 'test/data/make.py']) {
      expect([file, model.isScript(at(file))]).toEqual([file, false]);
    }
    expect(model.factsFor(at('app/__init__.py'))).toMatchObject({ isPackageInit: true, isScript: false });
    expect(model.factsFor(at('test/data/make.py'))).toMatchObject({ isTest: true, isEntryPoint: true });
  });

  test('one dynamic import anywhere makes every module maybe imported; entry points stay scripts', () => {
    const { at, model } = project({ ...files, 'app/plugins.py': 'import importlib\n\ndef load(name):\n    return importlib.import_module(name)\n' });
    expect(model.dynamicImports()).toEqual([{ file: at('app/plugins.py'), line: 4, what: 'import_module()' }]);
    expect(model.factsFor(at('app/worker.py'))).toMatchObject({ isImported: false, dynamicImportsInProject: true, maybeImported: true, isScript: false });
    expect(model.isScript(at('app/server.py'))).toBe(true);
  });

  test('a computed import may load a module and call its functions (loadedByName), within its constant head', () => {
    const { at, model } = project({
      'app/__init__.py': '', 'app/worker.py': 'def main():\n    pass\n', 'app/plugins/__init__.py': '', 'app/plugins/ping.py': '',
      'app/load.py': 'import importlib\n\ndef load(name):\n    return importlib.import_module("app.plugins." + name)\n',
      'app/plugins/rel.py': 'from importlib import import_module\n\ndef load(n):\n    return import_module("." + n, __package__)\n',
      'run.py': 'import runpy\nrunpy.run_module("x", run_name="__main__")\n', 'app/tool.py': 'if __name__ == "__main__":\n    pass\n',
    });
    expect(model.dynamicImports()).toContainEqual({ file: at('app/load.py'), line: 4, what: 'import_module()', prefix: 'app.plugins.' });
    expect(model.factsFor(at('app/plugins/ping.py')).loadedByName).toBe('app.load:4');
    expect(model.factsFor(at('app/worker.py')).loadedByName).toBeUndefined();
    // A relative head is resolved in the importer's package (app.worker is outside app.plugins); the package
    // itself is not under its own head; only files with a main guard can be run as programs.
    expect(model.factsFor(at('app/load.py')).loadedByName).toBeUndefined();
    expect(model.factsFor(at('app/plugins/__init__.py')).loadedByName).toBeUndefined();
    expect(model.factsFor(at('app/tool.py')).mainRunElsewhere).toBe('run:2');
    expect(model.factsFor(at('app/worker.py')).mainRunElsewhere).toBeUndefined();
  });

  test('what a loader reads off a module it loads by a computed name (loaderReads): the names it may call', () => {
    const reads = (code: string) => scanPython(code).dynamic.map((d) => d.reads);
    expect(reads('import importlib\ndef load(n):\n    mod = importlib.import_module("p." + n)\n    mod.setup(1)\n    return mod.NAME\n'))
      .toEqual([['NAME', 'setup']]);
    expect(reads('from importlib import import_module\nfor n in NAMES:\n    import_module(n)\n')).toEqual([[]]);
    expect(reads('import importlib\nimportlib.import_module(n).register(app)\n')).toEqual([['register']]);
    expect(reads('import importlib\nm = importlib.import_module(n)\nprint(m.__name__, m.__file__)\n')).toEqual([['__file__', '__name__']]);
    // The module object escapes, is read by a computed name or a dunder, or the file reaches modules through sys.modules.
    for (const code of [
      'import importlib\ndef load(n):\n    return importlib.import_module(n)\n',
      'import importlib\nmod = importlib.import_module(n)\nplugins.append(mod)\n',
      'import importlib\nmod = importlib.import_module(n)\ngetattr(mod, "main")()\n',
      'import importlib\nmod = importlib.import_module(n)\nmod.__dict__["main"]()\n',
      'import importlib, sys\nmod = importlib.import_module(n)\nsys.modules[n].main()\n',
      'import importlib\nx.mod = importlib.import_module(n)\n',
      'import importlib\nmod, other = importlib.import_module(n), 1\n',
      '__import__(n).main()\n',
    ]) expect([code, reads(code)]).toEqual([code, [undefined]]);
    const { at, model } = project({
      'app/__init__.py': '', 'app/plugins/__init__.py': '', 'app/plugins/ping.py': '',
      'app/load.py': 'import importlib\n\ndef load(name):\n    mod = importlib.import_module("app.plugins." + name)\n    mod.setup()\n',
      'app/load2.py': 'import importlib\n\ndef load(name):\n    importlib.import_module("app.plugins." + name).teardown()\n',
      'app/other.py': 'import importlib\n\ndef load(name):\n    return importlib.import_module("app.other." + name)\n',
    });
    expect(model.factsFor(at('app/plugins/ping.py'))).toMatchObject({ loadedByName: 'app.load:4', loaderReads: ['setup', 'teardown'] });
    const { at: at2, model: model2 } = project({
      'app/__init__.py': '', 'app/ping.py': '',
      'app/load.py': 'import importlib\n\ndef load(name):\n    mod = importlib.import_module("app." + name)\n    mod.setup()\n',
      'app/any.py': 'import importlib\n\ndef load(name):\n    return importlib.import_module(name)\n',
    });
    expect(model2.factsFor(at2('app/ping.py')).loadedByName).toBe('app.any:4');
    expect(model2.factsFor(at2('app/ping.py')).loaderReads).toBeUndefined();
  });

  test('projectImports: the top-level names a file imports that are project modules (a script\'s own calendar.py)', () => {
    const { at, model } = project({
      'app/__init__.py': '', 'app/config.py': 'import json\n', 'calendar.py': 'X = 1\n',
      'main.py': 'import json\nimport calendar\nfrom app import config\nimport aiohttp\n',
    });
    expect(model.factsFor(at('main.py'))?.projectImports).toEqual(['app', 'calendar']);
    expect(model.factsFor(at('app/config.py'))?.projectImports).toBeUndefined();
  });

  test('policyInstallers: the functions each imported project module has that only install a class-only policy', () => {
    const install = 'import asyncio\n\n\ndef install_policy():\n    """Doc."""\n    asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())\n';
    const { at, model } = project({
      'app/__init__.py': '', 'app/config.py': install,
      'app/uv.py': 'import uvloop\n\n\ndef fast():\n    uvloop.install()\n\n\n@decorated\ndef other():\n    uvloop.install()\n',
      'app/more.py': `${install}    print("and more")\n`,
      'main.py': 'from app.config import install_policy\nfrom app import uv, more\n',
    });
    expect(model.factsFor(at('main.py'))?.policyInstallers).toEqual({ 'app.config': ['install_policy'], 'app.uv': ['fast'] });
    expect(model.factsFor(at('app/config.py'))?.policyInstallers).toBeUndefined();
  });

  test('baseModules: the text of the project modules a file\'s classes may take their bases from, transitively', () => {
    const base = 'import asyncio\nimport unittest\n\n\nclass LoopTestCase(unittest.TestCase):\n    def setUp(self):\n        self.loop = asyncio.new_event_loop()\n';
    const more = 'from .base import LoopTestCase\n\n\nclass ChildCase(\n    LoopTestCase,\n):\n    pass\n';
    const { at, model } = project({
      'tests/__init__.py': 'import unittest\n\n\nclass InitCase(unittest.TestCase):\n    pass\n',
      'tests/base.py': base, 'tests/more.py': more,
      'tests/helpers.py': 'def helper():\n    pass\n\n\nclass Unused:\n    pass\n',
      'tests/test_x.py': 'import unittest\nfrom tests.more import ChildCase\nfrom . import InitCase, helpers\n\n\nclass TestX(ChildCase):\n    pass\n\n\nclass TestY(InitCase, metaclass=type):\n    pass\n',
      'tests/test_plain.py': 'import unittest\nfrom tests.base import LoopTestCase\n\n\nclass TestZ(unittest.TestCase):\n    pass\n',
      'tests/test_big.py': 'from tests.large import Big\n\n\nclass TestB(Big):\n    pass\n',
      'tests/large.py': `class Big:\n    pass\n${'#'.repeat(BASE_MODULE_MAX_CHARS)}\n`,
    });
    expect(model.factsFor(at('tests/test_x.py'))?.baseModules).toEqual({
      tests: { source: 'import unittest\n\n\nclass InitCase(unittest.TestCase):\n    pass\n', packageInit: true },
      'tests.more': { source: more },
      'tests.base': { source: base }, // ChildCase's base, reached through tests.more
    });
    // Its classes' bases come from no project module; and over the size cap nothing is sent.
    expect(model.factsFor(at('tests/test_plain.py'))?.baseModules).toBeUndefined();
    expect(model.factsFor(at('tests/test_big.py'))?.baseModules).toBeUndefined();
  });

  test('baseModules: only the chain of the classes walked, not every class of a module reached (CPython\'s test_asyncio)', () => {
    // utils.py's TestCase goes through _Base, of the same module, to tests.case; its other class subclasses a
    // server module whose text no test case needs.
    const utils = 'import unittest\nfrom tests import case, server\n\n\nclass _Base(case.Case):\n    pass\n\n\n'
      + 'class TestCase(_Base):\n    pass\n\n\nclass Handler(server.Server):\n    pass\n';
    const caseText = 'import unittest\n\n\nclass Case(unittest.TestCase):\n    pass\n';
    const { at, model } = project({
      'tests/__init__.py': '', 'tests/utils.py': utils, 'tests/case.py': caseText,
      'tests/server.py': 'from tests.base_server import Base\n\n\nclass Server(Base):\n    pass\n',
      'tests/base_server.py': 'class Base:\n    pass\n',
      'tests/test_a.py': 'from tests import utils\n\n\nclass TestA(utils.TestCase):\n    pass\n',
      'tests/test_b.py': 'from tests import utils\n\n\nclass TestB(utils.Handler):\n    pass\n',
    });
    expect(model.factsFor(at('tests/test_a.py'))?.baseModules).toEqual({ 'tests.utils': { source: utils }, 'tests.case': { source: caseText } });
    expect(Object.keys(model.factsFor(at('tests/test_b.py'))?.baseModules ?? {})).toEqual(['tests.utils', 'tests.server', 'tests.base_server']);
  });

  test('scanner: top-level classes and the dotted names they list as bases', () => {
    const scan = scanFile('m.py', 'class A(b.C, D, metaclass=M):\n    class Inner(E):\n        pass\n\n\n@dec\nclass F(\n    G,  # a comment\n):\n    pass\nclass H: pass\n"""\nclass NotCode(X):\n"""\n');
    expect(scan.classes).toEqual(['A', 'F', 'H']);
    expect(scan.classBases).toEqual([['b.C', 'D'], ['G'], []]);
  });

  test('policyInstallers: not one another import, a star import or another module may rebind (probe 7, W01)', () => {
    const install = 'import asyncio\n\n\ndef install_policy():\n    asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())\n';
    const rebound = `${install}\n\ntry:\n    from fast import (\n        install_policy,\n    )\nexcept ImportError:\n    pass\n`;
    const cases = {
      'a.py': rebound, 'b.py': `${install}from helpers import *\n`, 'c.py': install, 'd.py': install,
      'e.py': install.replace('install_policy', 'use_default_policy'),
      'patch_c.py': 'import c\nimport fast\nc.install_policy = fast.install_policy\n',
      'test_d.py': 'from unittest import mock\nwith mock.patch("d.install_policy"):\n    pass\n',
      'main.py': 'import a, b, c, d, e\n', 'fast.py': '', 'helpers.py': '',
    };
    const { at, model } = project(cases);
    // A store is matched by name, whatever its object: e's function has another.
    expect(model.factsFor(at('main.py'))?.policyInstallers).toEqual({ e: ['use_default_policy'] });
    // setattr() on anything but self or cls may store any name.
    const { at: at2, model: model2 } = project({ ...cases, 'patch_c.py': 'import e\nsetattr(e, NAME, None)\n' });
    expect(model2.factsFor(at2('main.py'))?.policyInstallers).toBeUndefined();
  });

  test('policyClasses: policy classes of imported modules that only choose the loop class (probe 7, M01)', () => {
    const loops = 'import asyncio\n\n\nclass TracedLoop(asyncio.SelectorEventLoop):\n    pass\n\n\nclass TracedPolicy(asyncio.DefaultEventLoopPolicy):\n    """Doc."""\n\n    _loop_factory = TracedLoop\n\n\nclass Busy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = TracedLoop\n\n    def get_event_loop(self):\n        return None\n';
    const { at, model } = project({ 'loops.py': loops, 'app.py': 'from loops import TracedPolicy\n' });
    expect(model.factsFor(at('app.py'))?.policyClasses).toEqual({ loops: ['TracedPolicy'] });
    // Another module may change the class through its attributes.
    const patched = project({ 'loops.py': loops, 'app.py': 'from loops import TracedPolicy\n', 'patch.py': 'import loops\nloops.TracedPolicy._loop_factory = None\n' });
    expect(patched.model.factsFor(patched.at('app.py'))?.policyClasses).toBeUndefined();
  });

  test('policyInstallers: not when the name may mean a module beside a script run by path (probe 7, W13)', () => {
    const install = 'import asyncio\n\n\ndef install_policy():\n    asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())\n';
    const app = 'from policy import install_policy\n\nif __name__ == "__main__":\n    install_policy()\n';
    const { at, model } = project({ 'policy.py': install, 'pkg/__init__.py': '', 'pkg/policy.py': 'x = 1\n', 'pkg/app.py': app, 'main.py': app });
    expect(model.factsFor(at('pkg/app.py'))?.policyInstallers).toBeUndefined();
    expect(model.factsFor(at('main.py'))?.policyInstallers).toEqual({ policy: ['install_policy'] });
  });

  test('loggingHooks: any project module that installs code into logging, for every file (probe 7, W12)', () => {
    const { at, model } = project({
      'app.py': 'import logging\nlogging.info("x")\n', 'shipper.py': 'import logging\n\nclass LoopHandler(logging.Handler):\n    pass\n',
    });
    expect(model.factsFor(at('app.py'))?.loggingHooks).toBe('shipper');
    const plain = project({ 'app.py': 'import logging\nlogging.basicConfig(level=logging.INFO)\nlogging.getLogger(__name__).info("x")\n' });
    expect(plain.model.factsFor(plain.at('app.py'))?.loggingHooks).toBeUndefined();
  });

  test('mainReached: a module the program imports reaches __main__, and may call its functions (probe 7, W18)', () => {
    const app = 'import plugins\n\ndef configure():\n    pass\n\nif __name__ == "__main__":\n    pass\n';
    for (const reach of ['import __main__\n', 'import sys\nm = sys.modules["__main__"]\n', 'from __main__ import configure\n',
      'm = __import__("__main__")\n', 'import sys\nfor name, m in list(sys.modules.items()):\n    pass\n']) {
      const { at, model } = project({ 'app.py': app, 'plugins.py': 'import helpers\n', 'helpers.py': reach });
      expect([reach, model.factsFor(at('app.py'))?.mainReached]).toEqual([reach, 'helpers']);
    }
    const { at, model } = project({ 'app.py': app, 'plugins.py': 'if __name__ == "__main__":\n    pass\n' });
    expect(model.factsFor(at('app.py'))?.mainReached).toBeUndefined();
  });

  test('testsPatched and streamsReplaced: another module stores a step of TestCase.run or a standard stream (probe 7b)', () => {
    const { at, model } = project({
      'tests/__init__.py': 'import unittest\n\n_run = unittest.TestCase.run\nunittest.TestCase.run = lambda self, result=None: _run(self, result)\n',
      'tests/test_a.py': 'import unittest\n', 'app.py': 'print(1)\n', 'shipper.py': 'import sys\nsys.stdout = object()\n',
    });
    expect(model.factsFor(at('tests/test_a.py'))).toMatchObject({ testsPatched: 'tests', streamsReplaced: 'shipper' });
    expect(model.factsFor(at('app.py'))?.testsPatched).toBeUndefined();
    const plain = project({ 'tests/__init__.py': '', 'tests/test_a.py': 'import unittest\n' });
    expect(plain.model.factsFor(plain.at('tests/test_a.py'))?.testsPatched).toBeUndefined();
    expect(plain.model.factsFor(plain.at('tests/test_a.py'))?.streamsReplaced).toBeUndefined();
  });

  test('testsRunWithLoop: a runner using the loop through a module it imports (probe round 12, p08, p09)', () => {
    const test = 'import asyncio\nimport unittest\n\n\nclass T(unittest.TestCase):\n    def setUp(self):\n        self.loop = asyncio.get_event_loop()\n';
    const runner = 'import sys\nimport unittest\n\nimport setup_debug\n\nsuite = unittest.defaultTestLoader.discover("tests", top_level_dir=".")\n'
      + 'unittest.TextTestRunner(stream=sys.stdout).run(suite)\n';
    const setup = 'import asyncio\n\nasyncio.get_event_loop().set_debug(True)\n';
    const { at, model } = project({ 'main.py': runner, 'setup_debug.py': setup, 'tests/__init__.py': '', 'tests/test_a.py': test });
    expect(model.factsFor(at('tests/test_a.py'))?.testsRunWithLoop).toBe('main');
    const quiet = project({ 'main.py': runner, 'setup_debug.py': 'print(1)\n', 'tests/__init__.py': '', 'tests/test_a.py': test });
    expect(quiet.model.factsFor(quiet.at('tests/test_a.py'))?.testsRunWithLoop).toBeUndefined();
    // The runner imports the test module itself: that module's own loop code is not the runner's (probe round 15, B p11).
    const own = 'import asyncio\nimport unittest\n\n\nclass T(unittest.TestCase):\n    def setUp(self):\n'
      + '        self.loop = asyncio.new_event_loop()\n        asyncio.set_event_loop(self.loop)\n';
    const direct = 'import unittest\n\nimport tests.test_a as mod\n\nunittest.main(module=mod, exit=False)\n';
    const itself = project({ 'main.py': direct, 'tests/__init__.py': '', 'tests/test_a.py': own });
    expect(itself.model.factsFor(itself.at('tests/test_a.py'))?.testsRunWithLoop).toBeUndefined();
    // Another test module's loop code still is, for the rest: it may leave a loop set for them.
    const both = project({ 'main.py': direct, 'tests/__init__.py': '', 'tests/test_a.py': own, 'tests/test_b.py': own });
    expect(both.model.factsFor(both.at('tests/test_b.py'))?.testsRunWithLoop).toBe('main');
  });

  test('loopGetterReplaced: a store or patch of get_event_loop; a test module\'s reaches only what it imports (probe round 12)', () => {
    const coroutine = 'import asyncio\n\n\nasync def now():\n    return asyncio.get_event_loop().time()\n';
    const patcher = 'from unittest import mock\n\nimport app\n\nP = mock.patch("asyncio.get_event_loop")\n';
    const { at, model } = project({ 'app.py': coroutine, 'other.py': coroutine, 'tests/__init__.py': '', 'tests/test_app.py': patcher,
      'tests/test_other.py': coroutine });
    expect(model.factsFor(at('app.py'))?.loopGetterReplaced).toBe('tests.test_app');
    expect(model.factsFor(at('tests/test_app.py'))?.loopGetterReplaced).toBe('tests.test_app');
    expect(model.factsFor(at('other.py'))?.loopGetterReplaced).toBeUndefined();
    expect(model.factsFor(at('tests/test_other.py'))?.loopGetterReplaced).toBeUndefined();
    const tracer = 'import asyncio\n\n_real = asyncio.get_event_loop\nasyncio.get_event_loop = lambda: _real()\n';
    // Another module's replacement reaches the modules it shares a program with (both imported by main.py), not
    // a module no import connects to it.
    const traced = project({ 'app.py': coroutine, 'tracing.py': tracer, 'main.py': 'import tracing\nimport app\n', 'alone.py': coroutine });
    expect(traced.model.factsFor(traced.at('app.py'))?.loopGetterReplaced).toBe('tracing');
    expect(traced.model.factsFor(traced.at('alone.py'))?.loopGetterReplaced).toBeUndefined();
  });

  test('testsRunWithLoop: a module that is no test sets a loop and runs tests; given to test modules (probe round 8, W10)', () => {
    const runner = 'import asyncio\nimport sys\nimport unittest\n\nloop = asyncio.new_event_loop()\nloop.set_debug(True)\n'
      + 'asyncio.set_event_loop(loop)\nsuite = unittest.defaultTestLoader.discover("tests", top_level_dir=".")\n'
      + 'unittest.TextTestRunner(stream=sys.stdout).run(suite)\n';
    const test = 'import asyncio\nimport unittest\n\n\nclass T(unittest.TestCase):\n    def setUp(self):\n        self.loop = asyncio.get_event_loop()\n';
    const { at, model } = project({ 'run_tests.py': runner, 'tests/__init__.py': '', 'tests/test_a.py': test, 'app.py': 'print(1)\n' });
    expect(model.factsFor(at('tests/test_a.py'))?.testsRunWithLoop).toBe('run_tests');
    // Only test modules get it; the runner is no test.
    expect(model.factsFor(at('app.py'))?.testsRunWithLoop).toBeUndefined();
    expect(model.factsFor(at('run_tests.py'))?.testsRunWithLoop).toBeUndefined();
    // A policy set counts like a loop; unittest.main() and pytest.main() like a loader.
    const policy = 'import asyncio\nimport unittest\n\nasyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())\nunittest.main(module=None)\n';
    const byPolicy = project({ 'run_tests.py': policy, 'tests/__init__.py': '', 'tests/test_a.py': test });
    expect(byPolicy.model.factsFor(byPolicy.at('tests/test_a.py'))?.testsRunWithLoop).toBe('run_tests');
    const pytest = 'import asyncio\nimport pytest\n\nasyncio.set_event_loop(asyncio.new_event_loop())\npytest.main(["tests"])\n';
    const byPytest = project({ 'run_tests.py': pytest, 'tests/__init__.py': '', 'tests/test_a.py': test });
    expect(byPytest.model.factsFor(byPytest.at('tests/test_a.py'))?.testsRunWithLoop).toBe('run_tests');
    // A test module that sets a loop and runs itself (unittest.main()) raises nothing: not for the others, not for itself.
    const own = 'import asyncio\nimport unittest\n\n\nclass U(unittest.TestCase):\n    def setUp(self):\n'
      + '        asyncio.set_event_loop(asyncio.new_event_loop())\n\n\nif __name__ == "__main__":\n    unittest.main()\n';
    const selfRun = project({ 'tests/__init__.py': '', 'tests/test_a.py': test, 'tests/test_b.py': own });
    expect(selfRun.model.factsFor(selfRun.at('tests/test_a.py'))?.testsRunWithLoop).toBeUndefined();
    expect(selfRun.model.factsFor(selfRun.at('tests/test_b.py'))?.testsRunWithLoop).toBeUndefined();
    // A runner that sets no loop, and a module that sets a loop but runs no tests.
    const plainRunner = 'import unittest\n\nunittest.main(module=None)\n';
    const loopOnly = 'import asyncio\n\nasyncio.set_event_loop(asyncio.new_event_loop())\n';
    const neither = project({ 'run_tests.py': plainRunner, 'setup_loop.py': loopOnly, 'tests/__init__.py': '', 'tests/test_a.py': test });
    expect(neither.model.factsFor(neither.at('tests/test_a.py'))?.testsRunWithLoop).toBeUndefined();
  });

  test('loopMethodsDefined: another module defines call_soon/call_later/call_at/call_soon_threadsafe (probe round 8, W08)', () => {
    const batcher = 'import asyncio\n\n\ndef _flush():\n    return asyncio.get_event_loop()\n\n\nclass B:\n    def __init__(self, loop):\n'
      + '        self.loop = loop\n\n    def add(self):\n        self.loop.call_soon(_flush)\n';
    const double = 'from batcher import B\n\n\nclass ImmediateLoop:\n    def call_soon(self, callback, *args):\n        callback(*args)\n';
    const { at, model } = project({ 'batcher.py': batcher, 'main.py': double, 'other.py': 'print(1)\n' });
    expect(model.factsFor(at('batcher.py'))?.loopMethodsDefined).toBe('main');
    expect(model.factsFor(at('other.py'))?.loopMethodsDefined).toBe('main'); // every other file, imported or not
    // The module's own definition is no fact of its own: the helper reads its own tree (loop_callbacks.doubles_loops).
    expect(model.factsFor(at('main.py'))?.loopMethodsDefined).toBeUndefined();
    for (const name of ['call_later', 'call_at', 'call_soon_threadsafe']) {
      const other = project({ 'batcher.py': batcher, 'fake.py': `class FakeLoop:\n    def ${name}(self, *args):\n        pass\n` });
      expect([name, other.model.factsFor(other.at('batcher.py'))?.loopMethodsDefined]).toEqual([name, 'fake']);
    }
    // Calling a loop's call_soon defines nothing; nor does a def of another name.
    const calls = project({ 'batcher.py': batcher, 'main.py': 'def start(loop):\n    loop.call_soon(print)\n\n\ndef call_soonish():\n    pass\n' });
    expect(calls.model.factsFor(calls.at('batcher.py'))?.loopMethodsDefined).toBeUndefined();
  });

  test('importedEffects signals and newLoops name the imported module that has them (probe round 8, W06, W09)', () => {
    const main = 'import asyncio\n\nimport watchdog\nimport worker\n\n\nasync def main():\n    watchdog.arm(0.2)\n    await worker.offload()\n\n\n'
      + 'if __name__ == "__main__":\n    asyncio.run(main())\n';
    const watchdog = 'import _thread\nimport threading\n\n\ndef arm(delay):\n    threading.Timer(delay, _thread.interrupt_main).start()\n';
    const worker = 'import asyncio\n\n\ndef _job():\n    loop = asyncio.new_event_loop()\n    loop.close()\n\n\nasync def offload():\n    _job()\n';
    const { at, model } = project({ 'main.py': main, 'watchdog.py': watchdog, 'worker.py': worker });
    expect(model.factsFor(at('main.py'))?.importedEffects).toMatchObject({ signals: 'watchdog', interrupts: 'watchdog', newLoops: 'worker' });
    const quiet = project({ 'main.py': main, 'watchdog.py': 'def arm(delay):\n    pass\n', 'worker.py': 'async def offload():\n    pass\n' });
    const effects = quiet.model.factsFor(quiet.at('main.py'))?.importedEffects ?? {};
    expect([effects.signals, effects.newLoops]).toEqual([undefined, undefined]);
  });

  test('threadRunElsewhere: another module may run a Thread of an importable file in place (probe 7, W09)', () => {
    const service = 'import threading\n\nclass B:\n    def __init__(self):\n        self.thread = threading.Thread(target=self._serve)\n';
    const { at, model } = project({ 'service.py': service, 'main.py': 'from service import B\nB().thread.run()\n', 'alone.py': service });
    expect(model.factsFor(at('service.py'))?.threadRunElsewhere).toBe('main');
    // A file no module may import keeps its Threads to itself; the runner's own file is no other module.
    expect(model.factsFor(at('alone.py'))?.threadRunElsewhere).toBeUndefined();
    expect(model.factsFor(at('main.py'))?.threadRunElsewhere).toBeUndefined();
  });

  test('callsAtImport names another module of the chain; callsAtImportHere says this file calls at import itself', () => {
    const { at, model } = project({
      'lib.py': 'import asyncio\n\ndef take():\n    return asyncio.get_event_loop()\n',
      'setup.py': 'import lib\nlib.take()\n',
      'own.py': 'import asyncio\nimport lib\n\nloop = asyncio.get_event_loop()\nloop.run_until_complete(lib.x())\n',
      'both.py': 'import asyncio\nimport setup\n\nloop = asyncio.get_event_loop()\nloop.run_until_complete(setup.x())\n',
      'quiet.py': 'import lib\n',
      // A cycle: importing back runs this file's import-time code first, as a module of its name.
      'pkg/__init__.py': 'from pkg import cli\n', 'pkg/cli.py': 'import lib\n\nlib.take()\n',
    });
    expect(model.factsFor(at('own.py'))).toMatchObject({ callsAtImportHere: true });
    expect(model.factsFor(at('own.py'))?.callsAtImport).toBeUndefined();
    expect(model.factsFor(at('both.py'))).toMatchObject({ callsAtImportHere: true, callsAtImport: 'setup' });
    expect(model.factsFor(at('quiet.py'))?.callsAtImportHere).toBeUndefined();
    expect(model.factsFor(at('quiet.py'))?.callsAtImport).toBeUndefined();
    expect(model.factsFor(at('pkg/cli.py'))).toMatchObject({ callsAtImportHere: true, callsAtImport: 'pkg.cli' });
  });

  test('a module named in a dotted string (mock.patch, "mod:app") is maybe imported', () => {
    const { at, model } = project({
      'app/__init__.py': '', 'app/web.py': 'app = object()\n', 'app/job.py': '',
      'serve.py': 'import uvicorn\nuvicorn.run("app.web:app")\n',
      'check.py': 'from unittest import mock\nwith mock.patch("app.job.run"):\n    pass\n',
    });
    expect(model.factsFor(at('app/web.py'))).toMatchObject({ isImported: false, namedInStrings: 1, maybeImported: true, isScript: false });
    expect(model.isScript(at('app/job.py'))).toBe(false);
    expect(model.isScript(at('serve.py'))).toBe(true);
  });

  test('scriptOnly: module-level code runs only as a program', () => {
    const { at, model } = project({
      'pyproject.toml': '[project]\nname = "p"\n',
      'lib.py': 'X = 1\n',                                  // top of the project: a py_modules distribution may install it
      'src/top.py': '',                                      // top of src/: installable
      'src/pkg/__init__.py': '', 'src/pkg/mod.py': '',       // a regular package's member: others may import it
      'src/pkg/__main__.py': 'import asyncio\n',             // python -m pkg: runs as the program
      'examples/echo.py': 'import asyncio\n',                // a loose example nobody imports
      'examples/shared.py': '', 'examples/uses_shared.py': 'import shared\n',
      'tools/run.py': '#!/usr/bin/env python\nimport asyncio\n',
      'tests/test_x.py': '', 'conftest.py': '',
    });
    const only = (file: string) => model.factsFor(at(file))!.scriptOnly;
    expect(['examples/echo.py', 'examples/uses_shared.py', 'tools/run.py', 'src/pkg/__main__.py'].map(only)).toEqual([true, true, true, true]);
    expect(['lib.py', 'src/top.py', 'src/pkg/mod.py', 'src/pkg/__init__.py', 'examples/shared.py', 'tests/test_x.py', 'conftest.py'].map(only))
      .toEqual([false, false, false, false, false, false, false]);
  });

  test('scriptOnly: not when an import the scan cannot follow sits in the same folder; one elsewhere cannot reach it', () => {
    const { at, model } = project({
      'examples/echo.py': '', 'examples/load.py': 'import importlib\nimportlib.import_module(name)\n',
      'tools/run.py': '', 'lib/__init__.py': '', 'lib/plugins.py': 'import importlib\nimportlib.import_module(name)\n',
    });
    expect(model.factsFor(at('examples/echo.py'))).toMatchObject({ maybeImported: true, scriptOnly: false });
    expect(model.factsFor(at('tools/run.py'))).toMatchObject({ maybeImported: true, scriptOnly: true });
  });

  test('scriptOnly: not when any project file runs or loads a module from a file path (run_path, spec_from_file_location)', () => {
    for (const loader of ['import runpy\nrunpy.run_path(path)\n', 'import importlib.util\nimportlib.util.spec_from_file_location("m", path)\n']) {
      const { at, model } = project({ 'examples/hello.py': 'print(1)\n', 'tools/build_docs.py': loader });
      expect([loader, model.factsFor(at('examples/hello.py'))?.scriptOnly]).toEqual([loader, false]);
    }
    // exec() of a code string is not followed (a setup.py reading its version file); a constant path names one file.
    const { at, model } = project({
      'examples/hello.py': 'print(1)\n', 'examples/gen.py': 'print(2)\n', 'setup.py': 'exec(open("v.py").read())\n',
      'docs/conf.py': 'import os, runpy\nrunpy.run_path(os.path.join(HERE, "..", "examples", "gen.py"))\n',
    });
    expect(model.dynamicImports()).toContainEqual(expect.objectContaining({ what: 'run_path()', files: ['gen.py'] }));
    expect(model.factsFor(at('examples/hello.py'))).toMatchObject({ scriptOnly: true });
    expect(model.factsFor(at('examples/hello.py'))?.loadedByName).toBeUndefined();
    expect(model.factsFor(at('examples/gen.py'))).toMatchObject({ scriptOnly: false });
    // A constant that is only part of a name (`name + ".py"`, `"%s.py" % x`, an f-string) names any file (probe 7, W08).
    for (const call of ['runpy.run_path(os.path.join(HERE, name + ".py"), run_name="__main__")',
      'runpy.run_path("%s.py" % name)', 'runpy.run_path(f"{name}.py")', 'runpy.run_path(name + "_job.py")', 'runpy.run_path(".py")']) {
      const { at: at2, model: model2 } = project({ 'job.py': 'if __name__ == "__main__":\n    pass\n', 'launch.py': `import os, runpy\n${call}\n` });
      expect([call, model2.factsFor(at2('job.py'))?.mainRunElsewhere]).toEqual([call, 'launch:2']);
    }
  });

  test('scriptOnly: not after other loaders of a path: a file loader, a spec run with no path loader beside it, exec of any text', () => {
    const loaders = [
      'import importlib.machinery\nloader = importlib.machinery.SourceFileLoader("job", path)\n',
      'from importlib.machinery import SourcelessFileLoader\nSourcelessFileLoader("job", path).load_module()\n',
      'import importlib.util\nspec = importlib.util.spec_from_loader("job", loader)\n',
      'import importlib.util\nmod = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(mod)\n',
      'with open(path) as fh:\n    exec(compile(fh.read(), path, "exec"), {})\n',
      'execfile(path)\n',
    ];
    for (const loader of loaders) {
      const { at, model } = project({ 'examples/hello.py': 'print(1)\n', 'tools/run.py': loader });
      expect([loader, model.factsFor(at('examples/hello.py'))?.scriptOnly]).toEqual([loader, false]);
    }
    // Constants naming .py files still narrow them; a spec run beside a path loader is that loader's.
    const { at, model } = project({
      'examples/hello.py': 'print(1)\n', 'examples/gen.py': 'print(2)\n',
      'tools/run.py': 'import importlib.util\nspec = importlib.util.spec_from_file_location("gen", "examples/gen.py")\n'
        + 'mod = importlib.util.module_from_spec(spec)\nspec.loader.exec_module(mod)\n',
      'tools/other.py': 'from importlib.machinery import SourceFileLoader\nloader = SourceFileLoader("g", "../examples/gen.py")\nloader.exec_module(m)\n',
      'setup.py': 'exec(open("v.py").read())\n',
    });
    expect(model.factsFor(at('examples/hello.py'))).toMatchObject({ scriptOnly: true });
    expect(model.factsFor(at('examples/gen.py'))).toMatchObject({ scriptOnly: false });
  });

  test('scriptOnly: not when sys.path or PYTHONPATH is changed and an import may name a loose script', () => {
    const extenders = ['import sys\nsys.path.insert(0, DEMOS)\n', 'import sys\nsys.path.append(d)\n', 'import sys\nsys.path[:0] = [d]\n',
      'import sys\nsys.path += [d]\n', 'import site\nsite.addsitedir(d)\n', 'import os\nos.environ["PYTHONPATH"] = d\n'];
    for (const extender of extenders) {
      // A computed import anywhere may then load any loose script.
      const computed = project({ 'demos/echo.py': 'print(1)\n', 'ci/check.py': extender, 'ci/load.py': 'import importlib\nimportlib.import_module(n)\n' });
      expect([extender, computed.model.factsFor(computed.at('demos/echo.py'))?.scriptOnly]).toEqual([extender, false]);
      // Without a computed import, only a script named by a constant import is reached (by its base name, as before).
      const named = project({ 'demos/echo.py': 'print(1)\n', 'demos/other.py': '', 'ci/check.py': extender + 'import echo\n' });
      expect([extender, named.model.factsFor(named.at('demos/echo.py'))?.scriptOnly]).toEqual([extender, false]);
      expect([extender, named.model.factsFor(named.at('demos/other.py'))?.scriptOnly]).toEqual([extender, true]);
    }
    // Without a change of the path, neither reaches another folder; reading sys.path changes nothing.
    for (const reader of ['import sys\nprint(sys.path[0])\n', 'import sys\nif sys.path == []:\n    pass\n', '# sys.path.insert(0, d)\n']) {
      const { at, model } = project({ 'demos/echo.py': 'print(1)\n', 'ci/check.py': reader, 'ci/load.py': 'import importlib\nimportlib.import_module(n)\n' });
      expect([reader, model.factsFor(at('demos/echo.py'))?.scriptOnly]).toEqual([reader, true]);
    }
  });

  test('facts are small and survive JSON', () => {
    const { at, model } = project(files);
    const facts = model.factsFor(at('app/worker.py'))!;
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
    expect(JSON.stringify(facts).length).toBeLessThan(400);
    expect(model.factsFor(at('nowhere.py'))).toBeUndefined();
  });

  test('the API order is enforced: add, finish, query', () => {
    const model = new ProjectModel(['/x']);
    model.addFile('/x/a.py', '');
    expect(() => model.isScript('/x/a.py')).toThrow(/finish/);
    model.finish();
    expect(() => model.addFile('/x/b.py', '')).toThrow(/after finish/);
  });
});

describe('policy helpers (docs/SEMANTICS.md P9)', () => {
  test('the scan finds module-level defs that only return the policy', () => {
    const source = [
      'import asyncio', 'from asyncio import get_event_loop_policy', '', '',
      'def policy():', '    return asyncio.get_event_loop_policy()', '', '',
      'def documented() -> asyncio.AbstractEventLoopPolicy:', '    "The policy."', '    return get_event_loop_policy()  # shared', '', '',
      'def more():', '    return asyncio.get_event_loop_policy()', '    print(1)', '', '',
      'def takes(x):', '    return asyncio.get_event_loop_policy()', '', '',
      'class C:', '    def policy(self):', '        return asyncio.get_event_loop_policy()', '',
      'S = """', 'def quoted():', '    return asyncio.get_event_loop_policy()', '"""', '',
    ].join('\n');
    expect(scanPython(source).policyHelpers).toEqual(['policy', 'documented']);
  });

  test('an importer taking one gets its name', () => {
    const { at, model } = project({
      'util.py': 'import asyncio\n\n\ndef policy():\n    return asyncio.get_event_loop_policy()\n\n\ndef other():\n    pass\n',
      'main.py': 'from util import other, policy\n', 'side.py': 'import util\n',
    });
    expect(model.factsFor(at('main.py'))?.policyHelpers).toEqual(['policy']);
    expect(model.factsFor(at('side.py'))?.policyHelpers).toBeUndefined();
  });
});

describe('CPython 3.8 (read only)', () => {
  const python = path.join(execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim(), 'versions/3.8.18/bin/python');
  const lib = path.join(path.dirname(path.dirname(python)), 'lib/python3.8');
  const roots = [path.join(lib, 'asyncio'), path.join(lib, 'test/test_asyncio')];

  test('known facts hold', () => {
    const model = new ProjectModel(roots);
    for (const root of roots) for (const file of pythonFiles(root)) model.addFile(file, readFileSync(file, 'utf8'));
    model.finish();
    const asyncio = (name: string) => path.join(lib, 'asyncio', name);
    expect(model.entryKinds(asyncio('__main__.py'))).toContain('dunder-main');
    expect(model.isScript(asyncio('__main__.py'))).toBe(true);
    expect(model.moduleName(asyncio('events.py'))).toBe('asyncio.events');
    expect(model.importers(asyncio('events.py'))).toContain(asyncio('__init__.py'));
    expect(model.isImported(asyncio('events.py'))).toBe(true);
    const testEvents = path.join(lib, 'test/test_asyncio/test_events.py');
    expect(model.moduleName(testEvents)).toBe('test.test_asyncio.test_events');
    expect(model.factsFor(testEvents)).toMatchObject({ isTest: true, isScript: false, isEntryPoint: true });
    expect(model.importers(path.join(lib, 'test/test_asyncio/utils.py'))).toContain(testEvents);
  });

  // The whole standard library agrees too (1,641 files), but Python's ast takes half a minute on it.
  test('the scanner agrees with CPython\'s own parser: top-level stdlib modules and a few packages', () => {
    // Python lists each file's import statements and whether it has a top-level main guard.
    const script = [
      'import ast, json, os, sys',
      'def guard(t):',
      '    if not (isinstance(t, ast.Compare) and len(t.ops) == 1 and isinstance(t.ops[0], ast.Eq)): return False',
      '    sides = [t.left, t.comparators[0]]',
      "    return any(isinstance(x, ast.Name) and x.id == '__name__' for x in sides) and any(isinstance(x, ast.Constant) and x.value == '__main__' for x in sides)",
      'out = {}',
      'lib = sys.argv[1]',
      "paths = [os.path.join(lib, f) for f in os.listdir(lib) if f.endswith('.py')]",
      'for sub in sys.argv[2:]:',
      '    for d, dirs, files in os.walk(os.path.join(lib, sub)):',
      "        paths += [os.path.join(d, f) for f in files if f.endswith('.py')]",
      'for p in paths:',
      '        try: tree = ast.parse(open(p, encoding="utf-8").read())',
      '        except Exception: continue',
      "        refs = {'0:' + a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}",
      "        refs |= {'%d:%s' % (n.level, n.module or '') for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}",
      '        out[p] = [sorted(refs), any(isinstance(n, ast.If) and guard(n.test) for n in tree.body)]',
      'print(json.dumps(out))',
    ].join('\n');
    const truth = JSON.parse(execFileSync(python, ['-c', script, lib, 'asyncio', 'test/test_asyncio', 'importlib', 'email', 'concurrent'], { encoding: 'utf8', maxBuffer: 64 << 20 })) as Record<string, [string[], boolean]>;
    const texts = Object.keys(truth).map((file) => [file, readFileSync(file, 'utf8')] as const);
    expect(texts.length).toBeGreaterThan(250);
    const started = performance.now();
    const scans = texts.map(([file, text]) => [file, scanPython(text)] as const);
    const seconds = (performance.now() - started) / 1000;
    const wrong: string[] = [];
    for (const [file, scan] of scans) {
      const [refs, guard] = truth[file];
      // import_module("x") / __import__("x") constants are imports too, which ast does not list: only misses count.
      const found = new Set(scan.imports.filter((r) => !r.anchor).map((r) => `${r.level}:${r.module}`));
      for (const ref of refs) if (!found.has(ref)) wrong.push(`${file}: missed ${ref}`);
      if (scan.mainGuard !== guard) wrong.push(`${file}: main guard ${scan.mainGuard}, ast says ${guard}`);
    }
    expect(wrong).toEqual([]);
    // Generous: a guard against pathological slowness (catastrophic backtracking), not a benchmark.
    expect(seconds).toBeLessThan(2);
  });
});

describe('project roots', () => {
  test('the nearest folder with a marker, else the path; nested roots fold into the outer one', () => {
    const root = makeTree({
      'proj/pyproject.toml': '', 'proj/src/pkg/mod.py': '', 'proj/tests/test_x.py': '',
      'loose/a.py': '', 'git/.git/HEAD': '', 'git/deep/b.py': '', 'cfg/setup.cfg': '', 'cfg/c.py': '',
    });
    const at = (...parts: string[]) => path.join(root, ...parts);
    expect(projectRoots([at('proj/src/pkg/mod.py')], '/nonexistent-home')).toEqual([at('proj')]);
    expect(projectRoots([at('proj/src'), at('proj/tests')], '/nonexistent-home')).toEqual([at('proj')]);
    expect(projectRoots([at('loose/a.py')], '/nonexistent-home')).toEqual([at('loose')]);
    expect(projectRoots([at('loose')], '/nonexistent-home')).toEqual([at('loose')]);
    expect(projectRoots([at('git/deep/b.py'), at('cfg/c.py')], '/nonexistent-home').sort()).toEqual([at('cfg'), at('git')]);
    expect(projectRoots([at('loose'), root], '/nonexistent-home')).toEqual([root]);
  });

  test('the search stops below the home folder: a marker there is not a project', () => {
    const home = makeTree({ '.git/HEAD': '', 'code/x.py': '' });
    expect(projectRoots([path.join(home, 'code/x.py')], home)).toEqual([path.join(home, 'code')]);
  });
});

describe('memory', () => {
  test('no scanned text is kept alive by the names the model keeps', () => {
    // V8 keeps a sliced string's parent alive: an import name sliced from a file's text would keep the
    // whole text. 2,000 files of 20 KB each are fed in; the heap must not hold their 40 MB.
    const model = new URL('../dist/project-model.js', import.meta.url).href;
    const script = [
      `const { ProjectModel } = await import(${JSON.stringify(model)});`,
      "const model = new ProjectModel(['/p']);",
      'gc(); const before = process.memoryUsage().heapUsed;',
      'for (let i = 0; i < 2000; i++) {',
      "  const filler = '# ' + 'x'.repeat(20000) + ' ' + i + '\\n';",
      "  model.addFile('/p/m' + i + '.py', filler + 'import package_with_a_long_name.submodule_' + i + '\\nfrom .sibling_module_name import thing\\nx = \"pkg_name.module_name:attribute\"\\n');",
      '}',
      'gc(); console.log(process.memoryUsage().heapUsed - before);',
    ].join('\n');
    const grown = Number(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(grown).toBeGreaterThan(0);
    expect(grown).toBeLessThan(8 * 1024 * 1024);
  });
});
