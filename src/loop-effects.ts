/**
 * What a module may do to the thread's current event loop when another module imports it or calls
 * into it: read it outside a coroutine (get_event_loop(), set_event_loop(), ensure_future(): at import
 * time, after the entry point's run, in an atexit hook), make asyncio primitives that bind a loop when
 * made (before 3.10), or use context variables. An entry-point rewrite in a file that imports such a
 * project module changes which loop that code sees (docs/SEMANTICS.md "Other modules of the
 * project"), so the project model hands these flags to the importers (src/project-model.ts).
 *
 * Found from the text alone, on the conservative side: a use counts as inside a coroutine only when
 * the nearest enclosing definition, by indentation, is an `async def` (and no lambda precedes it on
 * its line); anything else (a sync def, a class body, module level, a line the walk cannot place)
 * counts as outside.
 */
import { catchesClosing } from './closing-awaits.js';
import { importTimeScan } from './import-time.js';
import { isFollowedBy, skipBlanksBack, Vocabulary, WordStarts, type Literals } from './python-mask.js';

export interface LoopEffects {
  loop?: true;        // reads or sets the current loop outside a coroutine (futures and tasks made there too)
  primitives?: true;  // makes asyncio primitives (bound to a loop when made, before 3.10) outside a coroutine
  contextVars?: true; // uses context variables (or decimal contexts)
  pending?: true;     // may leave work pending when a run ends: tasks, callbacks, executor jobs, servers, async generators
  interrupts?: true;  // handles cancellation or Ctrl-C, or interrupts itself (asyncio.run() and Runner turn Ctrl-C into cancelling the main task, 3.11+)
  threads?: true;     // starts threads (THREAD_WORDS): one may hold a run's loop past its end, which the old code left open
  newLoops?: true;    // makes event loops or reads the policy (new_event_loop, asyncio.run, Runner, get_event_loop_policy): the installed policy picks their class
  signals?: true;     // interrupts its own process (SELF_SIGNALS): an interrupted run leaves its main task pending, which an added close() destroys
  drives?: true;      // runs coroutines without asyncio (coro.send(None), next(coro.__await__()), trio, curio, anyio): no loop runs them
  exitHooks?: true;   // has code that may run at interpreter exit: atexit, a finalizer, a logging handler (python-helpers exit_hooks.py)
  dunders?: true;     // defines special methods that print(), str(), len() or an operator may call (python-helpers after_run.py)
  loopKept?: true;    // may hand on the loop it runs in (LOOP_KEPT): its repr tells whether asyncio.run() closed it (after_run.py)
  keepsState?: true;  // keeps objects across calls (`global`, class attributes, caches, module-level instances and containers): one made under a run's loop stays bound to it
  taskNames?: true;   // reads task names or the task registry (current_task, all_tasks, get_name, taskName)
  executor?: true;       // runs jobs in a loop's default executor (run_in_executor, to_thread)
  threadIdentity?: true; // tells threads apart (threading.local, current_thread, get_ident, a log format's threadName)
  // What runs at import (src/import-time.ts): only then can code of this module act before an entry point's loop exists.
  loopAtImport?: true;       // `loop`, at import time
  primitivesAtImport?: true; // `primitives`, at import time
  callsAtImport?: true;      // calls at import time something that may be project code (which may do the above)
  subclasses?: true;         // makes classes at import time with bases whose creation hooks may run
  classHooks?: true;         // defines such a hook (__init_subclass__, a metaclass, ...)
}

