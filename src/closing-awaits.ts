/**
 * Coroutines that may run when a pending task is destroyed after its loop closed (docs/SEMANTICS.md P1,
 * "Closing code"): its coroutine is closed with no loop running, and the `finally:` blocks, the handlers
 * that catch GeneratorExit and the `async def __aexit__` bodies of the awaiting chain run then, with every
 * coroutine they await (awaiting runs its body up to its first suspension), transitively. The helper knows
 * its own file's (python-helpers closing_code.py); this finds, across the project, the names awaited from
 * such code, so that `finally: await conn.close()` in module B keeps `async def close` of module A closing
 * code too (FileFacts.closingAwaited). Also closing code: what may run after a statement that may swallow the
 * GeneratorExit and carry on (a handler that catches it and does not end in `raise`/`return`, a `suppress(...)` of
 * it), with the `for`/`while` loops around that statement; and a name bound to another in a class body or at
 * module level (`close = aclose`) names that one too.
 *
 * From the text alone, by indentation, in one pass over the statements; only files that say `async` or
 * `coroutine`. Matching is by terminal name (`await x.close()` names every `close`), on the generous side:
 * a name too many only keeps a get_event_loop() unchanged.
 */
import { firstCode, isIdentChar, nextLine, type Literals } from './python-mask.js';

/** What one file's text says: small, JSON-serialisable (kept in the scan index). */
export interface ClosingScan {
  closing?: string[];                // names awaited from this file's closing code
  defs?: Array<[string, string[]]>;  // each coroutine function (by name, merged) -> the names its body awaits
  aliases?: Array<[string, string]>; // `close = aclose` in a class body or at module level: [close, aclose]
}

const NAME = String.raw`[\p{L}_][\p{L}\p{N}_]*`;
const DEF = new RegExp(String.raw`(async[ \t]+)?def[ \t]+(${NAME})`, 'uy');
const FINALLY = /finally[ \t]*:/y;
const LOOP = /(?:async[ \t]+)?(?:for|while)\b/y;
const CLASS = /class\b/y;
// `close = aclose`, `a = b = f`: a name bound to another (masked statement).
const ALIAS = new RegExp(String.raw`${NAME}(?:[ \t]*=[ \t]*${NAME})+(?=[ \t]*(?:#[^\n]*)?(?:\r?\n|$))`, 'uy');
const SUPPRESS = /\bsuppress[ \t]*\(([^()]*)(\)?)/g;
const FLOW_END = /^[ \t]*(?:raise|return)\b/;
// Lowercase exception classes (socket, select), taken for classes as CapWords names are.
const LOWER_CLASSES = new Set(['error', 'timeout', 'herror', 'gaierror']);
const EXCEPT = /^except\b[ \t]*\*?([^:]*?)(?:[ \t]+as[ \t]+\S+)?[ \t]*:/s;
// A dotted callee, through empty calls (`super().__aexit__(`, `self.conn().close(`): the last name is the one awaited.
const DOTTED = String.raw`(?:\(?[ \t]*)((?:${NAME}(?:\(\))?[ \t]*\.[ \t]*)*${NAME})[ \t]*\(`;
// What runs another coroutine's body at a hit, read from the hit (sticky): the callee's dotted name.
const AWAIT = new RegExp(String.raw`await[ \t]+${DOTTED}`, 'uy');
const YIELD_FROM = new RegExp(String.raw`yield[ \t]+from[ \t]+${DOTTED}`, 'uy');
const ASYNC_WITH = new RegExp(String.raw`async[ \t]+with[ \t]+${DOTTED}`, 'uy');
const ASYNC_FOR = new RegExp(String.raw`async[ \t]+for[ \t][^\n]*?[ \t)]in[ \t]+${DOTTED}`, 'uy');
// What an AsyncExitStack's __aexit__ runs (python-helpers closing_code.py handed_to_exit_stack): the function handed to
// push_async_callback/push_async_exit (its last name), the callee of enter_async_context's argument.
const EXIT_STACK = new RegExp(String.raw`\b(?:push_async_callback|push_async_exit)[ \t]*\([ \t]*(?:${NAME}[ \t]*(?:\(\))?[ \t]*\.[ \t]*)*(${NAME})`
  + String.raw`|\benter_async_context[ \t]*\(${DOTTED}`, 'gu');
