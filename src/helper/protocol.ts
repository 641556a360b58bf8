/**
 * The JSON-lines protocol between the driver and python-helpers/loopshift_helper.py (version 1).
 *
 * A failed answer's `error` may carry the 1-based `line` and `column` the failure is about (a file
 * that does not parse). Type `MemoryLimit`: the helper went past LOOPSHIFT_MEMORY_LIMIT_MB on this
 * file; it exits after answering, so that a fresh helper takes the next file.
 */

export const PROTOCOL_VERSION = 1;

export interface CodeInfo {
  code: string;
  summary: string;
  explanation: string;
}

export interface TransformInfo {
  name: string;
  description: string;
  triggers: string[];
  triggerPatterns: string[];  // regular expressions, for words too common to be triggers alone
  requires?: string[];        // the file must also contain one of these words
  minTarget: string;
  order: number;
  codes: CodeInfo[];
}

export interface Hello {
  type: 'hello';
  protocol: number;
  python: string;
  executable: string;
  libcst: string;
  pid: number;
  transforms: TransformInfo[];
}

/** Sent instead of hello when the helper cannot work (no libcst, Python too old, a broken transform). */
export interface Fatal {
  type: 'fatal';
  code: 'libcst-missing' | 'python-too-old' | 'transform-load-failed';
  python: string;
  executable: string;
  message: string;
}

export interface TransformRequest {
  id: number;
  type: 'transform';
  path: string;
  source: string;
  transforms: string[];
  options: { target: string };
}

export interface Diagnostic {
  line: number;
  column: number;
  code: string;
  message: string;
  transform: string;
}

export interface Change {
  line: number;
  column: number;
  transform: string;
  description: string;
}

type AnswerCommon = { id: number; diagnostics: Diagnostic[]; maxRssKb?: number };

export type Answer =
  | (AnswerCommon & { status: 'changed'; source: string; changes: Change[]; transforms: string[] })
  | (AnswerCommon & { status: 'unchanged' })
  | (AnswerCommon & { status: 'skipped'; reason: string })
  | (AnswerCommon & { status: 'failed'; error: AnswerError });

export interface AnswerError {
  type: string;
  message: string;
  line?: number;    // 1-based, when the failure has a position (a syntax error)
  column?: number;  // 1-based, in characters
}

export type Job = Omit<TransformRequest, 'id' | 'type'>;

export function failedAnswer(id: number, type: string, message: string): Answer {
  return { id, status: 'failed', error: { type, message }, diagnostics: [] };
}