const LOOP_WORDS = ['get_event_loop', 'set_event_loop', 'ensure_future'];
// Exit hooks other than atexit's (python-helpers exit_hooks._OTHER_EXIT_HOOKS; probe round 13, E W7, W8).
const OTHER_EXIT_HOOKS = /\bexcepthook\b|\bFinalize[ \t]*\(|\b_register_atexit\b/;
const EXECUTOR_WORDS = /\b(?:run_in_executor|to_thread)\b/;
const THREAD_IDENTITY = /\b(?:local|current_thread|currentThread|get_ident|get_native_id|main_thread|threadName|active_count|activeCount)\b|\bthreading[ \t]*\.[ \t]*enumerate\b|%\(thread\)/;
const TASK_IDENTITY = /\b(?:current_task|all_tasks|get_name|taskName)\b/;
// State a module keeps across calls (keepsState): a store on a class, a cached function, a module-level instance,
// a module-level container filled from a function.
const CLASS_STORE = /^[ \t]+(?:cls|type\(self\)|self\.__class__|[A-Z]\w*)\.\w+[ \t]*(?:\[[^\]\n]*\][ \t]*)?=(?!=)/m;
const CACHED = /^[ \t]*@[ \t]*(?:functools[ \t]*\.[ \t]*)?(?:lru_cache|cache)\b/m;
// Any call's value at module level (`CLIENT = Client()`, `default_session = create_session()`: probe round 13, D p24)
// but for makers of values that hold nothing bound to a loop (python-helpers test_state._SAFE_MAKERS).
const INSTANCE = /^[A-Za-z_]\w*[ \t]*(?::[^=\n]*)?=[ \t]*(?:[A-Za-z_]\w*[ \t]*\.[ \t]*)*(?!(?:getLogger|Path|PurePath|dirname|abspath|realpath|basename|join|compile|getenv|TypeVar|NewType|ParamSpec|namedtuple|NamedTuple|frozenset|object|int|str|float|bool|tuple|bytes)\b)[A-Za-z_]\w*\(/m;
// An empty container or a defaultdict at module level: a registry filled later (`_locks = defaultdict(asyncio.Lock)`).
const EMPTY_CONTAINER = /^[A-Za-z_]\w*[ \t]*(?::[^=\n]*)?=[ \t]*(?:\{\s*\}|\[\s*\]|(?:collections\.)?(?:defaultdict|OrderedDict|deque|WeakValueDictionary|WeakKeyDictionary|WeakSet)\(|(?:dict|list|set)\(\s*\))/m;
const CONTAINER = /^([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[ \t]*(?:\{|\[|(?:collections\.|weakref\.)?(?:dict|list|set|defaultdict|OrderedDict|deque|WeakValueDictionary|WeakKeyDictionary|WeakSet)\()/gm;

function keepsStateAcrossCalls(code: string): boolean {
  if (CLASS_STORE.test(code) || CACHED.test(code) || INSTANCE.test(code) || EMPTY_CONTAINER.test(code)) return true;
  for (const match of code.matchAll(CONTAINER)) {
    const name = match[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`^[ \\t]+${name}[ \\t]*(?:\\[[^\\n]*\\][ \\t]*=(?!=)|\\.[ \\t]*(?:append|appendleft|add|extend|insert|setdefault|update|put|put_nowait|register|__setitem__)[ \\t]*\\()`, 'm').test(code)) return true;
  }
  return false;
}
// Called outside a coroutine, these bind the current loop on every version (python-helpers asyncio_api.py
// IMPLICIT_LOOP_FUNCTIONS, LOOP_BOUND_CLASSES, streams): `FUT = asyncio.Future()` at import is bound to
// the loop get_event_loop() gives then, and asyncio.run() would run another.
const LOOP_CALLS = ['gather', 'shield', 'wrap_future', 'as_completed', 'Future', 'Task', 'StreamReader', 'StreamReaderProtocol'];
// Work that may still be pending when a run ends, wherever it is started (python-helpers asyncio_api.py
// BACKGROUND_WORK): asyncio.run() and asyncio.Runner cancel it at the end, run_until_complete() left it.
const BACKGROUND = ['create_task', 'ensure_future', 'run_in_executor', 'to_thread', 'call_soon', 'call_soon_threadsafe',
  'call_later', 'call_at', 'add_signal_handler', 'add_reader', 'add_writer', 'run_coroutine_threadsafe', 'as_completed',
  'start_server', 'start_unix_server', 'create_server', 'create_unix_server', 'create_datagram_endpoint', 'Task',
  'add_done_callback', 'shield', 'create_connection', 'create_unix_connection', 'connect_read_pipe', 'connect_write_pipe',
  'subprocess_exec', 'subprocess_shell', 'connect_accepted_socket', 'set_task_factory', 'set_default_executor'];
// The loop methods among them, spelled as attribute calls (`loop.call_later(`).
const LOOP_WORK = BACKGROUND.filter((word) => !['ensure_future', 'to_thread', 'run_coroutine_threadsafe', 'as_completed',
  'start_server', 'start_unix_server', 'Task', 'add_done_callback', 'shield'].includes(word));
// Spaced as the programmer likes (`go().send( None)`, `go().__await__ ()`: probe round 15, A m13, m30).
// `send(None,)`, `send((None))` too (probe round 16, B p05).
const SEND_NONE = /\.[ \t]*send[ \t]*\([\s(]*None[\s)]*,?[ \t]*\)/g;
// `type(c).__await__(c)` too (probe round 16, B p06).
const AWAIT_ITERATOR = /\.[ \t]*__await__[ \t]*\(/g;
const THROW_CALL = /(?<!\bself[ \t]*)\.[ \t]*throw[ \t]*\(/g;
const AWAIT_WORD = /\bawait\b/;
const ASYNC_STEP = /\.[ \t]*(?:__anext__|asend|athrow)[ \t]*\(/g;
// A step method taken as a value, to be called elsewhere (`step = feed().__anext__`: probe round 16, B p23).
const STEP_TAKEN = /\.[ \t]*(?:__anext__|asend|athrow|__await__)\b(?![ \t]*\()/g;
// A trampoline steps with `coro.send(value)`, or runs a generator-based coroutine that delegates to one with next(),
// and ends on StopIteration: with that caught in the file, `name.send(...)` (and `next(name)` beside a generator
// coroutine) counts. The object is a plain name, as a trampoline's parameter is, or one attribute of one (a
// trampoline class's `self._coro`), unless the file primes that attribute with next(): a coroutine is no iterator,
// so it holds a generator (`next(self._gen)` ... `self._gen.send(when)`, CPython's test loop). The bound method
// taken as a value steps it too (`send = coro.send`, `partial(coro.send, None)`; `x.__next__` beside a generator
// coroutine only: a native coroutine has none; `self.send` is the object's own). asyncio_api.py has the same patterns.
// Both found from each `.send(` (or `.send`, `.throw`, `.__next__` not called) by indexOf, the receiver read
// backwards (receiversOf): a pattern that starts with the receiver is tried at every identifier of the file.
const RECEIVER_BEFORE = /(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)[ \t]*$/;
const NOT_CALLED = /(?!\w)(?![ \t]*\()/y;
const PRIMED = /(?<![\w.])next\([ \t]*([A-Za-z_]\w*\.[A-Za-z_]\w*)[ \t]*\)/g;
const NEXT_CALL = /(?<![\w.])next\([ \t]*[A-Za-z_]\w*[ \t]*\)|(?<![\w.])[A-Za-z_]\w*\.__next__\(\)/g;
const GENERATOR_COROUTINE = /@[ \t]*(?:types\.|asyncio\.)?coroutine\b/g;
// asyncio_api.py FOREIGN_RUNNERS: libraries that run coroutines with no asyncio loop (after `import` or `from`).
const FOREIGN_RUNNERS = new Set(['trio', 'trio_asyncio', 'curio', 'anyio']);
// These bind lazily from 3.10, when first used in a coroutine; before, when made (asyncio_api.py PRIMITIVES).
const PRIMITIVES = ['Event', 'Lock', 'Condition', 'Semaphore', 'BoundedSemaphore', 'Queue', 'PriorityQueue', 'LifoQueue', 'Barrier'];
const CONTEXT_WORDS = ['contextvars', 'ContextVar', 'copy_context', 'decimal'];
// Code that may run at interpreter exit, after a rewrite closed a loop the old code left open (python-helpers
// exit_hooks.py): an atexit hook, a finalizer, a class whose bases name a logging handler (logging's own atexit
// hook flushes and closes every Handler), and, in a file that uses logging, a flush() a StreamHandler may call.
const HANDLER_CLASS = /\bclass[ \t]+\w+[ \t]*\([^)]*Handler\b/g;
const FLUSH_METHOD = /\bdef[ \t]+flush[ \t]*\(/g;
// Special methods (defined in a class: indented) that printing, formatting, measuring or comparing a value may run
// (python-helpers after_run.py SPECIAL_METHODS, the same list): an object of such a class that leaves an
// asyncio.run() may reach its closed loop.
const SPECIAL_METHODS = ['str', 'repr', 'format', 'len', 'length_hint', 'iter', 'next', 'bool', 'int', 'index', 'float', 'complex',
  'hash', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'getitem', 'getattr', 'getattribute', 'add', 'radd', 'sub', 'rsub', 'mul',
  'rmul', 'truediv', 'floordiv', 'mod', 'rmod', 'del',
  // Every other operator (probe round 8, W02: `stats | 4` ran a __or__).
  'rtruediv', 'rfloordiv', 'divmod', 'rdivmod', 'pow', 'rpow', 'matmul', 'rmatmul', 'lshift', 'rlshift', 'rshift', 'rrshift', 'and',
  'rand', 'or', 'ror', 'xor', 'rxor', 'neg', 'pos', 'abs', 'invert', 'round', 'trunc', 'floor', 'ceil', 'bytes'].map((name) => `__${name}__`);
// What makes a loop through the installed policy, or reads or replaces the policy: removing a policy for
// loop_factory changes what these get (python-helpers loop_factory.py, LS703; probe round 8, W06).
const POLICY_USERS = ['new_event_loop', 'get_event_loop_policy', 'set_event_loop_policy'];
// Threads (a Thread subclass too, by the word; python-helpers pending_work.py _STARTS_THREAD; probe round 8, W03).
const THREAD_WORDS = ['Thread', 'start_new_thread', 'ThreadPoolExecutor'];
const IMPORT_ASYNCIO_AS = /\bimport[ \t]+asyncio[ \t]+as[ \t]+([A-Za-z_]\w*)/g;
// Code that interrupts its own process: a SIGINT (or a timer signal whose handler may raise) ends an asyncio.run()
// by cancelling the main task first (python-helpers loop_lifecycle.py _SELF_SIGNAL; probe round 8, W09).
const SELF_SIGNALS = ['interrupt_main', 'raise_signal', 'pthread_kill'];
const SIGNAL_CALLS = ['setitimer', 'alarm'];
// Every word looked up below, found in one pass per file (python-mask.ts WordStarts).
const VOCABULARY = new Vocabulary([...LOOP_WORDS, ...LOOP_CALLS, ...BACKGROUND, ...PRIMITIVES, ...CONTEXT_WORDS, ...FOREIGN_RUNNERS,
  ...SPECIAL_METHODS, ...POLICY_USERS, ...THREAD_WORDS, 'Timer', 'Runner', ...SELF_SIGNALS, ...SIGNAL_CALLS, 'kill', 'killpg', 'wait', 'yield', 'stop', 'getsignal', 'signal', 'global', 'CancelledError', 'KeyboardInterrupt', 'BaseException', 'except', 'logging', 'StopIteration',
  'atexit', 'finalize', 'async']);
const HEADER = /^[ \t]*(async[ \t]+def|def|class)\b/;
const FOR_AFTER = /[ \t]+for\b/y;

/** Some `async for` that is not a statement: code precedes it on its line (`(x async for x in feed())`). */
function asyncForInExpression(code: string, asyncs: readonly number[]): boolean {
  return asyncs.some((at) => {
    FOR_AFTER.lastIndex = at + 5;
    if (!FOR_AFTER.test(code)) return false;
    const lineStart = code.lastIndexOf('\n', at - 1) + 1;
    return code.slice(lineStart, at).trim() !== '';
  });
}

/** `skip`: sorted, disjoint [start, end) ranges whose code never runs on import (main guards' blocks). */
export function loopEffects(literals: Literals, skip: ReadonlyArray<readonly [number, number]> = []): LoopEffects {
  const effects: LoopEffects = {};
  const code = literals.text;
  const asyncio = code.includes('asyncio');
  const otherModule = asyncio && ASYNCIO_FUTURES.test(code) ? NOT_FUTURES : OTHER_MODULE; // both of its forms spell asyncio
  const words = new WordStarts(literals, VOCABULARY);
  const outsideSkip = (at: number) => !skip.some(([start, end]) => at >= start && at < end);
  const hits = (word: string) => words.of(word).filter(outsideSkip);
  // Calls of `word` (not a definition of it, nor a same-named class of another module), wherever they are.
  const called = (word: string) => hits(word).filter((at) => isCall(code, at + word.length) && !isDefinition(code, at)
    && !otherModule.test(code.slice(Math.max(0, at - 20), at)));
  const calledOutside = (word: string) => called(word).some((at) => !inCoroutine(literals, at));
  // By meaning, not spelling: `from asyncio import Queue as AsyncQueue` makes `AsyncQueue()` a primitive (P10).
  const aliases = asyncio ? asyncioAliases(literals) : [];
  const withAliases = (words: readonly string[]) => [...words, ...aliases.filter(([name]) => words.includes(name)).map(([, alias]) => alias)];
  const loopCalls = withAliases(LOOP_CALLS);
  const primitives = withAliases(PRIMITIVES);
  // A def of a same-named method (`def get_event_loop(self):`) uses no loop, nor does importing the name.
  // An alias keeps the import counted: its uses do not spell the word.
  const uses = (word: string) => hits(word).filter((at) => !isDefinition(code, at)
    && !(isImportedName(code, at) && !/^[ \t]+as\b/.test(code.slice(at + word.length, at + word.length + 8))));
  if (LOOP_WORDS.some((word) => uses(word).some((at) => !inCoroutine(literals, at)))
    || (asyncio && loopCalls.some(calledOutside))) effects.loop = true;
  if (asyncio && primitives.some(calledOutside)) effects.primitives = true;
  // What runs at import (src/import-time.ts): the uses above that do, and calls that may run project code.
  const loopUses = effects.loop ? [...LOOP_WORDS.flatMap(uses), ...(asyncio ? loopCalls.flatMap(called) : [])] : [];
  const primitiveUses = effects.primitives ? primitives.flatMap(called) : [];
  const positions = [...loopUses, ...primitiveUses].sort((a, b) => a - b);
  const time = importTimeScan(literals, skip, positions);
  const atImport = (at: number) => time.atImport[positions.indexOf(at)];
  if (loopUses.some(atImport)) effects.loopAtImport = true;
  if (primitiveUses.some(atImport)) effects.primitivesAtImport = true;
  if (time.callsAtImport) effects.callsAtImport = true;
  if (time.subclasses) effects.subclasses = true;
  if (time.classHooks) effects.classHooks = true;
  // A loop's own methods count without an asyncio import: a module handed the loop calls them all the same
  // (`def start(loop): ... loop.call_soon_threadsafe(...)` from a thread that outlives the run).
  const startsWork = (word: string) => hits(word).some((at) => isCall(code, at + word.length) && !isDefinition(code, at));
  const loopWork = LOOP_WORK.some((word) => hits(word).some((at) => code.charCodeAt(at - 1) === 46 && isCall(code, at + word.length))); // `.word(`
  // `yield` in an async def: an async generator, finalised by asyncio.run()/Runner, whether the module says asyncio
  // or not (feed.py's suspended generator: probe round 14, H p45). So is a generator expression with `async for`
  // (python-helpers pending_work left_pending; round 13, D p20): `async for` after other code on its line, which an
  // async comprehension matches too, on the safe side.
  if (loopWork || hits('yield').some((at) => inCoroutine(literals, at)) || asyncForInExpression(code, hits('async')) || (asyncio && (BACKGROUND.some(startsWork)
    || hits('wait').some((at) => code.endsWith('asyncio.', at) && isCall(code, at + 4))))) effects.pending = true;
  // A child process started and never waited for (pending_work._SUBPROCESS; probe round 10, W8).
  if (/\bcreate_subprocess_(?:exec|shell)\b/.test(code) && !codeMatches(literals, REAPED).length) effects.pending = true;
  // A loop's stop() ends a run_until_complete() with its main task pending (python-helpers pending_work.stops_a_loop;
  // probe round 10, m7, m10): in a coroutine, or on a receiver named like a loop (`def abort(loop): loop.stop()`).
  if (hits('stop').some((at) => code.charCodeAt(at - 1) === 46
    && (inCoroutine(literals, at) || /(?:loop|Loop|LOOP)\w*(?:\(\))?[ \t]*\.$/.test(code.slice(Math.max(0, at - 40), at))))) effects.pending = true;
  // Only a coroutine sees a cancellation, so a catch-all counts there; Ctrl-C and CancelledError anywhere.
  if (SELF_SIGNALS.some((word) => hits(word).length)
    || SIGNAL_CALLS.some((word) => hits(word).some((at) => isCall(code, at + word.length) || code.endsWith('signal.', at)))
    // Any kill(pid, sig) call (`from os import kill`, `import os as _os`: probe round 12, W3), not a child's
    // argument-less Popen.kill(); or the kill command run.
    || ['kill', 'killpg'].some((word) => hits(word).some((at) => /^[ \t]*\([ \t]*[^\s)]/.test(code.slice(at + word.length, at + word.length + 40))))
    || /["'](?:\/usr)?(?:\/bin\/)?kill["']|\bkill[ \t]+-/.test(literals.text)) {
    effects.signals = true;
  }
  if (POLICY_USERS.some((word) => hits(word).length) || (asyncio && (hits('Runner').length || runsAsyncio(literals, words)))) {
    effects.newLoops = true;
  }
  if (THREAD_WORDS.some((word) => hits(word).length) || hits('Timer').some((at) => isCall(code, at + 5))) effects.threads = true;
  // getsignal(SIGINT) sees asyncio.run()'s own handler during a run on 3.11+ (pending_work.run_ends_differently; m1).
  // So does the old handler that `old = signal.signal(SIGINT, h)` returns (pending_work._READS_SIGINT_HANDLER).
  const keepsOldHandler = hits('signal').some((at) => isCall(code, at + 6)
    && /=[ \t]*(?:signal[ \t]*\.[ \t]*)?$/.test(code.slice(Math.max(0, at - 30), at)));
  if (effects.signals || hits('CancelledError').length || hits('KeyboardInterrupt').length || hits('getsignal').length || keepsOldHandler
    || [...hits('BaseException'), ...words.of('except').filter((at) => isFollowedBy(code, at + 6, 58))].some((at) => inCoroutine(literals, at))) effects.interrupts = true;
  const foreign = ['trio', 'curio', 'anyio'].some((word) => words.of(word).some((at) => FOREIGN_RUNNERS.has(asciiWordAt(code, at))
    && (afterKeyword(code, at, 'import') >= 0 || afterKeyword(code, at, 'from') >= 0)));
  if (foreign || stepsCoroutines(literals, words)) {
    effects.drives = true;
  }
  if (CONTEXT_WORDS.some((word) => hits(word).length > 0)) effects.contextVars = true;
  // `global _session` in a coroutine: the object it keeps for later calls is bound to that run's loop, and a loop
  // per test would find it bound to the first test's (python-helpers project_effects.imported_hazard; probe round 11).
  // So does any other state kept across calls in a module that touches a loop (probe round 12: a singleton caching
  // itself on its class, an lru_cache'd session, a module registry filled by a coroutine, a module-level client).
  // Wherever the module touches a loop or not: the objects it keeps may be made by a caller's coroutine (probe round
  // 13, D p05, p06: a memo dict and an lru_cache'd client in modules that never say asyncio).
  if (hits('global').length > 0 || keepsStateAcrossCalls(code)) {
    effects.keepsState = true;
  }
  // Task names and the task registry: a gather() or shield() wrapped in an `async def` for asyncio.run() adds a task,
  // which shifts every later task's default name and what all_tasks() counts (python-helpers run_rewrite.py, P7).
  if (TASK_IDENTITY.test(code)) effects.taskNames = true;
  // The default executor's threads, and code telling threads apart: a loop per test starts new executor threads
  // (python-helpers unittest_loop _EXECUTOR, _THREAD_IDENTITY; probe round 13, D p15).
  if (EXECUTOR_WORDS.test(code)) effects.executor = true;
  if (THREAD_IDENTITY.test(code)) effects.threadIdentity = true;
  if (hits('atexit').some((at) => asciiWordAt(code, at) === 'atexit') || hits('finalize').some((at) => isFollowedBy(code, at + 8, 40))
    || words.of('__del__').some((at) => {
      const def = afterKeyword(code, at, 'def'); // `def __del__(`, counted where the def is
      return (def >= 0 && isFollowedBy(code, at + 7, 40) && outsideSkip(def))
        || (asciiWordAt(code, at) === '__del__' && assigns(code, at + 7) && outsideSkip(at)); // `__del__ = _release` (probe round 9, b18)
    })
    || (code.includes('Handler') && codeMatches(literals, HANDLER_CLASS).some(outsideSkip))
    || (hits('logging').length > 0 && code.includes('flush') && codeMatches(literals, FLUSH_METHOD).some(outsideSkip))
    || generatorCleanup(literals, words) || OTHER_EXIT_HOOKS.test(code)) effects.exitHooks = true;
  // `def __str__(`, indented: a method; or bound otherwise, `__str__ = describe` in a class body, `type("R", (),
  // {"__repr__": show})` (probe round 8, W12).
  if (SPECIAL_METHODS.some((name) => words.of(name).some((at) => (isFollowedBy(code, at + name.length, 40) && indentedDef(code, at))
    || (assigns(code, at + name.length) && indentedName(code, at))))
    || quotesSpecialMethod(code)) {
    effects.dunders = true;
  }
  // `set_event_loop(get_running_loop())` in a coroutine hands the running loop to whoever reads the current one
  // (probe round 14, H p38).
  if (code.includes('loop') && (codeMatches(literals, LOOP_KEPT).some(outsideSkip) || SET_RUNNING.test(code)
    || (codeMatches(literals, GLOBAL).some(outsideSkip) && codeMatches(literals, LOOP_STORED).some(outsideSkip)))) {
    effects.loopKept = true;
  }
  return effects;
}

// A loop handed on, not only used: returned or yielded, or added to a container, as a getter's value or a name or
// attribute called loop/_loop not followed by `.` (python-helpers after_run.py loop_kept does this on the tree for
// the file itself). With a `global` statement, any assignment of one counts. A loop passed to a function that keeps
// it is not seen (docs/SEMANTICS.md P3a condition 4, residue).
const LOOP_VALUE = String.raw`(?:\b(?:get_running_loop|get_event_loop|_get_running_loop|get_loop)[ \t]*\([ \t]*\)|(?<!\w)_?loop\b)(?![ \t]*[.(\w])`;
const LOOP_KEPT = new RegExp(String.raw`\b(?:return|yield)\b[^\n;#]*?` + LOOP_VALUE
  + String.raw`|\.(?:append|appendleft|add|insert|extend|update|setdefault|put|put_nowait)[ \t]*\([^\n#]*?` + LOOP_VALUE, 'g');
const GLOBAL = /\bglobal[ \t]+\w/g;
const SET_RUNNING = /\bset_event_loop[ \t]*\([ \t]*(?:\w+[ \t]*\.[ \t]*)?(?:get_running_loop|get_event_loop)[ \t]*\(/;
const LOOP_STORED = new RegExp(String.raw`(?<![=!<>])=(?!=)[^\n;#]*?` + LOOP_VALUE, 'g');

const FROM_ASYNCIO = /\bfrom[ \t]+asyncio(?:\.[\w.]+)?[ \t]+import\b/g;
const FROM_ASYNCIO_HEAD = /^from[ \t]+asyncio(?:\.[\w.]+)?[ \t]+import\b/;
const AS_PAIR = /\b([A-Za-z_]\w*)[ \t]+as[ \t]+([A-Za-z_]\w*)/g;

/** [name, alias] of each `from asyncio[.sub] import name as alias`. */
function asyncioAliases(literals: Literals): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const at of codeMatches(literals, FROM_ASYNCIO)) {
    for (const match of literals.masked(at, literals.statementEnd(at)).matchAll(AS_PAIR)) found.push([match[1], match[2]]);
  }
  return found;
}

/** Where `pattern` (global) matches in code, not in a comment or string. */
// `.wait(` or `.communicate(` in code (not a comment or string): a subprocess may be waited for.
const REAPED = /\.\s*(?:wait|communicate)\s*\(/g;

function codeMatches(literals: Literals, pattern: RegExp): number[] {
  const found: number[] = [];
  for (const match of literals.text.matchAll(pattern)) {
    if (literals.indexAt(match.index!) < 0) found.push(match.index!);
  }
  return found;
}

/** The matches of `pattern` that start in code (not in a comment or string). */
function codeMatchesOf(literals: Literals, pattern: RegExp): RegExpMatchArray[] {
  return [...literals.text.matchAll(pattern)].filter((match) => literals.indexAt(match.index!) < 0);
}

// Same-named classes of modules that are not asyncio (any other qualifier may be an alias of asyncio).
const OTHER_MODULE = /\b(?:threading|multiprocessing|queue|futures)\.$/;
const NOT_FUTURES = /\b(?:threading|multiprocessing|queue)\.$/;
// `from asyncio import futures` (or `asyncio.futures`): there `futures.Future()` is asyncio's (probe round 6, W1e).
const ASYNCIO_FUTURES = /\bfrom[ \t]+asyncio[ \t]+import\b[^\n]*\bfutures\b|\basyncio\.futures\b/;

/** `class Future(` or `def gather(`: a definition, not a call. */
function isDefinition(code: string, at: number): boolean {
  return /\b(?:class|def)[ \t]+$/.test(code.slice(Math.max(0, at - 12), at));
}

// The names an import statement lists before the one at the end: `from asyncio import (sleep,\n    get_event_loop`.
const IMPORTED_NAME = /\bimport[ \t(\\\r\n]+(?:[\w.]+(?:[ \t]+as[ \t]+\w+)?[ \t]*,[ \t(\\\r\n]*)*$/;

/** `from asyncio import get_event_loop`: the name imported, not used. */
function isImportedName(code: string, at: number): boolean {
  return IMPORTED_NAME.test(code.slice(Math.max(0, at - 400), at));
}

/** `asyncio.run(` under any name: `asyncio.run`, `aio.run` after `import asyncio as aio`, or `run` imported from asyncio. */
function runsAsyncio(literals: Literals, words: WordStarts): boolean {
  const code = literals.text;
  const modules = ['asyncio', ...[...code.matchAll(IMPORT_ASYNCIO_AS)].map((match) => match[1])];
  const runs = words.of('run').filter((at) => isCall(code, at + 3));
  if (runs.some((at) => modules.some((name) => code.endsWith(`${name}.`, at)))) return true;
  return runs.length > 0 && codeMatches(literals, FROM_ASYNCIO)
    .some((at) => /\brun\b/.test(literals.masked(at, literals.statementEnd(at)).replace(FROM_ASYNCIO_HEAD, '')));
}

/**
 * A sync generator function, not decorated, with a `finally` or a `with` in its own body: one left suspended is
 * finalised when collected, at exit if the program kept it, and its cleanup may see a loop a rewrite closed
 * (python-helpers exit_hooks.py _finalised_generator; probe round 8, W04).
 */
function generatorCleanup(literals: Literals, words: WordStarts): boolean {
  const code = literals.text;
  const exactly = (word: string) => words.of(word).filter((at) => asciiWordAt(code, at) === word);
  const generators = new Set(exactly('yield').map((at) => syncDefStart(literals, at)).filter((start) => start >= 0
    && !decorated(code, start)));
  if (!generators.size) return false;
  // Searched for only here (common words: the shared pass would find them in every file). A handler that may
  // catch GeneratorExit cleans up too (probe round 9, b19), as closing-awaits.ts tells it.
  return [...exactly('finally'), ...exactly('with')].some((at) => generators.has(syncDefStart(literals, at)))
    || exactly('except').some((at) => generators.has(syncDefStart(literals, at))
      && catchesClosing(literals.masked(at, literals.statementEnd(at)), NO_NAMES));
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** Does the line before the one starting at `start` hold a decorator? */
function decorated(code: string, start: number): boolean {
  const previous = code.lastIndexOf('\n', start - 2) + 1;
  return /^[ \t]*@/.test(code.slice(previous, start));
}

/** Where the line of the nearest sync def enclosing `at` starts (by indentation), or -1 (see enclosingHeader). */
function syncDefStart(literals: Literals, at: number): number {
  const found = enclosingDefinition(literals, at);
  return found?.header[1] === 'def' ? found.start : -1;
}

/** Is code[at...] blanks and then a plain `=` (an assignment, not `==`)? */
function assigns(code: string, at: number): boolean {
  let p = at;
  while (code.charCodeAt(p) === 32 || code.charCodeAt(p) === 9) p += 1;
  return code.charCodeAt(p) === 61 && code.charCodeAt(p + 1) !== 61;
}

const QUOTED_SPECIAL = new RegExp(`(["'])(?:${SPECIAL_METHODS.join('|')})\\1`, 'y');

/** Does a string of the text spell a special method's name (`{"__repr__": show}`)? */
function quotesSpecialMethod(code: string): boolean {
  for (const quote of ['"__', "'__"]) {
    for (let at = code.indexOf(quote); at >= 0; at = code.indexOf(quote, at + 3)) {
      QUOTED_SPECIAL.lastIndex = at;
      if (QUOTED_SPECIAL.test(code)) return true;
    }
  }
  return false;
}

const ASCII_WORD = /[A-Za-z0-9_]*/y;

/** The run of ASCII word characters at `at` (what a regular expression's `\w+\b` would take). */
function asciiWordAt(code: string, at: number): string {
  ASCII_WORD.lastIndex = at;
  ASCII_WORD.test(code);
  return code.slice(at, ASCII_WORD.lastIndex);
}

/** Where `keyword` starts when code before `at` is `\bkeyword[ \t]+` (at least one blank), else -1. */
function afterKeyword(code: string, at: number, keyword: string): number {
  const p = skipBlanksBack(code, at);
  const start = p - keyword.length;
  if (p === at || start < 0 || !code.startsWith(keyword, start)) return -1;
  return /\w/.test(code.charAt(start - 1)) ? -1 : start;
}

/** Does the word at `at` start its line after at least one blank (a class body's `__str__ = f`, not a module's)? */
function indentedName(code: string, at: number): boolean {
  let p = at;
  while (code.charCodeAt(p - 1) === 32 || code.charCodeAt(p - 1) === 9) p -= 1;
  const before = code.charCodeAt(p - 1);
  return p < at && (p === 0 || before === 10 || before === 13);
}

/** Is the word at `at` the name of a `def` that starts a line after at least one blank (a method's)? */
function indentedDef(code: string, at: number): boolean {
  const def = afterKeyword(code, at, 'def');
  if (def < 0) return false;
  let p = def;
  while (code.charCodeAt(p - 1) === 32 || code.charCodeAt(p - 1) === 9) p -= 1;
  if (p === def) return false;
  const before = code.charCodeAt(p - 1);
  return p === 0 || before === 10 || before === 13 || before === 0x2028 || before === 0x2029; // where the m flag's ^ matches
}

function isCall(code: string, end: number): boolean {
  let p = end;
  while (code[p] === ' ' || code[p] === '\t') p += 1;
  return code[p] === '(';
}

/** Is the code at `at` directly in an `async def` body, by indentation? Unsure means no. */
function inCoroutine(literals: Literals, at: number): boolean {
  const code = literals.text;
  const start = code.lastIndexOf('\n', at - 1) + 1;
  if (/\blambda\b/.test(code.slice(start, at))) return false;
  return enclosingHeader(literals, at)?.[1].startsWith('async') ?? false;
}

/** The header (`async def`/`def`/`class` line, matched by HEADER) of the nearest definition enclosing `at`,
 * by indentation; null at module level or when unsure. */
function enclosingHeader(literals: Literals, at: number): RegExpExecArray | null {
  return enclosingDefinition(literals, at)?.header ?? null;
}

/** enclosingHeader's header and where its line starts. */
function enclosingDefinition(literals: Literals, at: number): { header: RegExpExecArray; start: number } | null {
  const code = literals.text;
  const start = code.lastIndexOf('\n', at - 1) + 1;
  let indent = indentOf(code, start);
  for (let end = start - 1; end > 0 && indent > 0;) {
    const lineStart = code.lastIndexOf('\n', end - 1) + 1;
    const line = code.slice(lineStart, end);
    end = lineStart - 1;
    if (literals.indexAt(lineStart) >= 0 || !line.trim() || line.trimStart().startsWith('#')) continue;
    const own = indentOf(code, lineStart);
    if (own >= indent) continue;
    const header = HEADER.exec(line);
    if (header) return { header, start: lineStart };
    indent = own;
  }
  return null;
}

// The generator and awaitable protocol's own methods: `x.send(None)` or `x.__await__()` there hands the steps of
// a wrapped generator to whoever drives the wrapper (`def __next__(self): return self.gen.send(None)`).
// `yield from <chain>` / `return <chain>` right before `.__await__()`, the chain names and argument-less calls.
const HANDED_ON = /\b(?:yield[ \t]+from|return)[ \t(]+[\w.]+(?:\([^()]*\)[\w.]*)*$/;
const DELEGATING = /\bdef[ \t]+(?:__await__|__next__|__iter__|send|throw|close|__anext__|asend|athrow|aclose)\b/;

/** `coro.send(None)` or `x.__await__()` outside the protocol's own methods: code that steps a coroutine by
 * hand, with no loop running it. An iterator handed on (`yield from x.__await__()`, `return x.__await__()`)
 * is stepped by whoever drives the code it goes to. In a file that catches StopIteration, also `name.send(value)`
 * (or `name.attr.send(value)`, the attribute not primed by next()), a bound `name.send`/`name.throw` taken as a
 * value, and `next(name)` / `name.__next__` where the file has a generator-based coroutine (python-helpers
 * asyncio_api.steps_coroutines). */
function stepsCoroutines(literals: Literals, words: WordStarts): boolean {
  const code = literals.text;
  const lineBefore = (at: number) => code.slice(code.lastIndexOf('\n', at) + 1, at);
  // Each pattern only where its words are in the text: a pattern without a fixed head is slow over a whole file.
  const steps = [...code.includes('send') ? codeMatches(literals, SEND_NONE) : [],
    ...code.includes('__await__') ? codeMatches(literals, AWAIT_ITERATOR).filter((at) => !HANDED_ON.test(lineBefore(at))) : []];
  // A throw() into a coroutine runs it to its handler with no loop running, whatever the file catches
  // (`task.get_coro().throw(KeyError)`: probe round 15, A m12).
  if (code.includes('throw')) steps.push(...codeMatches(literals, THROW_CALL));
  // An async generator's step made and driven by hand, not awaited: `next(gen.__anext__())`, `gen.asend(None).send(None)`
  // (probe round 15, B w5, x7).
  if (code.includes('__anext__') || code.includes('asend') || code.includes('athrow')) {
    steps.push(...codeMatches(literals, ASYNC_STEP).filter((at) => !AWAIT_WORD.test(lineBefore(at))));
  }
  if (code.includes('__anext__') || code.includes('asend') || code.includes('athrow') || code.includes('__await__')) {
    steps.push(...codeMatches(literals, STEP_TAKEN));
  }
  if (words.of('StopIteration').some((at) => asciiWordAt(code, at) === 'StopIteration')) {
    // Each pattern only where the words it spells are in the text: these are slow to run over a whole file.
    const nexts = code.includes('coroutine') && codeMatches(literals, GENERATOR_COROUTINE).length > 0;
    const primed = new Set(code.includes('next') ? codeMatchesOf(literals, PRIMED).map((m) => m[1]) : []);
    const stepped = (receiver: string) => !receiver.includes('.') || !primed.has(receiver);
    // A throw() steps it too, into a handler of its own (probe round 15, A m12).
    for (const member of ['.send(', '.throw(']) {
      for (const [at, receiver] of receiversOf(literals, member)) if (stepped(receiver)) steps.push(at);
    }
    for (const word of ['send', 'throw', '__next__']) {
      for (const [at, receiver] of receiversOf(literals, `.${word}`, NOT_CALLED)) {
        if (receiver !== 'self' && receiver !== 'cls' && (nexts || word !== '__next__') && stepped(receiver)) steps.push(at);
      }
    }
    if (nexts) steps.push(...codeMatches(literals, NEXT_CALL));
  }
  return steps.some((at) => !DELEGATING.test(enclosingHeader(literals, at)?.input ?? ''));
}

/** Each `receiver.member` (`member` followed by what `follows` allows) whose receiver starts in code: [where, receiver]. */
function receiversOf(literals: Literals, member: string, follows?: RegExp): Array<[number, string]> {
  const code = literals.text;
  const found: Array<[number, string]> = [];
  for (let at = code.indexOf(member); at >= 0; at = code.indexOf(member, at + 1)) {
    if (follows) {
      follows.lastIndex = at + member.length;
      if (!follows.test(code)) continue;
    }
    const from = Math.max(0, at - 200);
    const receiver = RECEIVER_BEFORE.exec(code.slice(from, at));
    if (receiver && literals.indexAt(from + receiver.index) < 0) found.push([from + receiver.index, receiver[1]]);
  }
  return found;
}

function indentOf(code: string, lineStart: number): number {
  let p = lineStart;
  while (code[p] === ' ' || code[p] === '\t') p += 1;
  return p - lineStart;
}
