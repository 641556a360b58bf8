/**
 * Project functions that only install a policy choosing the loop class (docs/SEMANTICS.md P3b, "Project
 * code"): `def install_policy(): asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())`, or
 * uvloop's `EventLoopPolicy()` / `uvloop.install()`. Called before an entry point takes its loop, such a
 * function sets no loop and runs nothing else: new_event_loop() then makes the loop class the policy chooses,
 * as get_event_loop() did, so the explicit-loop rewrite may follow it as it follows the same line written in
 * place (python-helpers entry_path.py class_only_install, which reads these names from the facts).
 *
 * Found from the text: a top-level, undecorated `def name():` without parameters whose body, apart from a
 * docstring and comments, is exactly one of those statements, in a module that imports asyncio (and uvloop)
 * by those names at top level, that names it nowhere else and cannot bind names by other means (a star
 * import, globals(), exec()); and no other project module may replace it (attributeStores, project-model.ts).
 */
import { isIdentChar, nextLine, type Literals } from './python-mask.js';

const DEF = /^def[ \t]+([A-Za-z_]\w*)[ \t]*\([ \t]*\)[ \t]*(?:->[ \t]*None[ \t]*)?:[ \t]*$/;
const BODY: ReadonlyArray<readonly [RegExp, string[]]> = [
  [/^asyncio\.set_event_loop_policy\([ \t]*asyncio\.DefaultEventLoopPolicy\([ \t]*\)[ \t]*\)$/, ['asyncio']],
  [/^asyncio\.set_event_loop_policy\([ \t]*uvloop\.EventLoopPolicy\([ \t]*\)[ \t]*\)$/, ['asyncio', 'uvloop']],
  [/^uvloop\.install\([ \t]*\)$/, ['uvloop']],
];
const DOCSTRING = /^"\x01?"$|^"[\w.]*"$/; // a masked string literal alone on its line

/** Names of the module's functions that only install a class-only policy. */
export function policyInstallers(literals: Literals): string[] {
  const code = literals.text;
  if (!code.includes('set_event_loop_policy') && !code.includes('uvloop')) return [];
  const lines = topLevelLines(literals);
  const imported = new Set(lines.map((line) => /^import[ \t]+(asyncio|uvloop)[ \t]*$/.exec(line.text)?.[1]).filter(Boolean));
  const found: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const header = DEF.exec(lines[i].text);
    if (!header || (i > 0 && lines[i - 1].text.startsWith('@'))) continue;
    const body = lines[i].body.filter((text) => !DOCSTRING.test(text));
    if (body.length !== 1) continue;
    const shape = BODY.find(([pattern]) => pattern.test(body[0]));
    if (!shape || !shape[1].every((module) => imported.has(module))) continue;
    const name = header[1];
    if (wordCount(code, name) === 1 && !REBINDS_ANY.test(code)) found.push(name);
  }
  return found.sort();
}

const CLASS = /^class[ \t]+([A-Za-z_]\w*)[ \t]*\([ \t]*asyncio\.(?:Base)?(?:Default|WindowsSelector|WindowsProactor)EventLoopPolicy[ \t]*\)[ \t]*:[ \t]*$/;
const FACTORY = /^_loop_factory[ \t]*=[ \t]*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/;

/**
 * Names of the module's policy classes that only choose the loop class (python-helpers policy_classes.py, for
 * the same shape in the entry file): an undecorated top-level `class P(asyncio.DefaultEventLoopPolicy):` (or
 * the base or a Windows policy) whose body, apart from a docstring, is one `_loop_factory = <dotted name>`,
 * in a module that imports asyncio by that name at top level, names P nowhere else and cannot bind names by
 * other means (probe round 7, M01).
 */
export function policyClasses(literals: Literals): string[] {
  const code = literals.text;
  if (!code.includes('_loop_factory')) return [];
  const lines = topLevelLines(literals);
  if (!lines.some((line) => /^import[ \t]+asyncio[ \t]*$/.test(line.text)) || REBINDS_ANY.test(code)) return [];
  const found: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const header = CLASS.exec(lines[i].text);
    if (!header || (i > 0 && lines[i - 1].text.startsWith('@'))) continue;
    const body = lines[i].body.filter((text) => !DOCSTRING.test(text));
    if (body.length === 1 && FACTORY.test(body[0]) && wordCount(code, header[1]) === 1) found.push(header[1]);
  }
  return found.sort();
}

