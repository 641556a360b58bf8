/**
 * Which code of a module runs when it is imported, and whether that code may call into other code of
 * the project (docs/SEMANTICS.md P3f, "Import time"). From the text alone, on the conservative side.
 *
 * Import time: every statement outside a def's body (module level, class bodies, and def headers: their
 * defaults, annotations and decorators), except a main guard's block. A def's body runs only when the
 * def is called, and a call made at import time is how it could run then; so a module "calls at import"
 * when such code calls anything but the builtins and standard-library helpers listed below (which call
 * no project code), or makes a class with bases beyond the plain ones (a base's __init_subclass__ or
 * metaclass runs then: `subclasses`, which only counts where some project module defines such a hook), or
 * defines a module-level __getattr__ (it runs for an importer's `from m import x` of a name m lacks).
 */
import { firstCode, isIdentChar, nextLine, type Literals } from './python-mask.js';

export interface ImportTimeScan {
  atImport: boolean[];      // for each position asked about: is the code there run when the module is imported?
  callsAtImport: boolean;   // calls something not known to stay out of project code, at import time
  subclasses: boolean;      // defines, at import time, a class with bases beyond the plain ones (until a call is found)
  classHooks: boolean;      // mentions __init_subclass__, a metaclass, __set_name__ or __class_getitem__
}

const HEADER = /^(?:async[ \t]+)?(def|class)\b/;
const KEYWORDS = new Set(['if', 'elif', 'while', 'for', 'in', 'and', 'or', 'not', 'return', 'yield', 'assert', 'del', 'import',
  'from', 'with', 'as', 'except', 'lambda', 'else', 'is', 'await', 'raise', 'global', 'nonlocal', 'print', 'exec', 'case', 'match']);
