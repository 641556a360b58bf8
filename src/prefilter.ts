/** Skip files that cannot match before any Python work: the transforms' trigger words and patterns. */

export interface Triggers {
  words: readonly string[];
  patterns: readonly RegExp[];
}

export function compileTriggers(words: readonly string[], patterns: readonly string[]): Triggers {
  return { words: [...new Set(words)], patterns: [...new Set(patterns)].map((p) => new RegExp(p)) };
}

export function mentionsAny(bytes: Buffer, triggers: Triggers): boolean {
  for (const word of triggers.words) {
    if (bytes.includes(word, 0, 'latin1')) return true;
  }
  if (!triggers.patterns.length) return false;
  const text = bytes.toString('latin1'); // the patterns are ASCII: any byte-preserving decoding works
  return triggers.patterns.some((pattern) => pattern.test(text));
}
