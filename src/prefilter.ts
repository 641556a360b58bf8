/** Skip files that cannot match before any Python work: a byte search for the transforms' trigger words. */

export function mentionsAny(bytes: Buffer, words: readonly string[]): boolean {
  for (const word of words) {
    if (bytes.includes(word, 0, 'latin1')) return true;
  }
  return false;
}
