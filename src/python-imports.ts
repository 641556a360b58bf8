/**
 * A fast, Python-free scan of one file's text for what the project model needs: the modules it
 * imports, whether it imports something dynamically, a top-level main guard and a shebang.
 *
 * It runs on every .py file of a run, so there is no tokenizer. First the comments and string
 * literals are located (python-mask.ts). Then a handful of keywords are found with indexOf (far
 * faster than a regular expression scanning the whole text), stepping over those literals, and
 * small anchored expressions read the statement at each hit in a masked window: comments dropped,
 * each string literal replaced by a short stand-in, newlines kept so line numbers survive. It is
 * deliberately generous: an import inside a function, a try block or `if TYPE_CHECKING:` counts.
 */
import { attributeReads, coroutineOnlyCalls, moduleDefs } from './coroutine-calls.js';
import { closingScan, type ClosingScan } from './closing-awaits.js';
import { attributeStores, policyClasses, policyInstallers } from './policy-installers.js';

// A Thread's run() called in place, which runs its target in the calling thread: python-helpers analysis.py
// _RUN_INLINE, the same pattern (comments and strings count). Another module may do it to a Thread object
// this file made (probe round 7, W09).
// Code of the project that logging calls run (on the conservative side, comments and strings count): a
// handler, filter, formatter, logger or adapter class, a filter or record factory, a logger class, or a
// configuration that builds any of them by name (probe round 7, W12: a handler loaded by dictConfig).
const LOGGING_HOOKS = /\bclass[ \t]+\w+[ \t]*\([^)]*(?:Handler|Filter|Formatter|Logger|LoggerAdapter)\b|\b(?:addFilter|setLoggerClass|setLogRecordFactory|dictConfig|fileConfig)[ \t]*\(|\blogging\.config\b/;
// The running program's own module, whose functions code here may then call (probe round 7, W18).
// A walk over sys.modules, or a look-up by a computed name (not `sys.modules[__name__]`), reaches it as well
// (probe round 7b, W12, W13).
// Each form where it spells __main__, read around each `__main__` (one indexOf: a regex without a literal head is
// tried at every position of every file): `import __main__`, `from __main__ import`, `import_module("__main__")`,
// `__import__('__main__')`, `modules["__main__"]`, `modules.get("__main__")`.
const MAIN_BEFORE = /(?:\b(import)[ \t]+|\b(from)[ \t]+|(?:import_module|__import__)\([ \t]*["']|\bmodules\b[ \t]*(?:\[|\.get\()[ \t]*["'])$/;
// The forms that only spell `modules`: a walk, a look-up by a computed name.
const MODULES_WALK = /\bmodules[ \t]*\.[ \t]*(?:items|values|keys|copy|get)[ \t]*\(|\bfor\b[^\n:]*\bin[ \t]+(?:\w+\()?sys[ \t]*\.[ \t]*modules\b|\bsys[ \t]*\.[ \t]*modules[ \t]*\[[ \t]*(?!["']|__name__[ \t]*\])/;

// Code that may reach a module's functions without importing them by a name the scan reads: modules looked up in
// sys.modules, a function's __globals__, inspect's getmembers/getmodule, and code built at run time (eval, compile).
// Public names of application code rest on it (docs/SEMANTICS.md P2a rule 3, "Application code"; probe round 16, D).
// `CloseError = GeneratorExit`: a handler naming it looks narrow to coroutine-calls.ts and catches a close (probe
// round 16c, p12).
const EXIT_ALIAS = /^[ \t]*[\w.]+[ \t]*(?::[^=\n]*)?=[ \t]*[^=\n]*\b(?:GeneratorExit|BaseException)\b/m;
const REFLECTS_HINT = /modules|__globals__|getmembers|getmodule|eval|compile/;
const REFLECTS = /(?<![\w.])(?:eval|compile)[ \t]*\(|\bmodules[ \t]*(?:\[|\.[ \t]*(?:get|items|values|keys)\b)|\bsys[ \t]*\.[ \t]*modules\b|__globals__|\bgetmembers\b|\bgetmodule\b/;

// Code that may make an instance, or run an __init__ again, without naming the class: `type(obj)()`,
// `obj.__class__()`, `obj.__init__()` (not `super().__init__` nor `Base.__init__`, which name their class). Another
// module's instance of an application's public class may be remade so (probe round 16, E p15).
const REMAKES = /\btype[ \t]*\([^(),]*\)[ \t]*\(|__class__[ \t]*\(/;
// Before `.__init__(`: the receiver, read backwards (a name, a subscript's `]`, or a call's `)`).
const INIT_RECEIVER = /(?:\bsuper[ \t]*\([^()]*\)|([\w\]]+)|(\)))[ \t]*\.[ \t]*$/;

function remakesInstances(code: string): boolean {
  if ((code.includes('type') || code.includes('__class__')) && REMAKES.test(code)) return true;
  for (let at = code.indexOf('__init__'); at >= 0; at = code.indexOf('__init__', at + 8)) {
    if (!/^[ \t]*\(/.test(code.slice(at + 8, at + 12))) continue;
    const receiver = INIT_RECEIVER.exec(code.slice(Math.max(0, at - 60), at));
    if (!receiver) continue; // `def __init__(`
    if (receiver[2] || (receiver[1] && !/^[A-Z]/.test(receiver[1]))) return true; // an instance's, not a class's named
  }
  return false;
}

function reachesMainModule(text: string): boolean {
  for (let at = text.indexOf('__main__'); at >= 0; at = text.indexOf('__main__', at + 8)) {
    const before = MAIN_BEFORE.exec(text.slice(Math.max(0, at - 200), at));
    if (!before) continue;
    const after = text.slice(at + 8, at + 40);
    if (before[1] ? !/^\w/.test(after) : before[2] ? /^[ \t]+import\b/.test(after) : /^["']/.test(after)) return true;
  }
  return text.includes('modules') && MODULES_WALK.test(text);
}
// A test runner of the project's own: it may set a loop (or a policy) first, which tests that take get_event_loop()
// then get (probe round 8, W10).
const LOOP_FUNCTIONS = ['get_event_loop', 'new_event_loop', 'set_event_loop'];
const RUNS_TESTS = /\bunittest[ \t]*\.[ \t]*main\b|\b(?:TestLoader|defaultTestLoader|TextTestRunner|TestSuite|load_tests)\b|\bpytest[ \t]*\.[ \t]*main\b/;
// A class of the project with a loop's scheduling methods: `x.call_soon(f)` may then call f at once, from sync code
// (a test double), so it proves no running loop (python-helpers loop_callbacks.py; probe round 8, W08). Bound
// otherwise too: `SimpleNamespace(call_soon=queue.append)`, `self.call_soon = self.pending.append` (round 9, A1).
// Also a mock's scheduling method inspected (`loop.call_soon.call_args[0][0]()` calls the recorded callback outside
// any loop) or patched by name (`patch.object(loop, "call_soon")`): python-helpers loop_callbacks.py _MOCKS.
// Doubles that may run a scheduled callback at once, from sync code: a class answering any attribute (`__getattr__`),
// or code that reads a mock's call records and calls what was passed (`loop.method_calls[0][1][0]()`: probe round 16,
// C p20, p21).
// And future doubles: a class isfuture() accepts (`_asyncio_future_blocking`), or defining a future's methods asyncio
// calls, whose add_done_callback or loop may run a callback at once (probe round 16, C p07, p08).
// A handle or loop run by hand, through their private parts (`loop._run_once()`, `h._callback(*h._args)`,
// `loop._signal_handlers[sig]`): a callback then runs with no loop running (probe round 16c, p02, p03, p11). Not
// `._run()`, a common private method name (`handle._run()` by hand is residue, p01).
const NON_ASCII = /[^\x00-\x7f]/;
const CLASS_BY_TYPE = /(?<![\w.])type[ \t]*\([^(),]*,[^()]*(?:\([^()]*\)[^()]*)*,/;
const LOOP_DOUBLES = /\bdef[ \t]+(?:__getattr(?:ibute)?__|add_done_callback|get_loop)[ \t]*\(|\.[ \t]*(?:method_calls|mock_calls|call_args_list|call_args)\b|_asyncio_future_blocking|\.[ \t]*(?:_run_once|_callback|_signal_handlers)\b/;
const LOOP_METHOD_DEFS = /\bdef[ \t]+(?:call_soon|call_soon_threadsafe|call_later|call_at|add_signal_handler|add_reader|add_writer)[ \t]*\(|\b(?:call_soon|call_soon_threadsafe|call_later|call_at|add_signal_handler|add_reader|add_writer)[ \t]*(?::[^=\n]*)?=(?!=)|\.(?:call_soon|call_soon_threadsafe|call_later|call_at|add_signal_handler|add_reader|add_writer)[ \t]*\.[ \t]*[A-Za-z_]|["'][^"'\n]*\b(?:call_soon|call_soon_threadsafe|call_later|call_at|add_signal_handler|add_reader|add_writer)\b[^"'\n]*["']/;
const RUN_IN_PLACE = /(?<!asyncio)\.run\(\s*\)|\b[A-Z]\w*\s*\.\s*run\b|\)\s*\.\s*run\b|(?<!asyncio)\.run\b(?!\s*\()|["']run["']/;
import { loaderReads, pathLoaderTargets } from './loader-reads.js';
import { loopEffects, type LoopEffects } from './loop-effects.js';
import { isIdentChar, Literals } from './python-mask.js';

/** One import reference. `level` is the number of leading dots (0: absolute). */
export interface ImportRef {
  level: number;
  module: string;       // dotted; '' for `from . import x`
  names?: string[];     // `from module import names` ('*' for a star import)
  anchor?: string;      // importlib.import_module('.x', ANCHOR): the package a relative name is resolved in
  coroutineCalls?: string[]; // of names, those only called directly in `async def` bodies here (coroutine-calls.ts)
  coroutineCallers?: string[]; // the async defs those calls are in
  calledBack?: string[];       // of coroutineCalls, those handed to a loop's call_soon and kin (coroutine-calls.ts)
}

/** An import the scan cannot follow: the model then treats every module as maybe imported. */
export interface DynamicImport {
  line: number;
  what: string;
  prefix?: string; // `import_module("pkg.plugins." + name)`: the constant head of the computed name
  reads?: string[]; // the names a loader reads off the module it imports (loader-reads.ts); absent: any
  files?: string[]; // a loader taking a path: the file names its constants give (loader-reads.ts); absent: any file
}

export interface PythonScan {
  imports: ImportRef[];
  dynamic: DynamicImport[];
  mainGuard: boolean;   // `if __name__ == "__main__":` at top level
  launcher?: true;      // nothing but imports and one call of an imported function, maybe under a main guard (isLauncher)
  shebang: boolean;     // `#!...python...` on line 1
  dottedStrings: string[]; // string constants shaped like 'pkg.mod', 'pkg.mod:attr' (mock.patch, uvicorn, celery...)
  effects?: LoopEffects;   // what importing or calling it may do to the current loop (src/loop-effects.ts); absent: nothing
  closing?: ClosingScan;   // what its closing code awaits, and what its coroutines await (src/closing-awaits.ts)
  policyInstallers?: string[]; // functions that only install a class-only policy (src/policy-installers.ts)
  policyClasses?: string[];    // policy classes that only choose the loop class (same file)
  attributeStores?: string[];  // names it stores on other objects (`mod.name = ...`), '*' for setattr() (same file)
  runsInPlace?: true;          // may call a Thread's run() in place (RUN_IN_PLACE)
  replacesLoopGetter?: true;   // replaces asyncio's get_event_loop, new_event_loop or set_event_loop (an attribute store, mock.patch, setattr)
  logsDebug?: true;            // configures logging at DEBUG
  runsTests?: true;            // runs tests (RUNS_TESTS)
  runsTestsWithLoop?: true;    // takes, sets or makes a loop (or a policy) and runs tests (RUNS_TESTS): the tests' get_event_loop() returns its loop
  definesLoopMethods?: true;   // defines call_soon/call_later/call_at/call_soon_threadsafe (a loop of its own, or a test double)
  hooksLogging?: true;         // installs code of its own into logging (LOGGING_HOOKS)
  reachesMain?: true;          // imports __main__ or reads it from sys.modules (reachesMainModule)
  reflects?: true;             // reaches modules or runs code the import scan cannot follow (REFLECTS)
  aliasesExits?: true;         // binds another name to GeneratorExit or BaseException (EXIT_ALIAS)
  remakes?: true;              // may run an __init__ without naming its class (REMAKES)
  extendsPath?: true;      // changes sys.path or PYTHONPATH (EXTENDS_PATH): a loose script's folder may become importable
  classes?: string[];      // names of the classes defined at top level (column 0), in order
  policyHelpers?: string[]; // module-level defs whose whole body returns get_event_loop_policy() (policyHelpers)
  classBases?: string[][]; // per class, the dotted names it lists as bases (`A`, `b.A`) (classHeads)
  attributeReads?: string[];    // names read as attributes off anything but self/cls, or spelt whole in strings (coroutine-calls.ts)
  moduleDefs?: string[];        // its module-level `def`s and `class`es
}

/** A Python identifier (PEP 3131, approximately) and a dotted name made of them. */
const IDENT = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;
export function isDottedName(name: string): boolean {
  return name.length > 0 && name.split('.').every((part) => IDENT.test(part));
}

// Statements at keyword hits, read in small masked windows (python-mask.ts).

// Whitespace inside a logical line: blanks, or a backslash continuation.
const WS = String.raw`(?:[ \t\f]|\\\r?\n)`;
// The rest of a simple statement: up to the end of the line or a `;`, following continuations.
const BODY = String.raw`(?:[^\r\n;\\]|\\\r?\n)*`;
/**
 * What may stand before the `import` keyword on its logical line. An import statement starts the
 * line, or follows `;` or a compound statement's `:` (`try: import x`); `from` can start nothing
 * else there (`yield from`, `raise ... from` never do), so no tokenizer is needed.
 */
const BEFORE_IMPORT = /(?:^|[;:])[ \t\f]*$/;
const BEFORE_FROM_IMPORT = new RegExp(String.raw`(?:^|[;:])[ \t\f]*from(?=[ \t\f\\.])((?:[ \t\f.\w\u0080-\uffff]|\\\r?\n)*)$`);
const IMPORT_BODY = new RegExp(BODY, 'y');
const FROM_NAMES = new RegExp(String.raw`${WS}*(\([^)]*\)|${BODY})`, 'y');
const MAIN_GUARD = new RegExp(
  String.raw`if${WS}*\(?${WS}*(?:__name__${WS}*==${WS}*"__main__"|"__main__"${WS}*==${WS}*__name__)${WS}*\)?${WS}*:`, 'y',
);
const SHEBANG = /^\ufeff?#![^\n]*python/;

/**
 * Calls that import or run code by a name or path the scan cannot read, found through the few
 * substrings that cover them all. `import_module` and `__import__` are found with the imports.
 */
const DYNAMIC_SEARCH = ['xec', 'un_', 'load_', '_from_', 'k_pack', 'FileLoader']; // rare first letters: indexOf skips faster
const DYNAMIC_CALLS = new Set([
  'exec', 'execfile', 'exec_module', 'run_module', 'run_path', '_run_module_as_main',
  'load_source', 'load_module', 'load_compiled', 'load_dynamic', 'load_package',
  'spec_from_file_location', 'spec_from_loader', 'module_from_spec', 'walk_packages',
  'SourceFileLoader', 'SourcelessFileLoader',
]);
const CALL_OPEN = /[ \t\f]*\(/y;
/**
 * Of those, the ones that take a file's path (or, exec, a file's text), not a module name: they can run a loose
 * script of any folder. `exec(code)` may run a file's text read anywhere, so it counts, conservatively, whatever
 * its argument (its constants naming .py files narrow it, as for the others).
 */
export const PATH_LOADERS: ReadonlySet<string> = new Set(['run_path', 'spec_from_file_location', 'load_source', 'load_compiled',
  'load_dynamic', 'load_package', 'load_module', 'SourceFileLoader', 'SourcelessFileLoader', 'exec', 'execfile']);
/**
 * They run a spec or loader made elsewhere: with no path loader in the same file to have made it (PATH_LOADERS), the
 * spec may hold any file's path (`spec_from_loader(name, SourceFileLoader(...))` built in another module).
 */
export const SPEC_RUNNERS: ReadonlySet<string> = new Set(['exec_module', 'spec_from_loader', 'module_from_spec']);
/**
 * Code that puts folders on the module search path: `sys.path.insert(0, d)`, `.append`, `.extend`, a store into or
 * over sys.path, `site.addsitedir(d)`, and PYTHONPATH (a child's path). An import by a name then may load a loose
 * script of any folder.
 */
const EXTENDS_PATH = /sys[ \t]*\.[ \t]*path[ \t]*(?:\.[ \t]*(?:insert|append|extend)[ \t]*\(|\[[^\]\n]*\][ \t]*=(?!=)|\+=|=(?!=))|addsitedir[ \t]*\(/y;
/** `("pkg.plugins." + name`: the constant head of a name built by concatenation. */
const PREFIX_ARG = /[\s\\]*"([\w.]+)"[\s\\]*\+/y;
const SPACE = String.raw`[\s\\]*`;
/** `("name")`, `("name", "anchor")`, `("name", package=__package__)`: a constant import. */
const CONSTANT_ARGS = new RegExp(
  String.raw`${SPACE}"([^"\r\n]*)"${SPACE}(?:\)|,${SPACE}(?:package${SPACE}=${SPACE})?(?:\)|"([^"\r\n]*)"|(__package__|__spec__\.parent|__name__)|(?=.)))`, 'y',
);

/** Scan one file's text (UTF-8 decoded, with or without a BOM). */
export function scanPython(text: string): PythonScan {
  const shebang = SHEBANG.test(text);
  const literals = new Literals(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const code = literals.text; // searched in place: hits inside comments and strings are stepped over
  const imports: ImportRef[] = [];
  const dynamic: DynamicImport[] = [];
  const lines = new LineCounter(code);
  // Only a file with coroutines can call an imported function from one (coroutine-calls.ts).
  // Calls from coroutines, or callbacks handed to a loop (`loop.call_soon(f)`), need an `async` or a `call_`/`add_` word.
  const locals = code.includes('async') || code.includes('.call_') || code.includes('.add_')
    ? new Map<ImportRef, Map<string, string>>() : undefined;
  for (let at = literals.find('import', 0); at >= 0; at = literals.find('import', at + 6)) {
    if (code.startsWith('__import__', at - 2) && !isIdentChar(code.charCodeAt(at - 3))) {
      importCall('__import__', literals, at - 2, imports, dynamic, lines);
    } else if (code.startsWith('import_module', at) && !isIdentChar(code.charCodeAt(at + 13))) {
      importCall('import_module', literals, at, imports, dynamic, lines);
    } else if (!isIdentChar(code.charCodeAt(at - 1)) && !isIdentChar(code.charCodeAt(at + 6))) {
      importKeyword(literals, at, imports, locals);
    }
  }
  for (const word of DYNAMIC_SEARCH) {
    for (let at = literals.find(word, 0); at >= 0; at = literals.find(word, at + word.length)) {
      let start = at;
      while (isIdentChar(code.charCodeAt(start - 1))) start -= 1;
      let end = at + word.length;
      while (isIdentChar(code.charCodeAt(end))) end += 1;
      const name = code.slice(start, end);
      if (!DYNAMIC_CALLS.has(name) || isDefinition(code, start)) continue;
      if ((name === 'exec' || name === 'execfile') && code[start - 1] === '.') continue; // some object's method
      CALL_OPEN.lastIndex = end;
      if (!CALL_OPEN.test(code)) continue;
      const found: DynamicImport = { line: lines.at(start), what: `${name}()` };
      const files = PATH_LOADERS.has(name) ? pathLoaderTargets(literals, CALL_OPEN.lastIndex) : undefined;
      if (files) found.files = files;
      dynamic.push(found);
    }
  }
  for (const [ref, local] of locals ?? []) {
    const called = coroutineOnlyCalls(literals, local);
    if (called.names.length) {
      ref.coroutineCalls = called.names;
      ref.coroutineCallers = called.callers;
      if (called.calledBack) ref.calledBack = called.calledBack;
    }
  }
  const guards: Array<[number, number]> = [];
  for (let at = code.indexOf('__main__'); at >= 0; at = code.indexOf('__main__', at + 8)) {
    const i = literals.indexAt(at);
    if (i < 0 || !literals.isString(i, '__main__')) continue;
    const start = literals.lineStart(at - 1, false); // top level: `if` in column 0
    if (guards.length && start < guards[guards.length - 1][1]) continue;
    MAIN_GUARD.lastIndex = 0;
    const header = literals.statementEnd(start);
    if (MAIN_GUARD.test(literals.masked(start, header))) guards.push([start, topLevelAfter(literals, header)]);
  }
  dynamic.sort((a, b) => a.line - b.line);
  // Code under a main guard never runs when the module is imported, so it is no effect on importers.
  const effects = loopEffects(literals, guards);
  const mainGuard = guards.length > 0;
  const closing = closingScan(literals);
  // `from conn import close_conn as shutdown`: awaiting shutdown() from closing code runs close_conn (probe round 15, B w4).
  for (const local of closing ? locals?.values() ?? [] : []) {
    for (const [alias, name] of local) if (alias !== name) (closing!.aliases ??= []).push([alias, name]);
  }
  const installers = policyInstallers(literals);
  const classes = policyClasses(literals);
  const stores = attributeStores(literals);
  const runsInPlace = (text.includes('run') && (text.includes('.run') || text.includes("'run'") || text.includes('"run"')
    || text.includes(').run'))) && RUN_IN_PLACE.test(text);
  // get_event_loop().set_debug(True) before the tests configures the loop they get as well.
  // Replaces asyncio's get_event_loop for code that calls it (`asyncio.get_event_loop = traced`,
  // `mock.patch("asyncio.get_event_loop")`, `patch.object(asyncio, "get_event_loop")`): get_running_loop() there
  // would bypass the replacement (probe round 12, B p01, p02).
  // new_event_loop and set_event_loop too: a loop per test calls them (tests/__init__.py wrapping new_event_loop to turn
  // debug on: probe round 13, D p10).
  const replacesLoopGetter = text.includes('_event_loop') && (LOOP_FUNCTIONS.some((name) => stores.includes(name))
    || literals.dottedStrings.some((string) => LOOP_FUNCTIONS.some((name) => string.endsWith(`.${name}`)))
    || (/["'](?:get|new|set)_event_loop["']/.test(text) && /\b(?:patch|setattr)\b|__dict__/.test(text))
    // `vars(asyncio).update(get_event_loop=traced)`, `asyncio.__dict__["get_event_loop"] = traced` (probe round 15, A m21, m22).
    || (/\b(?:get|new|set)_event_loop[ \t]*=(?!=)/.test(text) && /\bvars[ \t]*\(|__dict__/.test(text)));
  const logsDebug = text.includes('logging') && /\b(?:DEBUG|NOTSET)\b|\blevel[ \t]*=[ \t]*\d|\bsetLevel[ \t]*\([ \t]*\d/.test(text);
  const runsTests = RUNS_TESTS.test(text);
  const runsTestsWithLoop = runsTests && text.includes('_event_loop');
  // Each pattern on the raw text first, and on the masked text (strings and comments out) only where it matched.
  let masked: string | undefined;
  const maskedText = () => (masked ??= literals.masked(0, text.length));
  const definesLoopMethods = ((text.includes('call_') || text.includes('add_')) && LOOP_METHOD_DEFS.test(text))
    || ((text.includes('__getattr') || text.includes('_calls') || text.includes('call_args') || text.includes('add_done_callback')
      || text.includes('get_loop') || text.includes('_asyncio_future_blocking') || text.includes('._')) && LOOP_DOUBLES.test(text))
    // A class made by type(name, bases, namespace), whose method names may be computed; identifiers Python reads
    // NFKC-normalised (`ｃall_soon` is call_soon): neither shows the names above (probe round 16c, p08, p09).
    || (text.includes('type') && CLASS_BY_TYPE.test(text) && CLASS_BY_TYPE.test(maskedText()))
    || (NON_ASCII.test(text) && NON_ASCII.test(maskedText()));
  const hooksLogging = text.includes('logging') && LOGGING_HOOKS.test(text);
  const reachesMain = reachesMainModule(text);
  const reflects = REFLECTS_HINT.test(text) && REFLECTS.test(text) && REFLECTS.test(maskedText());
  const aliasesExits = (text.includes('GeneratorExit') || text.includes('BaseException')) && EXIT_ALIAS.test(text)
    && EXIT_ALIAS.test(maskedText());
  const remakes = remakesInstances(text) && remakesInstances(maskedText());
  const extendsPath = text.includes('PYTHONPATH') || changesSysPath(literals);
  const heads = classHeads(literals);
  const helpers = text.includes('get_event_loop_policy') ? policyHelpers(literals) : [];
  const attributes = attributeReads(literals);
  const defs = moduleDefs(literals);
  return {
    imports, dynamic, mainGuard, shebang, dottedStrings: literals.dottedStrings,
    ...(Object.keys(effects).length ? { effects } : {}), ...(isLauncher(literals) ? { launcher: true as const } : {}),
    ...(closing ? { closing } : {}), ...(installers.length ? { policyInstallers: installers } : {}),
    ...(stores.length ? { attributeStores: stores } : {}), ...(classes.length ? { policyClasses: classes } : {}), ...(runsInPlace ? { runsInPlace: true as const } : {}),
    ...(replacesLoopGetter ? { replacesLoopGetter: true as const } : {}), ...(logsDebug ? { logsDebug: true as const } : {}), ...(runsTests ? { runsTests: true as const } : {}), ...(runsTestsWithLoop ? { runsTestsWithLoop: true as const } : {}), ...(definesLoopMethods ? { definesLoopMethods: true as const } : {}),
    ...(hooksLogging ? { hooksLogging: true as const } : {}), ...(reachesMain ? { reachesMain: true as const } : {}),
    ...(reflects ? { reflects: true as const } : {}), ...(aliasesExits ? { aliasesExits: true as const } : {}), ...(remakes ? { remakes: true as const } : {}),
    ...(extendsPath ? { extendsPath: true as const } : {}),
    ...(heads.classes.length ? { classes: heads.classes, classBases: heads.bases } : {}),
    ...(helpers.length ? { policyHelpers: helpers } : {}),
    ...(attributes.length ? { attributeReads: attributes } : {}), ...(defs.length ? { moduleDefs: defs } : {}),
  };
}

// `def policy():` at column 0 whose whole body (a docstring aside) is `return asyncio.get_event_loop_policy()`.
const POLICY_HELPER = /^def[ \t]+([A-Za-z_]\w*)[ \t]*\([ \t]*\)[ \t]*(?:->[^:\n]*)?:[ \t]*\r?\n(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*')[ \t]*\r?\n)?[ \t]+return[ \t]+(?:asyncio[ \t]*\.[ \t]*)?get_event_loop_policy[ \t]*\([ \t]*\)[ \t]*(?:#[^\n]*)?(?:\r?\n|(?![^]))(?![ \t]+[^ \t\r\n#])/gm;

/**
 * The file's helpers that only return the event loop policy: another module's `helper().get_event_loop()` is then
 * the policy's get_event_loop() (loop_diagnostics reports it as LS813, docs/SEMANTICS.md P9). Only a diagnostic
 * rests on this, never a rewrite.
 */
function policyHelpers(literals: Literals): string[] {
  const found: string[] = [];
  POLICY_HELPER.lastIndex = 0;
  for (let m = POLICY_HELPER.exec(literals.text); m; m = POLICY_HELPER.exec(literals.text)) {
    if (literals.indexAt(m.index) < 0) found.push(m[1]);
  }
  return found;
}

const CLASS_HEAD = /^class[ \t\f\\\r\n]+([\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*)\s*(?:\(([^()]*)\))?\s*:/u;

/**
 * The top-level classes (a `class` statement in column 0) and, class by class, the dotted names they list as bases: what the
 * project model needs to send a test module the text of the project modules its classes' bases come from
 * (FileFacts.baseModules). A base that is no dotted name (a call, a subscript) is left out: the helper then
 * finds the class's order unknown anyway.
 */
export function classHeads(literals: Literals): { classes: string[]; bases: string[][] } {
  const code = literals.text;
  const classes: string[] = [];
  const bases: string[][] = [];
  for (let at = literals.find('class', 0); at >= 0; at = literals.find('class', at + 5)) {
    if (at > 0 && code[at - 1] !== '\n') continue;
    const head = CLASS_HEAD.exec(literals.masked(at, literals.statementEnd(at)));
    if (!head) continue;
    classes.push(head[1]);
    bases.push((head[2] ?? '').split(',').map((part) => part.replace(/\s+/g, '')).filter(isDottedName));
  }
  return { classes, bases };
}

/** EXTENDS_PATH at a code hit of `sys` or `addsitedir` (indexOf first: most files only read sys.argv). */
function changesSysPath(literals: Literals): boolean {
  const code = literals.text;
  for (const word of ['sys', 'addsitedir']) {
    for (let at = literals.find(word, 0); at >= 0; at = literals.find(word, at + word.length)) {
      if (isIdentChar(code.charCodeAt(at - 1))) continue;
      EXTENDS_PATH.lastIndex = at;
      if (EXTENDS_PATH.test(code)) return true;
    }
  }
  return false;
}

/** Where the block whose header ends at `from` ends: the next line of code in column 0 (or the end). */
function topLevelAfter(literals: Literals, from: number): number {
  const code = literals.text;
  for (let nl = code.indexOf('\n', from); nl >= 0; nl = code.indexOf('\n', nl + 1)) {
    const start = nl + 1;
    const c = code[start];
    if (c === undefined) break;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || literals.indexAt(start) >= 0) continue;
    return start;
  }
  return code.length;
}

const LAUNCH = /^(?:sys\.exit\(|raise[ \t]+SystemExit\()?[A-Za-z_]\w*\([^()]*\)\)?$/;
const SKIPPED = /^(?:import[ \t]|from[ \t]|if[ \t]+__name__[ \t]*==[ \t]*["']__main__["'][ \t]*:$|"[^"]*"$)/; // a masked string alone: a docstring

/**
 * A launcher: a file whose only statements, besides imports, docstrings and a main guard's `if`, are one
 * call of a name with arguments that call nothing (`main()`, `sys.exit(main(["-v"]))`,
 * `raise SystemExit(main(sys.argv[1:]))`). It runs that function as the program, once: a function
 * only launchers import may still be an entry point (docs/SEMANTICS.md P3a).
 */
function isLauncher(literals: Literals): boolean {
  const code = literals.text;
  if (code.length > 4096) return false;
  let calls = 0;
  for (const raw of literals.masked(0, code.length).split('\n')) {
    const line = raw.trim();
    if (!line || SKIPPED.test(line)) continue;
    if (!LAUNCH.test(line) || (calls += 1) > 1) return false;
  }
  return calls === 1;
}

function isDefinition(code: string, start: number): boolean {
  return /\bdef[ \t]+$/.test(code.slice(Math.max(0, start - 12), start));
}

/** Line numbers of hits, counted forwards once however many hits there are. */
class LineCounter {
  private line = 1;
  private counted = 0;
  constructor(private readonly code: string) {}

  at(index: number): number {
    if (index < this.counted) {
      this.line = 1;
      this.counted = 0;
    }
    for (let nl = this.code.indexOf('\n', this.counted); nl >= 0 && nl < index; nl = this.code.indexOf('\n', nl + 1)) this.line += 1;
    this.counted = index;
    return this.line;
  }
}

/** The `import` keyword at `at`: an import statement, the second half of a from-import, or neither. */
function importKeyword(literals: Literals, at: number, out: ImportRef[], locals?: Map<ImportRef, Map<string, string>>): void {
  const before = literals.masked(literals.lineStart(at, true), at);
  if (BEFORE_IMPORT.test(before)) {
    IMPORT_BODY.lastIndex = 6;
    importStatement(IMPORT_BODY.exec(literals.masked(at, literals.statementEnd(at)))![0], out);
    return;
  }
  const from = BEFORE_FROM_IMPORT.exec(before);
  if (!from) return;
  FROM_NAMES.lastIndex = 6;
  const names = FROM_NAMES.exec(literals.masked(at, literals.statementEnd(at)));
  if (names) fromStatement(from[1], names[1], out, locals);
}

function importStatement(body: string, out: ImportRef[]): void {
  for (const part of body.replace(/\\\r?\n/g, ' ').split(',')) {
    const module = part.trim().split(/\s+as\s+/)[0].replace(/\s+/g, '');
    if (isDottedName(module)) out.push({ level: 0, module });
  }
}

function fromStatement(source: string, body: string, out: ImportRef[], locals?: Map<ImportRef, Map<string, string>>): void {
  const spec = source.replace(/[\s\\]+/g, '');
  const level = /^\.*/.exec(spec)![0].length;
  const module = spec.slice(level);
  if (module && !isDottedName(module)) return;
  if (!module && !level) return;
  const names: string[] = [];
  const local = new Map<string, string>();
  for (const part of body.replace(/\\\r?\n/g, ' ').replace(/[()]/g, ' ').split(',')) {
    // Python reads identifiers NFKC-normalised: `from m import _𝐟` takes `_f` (probe round 15, A m02b).
    const [name, alias] = part.trim().split(/\s+as\s+/).map((word) => word.trim().normalize('NFKC'));
    if (name === '*' || IDENT.test(name)) names.push(name);
    if (IDENT.test(name) && (alias === undefined || IDENT.test(alias))) local.set(alias ?? name, name);
  }
  const ref: ImportRef = { level, module, names };
  out.push(ref);
  if (locals && local.size) locals.set(ref, local);
}

/** `import_module(...)` or `__import__(...)` at `at`: a constant import, a dynamic one, or neither. */
function importCall(word: string, literals: Literals, at: number, imports: ImportRef[], dynamic: DynamicImport[], lines: LineCounter): void {
  if (isDefinition(literals.text, at)) return;
  const code = literals.masked(at, literals.statementEnd(at)); // the call, masked
  CALL_OPEN.lastIndex = word.length;
  if (!CALL_OPEN.test(code)) {
    // `from importlib import import_module` is fine; `load = importlib.import_module` hides the calls.
    const before = literals.masked(literals.lineStart(at, true), at);
    if (!/^[ \t\f]*(?:from|import)\b/.test(before)) dynamic.push({ line: lines.at(at), what: `${word} used as a value` });
    return;
  }
  const open = at + CALL_OPEN.lastIndex; // only blanks between the word and `(`: the same in the text
  CONSTANT_ARGS.lastIndex = CALL_OPEN.lastIndex;
  const args = CONSTANT_ARGS.exec(code);
  const ref = args && constantImport(word, args);
  if (ref) { imports.push(ref); return; }
  PREFIX_ARG.lastIndex = CALL_OPEN.lastIndex;
  const prefix = PREFIX_ARG.exec(code)?.[1];
  const found: DynamicImport = prefix ? { line: lines.at(at), what: `${word}()`, prefix } : { line: lines.at(at), what: `${word}()` };
  // __import__('a.b') returns package a, whose attributes are its submodules: not narrowed.
  const reads = word === 'import_module' ? loaderReads(literals, at, open) : undefined;
  if (reads) found.reads = reads;
  dynamic.push(found);
}

/** The import a constant `import_module(...)` / `__import__(...)` call makes, or undefined. */
function constantImport(word: string, args: RegExpExecArray): ImportRef | undefined {
  const [, name, anchorString, anchorName] = args;
  const level = /^\.*/.exec(name)![0].length;
  const module = name.slice(level);
  if (module && !isDottedName(module)) return undefined;
  if (word === '__import__') {
    // Extra arguments (globals, locals, fromlist, level) may pull in submodules: count it as a star import.
    if (level || !module) return undefined;
    const more = args[0].trimEnd().endsWith(',') || anchorString !== undefined || anchorName !== undefined;
    return more ? { level: 0, module, names: ['*'] } : { level: 0, module };
  }
  if (!level) return module ? { level: 0, module } : undefined;
  if (anchorString !== undefined) return isDottedName(anchorString) ? { level, module, anchor: anchorString } : undefined;
  if (anchorName === '__name__') return { level, module, anchor: '__name__' };
  if (anchorName) return { level, module }; // __package__: relative to the file's own package
  return undefined;
}
