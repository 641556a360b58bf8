/**
 * The JSON-lines protocol between the driver and python-helpers/loopshift_helper.py (version 1).
 *
 * A failed answer's `error` may carry the 1-based `line` and `column` the failure is about (a file
 * that does not parse). Type `MemoryLimit`: the helper went past LOOPSHIFT_MEMORY_LIMIT_MB on this
 * file; it exits after answering, so that a fresh helper takes the next file.
 *
 * A request may ask for unsafe proposals (`options.unsafe`): the answer is then the safe one, as without
 * them, plus `unsafe` (the text with the proposals too) when the helper proposed something, and every
 * change carries its `applicability`.
 */

import type { FileFacts } from '../project-model.js';

export const PROTOCOL_VERSION = 1;

export interface CodeInfo {
  code: string;
  summary: string;
  explanation: string;
  /** An unsafe fix some transform proposes for this code (its PROPOSALS), and what it may change. */
  unsafeFix?: { transform: string; explanation: string };
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
  /** libcst's `__init__.py`, so that a kept hello can tell libcst was not replaced (older helpers: absent). */
  libcstPath?: string;
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
  /**
   * 'prepare': parse the file now, for a 'transform' request of the same source to come (the pool sends
   * it to a helper that would otherwise wait while the driver reads the project). Acknowledged with an
   * empty 'unchanged' answer, which the pool drops.
   */
  type: 'transform' | 'prepare';
  path: string;
  source: string;
  transforms: string[];
  options: {
    target: string;
    /** What the project model knows of this file (src/project-model.ts); absent in stdin mode. Helpers ignore what they do not use. */
    project?: FileFacts;
    /**
     * Ask for unsafe proposals: the diagnostic codes whose unsafe fixes to propose (or true: all). The answer
     * then carries applicability on every change, and `unsafe` when something was proposed.
     */
    unsafe?: string[] | true;
  };
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
  /** Present when the request asked for proposals: "unsafe" for a proposal, which `code` answers. */
  applicability?: Applicability;
  code?: string;
}

export type Applicability = 'safe' | 'unsafe';

/**
 * The text with the unsafe proposals too (on top of the safe changes, to its own fixed point): every change
 * of that text (each with its applicability), what is left to report there, and its suppressions.
 */
export interface UnsafeVersion {
  source: string;
  changes: Change[];
  diagnostics: Diagnostic[];
  transforms: string[];
  suppressed?: SuppressedSite[];
}

/** Why the helper skipped a file, for code to test (`reason` is the text for people); older helpers send none. */
export type HelperSkipCode = 'no-triggers' | 'needs-newer-target';

/** A diagnostic or rewrite a suppression comment kept out (`code` is the transform's name for a rewrite). */
export interface SuppressedSite {
  line: number;
  column: number;
  code: string;
  transform: string;
}

type AnswerCommon = {
  id: number; diagnostics: Diagnostic[]; maxRssKb?: number; suppressed?: SuppressedSite[];
  /** An imported project module's effects on the loop made a transform decline something (docs/SEMANTICS.md P3f). */
  effectsDeclined?: boolean;
};

export type Answer =
  | (AnswerCommon & { status: 'changed'; source: string; changes: Change[]; transforms: string[]; unsafe?: UnsafeVersion })
  | (AnswerCommon & { status: 'unchanged'; unsafe?: UnsafeVersion })
  | (AnswerCommon & { status: 'skipped'; reason: string; reasonCode?: HelperSkipCode })
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

/**
 * Validation where lines arrive: the helper is another process (another engineer's code, another
 * Python), so its lines are checked, never cast. A line of the wrong shape is a protocol failure
 * (ProtocolError), which the caller turns into a crashed helper or a failed start.
 */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

function check(ok: boolean, what: string): void {
  if (!ok) throw new ProtocolError(what);
}

function listOf(value: unknown, what: string, item: (entry: unknown, where: string) => void): void {
  check(Array.isArray(value), `${what} is not a list`);
  (value as unknown[]).forEach((entry, index) => item(entry, `${what}[${index}]`));
}

function transformInfo(value: unknown, where: string): void {
  check(isObject(value), `${where} is not an object`);
  const t = value as Json;
  for (const key of ['name', 'description', 'minTarget']) check(isString(t[key]), `${where}.${key} is not a string`);
  check(isStringList(t.triggers), `${where}.triggers is not a list of strings`);
  check(t.triggerPatterns === undefined || isStringList(t.triggerPatterns), `${where}.triggerPatterns is not a list of strings`);
  check(t.requires === undefined || isStringList(t.requires), `${where}.requires is not a list of strings`);
  check(isNumber(t.order), `${where}.order is not a number`);
  listOf(t.codes, `${where}.codes`, (code, at) => {
    check(isObject(code), `${at} is not an object`);
    for (const key of ['code', 'summary', 'explanation']) check(isString((code as Json)[key]), `${at}.${key} is not a string`);
    const fix = (code as Json).unsafeFix;
    check(fix === undefined || (isObject(fix) && isString(fix.transform) && isString(fix.explanation)),
      `${at}.unsafeFix has no transform and explanation`);
  });
}

