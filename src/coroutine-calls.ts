/**
 * Names a module takes with `from m import f` (not `as` another name) and uses only as calls made directly in
 * the body of an `async def`, outside its closing code (docs/SEMANTICS.md P2a, "Callers in other modules"): each
 * such call runs while a loop runs in its thread, so it is one the defining module's sync_callers rule may count
 * as a caller under the loop. Also what every file says that may reach a module's private function otherwise:
 * the private attributes it reads (`app.util._f()`, `inspect.getmodule(go)._f()`), and its module-level private defs.
 *
 * From the text alone, by indentation, and on the strict side (probe round 15: adversarial programs). A name is
 * kept only when every one of its words is either its one import or `name(` on a logical line
 * - whose innermost enclosing `def`/`class` is an `async def` that is no dunder (`__aexit__` runs as closing code)
 *   and has nothing that may swallow GeneratorExit (an `except` but one naming only `...Error`/`...Exception`/
 *   `...Warning` classes, `BaseException`, `GeneratorExit`, `suppress(`, a `finally:` that breaks, continues or returns),
 * - with no `finally:` block around it up to that def, nor an `except` block but such a narrow one (closing code),
 * - no `lambda` before it on the line, not in a generator expression (a list, set or dict comprehension runs at
 *   once: mayRunLater), and the line no `def`, `class`, decorator or `type X = ...` line (run elsewhere or later);
 * and the name is in no string or comment (a literal the scanner misreads, `f"{"#"}"`, may hide code). A file
 * with code this cannot follow keeps every name out: non-ASCII code (identifiers are NFKC-normalised: `_𝐟` is
 * `_f`), a lone CR, form feed or vertical tab, a backslash-led line, a coding cookie other than UTF-8's kin, or a
 * dynamic lookup (`eval`, `globals()`, `vars()`, `getattr`, `__dict__`, `__globals__`, `sys.modules`, `__main__`,
 * `_set_running_loop`).
 */
import { isFollowedBy, isIdentChar, skipBlanks, skipBlanksBack, type Literals } from './python-mask.js';

interface Line { start: number; end: number; indent: number; head: number } // head: where its code starts

export interface CoroutineCalls {
  names: string[];   // imported names only called so (or handed to a loop as a callback: `called back`)
  callers: string[]; // the async defs those calls are in (the model checks none is awaited from closing code)
  calledBack?: string[]; // of names, those handed to a loop's call_soon and kin (void where a project class doubles a loop)
}

// A loop's scheduling methods, by the callback's place among their positional arguments (python-helpers
// loop_callbacks.CALLBACK_POSITION): the loop runs the callback from its _run_once, under the running loop.
const CALLBACK_PLACE = new Map([['call_soon', 0], ['call_soon_threadsafe', 0], ['call_later', 1], ['call_at', 1],
  ['add_signal_handler', 1], ['add_reader', 1], ['add_writer', 1]]);

