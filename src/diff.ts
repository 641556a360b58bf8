/** Unified diffs of a rewrite, coloured only when asked to (a TTY without NO_COLOR / --no-color). */
import { createTwoFilesPatch } from 'diff';

const paint = {
  bold: (s: string) => `\u001b[1m${s}\u001b[22m`,
  red: (s: string) => `\u001b[31m${s}\u001b[39m`,
  green: (s: string) => `\u001b[32m${s}\u001b[39m`,
  cyan: (s: string) => `\u001b[36m${s}\u001b[39m`,
};

export function unifiedDiff(displayPath: string, before: string, after: string): string {
  const name = displayPath.split('\\').join('/');
  // git-style a/ b/ prefixes for relative paths; an absolute path is shown as it is.
  const [from, to] = name.startsWith('/') ? [name, name] : [`a/${name}`, `b/${name}`];
  const patch = createTwoFilesPatch(from, to, before, after, undefined, undefined, { context: 3 });
  // jsdiff may open with "Index:" and "====" lines; a unified diff starts at "---".
  return patch.slice(patch.indexOf('--- '));
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