/** The helper's first line: a hello of this protocol version, or a fatal saying why it cannot work. */
export function parseHello(value: unknown): Hello | Fatal {
  check(isObject(value), 'the first line is not a JSON object');
  const line = value as Json;
  if (line.type === 'fatal') {
    check(isString(line.message), 'fatal.message is not a string');
    return line as unknown as Fatal;
  }
  check(line.type === 'hello', 'the first line is neither hello nor fatal');
  check(line.protocol === PROTOCOL_VERSION, `protocol ${JSON.stringify(line.protocol)} is not ${PROTOCOL_VERSION}`);
  for (const key of ['python', 'executable', 'libcst']) check(isString(line[key]), `hello.${key} is not a string`);
  check(isNumber(line.pid), 'hello.pid is not a number');
  check(line.libcstPath === undefined || isString(line.libcstPath), 'hello.libcstPath is not a string');
  listOf(line.transforms, 'hello.transforms', transformInfo);
  return line as unknown as Hello;
}

const SKIP_CODES: readonly string[] = ['no-triggers', 'needs-newer-target'] satisfies HelperSkipCode[];

function position(value: unknown, where: string): void {
  check(isObject(value), `${where} is not an object`);
  const p = value as Json;
  check(isNumber(p.line) && isNumber(p.column), `${where} has no line and column`);
}

function diagnosticList(value: unknown, what: string): void {
  listOf(value, what, (d, at) => {
    position(d, at);
    for (const key of ['code', 'message', 'transform']) check(isString((d as Json)[key]), `${at}.${key} is not a string`);
  });
}

function suppressedList(value: unknown, what: string): void {
  listOf(value, what, (s, at) => {
    position(s, at);
    for (const key of ['code', 'transform']) check(isString((s as Json)[key]), `${at}.${key} is not a string`);
  });
}

function changeList(value: unknown, what: string): void {
  listOf(value, what, (c, at) => {
    position(c, at);
    const change = c as Json;
    check(isString(change.transform) && isString(change.description), `${at} has no transform and description`);
    check(change.applicability === undefined || change.applicability === 'safe' || change.applicability === 'unsafe',
      `${at}.applicability is not safe or unsafe`);
    check(change.applicability !== 'unsafe' || isString(change.code), `${at} is unsafe without the code it answers`);
  });
}

function unsafeVersion(value: unknown): void {
  check(isObject(value), 'answer.unsafe is not an object');
  const u = value as Json;
  check(isString(u.source), 'answer.unsafe.source is not a string');
  check(isStringList(u.transforms), 'answer.unsafe.transforms is not a list of strings');
  changeList(u.changes, 'answer.unsafe.changes');
  diagnosticList(u.diagnostics, 'answer.unsafe.diagnostics');
  if (u.suppressed !== undefined) suppressedList(u.suppressed, 'answer.unsafe.suppressed');
}

/** An answer to a transform request; `id` is checked by the caller, which knows what is pending. */
export function parseAnswer(value: unknown): Answer {
  check(isObject(value), 'the answer is not a JSON object');
  const a = value as Json;
  check(isNumber(a.id), 'answer.id is not a number');
  // Older helpers may leave diagnostics out of an answer that has none.
  if (a.diagnostics !== undefined) diagnosticList(a.diagnostics, 'answer.diagnostics');
  const diagnostics = (a.diagnostics ?? []) as Diagnostic[];
  check(a.maxRssKb === undefined || isNumber(a.maxRssKb), 'answer.maxRssKb is not a number');
  if (a.suppressed !== undefined) suppressedList(a.suppressed, 'answer.suppressed');
  check(a.effectsDeclined === undefined || typeof a.effectsDeclined === 'boolean', 'answer.effectsDeclined is not a boolean');
  if (a.unsafe !== undefined) {
    check(a.status === 'changed' || a.status === 'unchanged', 'answer.unsafe goes with changed or unchanged only');
    unsafeVersion(a.unsafe);
  }
  const common = { ...a, diagnostics } as Json;
  switch (a.status) {
    case 'changed': {
      check(isString(a.source), 'answer.source is not a string');
      check(isStringList(a.transforms), 'answer.transforms is not a list of strings');
      changeList(a.changes, 'answer.changes');
      return common as unknown as Answer;
    }
    case 'unchanged':
      return common as unknown as Answer;
    case 'skipped': {
      check(isString(a.reason), 'answer.reason is not a string');
      // A code this driver does not know yet is dropped, not fatal: the human reason still stands.
      const reasonCode = isString(a.reasonCode) && SKIP_CODES.includes(a.reasonCode) ? a.reasonCode : undefined;
      const { reasonCode: _dropped, ...rest } = common;
      return (reasonCode ? { ...rest, reasonCode } : rest) as unknown as Answer;
    }
    case 'failed': {
      check(isObject(a.error), 'answer.error is not an object');
      const error = a.error as Json;
      check(isString(error.type) && isString(error.message), 'answer.error has no type and message');
      check(error.line === undefined || isNumber(error.line), 'answer.error.line is not a number');
      check(error.column === undefined || isNumber(error.column), 'answer.error.column is not a number');
      return common as unknown as Answer;
    }
    default:
      throw new ProtocolError(`answer.status ${JSON.stringify(a.status)} is not changed, unchanged, skipped or failed`);
  }
}
