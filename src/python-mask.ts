/**
 * Masking, the scanner's first pass: where the comments and string literals of a Python text are,
 * so that later searches only ever see code. Strings are found with indexOf (three cursors for `#`,
 * `"` and `'`), which is several times faster than a regular expression or a character loop over
 * the whole text.
 *
 * No masked copy of the file is made (on a whole standard library that copy was ~20 MB of string
 * building, most of the scan's time). The literals are recorded as ranges; searches run on the
 * original text and step over the ranges, and only the few statements the scanner reads (an
 * import, a main guard) are masked, as small windows, by `masked()`.
 */

/** 'pkg.mod', 'pkg.mod.attr', 'mod:attr': names of modules spelled in strings. */
const IMPORT_IN_STRING = /(?:^|[\s;:(])(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*(?:[ \t]+as[ \t]+\w+)?)*))/g;
const DOTTED_STRING = /^[A-Za-z_]\w*(?:(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?|:[A-Za-z_][\w.]*)$/;
/** A final component that says "file name", not "module": 'setup.py', 'data.json'. */
const FILE_SUFFIX = /\.(?:py|pyc|pyi|pyw|pyx|pyd|so|txt|cfg|ini|toml|json|ya?ml|md|rst|html?|csv|xml|log|lock|sh|c|h|js|ts)$/i;

/** Literal kinds. A simple string's content is a short plain dotted word, kept in masked windows. */
const COMMENT = 0;
const SIMPLE = 1;
const OTHER = 2;

/** Longest window masked for one statement: a bound for broken files (an unclosed parenthesis). */
const MAX_STATEMENT = 64 * 1024;

/** Is the character at `index` escaped by an odd run of backslashes before it? */
function escaped(text: string, index: number): boolean {
  let count = 0;
  while (index - count - 1 >= 0 && text.charCodeAt(index - count - 1) === 92) count += 1;
  return count % 2 === 1;
}

/** Set by stringEnd(): where the content of the string it measured ends (no array per string). */
let contentEndOfLast = 0;

/** Where the string opened at `at` ends (the literal, with its quotes); its content's end goes to contentEndOfLast. */
function stringEnd(text: string, at: number, quote: string, triple: boolean): number {
  if (triple) {
    const closer = quote + quote + quote;
    for (let from = at + 3; ;) {
      const close = text.indexOf(closer, from);
      if (close < 0) return (contentEndOfLast = text.length); // unterminated: a syntax error anyway
      if (!escaped(text, close)) {
        contentEndOfLast = close;
        return close + 3;
      }
      from = close + 1;
    }
  }
  // One line only: an unescaped newline ends an unterminated string, so it cannot swallow the file.
  for (let from = at + 1; ;) {
    const close = text.indexOf(quote, from);
    let newline = text.indexOf('\n', from);
    while (newline >= 0 && (close < 0 || newline < close) && escaped(text, newline - (text.charCodeAt(newline - 1) === 13 ? 1 : 0))) {
      newline = text.indexOf('\n', newline + 1);
    }
    if (newline >= 0 && (close < 0 || newline < close)) return (contentEndOfLast = newline);
    if (close < 0) return (contentEndOfLast = text.length);
    if (!escaped(text, close)) {
      contentEndOfLast = close;
      return close + 1;
    }
    from = close + 1;
  }
}

/**
 * The comments and string literals of one text, in order. A string's range starts at its opening
 * quote (a prefix such as `rb` stays code) and ends after its closing quote; a comment's ends
 * before its newline.
 */
export class Literals {
  /** String constants shaped like 'pkg.mod' or 'pkg.mod:attr'. */
  readonly dottedStrings: string[];
  // One entry per literal (sorted, disjoint): where it starts and ends. The rest (kind, content) is
  // worked out again for the few literals a window or a main guard needs.
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(readonly text: string) {
    const dotted = new Set<string>();
    let pos = 0;
    let hash = text.indexOf('#');
    let double = text.indexOf('"');
    let single = text.indexOf("'");
    let nextImport = text.indexOf('import'); // the next `import` at or after the string being read (one pass)
    for (;;) {
      if (hash >= 0 && hash < pos) hash = text.indexOf('#', pos);
      if (double >= 0 && double < pos) double = text.indexOf('"', pos);
      if (single >= 0 && single < pos) single = text.indexOf("'", pos);
      const at = first(hash, first(double, single));
      if (at < 0) break;
      if (at === hash) {
        const end = text.indexOf('\n', at);
        pos = end < 0 ? text.length : end; // the newline itself is code
        this.starts.push(at);
        this.ends.push(pos);
        continue;
      }
      const quote = at === double ? '"' : "'";
      const code = quote === '"' ? 34 : 39;
      const triple = text.charCodeAt(at + 1) === code && text.charCodeAt(at + 2) === code;
      const end = stringEnd(text, at, quote, triple);
      const contentEnd = contentEndOfLast;
      const contentStart = at + (triple ? 3 : 1);
      this.starts.push(at);
      this.ends.push(end);
      // Dotted strings: 'pkg.mod' (a plain string), or 'pkg.mod:app' (as uvicorn and friends take).
      const length = contentEnd - contentStart;
      if (length >= 3 && length <= 200 && (contains(text, '.', contentStart, contentEnd) || contains(text, ':', contentStart, contentEnd))) {
        const content = text.slice(contentStart, contentEnd);
        if (DOTTED_STRING.test(content)) {
          if (content.includes(':')) {
            if (length < 200 && !triple) dotted.add(content);
          } else if (!bytesOrFormatted(text, at) && !FILE_SUFFIX.test(content)) {
            dotted.add(content); // bytes and formatted strings (b'', f'') are never constant module names
          }
        }
      }
      // Code in a string (`python -c "from app.clock import now"`, exec("import app.x")): the modules it imports are
      // named there as well (probe round 16, A p11). Not in triple-quoted strings, where docstrings show usage.
      if (!triple && nextImport >= 0 && nextImport < contentStart) nextImport = text.indexOf('import', contentStart);
      if (!triple && nextImport >= 0 && nextImport < contentEnd) {
        for (const m of text.slice(contentStart, contentEnd).matchAll(IMPORT_IN_STRING)) {
          for (const name of (m[1] ?? m[2]).split(',')) if (name.trim()) dotted.add(name.trim().split(/\s/)[0]);
        }
      }
      pos = end;
    }
    this.dottedStrings = [...dotted];
  }

  /** The literal holding position `pos`, or -1 when `pos` is code. */
  indexAt(pos: number): number {
    const i = this.firstStartAfter(pos) - 1;
    return i >= 0 && this.ends[i] > pos ? i : -1;
  }

  /** Where the literal at index `i` ends. */
  endOf(i: number): number {
    return this.ends[i];
  }

  /** Is the literal at index `i` a plain string whose content is exactly `content`? */
  isString(i: number, content: string): boolean {
    const [kind, start, end] = this.describe(i);
    return kind === SIMPLE && end - start === content.length && this.text.startsWith(content, start);
  }

  /** The next position at or after `pos` where `word` occurs in code, or -1. */
  find(word: string, pos: number): number {
    for (let at = this.text.indexOf(word, pos); at >= 0; at = this.text.indexOf(word, at)) {
      const i = this.indexAt(at);
      if (i < 0) return at;
      at = this.ends[i];
    }
    return -1;
  }

  /**
   * text[from, to) as masked code: comments removed (their newlines stay), each string literal
   * replaced by `"content"` when its content is a plain dotted word (what `import_module("x")` or
   * `"__main__"` needs), else by `"\x01"` followed by the newlines it spanned, so that each line
   * keeps its number. A literal running past `to` is replaced whole.
   */
  masked(from: number, to: number): string {
    const text = this.text;
    const inside = this.indexAt(from);
    let pos = inside >= 0 && this.starts[inside] < from ? this.ends[inside] : from; // never half a literal
    let out = '';
    for (let i = this.firstStartAfter(pos - 1); i < this.starts.length && this.starts[i] < to; i++) {
      out += text.slice(pos, this.starts[i]) + this.standIn(i);
      pos = this.ends[i];
    }
    return pos < to ? out + text.slice(pos, to) : out;
  }

  /**
   * The start of the masked line holding code position `at`, following backslash continuations
   * back: after the previous code newline, or right after a multi-line string that ends on it
   * (masking puts that string's newlines before the rest of its last line).
   */
  lineStart(at: number, continued: boolean): number {
    const text = this.text;
    for (let nl = text.lastIndexOf('\n', at - 1); ;) {
      if (nl < 0) return 0;
      const i = this.indexAt(nl);
      if (i >= 0) return this.ends[i];
      const end = text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (!continued || text.charCodeAt(end - 1) !== 92 || this.indexAt(end - 1) >= 0) return nl + 1;
      nl = text.lastIndexOf('\n', end - 1);
    }
  }

  /**
   * The end of the statement (or expression) that code position `from` is in: the first code newline
   * outside brackets opened after `from` and not continued by a backslash. Far enough for every
   * pattern the scanner reads at `from`.
   */
  statementEnd(from: number): number {
    const text = this.text;
    const limit = Math.min(text.length, from + MAX_STATEMENT);
    let i = this.firstStartAfter(from - 1);
    let next = i < this.starts.length ? this.starts[i] : -1;
    let depth = 0;
    for (let p = from; p < limit; p++) {
      if (p === next) {
        p = this.ends[i] - 1; // every literal is at least one character long
        i += 1;
        next = i < this.starts.length ? this.starts[i] : -1;
        continue;
      }
      const c = text.charCodeAt(p);
      if (c === 40 || c === 91 || c === 123) depth += 1; // ( [ {
      else if (c === 41 || c === 93 || c === 125) depth -= 1;
      else if (c === 10 && depth <= 0) {
        const end = text.charCodeAt(p - 1) === 13 ? p - 1 : p;
        if (text.charCodeAt(end - 1) !== 92 || this.indexAt(end - 1) >= 0) return p;
      }
    }
    return limit;
  }

  /** The index of the first literal starting after `pos`. */
  private firstStartAfter(pos: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (starts[mid] <= pos) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** The literal at index `i`: [kind, content start, content end]. */
  private describe(i: number): [number, number, number] {
    const text = this.text;
    const at = this.starts[i];
    const end = this.ends[i];
    const quote = text.charCodeAt(at);
    if (quote === 35) return [COMMENT, at, end]; // #
    const triple = text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote;
    const contentStart = at + (triple ? 3 : 1);
    // Closed by its quote(s), or unterminated (it then ends at a newline or the end of the text).
    const close = end - (triple ? 3 : 1);
    const closed = close >= contentStart && text.charCodeAt(end - 1) === quote && !escaped(text, close)
      && (!triple || (text.charCodeAt(end - 2) === quote && text.charCodeAt(end - 3) === quote));
    const contentEnd = closed ? end - (triple ? 3 : 1) : end;
    const simple = !bytesOrFormatted(text, at) && isSimple(text, contentStart, contentEnd);
    return [simple ? SIMPLE : OTHER, contentStart, contentEnd];
  }

  private standIn(i: number): string {
    const [kind, start, end] = this.describe(i);
    if (kind === COMMENT) return '';
    if (kind === SIMPLE) return `"${this.text.slice(start, end)}"`;
    let out = '"\x01"';
    for (let nl = this.text.indexOf('\n', start); nl >= 0 && nl < end; nl = this.text.indexOf('\n', nl + 1)) out += '\n';
    return out;
  }
}

/**
 * A fixed set of words a scanner looks up in every file, compiled once into one alternation. On the 3.8 standard
 * library one regular-expression pass per file finds them all in about a third of the time that one indexOf pass
 * per word took (forty-odd words).
 */
export class Vocabulary {
  readonly pattern: RegExp;
  /** The words by their first character code: the few to try where the pattern matched. */
  readonly byFirst = new Map<number, string[]>();
  readonly words: ReadonlySet<string>;

  constructor(words: readonly string[]) {
    this.words = new Set(words);
    // Where the pattern matches, every word starting there is tried: which alternative matched does not matter.
    const sorted = [...new Set(words)].sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(sorted.map((word) => word.replace(/[^\w]/g, '\\$&')).join('|'), 'g');
    for (const word of sorted) {
      const list = this.byFirst.get(word.charCodeAt(0)) ?? [];
      list.push(word);
      this.byFirst.set(word.charCodeAt(0), list);
    }
  }
}

/**
 * Where each word of a vocabulary starts an identifier in code (not in a comment or string), in order: the
 * positions `hitsOf` would give word by word (an identifier the word only begins counts: set_event_loop_policy).
 * A match is made of word characters only, so it never covers another identifier's start nor a literal's end.
 */
export class WordStarts {
  private readonly found = new Map<string, number[]>();

  constructor(private readonly literals: Literals, readonly vocabulary: Vocabulary) {
    const text = literals.text;
    const pattern = vocabulary.pattern;
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      const at = match.index;
      if (isIdentChar(text.charCodeAt(at - 1)) || literals.indexAt(at) >= 0) continue;
      for (const word of vocabulary.byFirst.get(text.charCodeAt(at)) ?? []) {
        if (!text.startsWith(word, at)) continue;
        const list = this.found.get(word);
        if (list) list.push(at);
        else this.found.set(word, [at]);
      }
    }
  }

  /** The code positions where `word` starts an identifier; a word outside the vocabulary is searched for now. */
  of(word: string): number[] {
    const known = this.found.get(word);
    if (known) return known;
    if (this.vocabulary.words.has(word)) return [];
    const found: number[] = [];
    const text = this.literals.text;
    for (let at = this.literals.find(word, 0); at >= 0; at = this.literals.find(word, at + word.length)) {
      if (!isIdentChar(text.charCodeAt(at - 1))) found.push(at);
    }
    return found;
  }
}

/** The whole text masked (see Literals.masked): for tests and debugging; the scanner masks windows only. */
export function mask(text: string): { code: string; dottedStrings: string[] } {
  const literals = new Literals(text);
  return { code: literals.masked(0, text.length), dottedStrings: literals.dottedStrings };
}

/** Does the string starting at `at` carry a b or f prefix (rb'', Fr'', ...)? */
function bytesOrFormatted(text: string, at: number): boolean {
  for (let p = at - 1; p >= at - 2 && p >= 0; p--) {
    const c = text.charCodeAt(p) | 0x20; // lower case
    if (c === 0x62 || c === 0x66) return true; // b, f
    if (c !== 0x72 && c !== 0x75) return false; // r, u
  }
  return false;
}

/** Is text[start, end) short and made of word characters and dots only? */
function isSimple(text: string, start: number, end: number): boolean {
  if (end - start > 200) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!(isIdentChar(c) && c < 128) && c !== 46) return false;
  }
  return true;
}

