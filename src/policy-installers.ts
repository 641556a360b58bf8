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
 * by those names at top level, and that binds the name nowhere else.
 */
import { nextLine, type Literals } from './python-mask.js';

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
    if (bindings(code, name) === 1) found.push(name);
  }
  return found.sort();
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

/** How many times the text binds `name` at any level: defs, classes, assignments, imports, loop targets. */
function bindings(code: string, name: string): number {
  const word = name.replace(/[$]/g, '\\$');
  const patterns = [
    new RegExp(`\\b(?:def|class)[ \\t]+${word}\\b`, 'g'),
    new RegExp(`(?:^|[^\\w.])${word}[ \\t]*(?::[^=\\n]*)?=(?!=)`, 'gm'),
    new RegExp(`\\b(?:import|as|global|nonlocal|for)[ \\t]+${word}\\b`, 'g'),
    new RegExp(`,[ \\t]*${word}\\b`, 'g'),
  ];
  return patterns.reduce((count, pattern) => count + (code.match(pattern)?.length ?? 0), 0);
}
