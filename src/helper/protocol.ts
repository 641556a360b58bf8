/** The JSON-lines protocol between the driver and python-helpers/loopshift_helper.py (version 1). */

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
  | (AnswerCommon & { status: 'failed'; error: { type: string; message: string } });

export type Job = Omit<TransformRequest, 'id' | 'type'>;

export function failedAnswer(id: number, type: string, message: string): Answer {
  return { id, status: 'failed', error: { type, message }, diagnostics: [] };
}
