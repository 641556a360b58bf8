/**
 * The project model: which Python files of a run are scripts, and which are imported by others.
 *
 * Each file is migrated alone, so a transform cannot know whether module-level code runs only when
 * the file is executed as a program or also when another module imports it. This model answers
 * that from the whole file list: module names under each root, the import graph of every .py file
 * (not only candidates), and the entry points the project declares.
 *
 * Use: `addFile(path, text)` for each file the driver has read (the text is scanned and dropped:
 * only small summaries are kept), then `finish()`, then the queries. Two facts stay separate:
 *
 * - `isEntryPoint`: the file is run as a program (main guard, `__main__.py`, a console/gui script
 *   target, a shebang). Its code under the main guard runs only then.
 * - `isImported`: some project module imports it, so its module-level code (outside any main
 *   guard) also runs on import. `maybeImported` adds the conservative cases: a dotted string naming
 *   it (mock.patch, frameworks), or any dynamic import anywhere in the project.
 *
 * `isScript` = not a package `__init__`, conftest or test module, AND (entry point OR not maybe
 * imported). So a file with a main guard that is also imported is a script: code under its guard
 * is script code, but its other module-level code is not proven script-only; that needs
 * `!maybeImported` as well.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ModuleIndex, isUnder, type PackageInfo } from './module-index.js';
import { iniScripts, isDistribution, pyprojectScripts, setupPyScripts, type ScriptTarget } from './python-entry-points.js';
import { PROJECT_MARKERS } from './project-roots.js';
import { closingAwaited, type ClosingScan } from './closing-awaits.js';
import type { LoopEffects } from './loop-effects.js';
import { PATH_LOADERS, SPEC_RUNNERS, scanPython, type DynamicImport, type ImportRef, type PythonScan } from './python-imports.js';

export type { PackageInfo } from './module-index.js';

export type EntryKind = 'main-guard' | 'dunder-main' | 'console-script' | 'gui-script' | 'shebang';

// Dynamic imports (python-imports.ts DYNAMIC_CALLS, import_module, __import__) that load a module by a name the
// scan cannot read, and those that run one as a program. exec()/execfile() run code strings: only their reach
// (LOADS_BY_PATH) is followed.
const LOADS_BY_NAME: ReadonlySet<string> = new Set(['import_module()', '__import__()', 'load_source()', 'load_module()',
  'load_compiled()', 'load_dynamic()', 'load_package()', 'spec_from_file_location()', 'spec_from_loader()',
  'module_from_spec()', 'exec_module()', 'walk_packages()', 'SourceFileLoader()', 'SourcelessFileLoader()']);
const RUNS_AS_MAIN: ReadonlySet<string> = new Set(['run_module()', 'run_path()', '_run_module_as_main()']);
// Those that take a file's path or text (python-imports.ts PATH_LOADERS), as DynamicImport.what spells them, and
// those that run a spec or loader whose path may come from anywhere (SPEC_RUNNERS).
const LOADS_BY_PATH: ReadonlySet<string> = new Set([...PATH_LOADERS].map((name) => `${name}()`));
const RUNS_SPECS: ReadonlySet<string> = new Set([...SPEC_RUNNERS].map((name) => `${name}()`));

/** A dynamic import and the project file it is in. */
type ProjectDynamic = DynamicImport & { file: string };

// Attribute stores that replace what print() and the exits write to, or the builtins after_run.py trusts
// (`builtins.print = f`: probe round 8b, W03).
const STREAMS = new Set(['stdout', 'stderr', 'print', 'repr', 'str', 'len', '*']);
// The steps of unittest's TestCase.run another module may replace on a class (`Base.run = wrapped`).
const TEST_STEPS = new Set(['run', 'setUp', 'tearDown', 'setUpClass', 'tearDownClass', '__call__', 'debug', 'doCleanups',
  'addCleanup', '_callSetUp', '_callTestMethod', '_callTearDown', '_callCleanup', '*']);
// Project-wide facts: which file's summary raises each (ProjectModel.flagged).
const PROJECT_FLAGS = {
  runsInPlace: (s: Summary) => Boolean(s.runsInPlace),
  testsRunWithLoop: (s: Summary) => Boolean(s.runsTestsWithLoop) && !s.isTest,
  runsTests: (s: Summary) => Boolean(s.runsTests) && !s.isTest,
  debugLogging: (s: Summary) => Boolean(s.logsDebug) && (s.isTest || Boolean(s.runsTests)),
  loopGetterReplaced: (s: Summary) => Boolean(s.replacesLoopGetter),
  loopMethods: (s: Summary) => Boolean(s.definesLoopMethods),
  testsPatched: (s: Summary) => Boolean(s.attributeStores?.some((name) => TEST_STEPS.has(name))),
  streamsReplaced: (s: Summary) => Boolean(s.attributeStores?.some((name) => STREAMS.has(name))),
  loggingHooks: (s: Summary) => Boolean(s.hooksLogging),
  reflects: (s: Summary) => Boolean(s.reflects),
  remakes: (s: Summary) => Boolean(s.remakes),
  aliasesExits: (s: Summary) => Boolean(s.aliasesExits),
} as const;
type ProjectFlag = keyof typeof PROJECT_FLAGS;

// Attributes through which another module may change a policy class: its factory and asyncio's policy methods.
const POLICY_ATTRIBUTES = ['_loop_factory', 'get_event_loop', 'set_event_loop', 'new_event_loop', 'get_child_watcher',
  'set_child_watcher', '_local'];

