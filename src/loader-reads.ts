/**
 * What a plugin loader reads off a module it imports by a computed name (`import_module(prefix + name)`):
 * the names it may then call. A loader may call any function of a module it loads, so none of those is
 * an entry point or a proven private helper (docs/SEMANTICS.md P3a, P2a rule 3) unless the loader's own
 * text shows which attributes it takes: `mod = import_module(n)` whose every later mention is `mod.attr`,
 * `import_module(n).attr`, or a bare `import_module(n)` whose module object is dropped. Anything else
 * (the object returned, stored, passed, `getattr(mod, x)`, a dunder such as `mod.__dict__`, a file that
 * reaches modules through `sys.modules`) may reach every name: undefined. Loaders that take a file's path
 * instead may load only the files their constants name (pathLoaderTargets).
 */
import { isIdentChar, type Literals } from './python-mask.js';

const ATTRIBUTE = /(?:[ \t\f]|\\\r?\n)*\.(?:[ \t\f]|\\\r?\n)*([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)/y;
const STORE = /(?:[ \t\f]|\\\r?\n)*=(?!=)/y;
// Module attributes that name the module, not code of it.
const HARMLESS_DUNDERS = new Set(['__name__', '__file__', '__doc__', '__path__', '__spec__', '__package__', '__version__']);

/**
 * `at`: the start of the `import_module` word; `open`: the position right after its `(`, in `literals.text`.
 * Returns the names read (sorted, maybe empty), or undefined when any name may be read.
 */
export function loaderReads(literals: Literals, at: number, open: number): string[] | undefined {
  const code = literals.text;
  if (literals.find('sys.modules', 0) >= 0) return undefined;
  const close = closingParen(literals, open);
  if (close < 0) return undefined;
  const start = literals.lineStart(at, true);
  const before = literals.masked(start, at).replace(/(?:[A-Za-z_]\w*[ \t\f]*\.[ \t\f]*)*$/, ''); // `importlib.`
  ATTRIBUTE.lastIndex = close + 1;
  const attribute = ATTRIBUTE.exec(code);
  if (attribute) return readable(attribute[1]) ? [attribute[1]] : undefined;
  const after = literals.masked(close + 1, literals.statementEnd(close + 1));
  if (!/^[ \t\f]*(?:;|\r?\n|$)/.test(after)) return undefined;
  if (/^[ \t\f]*$/.test(before)) return []; // imported for its side effects only
  const assigned = /^[ \t\f]*([A-Za-z_][\w]*)[ \t\f]*=[ \t\f]*$/.exec(before);
  return assigned ? readsOfVariable(literals, assigned[1]) : undefined;
}

/** Every mention of `name` in the file is a store `name = ...` or an attribute read `name.attr`. */
function readsOfVariable(literals: Literals, name: string): string[] | undefined {
  const code = literals.text;
  const reads = new Set<string>();
  for (let at = literals.find(name, 0); at >= 0; at = literals.find(name, at + name.length)) {
    if (isIdentChar(code.charCodeAt(at - 1)) || isIdentChar(code.charCodeAt(at + name.length))) continue;
    if (precededByDot(code, at)) continue; // `obj.name`: another object's attribute
    ATTRIBUTE.lastIndex = at + name.length;
    const attribute = ATTRIBUTE.exec(code);
    if (attribute) {
      if (!readable(attribute[1])) return undefined;
      reads.add(attribute[1]);
      continue;
    }
    STORE.lastIndex = at + name.length;
    if (STORE.test(code) && /^[ \t\f]*$/.test(literals.masked(literals.lineStart(at, true), at))) continue;
    return undefined;
  }
  return [...reads].sort();
}

function readable(attribute: string): boolean {
  return !(attribute.startsWith('__') && attribute.endsWith('__')) || HARMLESS_DUNDERS.has(attribute);
}

function precededByDot(code: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (code[i] === ' ' || code[i] === '\t' || code[i] === '\f')) i -= 1;
  return code[i] === '.';
}

/**
 * The file names a path-taking loader's call (`runpy.run_path(...)`, `spec_from_file_location(...)`) may load:
 * the base names of its string constants ending in `.py` (`os.path.join(HERE, "tools", "gen.py")` -> gen.py),
 * or undefined when it has none (a path computed at run time may name any file).
 */
export function pathLoaderTargets(literals: Literals, open: number): string[] | undefined {
  const close = closingParen(literals, open);
  if (close < 0) return undefined;
  const names = new Set<string>();
  for (let p = open; p < close; p++) {
    const literal = literals.indexAt(p);
    if (literal < 0) continue;
    const end = literals.endOf(literal);
    const string = STRING_LITERAL.exec(literals.text.slice(p, end));
    if (string && /\.py$/.test(string[2])) {
      // Only a whole name: `name + ".py"`, `"%s.py" % x` or an f-string may name any file (probe round 7, W08).
      const base = string[2].split(/[\\/]/).pop()!;
      if (!/^[^{}%]+\.py$/.test(base) || /f/i.test(string[0].slice(0, string[0].indexOf(string[1])))
        || /[+%]\s*$/.test(literals.text.slice(Math.max(open, p - 8), p)) || /^\s*[+%.]/.test(literals.text.slice(end, end + 8))) {
        return undefined;
      }
      names.add(base);
    }
    p = end - 1;
  }
  return names.size ? [...names].sort() : undefined;
}

const STRING_LITERAL = /^[rRbBuUfF]*("""|'''|"|')([\s\S]*)\1$/;

/** The position of the `)` closing the call whose arguments start at `open`, or -1. */
function closingParen(literals: Literals, open: number): number {
  const code = literals.text;
  let depth = 1;
  for (let p = open; p < code.length; p++) { // comments and strings are literals: stepped over
    const literal = literals.indexAt(p);
    if (literal >= 0) { p = literals.endOf(literal) - 1; continue; }
    const c = code[p];
    if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') { depth -= 1; if (depth === 0) return p; }
  }
  return -1;
}