// Code that may bind any name of the module: a star import, globals(), the module's __dict__, exec().
const REBINDS_ANY = /\bimport[ \t]+\*|\bglobals[ \t]*\(|__dict__|\bexec[ \t]*\(|\bsys\.modules\b/;
// `other.name = value` in any module: it may replace a module's function (`policy.install_policy = ...`).
// `self.`/`cls.` stores are an object's own. setattr() on anything else counts as every name ('*').
// A target `a.name` followed by `=`, an annotation (`a.name: T = f`) or a comma of a tuple of targets
// (`a.name, b = f, g`; `b, a.name = ...`) (probe round 7b, W06, W07), where a statement starts: a line, or
// after `;` or `:` (`if x: a.name = f`; a dict's `k: a.b, ...` counts too, on the conservative side).
const ATTRIBUTE_AFTER = /\.([A-Za-z_]\w*)[ \t]*(=(?!=)|:|,)/g; // found fast; the rest is checked by hand
const ASSIGNS_LATER = /^[^\n=]*[^=!<>\n]=(?!=)/; // the rest of the line holds an assignment's `=`
const OWN_OWNER = /^(?:self|cls)\b/;
// `x.__dict__.update(name=...)` too (probe round 8b, W04: `sys.__dict__.update(stdout=...)`).
const SETATTR = /\bsetattr[ \t]*\([ \t]*(?!self\b|cls\b)|__dict__[ \t]*(?:\[|\.[ \t]*update\b)|\bvars[ \t]*\(/;

/**
 * The names this module may store on other objects, modules included (`policy.install_policy = f`), or ['*']
 * when it calls setattr() on something other than self or cls: another module's installer named here may
 * have been replaced (probe round 7, W01).
 */
export function attributeStores(literals: Literals): string[] {
  const code = literals.text;
  if (SETATTR.test(code)) return ['*'];
  const found = new Set<string>();
  for (const match of code.matchAll(ATTRIBUTE_AFTER)) {
    const at = match.index!;
    if (found.has(match[1])) continue;
    // The owner: the dotted name before the dot, by character codes (this runs for every `.x,` and `.x:` of every file).
    let start = at;
    for (let c = code.charCodeAt(start - 1); start > 0 && (isIdentChar(c) || c === 0x2e); c = code.charCodeAt(start - 1)) start -= 1;
    const first = code.charCodeAt(start);
    if (start === at || !(first === 0x5f || (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a) || OWN_OWNER.test(code.slice(start, start + 5))) continue;
    if (match[2] === '=' || ASSIGNS_LATER.test(code.slice(at + match[0].length, code.indexOf('\n', at) >>> 0))) found.add(match[1]);
  }
  return [...found].sort();
}

interface TopLine {
  text: string;   // the masked top-level statement, trimmed
  body: string[]; // for a block header: its indented statements, masked and trimmed
}

/** The module's top-level statements, masked, each with the indented lines after it. */
function topLevelLines(literals: Literals): TopLine[] {
  const code = literals.text;
  const out: TopLine[] = [];
  for (let start = 0; start < code.length;) {
    const end = literals.statementEnd(start);
    const text = literals.masked(start, end).trim();
    const indented = start < code.length && (code[start] === ' ' || code[start] === '\t');
    if (text) {
      if (indented && out.length) out[out.length - 1].body.push(text);
      else if (!indented) out.push({ text, body: [] });
    }
    start = nextLine(code, Math.max(end, start));
  }
  return out;
}

/** How many times `name` appears as a word in the text (strings and comments too, which only errs towards
 * declining): once is the def alone, so nothing else of the module binds, calls or imports that name
 * (`from m import (\n name,\n)` included). */
function wordCount(code: string, name: string): number {
  return code.match(new RegExp(`(?<![\\w.])${name}\\b`, 'g'))?.length ?? 0;
}