/** What the driver sends to the helper with each request: small and JSON-serialisable. */
export interface FileFacts {
  module: string | null;          // dotted name from the project's source root; null when not importable by name
  isPackageInit: boolean;
  isTest: boolean;                // test module or conftest.py
  isEntryPoint: boolean;
  entry: EntryKind[];
  isImported: boolean;            // a project module imports it statically
  importedBy: number;             // how many project modules do
  namedInStrings: number;         // how many other modules name it in a dotted string constant
  dynamicImportsInProject: boolean;
  maybeImported: boolean;         // isImported || namedInStrings > 0 || dynamicImportsInProject
  isScript: boolean;
  /**
   * Its module-level code runs only when the file runs as a program: no project module imports it or
   * names it in a string, and no import the scan cannot follow sits in its folder (a loose script's
   * folder is on sys.path only while a script of that folder runs); not a test, conftest or package
   * `__init__`; and not something a distribution can install for others to import (a member of a
   * regular package, or a module at the top of a project or its src/). A package's `__main__.py`
   * qualifies when nothing at all may import it (not maybeImported).
   */
  scriptOnly: boolean;
  /**
   * What project modules take from this one, for the helper's proof that no other module calls a private
   * function (docs/SEMANTICS.md P2a). Left out when scriptOnly, which already says nothing imports the file
   * (so a driver that sends neither proves nothing). `importedWhole`: some module gets the module object
   * (`import m`, `import m as x`, `from pkg import m`, `import_module('m')`, an import of a submodule, a star
   * import of its package), or a project file could not be scanned; `importedNames`: the names taken with
   * `from m import a, b` (`*` for a star import), sorted.
   */
  importedWhole?: boolean;
  importedNames?: string[];
  /** Of importedNames, those only launchers import (a file that is nothing but one call of it: python-imports.ts). */
  launchedNames?: string[];
  /** Of importedNames, those every importing module only calls directly in coroutine bodies (onlyCalledFromCoroutines). */
  calledFromCoroutines?: string[];
  /** Its module-level defs and classes that another project module reads as an attribute (`app.util._f()`): callable unseen. */
  readAsAttributes?: string[];
  /** Names it takes (`from m import f`) of other project modules' defs that only return get_event_loop_policy(). */
  policyHelpers?: string[];
  /**
   * Application code (ProjectModel.isApplication): the run sees all of the file's project and nothing between the
   * file and that project's top declares a distribution others can install and import, or the nearest
   * [tool.loopshift] says `application = true` (`false` says it is not). Its public functions are then as private
   * ones for P2a rule 3.
   */
  application?: boolean;
  /** In application code: a project module other than this one that may remake instances unnamed (`type(obj)()`). */
  remadeElsewhere?: string;
  /**
   * Project modules this file imports, directly or through other project modules, that may act on the
   * current event loop (src/loop-effects.ts): for each effect, the first such module by path (its
   * dotted name, else its file name). Absent when none does.
   */
  importedEffects?: {
    loop?: string; primitives?: string; contextVars?: string; pending?: string; interrupts?: string;
    subclasses?: string; // classes whose bases' special methods may call theirs (import-time.ts plainBases): after_run.py
    threads?: string;  // starts threads (loop-effects.ts THREAD_WORDS): one may hold a run's loop past its end
    newLoops?: string; // makes event loops or reads the policy (loop-effects.ts POLICY_USERS): a removed policy changes them
    signals?: string; // interrupts its own process (loop-effects.ts SELF_SIGNALS): an added close() destroys the interrupted main task
    loopAtImport?: string; primitivesAtImport?: string;
    exitHooks?: string; // code that may run at exit (atexit, a finalizer, a logging handler): python-helpers exit_hooks.py
    dunders?: string;   // special methods print(), str(), len() or an operator may run: python-helpers after_run.py
    loopKept?: string;  // may hand on the loop it runs in, whose repr tells whether it is closed: python-helpers after_run.py
    keepsState?: string; // a coroutine rebinds module variables: what it keeps is bound to one run's loop (a loop per test)
    taskNames?: string; // reads task names or the task registry: a wrapper task would shift them (P7)
    executor?: string; // runs jobs in the default executor (a loop per test starts new threads)
    threadIdentity?: string; // tells threads apart
  };
  /**
   * The first module this one imports by path whose import-time code may call into project code
   * (src/import-time.ts): through it a function that uses the loop may run before the entry point. This
   * file itself when a module it imports imports it back (a cycle, or a package `__init__.py` importing its
   * submodule): then its whole import-time code may run first, as a module of that name.
   */
  callsAtImport?: string;
  /**
   * This file's own import-time code may call into project code. Only what of it runs before an entry site
   * can run a function that uses the loop there first: the helper tells which (docs/SEMANTICS.md P3f).
   */
  callsAtImportHere?: true;
  /** A project module that runs coroutines without asyncio (coro.send(None), trio...) and may be handed this one's: see drivers(). */
  drivenElsewhere?: string;
  /**
   * A project module that imports modules by a computed name (`import_module("tools." + name)`, `__import__(x)`,
   * importlib's loaders, pkgutil.walk_packages), "file:line": it may load this module and call its functions
   * (a plugin runner calling `main()` under its own loop), which no static import shows. Not set for exec().
   */
  loadedByName?: string;
  /**
   * With loadedByName: the names every such loader reads off the modules it loads (src/loader-reads.ts), when
   * each one's text shows them; the helper then counts only those as taken. Absent: any name may be taken.
   */
  loaderReads?: string[];
  /**
   * The top-level names this file imports (absolutely) that are project modules: a project's own `calendar.py` next
   * to a script shadows the standard library's, so the helper must not take `from calendar import x` for
   * standard library code (docs/SEMANTICS.md P3b, "Project code").
   */
  projectImports?: string[];
  /**
   * For each project module this file imports directly (by dotted name): its functions that do nothing but install
   * a policy choosing only the loop class (src/policy-installers.ts). Called before an entry point's loop, they
   * count as that install written in place (docs/SEMANTICS.md P3b, "Project code").
   */
  policyInstallers?: Record<string, string[]>;
  /**
   * Per directly imported project module, its policy classes that only choose the loop class
   * (src/policy-installers.ts policyClasses): installing one before an entry point is what installing the same
   * class of the entry file is (docs/SEMANTICS.md P3b; probe round 7, M01).
   */
  policyClasses?: Record<string, string[]>;
  /**
   * A project module that runs modules as programs (runpy.run_module / run_path), "file:line": this file's
   * main guard may then run inside that program, after it made or set a loop, so it is no fresh entry point.
   * Set on files with a main guard.
   */
  mainRunElsewhere?: string;
  /**
   * Another project module that may call a Thread's run() in place (`t.run()`, `Thread.run(t)`, ...), when some
   * module may import this one: a Thread object made here may be run so, its target then running in that
   * caller's thread, under its loop (docs/SEMANTICS.md P15 rule 8, thread form; probe round 7, W09).
   */
  threadRunElsewhere?: string;
  /**
   * A project module that installs code of its own into logging (a handler, filter or formatter class,
   * logging.config, addFilter...): logging calls anywhere may then run project code, so logging is no
   * loop-free standard library for this file (docs/SEMANTICS.md P3f; probe round 7, W12).
   */
  loggingHooks?: string;
  /**
   * A project module that may replace sys.stdout or sys.stderr (an attribute store of that name, or setattr()):
   * print() then runs its code (python-helpers after_run.py; probe round 7b, W08).
   */
  streamsReplaced?: string;
  /**
   * Set on test modules: another project module may replace a step of unittest's TestCase.run on some class
   * (`Base.run = f`, `unittest.TestCase.run = f`, setattr()): what runs around a test is then unknown
   * (python-helpers test_loops.class_problem; probe round 7b, W04, W05, W09).
   */
  testsPatched?: string;
  /** A project module (not a test) that sets a loop or a policy and runs tests: the tests' get_event_loop() returns its loop (probe round 8, W10). */
  testsRunWithLoop?: string;
  debugLogging?: string; // a test module or test runner configures logging at DEBUG
  loopGetterReplaced?: string; // a project module replaces asyncio's get_event_loop (probe round 12): get_running_loop() would bypass it
  /**
   * Another project module defining call_soon/call_later/call_at/call_soon_threadsafe: `x.call_soon(f)` proves no
   * running loop, x may be that class (a test double calling f at once; probe round 8, W08).
   */
  loopMethodsDefined?: string;
  /**
   * A project module this program imports, directly or not, that reaches the running program's module
   * (`import __main__`, `sys.modules["__main__"]`): it may call this file's functions at import, before the
   * entry point's code, so no function here is known not to run first (probe round 7, W18).
   */
  mainReached?: string;
  /**
   * This file's coroutine functions (by name) that another project module's closing code awaits, directly or
   * through other coroutines so named (src/closing-awaits.ts): name -> that module. They may run with no loop
   * running, when a pending task is destroyed after its loop closed (docs/SEMANTICS.md P1). Absent when none.
   */
  closingAwaited?: Record<string, string>;
  /**
   * A test module or conftest: another one of the project (the first by path) that reads or sets the current
   * loop outside a coroutine, and one that makes asyncio primitives there, itself or in a project module it
   * imports. Absent when none does.
   */
  otherTestsEffects?: { loop?: string; primitives?: string };
  /**
   * Set by the run (src/joint-tests.ts), never by the model: asked in place of otherTestsEffects, as if every
   * other test module that uses the shared loop gets a loop per test too; its tests shared that loop with
   * this file's, so the file is decided as one whose several tests share it.
   */
  jointTests?: true;
  /**
   * The text of the project modules (by dotted name) where this file's top-level classes may find their bases:
   * each directly imported project module that defines a top-level class named like one of those bases, and, the
   * same way, those modules' own such imports. The helper parses them and trusts only the class statements
   * its unittest rules walk (docs/SEMANTICS.md P13a, P15 rule 8's test form); what is left out (over the size
   * caps, unreadable) it declines as unknown. `packageInit`: the text is a package's `__init__.py` (its relative
   * imports start in that package). Absent when there is none.
   */
  baseModules?: Record<string, { source: string; packageInit?: true }>;
}

/** FileFacts.baseModules' bounds: the modules sent, one module's text, and all of them together (characters). */
export const BASE_MODULES_MAX = 8;
export const BASE_MODULE_MAX_CHARS = 100_000;
export const BASE_MODULES_MAX_CHARS = 200_000;

/** Files (absolute) -> their effects on the current loop once migrated (undefined: none left). */
export type Revised = ReadonlyMap<string, LoopEffects | undefined>;

export interface ProjectModelOptions {
  /** Probes for files the run does not list (__init__.py above a root, pyproject.toml, setup.cfg). */
  exists?: (file: string) => boolean;
  readText?: (file: string) => string | undefined;
  /** The roots below which discovery left Python code out (.gitignore, excludes, build/): read when facts are made. */
  hiddenCode?: ReadonlySet<string>;
  /** What the nearest [tool.loopshift] above a folder says of `application`, if anything. */
  applicationSetting?: (dir: string) => boolean | undefined;
}

/** All the model learns from one file's text: plain data, so that it can be kept between runs. */
export interface FileScan extends PythonScan {
  setupScripts?: ScriptTarget[];  // setup.py only: its console_scripts
}