// Sticky: matched at a line's first code character.
const DEF_HEAD = /(?:async[ \t]+)?def\b|class\b|@|type[ \t]+[\p{L}_]/uy;
const ASYNC_DEF = /async[ \t]+def[ \t]+([\p{L}_][\p{L}\p{N}_]*)/uy;
const SYNC_SCOPE = /(?:def|class)\b/y;
const FINALLY = /finally\b/y;
const EXCEPT = /except\b/y;
// `except KeyError:`, `except (OSError, asyncio.TimeoutError) as e:`: classes that are no GeneratorExit nor a base of it,
// by their names (an alias of BaseException named so would be perverse).
const NARROW_HANDLER = /^except[ \t]*\(?[ \t]*(?:[\p{L}_][\p{L}\p{N}_.]*(?:Error|Exception|Warning)[ \t]*,?[ \t]*)+\)?[ \t]*(?:as[ \t]+[\p{L}_][\p{L}\p{N}_]*[ \t]*)?:/u;
const BASE_HANDLER = /^except[^:]*BaseException/;
const LAMBDA_WORD = /(?<![\p{L}\p{N}_])lambda(?![\p{L}\p{N}_])/u;
const IMPORT_LINE = /(?:from|import)\b/y;
const LEAVES = /(?<![\p{L}\p{N}_])(?:break|continue|return)(?![\p{L}\p{N}_])/u;
const SWALLOWS = /(?<![\p{L}\p{N}_])(?:except[ \t]*:|BaseException|GeneratorExit|suppress[ \t]*\()/u;
const DYNAMIC = /(?<![\p{L}\p{N}_"'])(?:eval|exec|globals|locals|vars|getattr|setattr|delattr|__dict__|__globals__|modules|__main__|_set_running_loop|getmodule)(?![\p{L}\p{N}_"'])/u;
const NON_ASCII = /[^\x00-\x7f]/;
const ODD_BREAKS = /\r(?!\n)|[\f\v]/;
const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const PLAIN_CODECS = new Set(['utf-8', 'utf8', 'utf_8', 'ascii', 'us-ascii', 'latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'cp1252']);

function startsWith(text: string, at: number, pattern: RegExp): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** Of `locals` (local name -> imported name), the imported names whose local is only called from coroutine bodies. */
export function coroutineOnlyCalls(literals: Literals, locals: ReadonlyMap<string, string>): CoroutineCalls {
  const text = literals.text;
  const none = { names: [], callers: [] };
  let lines: Line[] | null | undefined;
  let masked: string | undefined;
  const found: string[] = [];
  const calledBack: string[] = [];
  const callers = new Set<string>();
  for (const [local, imported] of locals) {
    if (local !== imported) continue; // under another name, a module taking it from here would go unseen
    const hits = wordHits(literals, local);
    if (hits === null || hits.length < 2) continue;
    // Every word but its import is a call, or a callback handed to a loop.
    const uncalled = hits.filter((at) => !calledAt(text, at, local));
    const back = uncalled.filter((at) => calledBackAt(literals, at, local));
    if (uncalled.length !== 1 + back.length) continue;
    if (masked === undefined) { // once, for the first name worth it: what the file as a whole rules out
      masked = literals.masked(0, text.length);
      if (unreadable(text, masked) || DYNAMIC.test(masked)) return none;
    }
    lines ??= logicalLines(literals); // only for a name all of whose words but its import are calls
    if (lines === null) return none;
    let imports = 0;
    const defs: string[] = [];
    for (const at of hits) {
      const index = lineIndex(lines, at);
      const line = lines[index];
      if (!line || at < line.start || at >= line.end) { imports = -1; break; }
      if (startsWith(text, line.head, IMPORT_LINE)) { imports += 1; continue; }
      if (back.includes(at)) continue; // the loop runs it, wherever it is handed over
      const def = coroutineAround(literals, lines, index, at, local);
      if (def === null) { imports = -1; break; }
      defs.push(def);
    }
    if (imports === 1 && defs.length + back.length > 0) {
      found.push(imported);
      for (const def of defs) callers.add(def);
      if (back.length) calledBack.push(imported);
    }
  }
  return { names: found, callers: [...callers].sort(), ...(calledBack.length ? { calledBack } : {}) };
}

/**
 * Is the word at `at` the whole callback argument of `X.call_soon(word, ...)` or kin, in the callback's place
 * (CALLBACK_PLACE): the one argument before it made of names, numbers, dots and bracketed groups, nothing unpacked?
 */
function calledBackAt(literals: Literals, at: number, word: string): boolean {
  const text = literals.text;
  const after = skipBlanks(text, at + word.length);
  if (text[after] !== ',' && text[after] !== ')') return false;
  let i = skipBlanksBack(text, at) - 1;
  let commas = 0;
  if (text[i] === ',') { // one argument before: scan back over it to the call's `(`
    commas = 1;
    let depth = 0;
    for (i -= 1; i >= 0; i--) {
      const c = text[i];
      if (literals.indexAt(i) >= 0) return false;
      if (c === ')' || c === ']') depth += 1;
      else if (c === '(' || c === '[') {
        if (depth === 0) break;
        depth -= 1;
      } else if (depth === 0 && !(isIdentChar(text.charCodeAt(i)) || c === '.' || c === ' ' || c === '\t')) return false;
    }
  }
  if (text[i] !== '(') return false;
  const end = skipBlanksBack(text, i);
  let start = end;
  while (start > 0 && isIdentChar(text.charCodeAt(start - 1))) start -= 1;
  const place = CALLBACK_PLACE.get(text.slice(start, end));
  return place === commas && text[skipBlanksBack(text, start) - 1] === '.';
}

/** Code the scan cannot read as Python reads it. */
function unreadable(text: string, masked: string): boolean {
  if (ODD_BREAKS.test(text)) return true;
  if (NON_ASCII.test(masked)) return true;
  for (const line of text.split('\n', 2)) {
    const cookie = COOKIE.exec(line);
    if (cookie && !PLAIN_CODECS.has(cookie[1].toLowerCase())) return true;
  }
  return false;
}

/** The code positions of `word` as a whole name (not an attribute), or null when a string or comment holds it. */
function wordHits(literals: Literals, word: string): number[] | null {
  const text = literals.text;
  const hits: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    if (isIdentChar(text.charCodeAt(at - 1)) || isIdentChar(text.charCodeAt(at + word.length))) continue;
    if (literals.indexAt(at) >= 0) return null;
    if (text[skipBlanksBack(text, at) - 1] === '.') continue; // some object's attribute, not this name
    hits.push(at);
  }
  return hits;
}

/** `word(` at `at`. */
function calledAt(text: string, at: number, word: string): boolean {
  return isFollowedBy(text, at + word.length, 40);
}

/**
 * A `finally:` block, which runs when a pending task's coroutine is closed with no loop running (P1, closing code),
 * or an `except` block that may catch the GeneratorExit of that close (one not naming only Error/Exception classes).
 */
function closingBlock(literals: Literals, line: Line): boolean {
  const text = literals.text;
  if (startsWith(text, line.head, FINALLY)) return true;
  if (!startsWith(text, line.head, EXCEPT)) return false;
  const handler = literals.masked(line.head, line.end);
  return !NARROW_HANDLER.test(handler) || BASE_HANDLER.test(handler);
}

/**
 * May the def whose body is lines[from, to) carry on after a close's GeneratorExit: a handler that may catch it (any
 * but a narrow one: `except RETRYABLE:` may hold BaseException), `suppress(`, or a finally that leaves by break,
 * continue or return (which drops the exception in flight)?
 */
function swallows(literals: Literals, lines: Line[], from: number, to: number): boolean {
  const text = literals.text;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    const statement = literals.masked(line.head, line.end);
    if (SWALLOWS.test(statement) || (startsWith(text, line.head, EXCEPT) && !NARROW_HANDLER.test(statement))) return true;
    if (startsWith(text, line.head, FINALLY)) {
      if (LEAVES.test(statement.slice(statement.indexOf(':') + 1))) return true;
      for (let j = i + 1; j < to && lines[j].indent > line.indent; j++) {
        if (LEAVES.test(literals.masked(lines[j].head, lines[j].end))) return true;
      }
    }
  }
  return false;
}

/** The name of the async def whose own body holds the call at `at` outside its closing code, or null. */
function coroutineAround(literals: Literals, lines: Line[], index: number, at: number, word: string): string | null {
  const text = literals.text;
  const line = lines[index];
  if (!calledAt(text, at, word) || startsWith(text, line.head, DEF_HEAD) || closingBlock(literals, line)) return null;
  // The call may be in the body of a lambda started before it (a string saying `lambda` only keeps the name out).
  if (LAMBDA_WORD.test(text.slice(line.start, at))) return null;
  if (mayRunLater(literals, line, at)) return null;
  // The blocks around the line, outwards (each nearest earlier line indented less), up to the innermost def or class.
  let indent = line.indent;
  for (let i = index - 1; i >= 0 && indent > 0; i--) {
    const outer = lines[i];
    if (outer.indent >= indent) continue;
    indent = outer.indent;
    if (closingBlock(literals, outer)) return null;
    ASYNC_DEF.lastIndex = outer.head;
    const def = ASYNC_DEF.exec(text);
    if (def) {
      const name = def[1];
      if (name.startsWith('__') && name.endsWith('__')) return null;
      let end = i + 1;
      while (end < lines.length && lines[end].indent > outer.indent) end += 1;
      return swallows(literals, lines, i + 1, end) ? null : name;
    }
    if (startsWith(text, outer.head, SYNC_SCOPE)) return null;
  }
  return null;
}

/**
 * May the call at `at` run after its statement, or can the scan not tell? Inside a generator expression (a `(...)`
 * group with a `for` of its own, around the call at any depth: even a list comprehension there runs as the generator
 * is consumed, anywhere), or beside a `for` outside any bracket that does not start the statement. A list, set or dict
 * comprehension runs at once, within the coroutine's step (`[render(n) for n in names]`: probe round 16, p35).
 */
function mayRunLater(literals: Literals, line: Line, at: number): boolean {
  const text = literals.text;
  interface Group { open: string; hasFor: boolean }
  const stack: Group[] = [];
  let around: Group[] = [];
  const head = text.startsWith('async', line.head) ? skipBlanks(text, line.head + 5) : line.head;
  for (let i = line.head; i < line.end; i++) {
    const literal = literals.indexAt(i);
    if (literal >= 0) {
      i = literals.endOf(literal) - 1;
      continue;
    }
    if (i === at) around = [...stack];
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') stack.push({ open: c, hasFor: false });
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    else if (c === 'f' && text.startsWith('for', i) && !isIdentChar(text.charCodeAt(i - 1)) && !isIdentChar(text.charCodeAt(i + 3))) {
      if (stack.length) stack[stack.length - 1].hasFor = true;
      else if (i !== head) return true;
    }
  }
  return around.some((group) => group.open === '(' && group.hasFor);
}

/**
 * The file's logical lines (a statement each; comment-only and blank lines left out), or null where this cannot
 * follow them: a statement longer than statementEnd reads, or a line that starts with a backslash continuation.
 * Indentation is never inside a literal, so it and the line's first word come from the text itself.
 */
function logicalLines(literals: Literals): Line[] | null {
  const text = literals.text;
  const lines: Line[] = [];
  for (let start = 0; start < text.length;) {
    const end = literals.statementEnd(start);
    if (end < text.length && text[end] !== '\n') return null;
    let indent = 0;
    let at = start;
    for (; at < end; at++) {
      const c = text[at];
      if (c === ' ') indent += 1;
      else if (c === '\t') indent = indent - (indent % 8) + 8;
      else break;
    }
    const first = text[at];
    if (first === '\\') return null;
    if (at < end && first !== '#' && first !== '\r' && first !== '\n') lines.push({ start, end, indent, head: at });
    start = end + 1;
  }
  return lines;
}

function lineIndex(lines: Line[], at: number): number {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines[mid].start <= at) low = mid;
    else high = mid - 1;
  }
  return low;
}

const SPACED_ATTRIBUTE = /\.[ \t]+[\p{L}_]/u;

const notDunder = (name: string) => name.length > 0 && !(name.startsWith('__') && name.endsWith('__'));

/** The identifier starting at `at`, or ''. */
function identifierAt(text: string, at: number): string {
  let end = at;
  while (isIdentChar(text.charCodeAt(end))) end += 1;
  return text.slice(at, end);
}

/**
 * Names (but dunders) read as attributes anywhere in the file but off `self`/`cls` (`app.util._f`, `mod.now()`), or
 * that a plain string spells whole (`getattr(mod, "_f")`, `go.__globals__["now"]`): ways to a module's function that
 * imports do not show. Sorted, unique: about forty a file in the 3.8 standard library. By indexOf: a regular
 * expression without a fixed head was a tenth of the scan.
 */
export function attributeReads(literals: Literals): string[] {
  const text = literals.text;
  const found = new Set<string>();
  for (const quote of ['"', "'"]) {
    for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) {
      if (!isIdentStart(text.charCodeAt(at + 1))) continue;
      const name = identifierAt(text, at + 1);
      if (text[at + 1 + name.length] !== quote) continue;
      const i = literals.indexAt(at);
      if (i >= 0 && literals.isString(i, name) && notDunder(name)) found.add(name);
    }
  }
  const spaced = SPACED_ATTRIBUTE.test(text); // `mod. _f`, rare
  for (let at = text.indexOf('.'); at >= 0; at = text.indexOf('.', at + 1)) {
    const after = spaced ? skipBlanks(text, at + 1) : at + 1;
    if (!isIdentStart(text.charCodeAt(after)) || literals.indexAt(at) >= 0) continue;
    const name = identifierAt(text, after);
    if (!notDunder(name) || found.has(name)) continue;
    const end = skipBlanksBack(text, at);
    let start = end;
    while (start > 0 && isIdentChar(text.charCodeAt(start - 1))) start -= 1;
    if (start < end && isDigit(text.charCodeAt(start))) continue; // 1.5, 1.e5: a number
    const receiver = text.slice(start, end);
    if ((receiver === 'self' || receiver === 'cls') && text[start - 1] !== '.') continue;
    found.add(name);
  }
  return [...found].sort();
}

/** A letter, `_` or a non-ASCII character (which the scan takes for an identifier's). */
function isIdentStart(code: number): boolean {
  return isIdentChar(code) && !isDigit(code);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The module-level `def name`, `async def name` and `class name` of the file (column 0), sorted. */
export function moduleDefs(literals: Literals): string[] {
  const text = literals.text;
  const found = new Set<string>();
  for (const keyword of ['def', 'class']) {
    for (let at = text.indexOf(keyword); at >= 0; at = text.indexOf(keyword, at + keyword.length)) {
      const name = skipBlanks(text, at + keyword.length);
      if (name === at + keyword.length || !isIdentStart(text.charCodeAt(name))) continue;
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      const head = text.slice(lineStart, at);
      const ok = head === '' || (keyword === 'def' && /^async[ \t]+$/.test(head));
      if (ok && literals.indexAt(at) < 0) found.add(identifierAt(text, name));
    }
  }
  return [...found].sort();
}