// Callees that run no project code: builtins and standard-library helpers common at module level. The helper
// reads the same list (python-helpers/loopshift_support/code_before_entry.py HARMLESS_CALLS; a test keeps them equal).
export const HARMLESS: ReadonlySet<string> = new Set([
  'dict', 'set', 'frozenset', 'list', 'tuple', 'object', 'range', 'len', 'str', 'int', 'float', 'bool', 'bytes', 'bytearray',
  'isinstance', 'issubclass', 'getattr', 'hasattr', 'type', 'super', 'property', 'staticmethod', 'classmethod', 'repr',
  'sorted', 'min', 'max', 'any', 'all', 'zip', 'enumerate', 'map', 'filter', 'iter', 'reversed', 'abs', 'round', 'hash',
  'id', 'ord', 'chr', 'divmod', 'pow', 'slice', 'NotImplementedError', 'ValueError', 'TypeError', 'RuntimeError',
  'logging.getLogger', 'getLogger', 'collections.namedtuple', 'namedtuple', 'collections.defaultdict', 'defaultdict',
  'collections.OrderedDict', 'OrderedDict', 'collections.deque', 'deque', 'typing.TypeVar', 'TypeVar', 'typing.NewType',
  'NewType', 'typing.NamedTuple', 'NamedTuple', 'typing.cast', 'cast', 'typing.overload', 'overload', 'TypedDict',
  're.compile', 'os.getenv', 'os.environ.get', 'os.path.join', 'os.path.dirname', 'os.path.abspath', 'os.path.basename',
  'os.path.realpath', 'os.path.expanduser', 'functools.partial', 'partial', 'functools.lru_cache', 'lru_cache',
  'functools.wraps', 'wraps', 'functools.total_ordering', 'total_ordering', 'dataclass', 'dataclasses.dataclass',
  'field', 'dataclasses.field', 'enum.auto', 'auto', 'enum.unique', 'unique', 'abc.abstractmethod', 'abstractmethod',
  'contextlib.contextmanager', 'contextmanager', 'contextlib.asynccontextmanager', 'asynccontextmanager',
  'asyncio.coroutine', 'types.coroutine', 'struct.Struct', 'struct.calcsize', 'threading.Lock', 'threading.RLock',
  'threading.local', 'contextvars.ContextVar', 'ContextVar', 'weakref.WeakValueDictionary', 'weakref.WeakKeyDictionary',
  'weakref.WeakSet', 'WeakValueDictionary', 'WeakKeyDictionary', 'WeakSet', 'datetime.timedelta', 'timedelta',
  'warnings.warn', 'warnings.filterwarnings', 'warnings.simplefilter', 'sys.version_info', 'platform.system',
  'functools.cached_property', 'cached_property', 'typing.final', 'final', 'typing.runtime_checkable', 'runtime_checkable',
  // An example script's header putting its project on the path.
  'sys.path.insert', 'sys.path.append', 'os.path.normpath', 'os.path.exists', 'os.path.isdir', 'os.path.isfile',
  'os.path.split', 'os.path.splitext', 'os.getcwd', 'os.environ.setdefault', 'logging.basicConfig',
  // Counters, clocks and plain containers of the standard library.
  'itertools.count', 'itertools.chain', 'itertools.cycle', 'collections.Counter', 'time.time', 'time.monotonic',
  'threading.Event', 'queue.Queue', 'uuid.uuid4',
]);
// Bases whose class creation runs no project code.
const PLAIN_BASES = /^(?:object|Exception|BaseException|[A-Za-z]*Error|Enum|IntEnum|enum\.Enum|enum\.IntEnum|NamedTuple|typing\.NamedTuple|TypedDict|Protocol|typing\.Protocol|ABC|abc\.ABC|Generic\[.*\]|asyncio\.Protocol|asyncio\.DatagramProtocol|asyncio\.SubprocessProtocol|unittest\.TestCase|TestCase|dict|list|tuple|str|int)$/;
const DECORATOR = /^@[ \t]*([A-Za-z_]\w*(?:[ \t]*\.[ \t]*[A-Za-z_]\w*)*)[ \t]*(?:#.*)?$/;
const MODULE_GETATTR = /^def[ \t]+__getattr__\b/;
const GETATTR_BOUND = /^__getattr__[ \t]*=/;
const CLASS_HOOKS = /__init_subclass__|\bmetaclass\b|__set_name__|__class_getitem__/;

/**
 * One pass over the statements, in order. `skip`: sorted, disjoint [start, end) ranges that never run on
 * import (main guards' blocks); `positions`: sorted code positions to answer `atImport` for. The pass stops
 * once a call at import is found and every position is answered: most modules call something early.
 */
export function importTimeScan(literals: Literals, skip: ReadonlyArray<readonly [number, number]>, positions: readonly number[]): ImportTimeScan {
  const code = literals.text;
  const atImport = positions.map(() => true); // a position the pass never places: unsure, so yes
  let next = 0; // the first position not answered yet
  const answer = (upTo: number, runs: boolean) => {
    for (; next < positions.length && positions[next] < upTo; next += 1) atImport[next] = runs;
  };
  const open: Array<{ indent: number; def: boolean }> = [];
  let defs = 0;
  let callsAtImport = false;
  let subclasses = false;
  for (let start = 0; start < code.length && !(callsAtImport && next >= positions.length);) {
    const lineEnd = nextLine(code, start);
    const first = firstCode(code, start, lineEnd);
    if (first < 0 || literals.indexAt(first) >= 0) { // blank, comment or inside a string: no statement starts here
      start = lineEnd;
      continue;
    }
    const indent = first - start;
    while (open.length && open[open.length - 1].indent >= indent) defs -= open.pop()!.def ? 1 : 0;
    if (defs > 0 || skip.some(([from, to]) => first >= from && first < to)) {
      // A def's body (or a main guard's block): nothing here runs at import, nested blocks included. Lines
      // are taken one by one: a continuation line read as a dedent only makes later code count as import time.
      answer(lineEnd, false);
      start = lineEnd;
      continue;
    }
    const end = Math.min(Math.max(literals.statementEnd(first), first + 1), code.length);
    answer(end, true);
    const header = HEADER.exec(code.slice(first, Math.min(end, first + 12)));
    if (header) {
      const def = header[1] === 'def';
      // A module's own __getattr__ serves `from m import x` and `m.x` for names it lacks: at the importer's
      // import time, which no call in the importer's text shows.
      if (def && open.length === 0 && MODULE_GETATTR.test(code.slice(first, Math.min(end, first + 40)))) callsAtImport = true;
      open.push({ indent, def });
      if (def) defs += 1;
      else subclasses ||= !plainBases(literals.masked(first, end));
    }
    if (!header && open.length === 0 && GETATTR_BOUND.test(code.slice(first, Math.min(end, first + 40)))) callsAtImport = true;
    const decorator = code[first] === '@' ? DECORATOR.exec(literals.masked(first, end).trim()) : null;
    if (decorator && !HARMLESS.has(decorator[1].replace(/[ \t]/g, ''))) callsAtImport = true;
    callsAtImport ||= callsIn(literals, first, end, header !== null);
    start = nextLine(code, end);
  }
  return { atImport, callsAtImport, subclasses, classHooks: CLASS_HOOKS.test(code) };
}

/** Does code[from, to) call anything not known to stay out of project code? `header`: a def or class line. */
function callsIn(literals: Literals, from: number, to: number, header: boolean): boolean {
  const code = literals.text;
  for (let paren = code.indexOf('(', from); paren >= 0 && paren < to; paren = code.indexOf('(', paren + 1)) {
    if (literals.indexAt(paren) >= 0) continue;
    let end = paren;
    while (end > from && (code[end - 1] === ' ' || code[end - 1] === '\t')) end -= 1;
    let start = end;
    while (start > from && (isIdentChar(code.charCodeAt(start - 1)) || code[start - 1] === '.')) start -= 1;
    if (start === end) {
      if (code[end - 1] === ')' || code[end - 1] === ']') return true; // f()(), x[0]()
      continue; // a parenthesised expression or tuple
    }
    const callee = code.slice(start, end);
    if (KEYWORDS.has(callee) || /^\d/.test(callee)) continue;
    if (header && /\b(?:def|class)[ \t]+$/.test(code.slice(Math.max(from, start - 12), start))) continue; // its own name
    if (!HARMLESS.has(callee)) return true;
    if (HIGHER_ORDER.has(callee) && callsArgument(literals, callee, paren, to)) return true;
  }
  return false;
}

// Harmless callees that call a function they are given: map(f, xs) and filter(f, xs) when consumed (`dict(map(
// _slot, names))`), sorted/min/max with key=, defaultdict's factory on a missing key, iter(f, sentinel) (probe
// round 10: a module-level `dict(map(_slot, ...))` whose _slot took get_event_loop() at import).
const HIGHER_ORDER: ReadonlyMap<string, 'first' | 'key'> = new Map([
  ['map', 'first'], ['filter', 'first'], ['iter', 'first'], ['defaultdict', 'first'], ['collections.defaultdict', 'first'],
  ['sorted', 'key'], ['min', 'key'], ['max', 'key'],
] as const);
// Callables given to them that call no project code.
const SAFE_CALLABLES = new Set(['int', 'str', 'float', 'bool', 'bytes', 'list', 'dict', 'set', 'frozenset', 'tuple', 'len',
  'abs', 'ord', 'chr', 'repr', 'hash', 'id', 'type', 'None', 'str.lower', 'str.upper', 'str.strip', 'str.casefold']);

/** Does the call opening at `paren` hand a function (a name, not a lambda, whose body the scan reads itself) to the
 * place where HIGHER_ORDER's callee calls it? */
function callsArgument(literals: Literals, callee: string, paren: number, to: number): boolean {
  const inside = literals.masked(paren + 1, to);
  const args: string[] = [];
  let depth = 0;
  let from = 0;
  let i = 0;
  for (; i < inside.length && depth >= 0; i += 1) {
    const c = inside[i];
    if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
    else if (c === ',' && depth === 0) { args.push(inside.slice(from, i)); from = i + 1; }
  }
  args.push(inside.slice(from, depth < 0 ? i - 1 : i));
  const where = HIGHER_ORDER.get(callee);
  const given = where === 'first'
    ? (args[0] !== undefined && !/^\s*\w+\s*=/.test(args[0]) ? args[0] : undefined)
    : args.map((arg) => /^\s*key\s*=(?!=)([\s\S]*)$/.exec(arg)?.[1]).find((arg) => arg !== undefined);
  const name = given?.replace(/\s+/g, '');
  if (!name || name.startsWith('lambda') || /^(?:None|\d.*)$/.test(name)) return false;
  return !SAFE_CALLABLES.has(name);
}


/** `class C(A, B):` (masked): are all bases plain (no keywords, nothing whose creation hooks may run)? */
function plainBases(header: string): boolean {
  const open = header.indexOf('(');
  if (open < 0) return true; // `class C:`
  const close = header.lastIndexOf(')');
  const inside = header.slice(open + 1, close < 0 ? undefined : close).trim();
  if (!inside) return true;
  return inside.split(',').map((part) => part.trim()).filter(Boolean).every((base) => PLAIN_BASES.test(base));
}