const PLAIN_LINE = /[^([{\\\n]*\n/y;
// Any coroutine function (in code or not: a cheap test of the raw text first).
const COROUTINES = /\basync[ \t]+def\b|\bcoroutine\b/;
const COROUTINE_DECORATOR = /@[^\n]*\bcoroutine\b/y;

interface Block {
  indent: number;
  def?: string;
  aexit?: boolean;
  region?: boolean;
  cls?: boolean;
  names?: Set<string>;                       // a def's or a loop's: the names awaited in it so far
  swallowed?: boolean;                       // a def: a statement that may swallow GeneratorExit has been seen
  handler?: { body?: number; ends: boolean }; // a catching except: its body's indent, does its last statement end it
}

/** One file's closing-code facts, or undefined when it has no coroutine function. */
export function closingScan(literals: Literals): ClosingScan | undefined {
  const code = literals.text;
  // Most files have no coroutine function. Rare substrings first: V8 finds them faster than 'async' (every 'a').
  if (!(code.includes('ync') || code.includes('corou')) || !COROUTINES.test(code)) return undefined;
  const hits = [...wordHits(literals, 'await'), ...wordHits(literals, 'yield'), ...wordHits(literals, 'async')].sort((a, b) => a - b);
  const closing = new Set<string>();
  const defs = new Map<string, Set<string>>();
  if (code.includes('aclosing')) closing.add('aclose'); // contextlib.aclosing's __aexit__ awaits x.aclose()
  if (code.includes('_async_')) {
    for (const match of code.matchAll(EXIT_STACK)) {
      if (literals.indexAt(match.index!) >= 0) continue; // in a string or comment
      const name = match[1] ?? match[2].split('.').pop()!.replace(/\(\)$/, '').trim();
      closing.add(name);
    }
  }
  const aliases: Array<[string, string]> = [];
  const assigned = new Set<string>(); // alias targets: `Base = BaseException` is no class of its own
  const stack: Block[] = [];
  const pop = () => {
    const block = stack.pop()!;
    if (block.handler && !block.handler.ends) swallow(stack, closing); // it may complete: the coroutine goes on
  };
  let next = 0; // the first hit not placed yet
  const suppressHits = wordHits(literals, 'suppress');
  let suppressAt = 0;
  let decorated = false;
  for (let start = 0; start < code.length;) {
    const lineEnd = nextLine(code, start);
    const first = firstCode(code, start, lineEnd);
    if (first < 0 || literals.indexAt(first) >= 0) {
      start = lineEnd;
      continue;
    }
    const indent = first - start;
    while (stack.length && stack[stack.length - 1].indent >= indent) pop();
    const end = Math.min(Math.max(statementEnd(literals, first), first + 1), code.length);
    const c = code[first];
    const top = stack[stack.length - 1];
    if (top?.handler && (top.handler.body ??= indent) === indent) top.handler.ends = flowEnds(literals.masked(first, end));
    const def = c === 'a' || c === 'd' ? sticky(DEF, code, first) : null;
    let masked: string | undefined;
    if (def) {
      const name = def[2];
      stack.push({ indent, def: name, aexit: Boolean(def[1]) && name === '__aexit__', names: new Set() });
      if (def[1] || decorated) ensure(defs, name);
    } else if (c === 'f' && sticky(FINALLY, code, first)) {
      stack.push({ indent, region: true });
    } else if (c === 'e' && code.startsWith('except', first) && catchesClosing((masked = literals.masked(first, end)), assigned)) {
      const inline = masked.slice(masked.indexOf(':') + 1); // `except: pass` on one line
      stack.push({ indent, region: true, handler: inline.trim() ? { body: -1, ends: flowEnds(inline) } : { ends: false } });
    } else if (c === 'c' && sticky(CLASS, code, first)) {
      stack.push({ indent, cls: true });
    } else if ((c === 'f' || c === 'w' || c === 'a') && sticky(LOOP, code, first)) {
      stack.push({ indent, names: new Set() });
    } else if (!stack.length || stack[stack.length - 1].cls) {
      const alias = sticky(ALIAS, code, first);
      if (alias) {
        const names = alias[0].split('=').map((n) => n.trim());
        const value = names.pop()!;
        for (const target of names) {
          aliases.push([target, value]);
          assigned.add(target);
        }
      }
    }
    while (suppressAt < suppressHits.length && suppressHits[suppressAt] < first) suppressAt += 1;
    if (suppressAt < suppressHits.length && suppressHits[suppressAt] < end
      && suppresses((masked ??= literals.masked(first, end)), assigned)) {
      swallow(stack, closing);
    }
    decorated = c === '@' && (decorated || sticky(COROUTINE_DECORATOR, code, first) !== null);
    for (; next < hits.length && hits[next] < end; next += 1) {
      if (hits[next] < first) continue;
      const names = calleesAt(code, hits[next]);
      if (!names.length) continue;
      let at = stack.length - 1;
      let region = false;
      for (; at >= 0 && stack[at].def === undefined; at -= 1) {
        region ||= Boolean(stack[at].region);
        for (const name of names) stack[at].names?.add(name); // a loop's: closing if it later swallows
      }
      if (at < 0) continue;
      const owner = stack[at];
      const body = ensure(defs, owner.def!);
      for (const name of names) {
        body.add(name);
        owner.names!.add(name);
        if (region || owner.aexit || owner.swallowed) closing.add(name);
      }
    }
    start = nextLine(code, end);
  }
  while (stack.length) pop();
  const scan: ClosingScan = {};
  if (closing.size) scan.closing = [...closing].sort();
  if (defs.size) scan.defs = [...defs].map(([name, awaited]) => [name, [...awaited].sort()]);
  if (aliases.length) scan.aliases = aliases;
  return scan.closing || scan.defs || scan.aliases ? scan : undefined;
}

/**
 * A statement that may swallow GeneratorExit and carry on, in the innermost def on `stack`: what that def awaits
 * from now on is closing code, and so is what every loop around the statement awaits (its next iteration).
 */
function swallow(stack: Block[], closing: Set<string>): void {
  for (let at = stack.length - 1; at >= 0; at -= 1) {
    const block = stack[at];
    if (block.def !== undefined) {
      block.swallowed = true;
      return;
    }
    for (const name of block.names ?? []) closing.add(name);
  }
}

/** Does this (masked) statement end with `raise` or `return` (after its last `;`)? */
function flowEnds(statement: string): boolean {
  return FLOW_END.test(statement.slice(statement.lastIndexOf(';') + 1));
}

/** A `suppress(...)` call in this masked statement whose arguments may hold GeneratorExit. */
function suppresses(statement: string, assigned: ReadonlySet<string>): boolean {
  for (const match of statement.matchAll(SUPPRESS)) {
    if (!match[2] || mayHoldClosing(match[1], assigned)) return true; // a nested call or bracket: unsure
  }
  return false;
}

/**
 * The project's names awaited from closing code, transitively through the coroutines so named: name -> the
 * first module (in the order given) whose closing code, or a coroutine awaited from it, awaits it.
 */
export function closingAwaited(scans: Iterable<readonly [string, ClosingScan]>): Map<string, string> {
  const found = new Map<string, string>();
  const bodies = new Map<string, Array<[string, string[]]>>(); // def name -> [module, what it awaits] per file
  const queue: string[] = [];
  for (const [module, scan] of scans) {
    for (const name of scan.closing ?? []) {
      if (!found.has(name)) {
        found.set(name, module);
        queue.push(name);
      }
    }
    for (const [name, awaited] of scan.defs ?? []) {
      let list = bodies.get(name);
      if (!list) bodies.set(name, (list = []));
      list.push([module, awaited]);
    }
    for (const [name, value] of scan.aliases ?? []) { // awaiting `close` runs the body of `aclose`
      let list = bodies.get(name);
      if (!list) bodies.set(name, (list = []));
      list.push([module, [value]]);
    }
  }
  if (!found.has('__aexit__')) queue.push('__aexit__'); // every __aexit__ body: its awaits are in `closing` already
  for (let i = 0; i < queue.length; i += 1) {
    for (const [module, awaited] of bodies.get(queue[i]) ?? []) {
      for (const name of awaited) {
        if (found.has(name)) continue;
        found.set(name, module);
        queue.push(name);
      }
    }
  }
  return found;
}

/** The names whose bodies run at a hit: `await f(`, `yield from x.f(`, `async with x.f(`, `async for .. in f(`. */
function calleesAt(code: string, at: number): string[] {
  if (code.startsWith('await', at)) return calleeOf(AWAIT, code, at);
  if (code.startsWith('yield', at)) return calleeOf(YIELD_FROM, code, at);
  for (const [pattern, implied] of [[ASYNC_WITH, ['__aenter__', '__aexit__']], [ASYNC_FOR, ['__anext__']]] as const) {
    pattern.lastIndex = at;
    if (pattern.test(code)) return [...implied, ...calleeOf(pattern, code, at)];
  }
  return [];
}

/** literals.statementEnd, with a fast path for a line without brackets, backslash or a string running past it. */
function statementEnd(literals: Literals, first: number): number {
  PLAIN_LINE.lastIndex = first;
  if (PLAIN_LINE.test(literals.text) && literals.indexAt(PLAIN_LINE.lastIndex - 1) < 0) return PLAIN_LINE.lastIndex - 1;
  return literals.statementEnd(first);
}

function sticky(pattern: RegExp, code: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(code);
}

function calleeOf(pattern: RegExp, code: string, at: number): string[] {
  pattern.lastIndex = at;
  const match = pattern.exec(code);
  if (!match) return [];
  const dotted = match[1];
  return [dotted.slice(dotted.lastIndexOf('.') + 1).trim()];
}

/** `except:`, `except BaseException`, `except GeneratorExit`, or what may hold either (masked header). */
export function catchesClosing(header: string, assigned: ReadonlySet<string>): boolean {
  const match = EXCEPT.exec(header);
  if (!match) return true; // unsure: yes
  let types = match[1].trim();
  if (!types) return true;
  if (types.startsWith('(') && types.endsWith(')')) types = types.slice(1, -1);
  return mayHoldClosing(types, assigned);
}

/**
 * May these comma-separated classes hold BaseException or GeneratorExit? As closing_code.py catches_closing: a
 * name or attribute named like a class (`ValueError`, `aiohttp.ClientError`, `socket.error`) is taken for one,
 * unless this file binds it to another name; anything else (`RETRYABLE`, `self.kinds`, a call) may hold a tuple.
 */
function mayHoldClosing(types: string, assigned: ReadonlySet<string>): boolean {
  for (const part of types.split(',')) {
    const item = part.trim();
    if (!item) continue;
    if (/[^\p{L}\p{N}_. \t]/u.test(item)) return true; // a call, a subscript, a star: computed
    const dot = item.lastIndexOf('.');
    const name = item.slice(dot + 1).trim();
    if (name === 'BaseException' || name === 'GeneratorExit') return true;
    const classLike = /^\p{Lu}/u.test(name) && /\p{Ll}/u.test(name);
    if (dot < 0 ? !classLike || assigned.has(name) : !(classLike || LOWER_CLASSES.has(name))) return true;
  }
  return false;
}

function ensure(defs: Map<string, Set<string>>, name: string): Set<string> {
  let body = defs.get(name);
  if (!body) defs.set(name, (body = new Set()));
  return body;
}

/** Code positions of `word` as a whole identifier. */
function wordHits(literals: Literals, word: string): number[] {
  const found: number[] = [];
  const code = literals.text;
  for (let at = literals.find(word, 0); at >= 0; at = literals.find(word, at + word.length)) {
    if (!isIdentChar(code.charCodeAt(at - 1)) && !isIdentChar(code.charCodeAt(at + word.length))) found.push(at);
  }
  return found;
}