/** One file's text -> what the model keeps of it. */
export function scanFile(absolutePath: string, text: string): FileScan {
  const scan: FileScan = scanPython(text);
  if (path.basename(absolutePath) === 'setup.py') scan.setupScripts = setupPyScripts(text);
  return scan;
}

/** What is kept per file: no text. `imports` and `dottedStrings` are dropped by finish(). */
interface Summary {
  imports?: ImportRef[];
  dottedStrings?: string[];
  dynamic: DynamicImport[];
  mainGuard: boolean;
  shebang: boolean;
  setupScripts?: ScriptTarget[];
  effects?: LoopEffects;
  closing?: ClosingScan;
  policyInstallers?: string[];
  attributeStores?: string[];
  runsInPlace?: true;
  replacesLoopGetter?: true;
  logsDebug?: true;
  runsTests?: true;
  runsTestsWithLoop?: true;
  definesLoopMethods?: true;
  hooksLogging?: true;
  policyClasses?: string[];
  reachesMain?: true;
  policyHelpers?: string[];     // its defs that only return the event loop policy (PythonScan.policyHelpers)
  reflects?: boolean;           // PythonScan.reflects
  remakes?: boolean;            // PythonScan.remakes
  aliasesExits?: boolean;       // PythonScan.aliasesExits
  // Filled by finish():
  importsFiles?: Set<string>;   // project files it imports (the other side of `importers`)
  policyHelpersTaken?: Set<string>; // such defs of other project modules it takes with `from m import f`
  projectTops?: Set<string>;    // top-level names of its absolute imports that are project modules
  module: string | null;
  isTest: boolean;
  entry: Set<EntryKind>;
  importers: Set<string>;
  namedBy: Set<string>;
  takenWhole: boolean;          // some project module gets the module object
  takenNames?: Set<string>;     // names project modules import from it (own()'d copies)
  takenByOthers?: Set<string>;  // those of them that a module other than a launcher imports
  takenOtherwise?: Set<string>; // those of them some importer uses otherwise than in calls from coroutine bodies
  calledFrom?: Map<string, Map<string, readonly string[]>>; // the others: name -> importer -> the async defs calling it
  calledBack?: Set<string>;     // of those, the names some importer hands to a loop's call_soon and kin
  launcher?: boolean;
  extendsPath?: boolean;          // changes sys.path or PYTHONPATH (PythonScan.extendsPath)
  classes?: string[];             // top-level class names (PythonScan.classes)
  classBases?: string[][];        // per class, the dotted names it lists as bases (PythonScan.classBases)
  moduleDefs?: string[];          // its module-level defs and classes (PythonScan.moduleDefs)
}

const TEST_DIRS = new Set(['tests', 'test']);

export class ProjectModel {
  private readonly roots: string[];
  private readonly files = new Map<string, Summary>();
  private readonly exists: (file: string) => boolean;
  private readonly readText: (file: string) => string | undefined;
  private readonly existsCache = new Map<string, boolean>();
  private readonly baseTexts = new Map<string, string | undefined>(); // bounded: BASE_MODULES_MAX a test file
  private lastImported?: [string, string[]];
  private reaches?: Map<string, Set<string>>; // a file -> the project files it imports, kept for the few asked often
  private parts?: Map<string, string>; // a file -> its part of the import graph, edges either way (componentOf)
  private readonly flags = new Map<ProjectFlag, string[]>();
  private index?: ModuleIndex;
  private dynamicInProject = false;
  private readonly firstDynamic = new Map<ReadonlySet<string>, ProjectDynamic[]>();
  private readonly dynamicDirs = new Set<string>(); // folders holding a file with an import the scan cannot follow
  private pathExtended = false; // some project file changes sys.path or PYTHONPATH (python-imports.ts EXTENDS_PATH)
  private loadsByPath = false; // some project file runs or loads a module from a computed file path (LOADS_BY_PATH)
  private readonly loadedFiles = new Set<string>(); // base names of the files constant paths given to those name
  private readonly strings = new Map<string, string>(); // own(): names kept, one copy each
  private unscanned = false; // a file of the run whose imports are unknown
  private testEffects?: { loop: string[]; primitives: string[] };
  private effectsReached?: Map<string, number>; // reachedEffects()
  private driven?: Map<string, string>;
  private classHooks?: boolean; // some project module defines class-creation hooks
  private components?: Map<string, number>; // file -> its strongly connected component of the import graph
  private closingNames?: Map<string, string>; // names awaited from the project's closing code -> that module's file
  // Names read as attributes (or spelt whole in strings) -> the one file reading them, or null for several: one
  // entry per name of the project's vocabulary, whatever the number of files.
  private readonly readers = new Map<string, string | null>();
  private readonly applicationSetting?: (dir: string) => boolean | undefined;
  private readonly hiddenCode?: ReadonlySet<string>;
  private readonly distributions = new Map<string, boolean>(); // folder holding metadata -> declaresDistribution

