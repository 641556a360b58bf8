/** Unified diffs of a rewrite, coloured only when asked to (a TTY without NO_COLOR / --no-color). */
import { createTwoFilesPatch } from 'diff';

const paint = {
  bold: (s: string) => `\u001b[1m${s}\u001b[22m`,
  red: (s: string) => `\u001b[31m${s}\u001b[39m`,
  green: (s: string) => `\u001b[32m${s}\u001b[39m`,
  cyan: (s: string) => `\u001b[36m${s}\u001b[39m`,
};

export function unifiedDiff(displayPath: string, before: string, after: string): string {
  const name = portablePath(displayPath);
  // git-style a/ b/ prefixes for relative paths; an absolute path is shown as it is.
  const [from, to] = name.startsWith('/') ? [name, name] : [`a/${name}`, `b/${name}`];
  const patch = createTwoFilesPatch('from', 'to', before, after, undefined, undefined, { context: 3 });
  // jsdiff may open with "Index:" and "====" lines, and writes names unquoted: the hunks are kept,
  // the header is ours, quoted as git quotes names so that the patch names the real file.
  const hunks = patch.slice(patch.indexOf('\n', patch.indexOf('\n+++ ') + 1) + 1);
  return `--- ${quotePath(from)}\n+++ ${quotePath(to)}\n${hunks}`;
}

/** A path as diffs and annotations show it: "/" between parts; "\\" is a separator only on Windows. */
export function portablePath(displayPath: string): string {
  return process.platform === 'win32' ? displayPath.split('\\').join('/') : displayPath;
}

const ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\',
};

/** git's C-style quoting: a name with a control character, a quote or a backslash goes in quotes, escaped. */
export function quotePath(name: string): string {
  if (!/[\u0000-\u001f"\\\u007f]/.test(name)) return name;
  const body = name.replace(/[\u0000-\u001f"\\\u007f]/g, (c) => ESCAPES[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);
  return `"${body}"`;
}

export function colourDiff(diff: string): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return paint.bold(line);
      if (line.startsWith('@@')) return paint.cyan(line);
      if (line.startsWith('+')) return paint.green(line);
      if (line.startsWith('-')) return paint.red(line);
      return line;
    })
    .join('\n');
}
