/**
 * Names a module takes with `from m import f` (not `as` another name) and uses only as calls made directly in the body of an
 * `async def` (docs/SEMANTICS.md P2a, "Callers in other modules"): each such call runs while a loop runs in
 * its thread, so it is one the defining module's sync_callers rule may count as a caller under the loop.
 *
 * From the text alone, by indentation, and on the strict side: a name is kept only when every one of its
 * words in code is either its one import or `name(` on a logical line whose innermost enclosing `def`/`class`
 * is an `async def`, no `lambda` before it on the line, the line holding no comprehension or generator (`for` after its start)
 * and being no `def`, `class` or decorator line itself; and no formatted string names it (its expressions
 * are hidden from the masked text). Anything else, or text this cannot follow, keeps the name out.
 */
import { isIdentChar, type Literals } from './python-mask.js';

interface Line { start: number; end: number; indent: number; head: number } // head: where its code starts

// Sticky: matched at a line's first code character.
const DEF_HEAD = /(?:async[ \t]+)?def\b|class\b|@/y;
const ASYNC_DEF = /async[ \t]+def\b/y;
const SYNC_SCOPE = /(?:def|class)\b/y;
const FOR_WORD = /(?<![\p{L}\p{N}_])for(?![\p{L}\p{N}_])/gu;
const LAMBDA_WORD = /(?<![\p{L}\p{N}_])lambda(?![\p{L}\p{N}_])/u;
const IMPORT_LINE = /(?:from|import)\b/y;

function startsWith(text: string, at: number, pattern: RegExp): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** Of `locals` (local name -> imported name), the imported names whose local is only called from coroutine bodies. */
export function coroutineOnlyCalls(literals: Literals, locals: ReadonlyMap<string, string>): string[] {
  const text = literals.text;
  let lines: Line[] | null | undefined;
  const found: string[] = [];
  for (const [local, imported] of locals) {
    if (local !== imported) continue; // under another name, a module taking it from here would go unseen
    const hits = wordHits(literals, local);
    if (hits === null || hits.length < 2 || hits.filter((at) => !calledAt(text, at, local)).length !== 1) continue;
    lines ??= logicalLines(literals); // only for a name all of whose words but its import are calls
    if (lines === null) return [];
    let imports = 0;
    let calls = 0;
    for (const at of hits) {
      const index = lineIndex(lines, at);
      const line = lines[index];
      if (!line || at < line.start || at >= line.end) { imports = -1; break; }
      if (startsWith(text, line.head, IMPORT_LINE)) { imports += 1; continue; }
      if (!calledInCoroutine(literals, lines, index, at, local)) { imports = -1; break; }
      calls += 1;
    }
    if (imports === 1 && calls > 0) found.push(imported);
  }
  return found;
}

/** The code positions of `word` as a whole name (not an attribute), or null when a formatted string may name it. */
function wordHits(literals: Literals, word: string): number[] | null {
  const text = literals.text;
  const hits: number[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    if (isIdentChar(text.charCodeAt(at - 1)) || isIdentChar(text.charCodeAt(at + word.length))) continue;
    if (literals.indexAt(at) >= 0) {
      if (literals.formattedAt(at)) return null;
      continue;
    }
    let before = at - 1;
    while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before -= 1;
    if (text[before] === '.') continue; // some object's attribute, not this name
    hits.push(at);
  }
  return hits;
}

/** `word(` at `at`. */
function calledAt(text: string, at: number, word: string): boolean {
  let after = at + word.length;
  while (text[after] === ' ' || text[after] === '\t') after += 1;
  return text[after] === '(';
}

function calledInCoroutine(literals: Literals, lines: Line[], index: number, at: number, word: string): boolean {
  const text = literals.text;
  const line = lines[index];
  if (!calledAt(text, at, word) || startsWith(text, line.head, DEF_HEAD)) return false;
  // The call may be in the body of a lambda started before it (a string saying `lambda` only keeps the name out).
  if (LAMBDA_WORD.test(text.slice(line.start, at))) return false;
  const statement = literals.masked(line.head, line.end).replace(/^async[ \t]+/, '');
  FOR_WORD.lastIndex = 0;
  for (let m = FOR_WORD.exec(statement); m; m = FOR_WORD.exec(statement)) if (m.index > 0) return false;
  // The innermost def or class around the line: the nearest earlier line indented less, and so on outwards.
  let indent = line.indent;
  for (let i = index - 1; i >= 0 && indent > 0; i--) {
    const outer = lines[i];
    if (outer.indent >= indent) continue;
    indent = outer.indent;
    if (startsWith(text, outer.head, ASYNC_DEF)) return true;
    if (startsWith(text, outer.head, SYNC_SCOPE)) return false;
  }
  return false;
}

/**
 * The file's logical lines (a statement each; comment-only and blank lines left out), or null past what
 * statementEnd reads. Indentation is never inside a literal, so it and the line's first word come from
 * the text itself; the masked text is made only for the lines a hit is on.
 */
function logicalLines(literals: Literals): Line[] | null {
  const text = literals.text;
  const lines: Line[] = [];
  for (let start = 0; start < text.length;) {
    const end = literals.statementEnd(start);
    if (end < text.length && text[end] !== '\n') return null; // a statement longer than the scanner follows
    let indent = 0;
    let at = start;
    for (; at < end; at++) {
      const c = text[at];
      if (c === ' ') indent += 1;
      else if (c === '\t') indent = indent - (indent % 8) + 8;
      else if (c === '\f') indent = 0;
      else break;
    }
    const first = text[at];
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
