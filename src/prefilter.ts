/** Skip files that cannot match before any Python work: each transform's trigger words and patterns. */

export interface TriggerSpec {
  triggers: readonly string[];
  triggerPatterns?: readonly string[];
  requires?: readonly string[];
}

interface Compiled {
  words: readonly string[];
  patterns: readonly RegExp[];
  requires: readonly string[];
}

export type Triggers = readonly Compiled[];

export function compileTriggers(specs: readonly TriggerSpec[]): Triggers {
  return specs.map((spec) => ({
    words: spec.triggers, patterns: (spec.triggerPatterns ?? []).map((p) => new RegExp(p)), requires: spec.requires ?? [],
  }));
}

/** True when some transform could act on the file: it has a required word (if any) and a trigger. */
export function mentionsAny(bytes: Buffer, triggers: Triggers): boolean {
  let text: string | undefined;
  return triggers.some((spec) => {
    if (spec.requires.length && !spec.requires.some((word) => bytes.includes(word, 0, 'latin1'))) return false;
    if (spec.words.some((word) => bytes.includes(word, 0, 'latin1'))) return true;
    if (!spec.patterns.length) return false;
    text ??= bytes.toString('latin1'); // the patterns are ASCII: any byte-preserving decoding works
    return spec.patterns.some((pattern) => pattern.test(text!));
  });
}