/** Does text[start, end) hold `char`? */
function contains(text: string, char: string, start: number, end: number): boolean {
  const at = text.indexOf(char, start);
  return at >= 0 && at < end;
}

/** The smaller of two indexOf results (-1: not found). */
function first(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/** Identifier characters: ASCII word characters, and anything non-ASCII (Python allows Unicode names). */
export function isIdentChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code > 127;
}

/** The first position at or after `at` that is no blank (space or tab). */
export function skipBlanks(code: string, at: number): number {
  let p = at;
  while (code.charCodeAt(p) === 32 || code.charCodeAt(p) === 9) p += 1;
  return p;
}

/** The start of the run of blanks (spaces, tabs) that ends at `at`: `at` itself when code[at - 1] is no blank. */
export function skipBlanksBack(code: string, at: number): number {
  let p = at;
  while (p > 0 && (code.charCodeAt(p - 1) === 32 || code.charCodeAt(p - 1) === 9)) p -= 1;
  return p;
}

/** Is code[at...] blanks (spaces, tabs) and then the character `char`? */
export function isFollowedBy(code: string, at: number, char: number): boolean {
  return code.charCodeAt(skipBlanks(code, at)) === char;
}

/** The start of the line after the one holding `from` (the text's end on the last line). */
export function nextLine(code: string, from: number): number {
  const nl = code.indexOf('\n', from);
  return nl < 0 ? code.length : nl + 1;
}

/** The first code character of the line [start, end): -1 on a blank or comment-only line. */
export function firstCode(code: string, start: number, end: number): number {
  for (let p = start; p < end; p += 1) {
    const c = code[p];
    if (c === ' ' || c === '\t' || c === '\f' || c === '\r') continue;
    return c === '\n' || c === '#' ? -1 : p;
  }
  return -1;
}