  constructor(roots: readonly string[], options: ProjectModelOptions = {}) {
    this.roots = roots.map((root) => path.resolve(root));
    this.exists = options.exists ?? existsSync;
    this.applicationSetting = options.applicationSetting;
    this.hiddenCode = options.hiddenCode;
    this.readText = options.readText ?? ((file) => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    });
  }

  /** Scan one file's text. The text is not kept. */
  addFile(absolutePath: string, text: string): void {
    this.addScan(absolutePath, scanFile(absolutePath, text));
  }

  /** Add what scanFile() found in one file (now, or in an earlier run: src/scan-index.ts). */
  addScan(absolutePath: string, scan: FileScan): void {
    if (this.index) throw new Error('ProjectModel.addFile after finish()');
    const file = path.resolve(absolutePath);
    const own = (value: string) => this.own(value);
    for (const name of scan.attributeReads ?? []) {
      const reader = this.readers.get(name);
      if (reader === undefined) this.readers.set(own(name), file);
      else if (reader !== file) this.readers.set(name, null);
    }
    this.files.set(file, {
      imports: scan.imports.map((ref) => ({
        level: ref.level, module: own(ref.module), names: ref.names?.map(own), anchor: ref.anchor === undefined ? undefined : own(ref.anchor),
        ...(ref.coroutineCalls ? { coroutineCalls: ref.coroutineCalls.map(own), coroutineCallers: ref.coroutineCallers?.map(own) } : {}),
        ...(ref.calledBack ? { calledBack: ref.calledBack.map(own) } : {}),
      })),
      dottedStrings: scan.dottedStrings.map(own),
      dynamic: scan.dynamic.map((found) => {
        const kept: DynamicImport = { line: found.line, what: own(found.what) };
        if (found.prefix !== undefined) kept.prefix = found.prefix;
        if (found.reads !== undefined) kept.reads = found.reads.map(own);
        if (found.files !== undefined) kept.files = found.files.map(own);
        return kept;
      }),
      mainGuard: scan.mainGuard, shebang: scan.shebang,
      setupScripts: scan.setupScripts, effects: scan.effects, launcher: scan.launcher, extendsPath: scan.extendsPath, closing: this.ownClosing(scan.closing),
      policyInstallers: scan.policyInstallers?.map((name) => this.own(name)),
      attributeStores: scan.attributeStores?.map((name) => this.own(name)), runsInPlace: scan.runsInPlace, replacesLoopGetter: scan.replacesLoopGetter, logsDebug: scan.logsDebug, runsTests: scan.runsTests, runsTestsWithLoop: scan.runsTestsWithLoop, definesLoopMethods: scan.definesLoopMethods,
      hooksLogging: scan.hooksLogging, reachesMain: scan.reachesMain, reflects: scan.reflects, remakes: scan.remakes, aliasesExits: scan.aliasesExits, policyClasses: scan.policyClasses?.map(own),
      classes: scan.classes?.map(own), classBases: scan.classBases?.map((bases) => bases.map(own)),
      moduleDefs: scan.moduleDefs?.map(own), policyHelpers: scan.policyHelpers?.map(own),
      module: null, isTest: false, entry: new Set(), importers: new Set(), namedBy: new Set(), takenWhole: false,
    });
  }

  /**
   * A file of the run whose text is not scanned (larger than --max-file-size, or unreadable). It has
   * a name, but what it imports is unknown: like a dynamic import, that makes every module maybe imported.
   */
  addUnscanned(absolutePath: string, why: string): void {
    if (this.index) throw new Error('ProjectModel.addUnscanned after finish()');
    this.unscanned = true;
    this.files.set(path.resolve(absolutePath), {
      dynamic: [{ line: 0, what: `not scanned: ${why}` }], mainGuard: false, shebang: false,
      module: null, isTest: false, entry: new Set(), importers: new Set(), namedBy: new Set(), takenWhole: false,
    });
  }

  private ownClosing(scan: ClosingScan | undefined): ClosingScan | undefined {
    if (!scan) return undefined;
    const own = (value: string) => this.own(value);
    return {
      closing: scan.closing?.map(own),
      defs: scan.defs?.map(([name, awaited]) => [own(name), awaited.map(own)] as [string, string[]]),
      ...(scan.aliases ? { aliases: scan.aliases.map(([name, value]) => [own(name), own(value)] as [string, string]) } : {}),
    };
  }

  /**
   * One unshared copy of each name kept. The scan's strings are slices of the file's text, and V8
   * keeps a sliced string's whole parent alive: kept as they are, they held every scanned file's text
   * until finish() (15 KB a file, 134 MiB on 9,000 files).
   */
  private own(value: string): string {
    let kept = this.strings.get(value);
    if (kept === undefined) {
      kept = Buffer.from(value, 'utf8').toString('utf8');
      this.strings.set(kept, kept);
    }
    return kept;
  }

  /** Build names, entry points and the import graph. Queries are valid from here on. */
  finish(): this {
    if (this.index) return this;
    const index = new ModuleIndex(this.roots, this.files.keys(), (file) => this.fileExists(file));
    this.index = index;
    for (const [file, summary] of this.files) {
      summary.module = index.moduleOf(file);
      summary.isTest = isTestFile(file, index.topOf(file));
      if (summary.mainGuard) summary.entry.add('main-guard');
      if (path.basename(file) === '__main__.py') summary.entry.add('dunder-main');
      if (summary.shebang) summary.entry.add('shebang');
      if (summary.dynamic.length) {
        this.dynamicInProject = true;
        this.dynamicDirs.add(path.dirname(file));
        const byPath = summary.dynamic.filter((found) => LOADS_BY_PATH.has(found.what));
        for (const d of byPath) {
          if (!d.files) this.loadsByPath = true;
          else for (const name of d.files) this.loadedFiles.add(name);
        }
        // A spec run with no path loader beside it was made elsewhere, from any path.
        if (!byPath.length && summary.dynamic.some((found) => RUNS_SPECS.has(found.what))) this.loadsByPath = true;
      }
      if (summary.extendsPath) this.pathExtended = true;
    }
    // With folders put on sys.path, an import by a computed name may load a loose script of any folder (a constant
    // name already finds one: ModuleIndex names a loose script by its base name too).
    if (this.pathExtended && [...this.files.values()].some((s) => s.dynamic.some((d) => LOADS_BY_NAME.has(d.what)
      || RUNS_AS_MAIN.has(d.what) || d.what.startsWith('not scanned')))) {
      this.loadsByPath = true;
    }
    for (const dir of index.metadataDirs) this.addScriptTargets(dir);
    for (const [file, summary] of this.files) {
      for (const ref of summary.imports ?? []) this.resolve(file, ref);
      for (const text of summary.dottedStrings ?? []) this.resolveString(file, text);
      summary.imports = undefined;
      summary.dottedStrings = undefined;
    }
    this.strings.clear();
    return this;
  }

  // ---- queries --------------------------------------------------------------------------------

  has(file: string): boolean {
    return this.files.has(path.resolve(file));
  }

  /** Dotted module name from the project's source root (below `src/` in a src layout). */
  moduleName(file: string): string | null {
    return this.summary(file)?.module ?? null;
  }

  /** Every package folder under the roots, regular (has __init__.py) or a possible namespace package. */
  packages(): PackageInfo[] {
    return this.checked().packages();
  }

  /** Project files that import this one (importing `a.b.c` also imports `a` and `a.b`). May include itself. */
  importers(file: string): string[] {
    return [...(this.summary(file)?.importers ?? [])].sort();
  }

  entryKinds(file: string): EntryKind[] {
    return [...(this.summary(file)?.entry ?? [])].sort();
  }

  isEntryPoint(file: string): boolean {
    return (this.summary(file)?.entry.size ?? 0) > 0;
  }

  isImported(file: string): boolean {
    return (this.summary(file)?.importers.size ?? 0) > 0;
  }

  /** Files that import something the scan cannot follow, and where. */
  dynamicImports(): ProjectDynamic[] {
    this.checked();
    return [...this.files].flatMap(([file, s]) => s.dynamic.map((d) => ({ file, ...d })));
  }

  isScript(file: string): boolean {
    return this.factsFor(file)?.isScript ?? false;
  }

  /** `revised`: effects of imported modules as migrated, where known (the driver's, src/run.ts). */
  factsFor(file: string, revised?: Revised): FileFacts | undefined {
    const summary = this.summary(file);
    if (!summary) return undefined;
    const isPackageInit = path.basename(path.resolve(file)) === '__init__.py';
    const isImported = summary.importers.size > 0;
    const maybeImported = isImported || summary.namedBy.size > 0 || this.dynamicInProject;
    const isEntryPoint = summary.entry.size > 0;
    const absolute = path.resolve(file);
    const dir = path.dirname(absolute);
    const installable = this.fileExists(path.join(dir, '__init__.py'))
      || this.checked().metadataDirs.some((project) => dir === project || dir === path.join(project, 'src'));
    // A loose script's folder is on sys.path only while a script of that folder runs (sys.path[0]), so
    // a dynamic import elsewhere cannot name it by module name; one in its own folder can, and a loader
    // taking a file path (runpy.run_path, spec_from_file_location...) can from anywhere.
    const reachable = isImported || summary.namedBy.size > 0 || this.dynamicDirs.has(dir)
      || this.loadsByPath || this.loadedFiles.has(path.basename(absolute));
    const scriptOnly = !isPackageInit && !summary.isTest && !reachable
      && (path.basename(absolute) === '__main__.py' ? !maybeImported : !installable);
    const facts: FileFacts = {
      module: summary.module, isPackageInit, isTest: summary.isTest, isEntryPoint, entry: [...summary.entry].sort(),
      isImported, importedBy: summary.importers.size, namedInStrings: summary.namedBy.size,
      dynamicImportsInProject: this.dynamicInProject, maybeImported,
      isScript: !isPackageInit && !summary.isTest && (isEntryPoint || !maybeImported),
      scriptOnly,
    };
    const elsewhere = (flag: ProjectFlag) => this.flagged(flag).find((file) => file !== absolute);
    if (this.isApplication(dir)) {
      facts.application = true;
      // Another module may remake an instance of a public class without naming it (type(obj)()): probe round 16, E p15.
      const remaker = elsewhere('remakes');
      if (remaker) facts.remadeElsewhere = this.nameOf(remaker);
    }
    if (summary.policyHelpersTaken) facts.policyHelpers = [...summary.policyHelpersTaken].sort();
    if (!scriptOnly) {
      facts.importedWhole = summary.takenWhole || this.unscanned;
      facts.importedNames = [...(summary.takenNames ?? [])].sort();
      const launched = facts.importedNames.filter((name) => !summary.takenByOthers?.has(name));
      if (launched.length) facts.launchedNames = launched;
      const called = facts.importedNames.filter((name) => this.onlyCalledFromCoroutines(summary, name));
      if (called.length) facts.calledFromCoroutines = called;
      const read = (summary.moduleDefs ?? []).filter((name) => this.readElsewhere(name, absolute));
      if (read.length) facts.readAsAttributes = read;
    }
    if (maybeImported) {
      const runner = elsewhere('runsInPlace');
      if (runner) facts.threadRunElsewhere = this.nameOf(runner);
    }
    if (summary.mainGuard || scriptOnly) {
      const reacher = [...this.imported(absolute)].sort().find((file) => this.files.get(file)?.reachesMain);
      if (reacher) facts.mainReached = this.nameOf(reacher);
    }
    if (summary.isTest) {
      // A test module or runner that sets logging to DEBUG: asyncio logs each new loop's selector (probe round 13, D p07).
      const debug = this.flagged('debugLogging')[0];
      if (debug) facts.debugLogging = this.nameOf(debug);
      const patcher = elsewhere('testsPatched');
      if (patcher) facts.testsPatched = this.nameOf(patcher);
      // A runner that uses the current loop itself, or through a project module it imports (a set_debug() at
      // import, a shutdown step run after the tests: probe round 12, p08, p09), saw the tests' shared loop. This test
      // module's own loop code is not the runner's: it is what the helper checks (probe round 15, B p11).
      const runner = elsewhere('testsRunWithLoop') ?? this.flagged('runsTests').find((file) => file !== absolute
        && Boolean(this.files.get(file)?.effects?.loop || this.importedEffects(file, undefined, absolute).loop));
      if (runner) facts.testsRunWithLoop = this.nameOf(runner);
    }
    // A test module's replacement reaches only the code it runs, the modules it imports (test_events.py swaps
    // asyncio.get_event_loop in its setUp(), which test_runners.py never sees); any other module's reaches all.
    // A package's __init__ runs before any module of the package (tests/__init__.py wrapping new_event_loop: probe
    // round 13, D p10).
    // Another module's reaches the modules it shares a program with: those connected to it by imports either way
    // (tracing.py and app.py both imported by main.py), not every file of the folder.
    const replacer = this.flagged('loopGetterReplaced').find((file) => file === absolute
      || (!this.files.get(file)?.isTest && this.componentOf(file) === this.componentOf(absolute))
      || this.reachOf(file).has(absolute)
      || (path.basename(file) === '__init__.py' && absolute.startsWith(path.dirname(file) + path.sep)));
    if (replacer) facts.loopGetterReplaced = this.nameOf(replacer);
    const doubles = elsewhere('loopMethods');
    if (doubles) facts.loopMethodsDefined = this.nameOf(doubles);
    const streams = this.flagged('streamsReplaced')[0];
    if (streams) facts.streamsReplaced = this.nameOf(streams);
    const logging = this.flagged('loggingHooks')[0];
    if (logging) facts.loggingHooks = this.nameOf(logging);
    const effects = this.importedEffects(absolute, revised);
    if (Object.keys(effects).length) facts.importedEffects = effects;
    const here = this.callsAtImport(absolute);
    const caller = [...(here && this.importsItself(absolute) ? [absolute] : []), ...this.effectSources(absolute).sort()]
      .find((file) => this.callsAtImport(file));
    if (caller) facts.callsAtImport = this.nameOf(caller);
    if (here) facts.callsAtImportHere = true;
    const driver = this.drivers().get(absolute);
    if (driver) facts.drivenElsewhere = this.nameOf(driver);
    const loaders = this.dynamicOf(LOADS_BY_NAME, absolute);
    if (loaders.length) {
      facts.loadedByName = this.where(loaders[0]);
      if (loaders.every((d) => d.reads)) facts.loaderReads = [...new Set(loaders.flatMap((d) => d.reads!))].sort();
    }
    const runner = summary.mainGuard ? this.dynamicOf(RUNS_AS_MAIN, absolute)[0] : undefined;
    if (runner) facts.mainRunElsewhere = this.where(runner);
    if (summary.projectTops?.size) facts.projectImports = [...summary.projectTops].sort();
    const installers = this.policyInstallersOf(absolute, summary);
    if (installers) facts.policyInstallers = installers;
    const classes = this.policyInstallersOf(absolute, summary, 'classes');
    if (classes) facts.policyClasses = classes;
    // Only test modules: the two rules that read them (P13a, rule 8's test form) act on unittest tests.
    const bases = summary.isTest ? this.baseModulesOf(absolute) : undefined;
    if (bases) facts.baseModules = bases;
    const closing = this.closingAwaitedIn(absolute, summary);
    if (closing) facts.closingAwaited = closing;
    if (summary.isTest) {
      const others: NonNullable<FileFacts['otherTestsEffects']> = {};
      for (const kind of ['loop', 'primitives'] as const) {
        const other = this.effectTests()[kind].find((test) => test !== absolute);
        if (other) others[kind] = this.nameOf(other);
      }
      if (Object.keys(others).length) facts.otherTestsEffects = others;
    }
    return facts;
  }

  /**
   * What the project modules `file` imports, transitively, may do to the current loop (FileFacts.importedEffects).
   * `revised`: modules' effects as their migrated text has them, where known (docs/SEMANTICS.md P3f).
   */
  private importedEffects(file: string, revised?: Revised, except?: string): NonNullable<FileFacts['importedEffects']> {
    const result: NonNullable<FileFacts['importedEffects']> = {};
    // A launcher that calls this file's main() runs its own imports first (`import app.boot` before `from app.cli
    // import main; main()`): what they do counts as this file's own imports (probe round 13, E W2).
    const absolute = path.resolve(file);
    const launched = [...(this.files.get(absolute)?.importers ?? [])].filter((importer) => this.files.get(importer)?.launcher)
      .flatMap((launcher) => [launcher, ...this.reachOf(launcher)]).filter((other) => other !== absolute
        && this.files.get(other)?.effects);
    for (const other of [...new Set([...this.effectSources(file), ...launched])].sort()) {
      if (other === except) continue;
      const effects = revised?.has(other) ? revised.get(other) : this.files.get(other)!.effects;
      for (const kind of ['loop', 'primitives', 'contextVars', 'pending', 'interrupts', 'signals', 'newLoops', 'threads', 'subclasses', 'loopAtImport', 'primitivesAtImport', 'exitHooks', 'dunders', 'loopKept', 'keepsState', 'taskNames', 'executor', 'threadIdentity'] as const) {
        if (effects?.[kind] && !result[kind]) result[kind] = this.nameOf(other);
      }
    }
    return result;
  }

  /**
   * FileFacts.baseModules: breadth first from the file, through the project modules each one imports directly,
   * those defining a top-level class named like the last part of a base of a class walked (the file's, then
   * those named as bases, and their own module's bases of them). Bounded: at most
   * BASE_MODULES_MAX modules, none over BASE_MODULE_MAX_CHARS, all within BASE_MODULES_MAX_CHARS (the rest
   * is left out, and the helper declines what it would have needed).
   */
  private baseModulesOf(file: string): FileFacts['baseModules'] {
    const found: NonNullable<FileFacts['baseModules']> = {};
    let count = 0;
    let total = 0;
    // Per module reached, the classes whose bases are followed: all of the file's own, then only those named as
    // bases, not every class the module defines (CPython's test_asyncio/utils.py subclasses half of asyncio,
    // whose text went with every test file: 200 KB a request).
    const wantedIn = new Map<string, Set<string> | 'all'>([[file, 'all']]);
    const sent = new Set([file]);
    for (const queue: Array<[string, string[] | 'all']> = [[file, 'all']]; queue.length;) {
      const [current, classNames] = queue.shift()!;
      const summary = this.files.get(current);
      // The classes walked here, with the ones of this module their bases name (`class Case(_Base)`), and so on.
      const walked = new Set(classNames === 'all' ? summary?.classes ?? [] : classNames);
      const wanted = new Set<string>();
      for (let grew = true; grew;) {
        grew = false;
        summary?.classes?.forEach((name, i) => {
          if (!walked.has(name)) return;
          for (const base of summary.classBases?.[i] ?? []) {
            const last = base.slice(base.lastIndexOf('.') + 1);
            wanted.add(last);
            if (!walked.has(last) && summary.classes!.includes(last)) grew = Boolean(walked.add(last));
          }
        });
      }
      if (!wanted.size) continue;
      for (const other of [...(summary!.importsFiles ?? [])].sort()) {
        const target = this.files.get(other);
        const defined = target?.classes?.filter((name) => wanted.has(name)) ?? [];
        if (other === file || target?.module == null || !defined.length) continue;
        const already = wantedIn.get(other);
        const fresh = already === 'all' ? [] : defined.filter((name) => !already?.has(name));
        if (!fresh.length) continue;
        if (!sent.has(other)) {
          // Its name may mean another module beside the importer (a tests/ folder without __init__.py run by
          // discovery puts that folder first on sys.path: probe round 7b, W17): send neither.
          if (this.index!.lookup(target.module, path.dirname(current)).length > 1) continue;
          sent.add(other);
          const text = count < BASE_MODULES_MAX ? this.baseText(other) : undefined;
          if (text === undefined || text.length > BASE_MODULE_MAX_CHARS || total + text.length > BASE_MODULES_MAX_CHARS) continue;
          const value = { source: text, ...(path.basename(other) === '__init__.py' ? { packageInit: true as const } : {}) };
          Object.defineProperty(found, target.module, { value, enumerable: true, writable: true, configurable: true });
          count += 1;
          total += text.length;
        } else if (!Object.prototype.hasOwnProperty.call(found, target.module)) {
          continue; // left out (over a cap, unreadable, ambiguous): the helper declines what it would need
        }
        wantedIn.set(other, new Set([...(already instanceof Set ? already : []), ...fresh]));
        queue.push([other, fresh]);
      }
    }
    return count ? found : undefined;
  }

  /**
   * The first two project files, in the order they were added, with a project-wide flag: enough to name the
   * first one that is not a given file. Found once a run, not once per file's facts.
   */
  private flagged(flag: ProjectFlag): string[] {
    let found = this.flags.get(flag);
    if (!found) {
      found = [];
      for (const [file, summary] of this.files) {
        if (PROJECT_FLAGS[flag](summary) && found.push(file) === 2) break;
      }
      this.flags.set(flag, found);
    }
    return found;
  }

  /** A base module's text, read once a run: the test modules of a suite mostly share one or two. */
  private baseText(file: string): string | undefined {
    if (!this.baseTexts.has(file)) this.baseTexts.set(file, this.readText(file));
    return this.baseTexts.get(file);
  }

  /** FileFacts.policyInstallers (or, `kind` 'classes', policyClasses): per directly imported project module, its functions that only install a class-only policy. */
  private policyInstallersOf(importer: string, summary: Summary, kind: 'functions' | 'classes' = 'functions'): Record<string, string[]> | undefined {
    const found: Record<string, string[]> = {};
    for (const file of [...(summary.importsFiles ?? [])].sort()) {
      const other = this.files.get(file);
      // Its name may mean another file: run by path, the importer's own folder comes first on sys.path
      // (`python pkg/app.py` imports pkg/policy.py as `policy`; probe round 7, W13).
      if (other?.module != null && this.index!.lookup(other.module, path.dirname(importer)).length > 1) continue;
      // Its own asyncio.py or uvloop.py would be another function altogether.
      const listed = kind === 'functions' ? other?.policyInstallers : other?.policyClasses;
      if (other?.module == null || !listed?.length || other.projectTops?.has('asyncio') || other.projectTops?.has('uvloop')) continue;
      // Named in another module's dotted string (mock.patch), or stored on some object by another module: it
      // may have been replaced (probe round 7, W01).
      if (other.namedBy.size) continue;
      // A class is also changed through its attributes: `P._loop_factory = X`, `P.get_event_loop = f`.
      const kept = listed.filter((name) => !this.storedElsewhere(name, file)
        && (kind === 'functions' || !POLICY_ATTRIBUTES.some((attribute) => this.storedElsewhere(attribute, file))));
      if (!kept.length) continue;
      Object.defineProperty(found, other.module, { value: kept, enumerable: true, writable: true, configurable: true });
    }
    return Object.keys(found).length ? found : undefined;
  }

  /** Some project file other than `file` stores an attribute named `name` (or calls setattr() on something). */
  private storedElsewhere(name: string, file: string): boolean {
    for (const [other, summary] of this.files) {
      if (other !== file && (summary.attributeStores?.includes(name) || summary.attributeStores?.includes('*'))) return true;
    }
    return false;
  }

  /** FileFacts.closingAwaited: the file's coroutine functions awaited from another module's closing code. */
  private closingAwaitedIn(file: string, summary: Summary): Record<string, string> | undefined {
    if (!summary.closing?.defs && !summary.closing?.aliases) return undefined;
    const closingNames = this.closingNamesOf();
    const found: Record<string, string> = {};
    // Its aliases' names too (`close = aclose`): the helper follows them to its own defs.
    for (const [name] of [...summary.closing.defs ?? [], ...summary.closing.aliases ?? []]) {
      const where = closingNames.get(name);
      if (where !== undefined && where !== file && !Object.prototype.hasOwnProperty.call(found, name)) {
        Object.defineProperty(found, name, { value: this.nameOf(where), enumerable: true, writable: true, configurable: true });
      }
    }
    return Object.keys(found).length ? found : undefined;
  }

  /** May the import-time code of `file` call project code (a call, or a class whose bases' creation hooks run)? */
  private callsAtImport(file: string): boolean {
    const effects = this.files.get(file)?.effects;
    if (!effects) return false;
    this.classHooks ??= [...this.files.values()].some((s) => s.effects?.classHooks) || this.unscanned;
    return Boolean(effects.callsAtImport || (effects.subclasses && this.classHooks));
  }

  /** Does a project module `file` imports, directly or not, import `file` (so it runs as a module first)? */
  private importsItself(file: string): boolean {
    return this.imported(file).some((other) => this.files.get(other)?.importsFiles?.has(file));
  }

  /** Did the scan of `file` find effects on the current loop (src/loop-effects.ts)? */
  hasEffects(file: string): boolean {
    return Boolean(this.summary(file)?.effects);
  }

  /**
   * File -> the first project module (by path) that runs coroutines without asyncio and may be handed the
   * file's coroutines: it imports the file, directly or not; or a module that imports the driver itself
   * imports the file, or is the file, and may pass them on (`run_now(lookup("k"))` in main.py, which
   * imports both). That module may drive them with no loop running. Longer hand-offs (through a module
   * that only wraps the driver) are not followed: docs/SEMANTICS.md P16.
   */
  private drivers(): Map<string, string> {
    if (this.driven) return this.driven;
    this.driven = new Map();
    for (const driver of [...this.files].filter(([, s]) => s.effects?.drives).map(([f]) => f).sort()) {
      const reached = new Set<string>(this.imported(driver));
      for (const host of this.files.get(driver)?.importers ?? []) {
        reached.add(host);
        for (const file of this.files.get(host)?.importsFiles ?? []) reached.add(file);
      }
      reached.delete(driver);
      for (const file of [...reached].sort()) if (!this.driven.has(file)) this.driven.set(file, driver);
    }
    return this.driven;
  }

  /**
   * The dynamic imports (by path, then line) in other project files whose kind is in `kinds` and
   * that may name `file`: a computed name with a constant head (`"pkg.plugins." + name`, or `"." + name`
   * relative to the importer's package) names only modules whose dotted name starts with it, and a path
   * loader given constant file names only files of those names.
   */
  private dynamicOf(kinds: ReadonlySet<string>, file: string): ProjectDynamic[] {
    let found = this.firstDynamic.get(kinds);
    if (found === undefined) {
      found = this.dynamicImports().filter((d) => kinds.has(d.what.replace(/ used as a value$/, '()')))
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
      this.firstDynamic.set(kinds, found);
    }
    const module = this.summary(file)?.module;
    const base = path.basename(file);
    return found.filter((d) => d.file !== file && (d.files === undefined || d.files.includes(base))
      && (d.prefix === undefined || module == null || module.startsWith(this.absolutePrefix(d.file, d.prefix) ?? '')));
  }

  private where(found: ProjectDynamic): string {
    return `${this.nameOf(found.file)}:${found.line}`;
  }

  /** A computed import's constant head made absolute: `.x` is relative to the importer's package. */
  private absolutePrefix(importer: string, prefix: string): string | undefined {
    const level = /^\.*/.exec(prefix)![0].length;
    if (!level) return prefix;
    const own = this.summary(importer)?.module;
    if (own == null) return undefined;
    const parts = own.split('.');
    const isPackage = path.basename(importer) === '__init__.py';
    const base = parts.slice(0, parts.length - (isPackage ? 0 : 1) - (level - 1));
    return base.length ? `${base.join('.')}.${prefix.slice(level)}` : undefined;
  }

  /** The project files `file` imports, directly or not, whose scan found effects on the current loop. */
  effectSources(file: string): string[] {
    return this.imported(path.resolve(file)).filter((next) => this.files.get(next)?.effects);
  }

  /** A name for the part of the import graph, edges taken either way, that holds `file` (computed once). */
  private componentOf(file: string): string {
    if (!this.parts) {
      const parent = new Map<string, string>();
      const find = (x: string): string => {
        let root = x;
        while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
        for (let at = x; at !== root;) { const next = parent.get(at)!; parent.set(at, root); at = next; }
        return root;
      };
      for (const [from, summary] of this.files) {
        if (!parent.has(from)) parent.set(from, from);
        for (const to of summary.importsFiles ?? []) {
          if (!parent.has(to)) parent.set(to, to);
          const a = find(from), b = find(to);
          if (a !== b) parent.set(a, b);
        }
      }
      this.parts = new Map([...parent.keys()].map((key) => [key, find(key)]));
    }
    return this.parts.get(file) ?? file;
  }

  /** imported(file) as a set, kept: asked for the same few files (replacers of get_event_loop) from every file. */
  private reachOf(file: string): Set<string> {
    this.reaches ??= new Map();
    let found = this.reaches.get(file);
    if (!found) this.reaches.set(file, found = new Set(this.importedNow(file)));
    return found;
  }

  /** The project files `file` imports, directly or through others (not itself). */
  private imported(file: string): string[] {
    // factsFor asks several times for one file in a row (effects, callers at import, __main__): keep the last.
    if (this.lastImported?.[0] === file) return this.lastImported[1];
    const found = this.importedNow(file);
    this.lastImported = [file, found];
    return found;
  }

  private importedNow(file: string): string[] {
    const seen = new Set<string>([file]);
    const found: string[] = [];
    for (let queue = [file]; queue.length;) {
      const current = queue.pop()!;
      for (const next of [...(this.files.get(current)?.importsFiles ?? []), ...this.parentInits(current)]) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
        found.push(next);
      }
    }
    return found;
  }

  /**
   * The `__init__.py` files of the regular packages above `file`: importing a module, or running it with
   * `python -m pkg.mod`, runs them first, with no import statement to show it.
   */
  private parentInits(file: string): string[] {
    const found: string[] = [];
    let dir = path.dirname(file);
    if (path.basename(file) === '__init__.py') dir = path.dirname(dir);
    for (let init = path.join(dir, '__init__.py'); this.files.has(init); init = path.join(dir, '__init__.py')) {
      found.push(init);
      dir = path.dirname(dir);
    }
    return found;
  }

  /** Does `a` import `b`, directly or not, while `b` imports `a` too (one strongly connected component)? */
  importCycle(a: string, b: string): boolean {
    const components = this.components ??= this.stronglyConnected((file) => this.files.get(file)?.importsFiles ?? []);
    const of = (file: string) => components.get(path.resolve(file));
    return of(a) !== undefined && of(a) === of(b);
  }

  /**
   * Tarjan's algorithm, iterative (import chains can be deep): file -> component number. Components are
   * completed in reverse topological order (all a component reaches is done before it): `done` is called
   * with each one's members then, so that a fact can be summed over what each file reaches in one walk.
   */
  private stronglyConnected(edgesOf: (file: string) => Iterable<string>, done?: (members: string[]) => void): Map<string, number> {
    const order = new Map<string, number>();
    const low = new Map<string, number>();
    const component = new Map<string, number>();
    const stack: string[] = [];
    let counter = 0;
    let components = 0;
    for (const root of this.files.keys()) {
      if (order.has(root)) continue;
      const work: Array<[string, Iterator<string>]> = [];
      const enter = (file: string) => {
        order.set(file, counter);
        low.set(file, counter);
        counter += 1;
        stack.push(file);
        work.push([file, edgesOf(file)[Symbol.iterator]()]);
      };
      enter(root);
      while (work.length) {
        const [file, edges] = work[work.length - 1];
        const step = edges.next();
        if (!step.done) {
          const next = step.value;
          if (!order.has(next)) enter(next);
          else if (!component.has(next)) low.set(file, Math.min(low.get(file)!, order.get(next)!));
          continue;
        }
        work.pop();
        if (work.length) {
          const parent = work[work.length - 1][0];
          low.set(parent, Math.min(low.get(parent)!, low.get(file)!));
        }
        if (low.get(file) === order.get(file)) {
          const members: string[] = [];
          for (let member = stack.pop()!; ; member = stack.pop()!) {
            component.set(member, components);
            members.push(member);
            if (member === file) break;
          }
          components += 1;
          done?.(members);
        }
      }
    }
    return component;
  }

  /**
   * File -> which of the current-loop effects `loop` (bit 1) and `primitives` (bit 2) it or any project module
   * it imports, directly or not, has (the closure `imported` walks, packages' `__init__.py` included). One walk
   * over the import graph for all files: a walk per test module cost most of a standard library's first pass.
   */
  private reachedEffects(): Map<string, number> {
    if (this.effectsReached) return this.effectsReached;
    const reached = new Map<string, number>();
    const edges = new Map<string, string[]>();
    const edgesOf = (file: string) => {
      let found = edges.get(file);
      if (!found) edges.set(file, found = [...(this.files.get(file)?.importsFiles ?? []), ...this.parentInits(file)]);
      return found;
    };
    this.stronglyConnected(edgesOf, (members) => {
      let bits = 0;
      for (const member of members) {
        const effects = this.files.get(member)?.effects;
        bits |= (effects?.loop ? 1 : 0) | (effects?.primitives ? 2 : 0);
        for (const next of edgesOf(member)) bits |= reached.get(next) ?? 0;
      }
      for (const member of members) reached.set(member, bits);
    });
    return (this.effectsReached = reached);
  }

  /**
   * The test modules or conftests, in path order, that read or set the current loop outside a coroutine
   * (and those that make asyncio primitives there), in their own code or in a project module they import:
   * the test runner imports them all into one process, and their code runs between a test's.
   */
  private effectTests(): { loop: string[]; primitives: string[] } {
    if (this.testEffects) return this.testEffects;
    const found = { loop: [] as string[], primitives: [] as string[] };
    const tests = [...this.files].filter(([, s]) => s.isTest).map(([f]) => f).sort();
    const reached = this.reachedEffects();
    for (const test of tests) {
      const bits = reached.get(test) ?? 0;
      if (bits & 1) found.loop.push(test);
      if (bits & 2) found.primitives.push(test);
    }
    return (this.testEffects = found);
  }

  /**
   * Test modules (and conftest.py files) that use the current loop outside a coroutine or make primitives
   * there, themselves or through project modules they import: each is an `otherTestsEffects` hazard for
   * the others' loop per test (src/joint-tests.ts decides them together).
   */
  loopTests(): string[] {
    const { loop, primitives } = this.effectTests();
    return [...new Set([...loop, ...primitives])].sort();
  }

  private nameOf(file: string): string {
    return this.files.get(file)?.module ?? path.basename(file);
  }

  private summary(file: string): Summary | undefined {
    this.checked();
    return this.files.get(path.resolve(file));
  }

  private checked(): ModuleIndex {
    if (!this.index) throw new Error('ProjectModel: call finish() before querying');
    return this.index;
  }

  /**
   * Is code in `dir` application code (FileFacts.application)? Its run root holds a project marker and discovery
   * left no Python code of it out, so the run scans the whole project, and no folder from `dir` up to that root, nor the nearest above it, declares a
   * distribution (python-entry-points.ts isDistribution).
   */
  private isApplication(dir: string): boolean {
    const setting = this.applicationSetting?.(dir);
    if (setting !== undefined) return setting;
    const root = this.roots.filter((r) => dir === r || isUnder(dir, r)).sort((a, b) => b.length - a.length)[0];
    if (!root || !PROJECT_MARKERS.some((marker) => this.fileExists(path.join(root, marker)))) return false;
    // Code the run does not read (a gitignored local_settings.py, build/hooks.py) may import anything (probe round 16).
    if (this.hiddenCode?.has(root)) return false;
    // Modules reached by reflection (sys.modules, __globals__, eval): any function may be called unseen (probe round 16, D).
    if (this.flagged('reflects').length) return false;
    const metadata = this.checked().metadataDirs;
    return !metadata.some((project) => (dir === project || isUnder(dir, project)) && this.declaresDistribution(project));
  }

  private declaresDistribution(dir: string): boolean {
    let found = this.distributions.get(dir);
    if (found === undefined) {
      const text = (name: string) => (this.fileExists(path.join(dir, name)) ? this.readText(path.join(dir, name)) ?? '' : undefined);
      found = isDistribution(text('pyproject.toml'), text('setup.cfg'), this.fileExists(path.join(dir, 'setup.py')));
      this.distributions.set(dir, found);
    }
    return found;
  }

  /** Listed files exist; anything else (an __init__.py above a root, a pyproject.toml) is probed once. */
  private fileExists(file: string): boolean {
    if (this.files.has(file)) return true;
    let found = this.existsCache.get(file);
    if (found === undefined) this.existsCache.set(file, (found = this.exists(file)));
    return found;
  }

  /**
   * Every project module that imports `name` from this one calls it only directly in `async def` bodies outside
   * closing code (coroutine-calls.ts), and none of them can hand it on: no module takes an importer whole, takes the
   * name (or `*`) from it, or names it in a string; no importer steps coroutines or is reached by a module that does,
   * no calling coroutine is awaited from closing code; no module reads the name as an attribute or spells it in a
   * string; and no import in the project is dynamic (docs/SEMANTICS.md P2a, "Callers in other modules").
   */
  private onlyCalledFromCoroutines(summary: Summary, name: string): boolean {
    const importers = summary.calledFrom?.get(name);
    if (!importers || summary.takenOtherwise?.has(name) || this.dynamicInProject || this.unscanned) return false;
    // A name bound to GeneratorExit makes a narrow-looking handler catch a close (probe round 16c, p12).
    if (this.flagged('aliasesExits').length) return false;
    // Handed to a loop's call_soon and kin: a project class doubling a loop may run it at once (P2a rule 2's residue).
    if (summary.calledBack?.has(name) && this.flagged('loopMethods').length) return false;
    if (this.readers.has(name)) return false; // `app.util._f()`: reached through some module object
    const closing = this.closingNamesOf();
    return [...importers].every(([importer, callers]) => {
      const other = this.files.get(importer);
      return other !== undefined && !other.takenWhole && other.namedBy.size === 0
        && !other.takenNames?.has('*') && !other.takenNames?.has(name)
        // Its coroutines stepped by hand, with no loop running (P16), or awaited from closing code (P1).
        && !other.effects?.drives && !this.drivers().has(importer) && !callers.some((caller) => closing.has(caller));
    });
  }

  /** Does a project file other than `file` read `name` as an attribute, or spell it whole in a string? */
  private readElsewhere(name: string, file: string): boolean {
    const reader = this.readers.get(name);
    return reader !== undefined && (reader === null || reader !== file);
  }

  /** The names awaited from the project's closing code -> that module's file (src/closing-awaits.ts). */
  private closingNamesOf(): Map<string, string> {
    this.closingNames ??= closingAwaited([...this.files].filter(([, s]) => s.closing).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([other, s]) => [other, s.closing!] as const));
    return this.closingNames;
  }

  // ---- entry points and imports ---------------------------------------------------------------

  private addScriptTargets(dir: string): void {
    const targets: ScriptTarget[] = [];
    const pyproject = this.readText(path.join(dir, 'pyproject.toml'));
    if (pyproject !== undefined) targets.push(...pyprojectScripts(pyproject));
    const setupCfg = this.readText(path.join(dir, 'setup.cfg'));
    if (setupCfg !== undefined) targets.push(...iniScripts(setupCfg));
    const setupPy = path.join(dir, 'setup.py');
    const listed = this.files.get(setupPy);
    if (listed) targets.push(...(listed.setupScripts ?? []));
    else if (this.fileExists(setupPy)) targets.push(...setupPyScripts(this.readText(setupPy) ?? ''));
    for (const { kind, module } of targets) {
      for (const key of this.index!.lookup(module, dir)) {
        const file = this.index!.fileAt(key);
        if (file && isUnder(file, dir)) this.files.get(file)?.entry.add(kind);
      }
    }
  }

  /**
   * Record `importer` as importing the node at `key`, if it is a project module, and what it takes:
   * the module object ('whole') or names from it.
   */
  private mark(key: string, importer: string, takes?: 'whole' | readonly string[], ref?: ImportRef): void {
    const file = this.index!.fileAt(key);
    const summary = file ? this.files.get(file) : undefined;
    if (!summary) return;
    summary.importers.add(importer);
    const from = this.files.get(importer);
    if (from && file !== importer) (from.importsFiles ??= new Set()).add(file!);
    if (takes === 'whole') summary.takenWhole = true;
    else if (takes?.length) {
      summary.takenNames ??= new Set();
      for (const name of takes) summary.takenNames.add(name);
      if (!from?.launcher) {
        summary.takenByOthers ??= new Set();
        for (const name of takes) summary.takenByOthers.add(name);
      }
      for (const name of takes) {
        if (from && summary.policyHelpers?.includes(name)) (from.policyHelpersTaken ??= new Set()).add(name);
        if (ref?.calledBack?.includes(name)) (summary.calledBack ??= new Set()).add(name);
        if (ref?.coroutineCalls?.includes(name)) {
          summary.calledFrom ??= new Map();
          const importers = summary.calledFrom.get(name) ?? new Map<string, readonly string[]>();
          summary.calledFrom.set(name, importers.set(importer, ref.coroutineCallers ?? []));
        } else {
          (summary.takenOtherwise ??= new Set()).add(name);
        }
      }
    }
  }

  private resolve(importer: string, ref: ImportRef): void {
    const index = this.index!;
    const importerDir = path.dirname(importer);
    let packages: readonly string[];
    // `import a.b.c` (or import_module('a.b.c')) gives the module objects of a, a.b and a.b.c; `from a.b import x`
    // gives only names of a.b (and the module object of a submodule x, below).
    const whole = ref.names === undefined ? 'whole' : undefined;
    if (ref.level === 0) {
      // Importing a.b.c runs a, a.b and a.b.c.
      packages = [];
      for (let dot = 0; dot >= 0;) {
        const first = dot === 0;
        dot = ref.module.indexOf('.', dot + 1);
        packages = index.lookup(dot < 0 ? ref.module : ref.module.slice(0, dot), importerDir);
        if (first && packages.length) { // a project module, whatever the standard library calls so
          (this.files.get(importer)!.projectTops ??= new Set()).add(dot < 0 ? ref.module : ref.module.slice(0, dot));
        }
        for (const key of packages) this.mark(key, importer, dot < 0 ? whole ?? ref.names : whole, ref);
      }
    } else {
      let anchors: readonly string[];
      if (ref.anchor === '__name__') {
        anchors = [path.basename(importer) === '__init__.py' ? importerDir : importer.slice(0, -3)];
      } else if (ref.anchor) {
        this.resolve(importer, { level: 0, module: ref.anchor }); // import_module imports the anchor package too
        anchors = index.lookup(ref.anchor, importerDir);
      } else {
        anchors = [importerDir]; // the package a module or an __init__.py belongs to
      }
      packages = anchors.map((anchor) => {
        let key = anchor;
        for (let up = 1; up < ref.level; up++) key = path.dirname(key);
        const parts = ref.module ? ref.module.split('.') : [];
        this.mark(key, importer, parts.length ? undefined : whole ?? ref.names, ref);
        parts.forEach((part, i) => {
          key = key + path.sep + part;
          this.mark(key, importer, i === parts.length - 1 ? whole ?? ref.names : undefined, ref);
        });
        return key;
      });
    }
    // `from pkg import name` imports pkg.name when it is a submodule; `*` may import any of them (__all__).
    // Either way the importer then holds that submodule's module object.
    for (const key of packages) {
      for (const name of ref.names ?? []) {
        const subs = name === '*' ? index.childrenOf(key) : [key + path.sep + name];
        for (const sub of subs) this.mark(sub, importer, 'whole');
      }
    }
  }

  /** 'pkg.mod.attr' or 'pkg.mod:app' in a string: whatever prefix names a project module may be imported. */
  private resolveString(owner: string, text: string): void {
    const parts = text.split(':')[0].split('.');
    for (let i = 1; i <= parts.length; i++) {
      for (const key of this.index!.lookup(parts.slice(0, i).join('.'), path.dirname(owner))) {
        const file = this.index!.fileAt(key);
        if (file && file !== owner) this.files.get(file)?.namedBy.add(owner);
      }
    }
  }
}

/** test_*.py, *_test.py, conftest.py, or anything under a `tests`/`test` folder at or below `top`. */
function isTestFile(file: string, top: string): boolean {
  const name = path.basename(file);
  if (name === 'conftest.py' || /^test_.*\.py$/.test(name) || /_test\.py$/.test(name)) return true;
  const relative = path.relative(path.dirname(top), path.dirname(file));
  return relative.split(path.sep).some((part) => TEST_DIRS.has(part));
}
