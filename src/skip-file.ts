/**
 * `# loopshift: skip-file`: a comment on a line of its own, anywhere in the file, keeps the whole file
 * out of the run (skipped with this reason, never sent to a helper, never changed). The same words
 * inside a string literal do not count.
 */
import { Literals } from './python-mask.js';

export const SKIP_FILE_REASON = 'loopshift: skip-file';

const DIRECTIVE = /^[ \t\f]*(#[ \t]*loopshift:[ \t]*skip-file)[ \t]*\r?$/gm;

export function hasSkipFile(text: string): boolean {
  if (!text.includes('skip-file')) return false; // the common case: no regular expression, no masking
  let literals: Literals | undefined;
  for (const match of text.matchAll(DIRECTIVE)) {
    const hash = match.index! + match[0].indexOf('#');
    literals ??= new Literals(text);
    // A comment starts at its '#': the character before it is code (or the start of the text).
    // Inside a triple-quoted string, that character belongs to the same literal.
    const here = literals.indexAt(hash);
    if (here >= 0 && (hash === 0 || literals.indexAt(hash - 1) !== here)) return true;
  }
  return false;
}
