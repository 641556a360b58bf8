/**
 * Safe and unsafe fixes (README "Safe and unsafe fixes"), as ruff separates them.
 *
 * Every rewrite the helper makes on its own is proven (applicability "safe"). A transform may also
 * propose an *unsafe* fix for a diagnostic: a rewrite that may change behaviour in cases the analysis
 * cannot rule out (its PROPOSALS, carried by the hello on the code it answers: CodeInfo.unsafeFix). The
 * driver asks for the proposals of the codes selected for a file (`options.unsafe`); the helper answers
 * with the safe text, as without them, plus the text with the proposals too (`answer.unsafe`).
 *
 * A result keeps that second text as `unsafe` (pending: shown as a separate, marked diff; counted in the
 * summary) until something takes it: --unsafe-fixes (or `unsafe-fixes = true`) takes it for every file,
 * and in --interactive a person approves it file by file. A taken result *is* the text with the unsafe
 * fixes: its changes carry `applicability: "unsafe"` and its diagnostics are those left in that text.
 */
import type { FileResult } from './file-result.js';
import type { Answer, Change, Diagnostic, TransformInfo } from './helper/protocol.js';
import type { Mode } from './options.js';
import type { FileSelection, Suppressed } from './rule-selection.js';
import type { SourceText } from './source-file.js';

/** The header of the marked diff in a dry run (and in --check), and in the review. */
export const UNSAFE_HEADER = 'loopshift: unsafe fixes (not applied; --unsafe-fixes)';
export const UNSAFE_REVIEW_HEADER = 'loopshift: unsafe fixes (each may change behaviour: loopshift --explain CODE says how)';
export const UNSAFE_APPLIED_HEADER = 'loopshift: unsafe fixes (applied: [a]ll remaining)';

/** The proposals a result holds and has not taken: the text with them on top of the safe changes. */
export interface UnsafeFixes {
  after: string;              // the text with the safe changes and the unsafe fixes
  changes: Change[];          // every change of that text, each with its applicability
  diagnostics: Diagnostic[];  // what is left to report in it (selected, as the result's own)
  transforms: string[];
  suppressed?: Suppressed[];
}

/** The unsafe ones among changes. */
export function unsafeChanges(changes: readonly Change[]): Change[] {
  return changes.filter((change) => change.applicability === 'unsafe');
}

/**
 * The codes whose unsafe fixes to ask the helper for on one file: those a transform that runs there
 * proposes (the hello's unsafeFix), selected for this file (neither --ignore nor per-file-ignores took them).
 */
export function proposalCodes(hello: readonly TransformInfo[], running: readonly string[], selection: FileSelection): string[] {
  const codes: string[] = [];
  for (const transform of hello) {
    for (const { code, unsafeFix } of transform.codes) {
      if (!unsafeFix || !running.includes(unsafeFix.transform)) continue;
      const probe: Diagnostic = { line: 1, column: 1, code, message: '', transform: transform.name };
      if (selection.filter([probe]).kept.length) codes.push(code);
    }
  }
  return codes.sort();
}

/**
 * The result with the answer's unsafe text attached (pending), or taken already when `take` (--unsafe-fixes
 * outside the review). Its diagnostics go through the file's selection, as the safe ones did.
 */
export function withUnsafe(
  result: FileResult, answer: Answer, selection: FileSelection, source: SourceText, bytes: Buffer, take: boolean,
): FileResult {
  if ((answer.status !== 'changed' && answer.status !== 'unchanged') || !answer.unsafe) return result;
  const { kept, suppressed } = selection.filter(answer.unsafe.diagnostics);
  for (const s of answer.unsafe.suppressed ?? []) suppressed.push({ line: s.line, column: s.column, code: s.code, transform: s.transform, by: 'comment' });
  const unsafe: UnsafeFixes = {
    after: answer.unsafe.source, changes: answer.unsafe.changes, diagnostics: kept, transforms: answer.unsafe.transforms,
    ...(suppressed.length ? { suppressed } : {}),
  };
  const pending: FileResult = { ...result, unsafe, before: result.before ?? source, original: result.original ?? bytes };
  return take ? takeUnsafe(pending) : pending;
}

/** The result as the text with its unsafe fixes (--unsafe-fixes, or approved in the review). */
export function takeUnsafe(result: FileResult): FileResult {
  const { unsafe, ...rest } = result;
  if (!unsafe) return result;
  const { suppressed: _safeSuppressed, ...withoutSuppressed } = rest;
  return {
    ...withoutSuppressed, status: 'changed', after: unsafe.after, changes: unsafe.changes, diagnostics: unsafe.diagnostics,
    transforms: unsafe.transforms, ...(unsafe.suppressed ? { suppressed: unsafe.suppressed } : {}),
  };
}

/** The changes --json lists for a result: its own, and the unsafe fixes it holds but has not taken. */
export function listedChanges(result: { changes: readonly Change[]; unsafe?: { changes: readonly Change[] } }): Change[] {
  const pending = result.unsafe ? unsafeChanges(result.unsafe.changes) : [];
  return [...result.changes, ...pending].sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Whether a diagnostic has an unsafe fix pending in its result (a proposal answering its code on its
 * line): the outputs that list diagnostics (GitHub, SARIF, Markdown) say so, as the diff does.
 */
export function proposalFor(result: { unsafe?: { changes: readonly Change[] } }): (d: Pick<Diagnostic, 'code' | 'line'>) => boolean {
  const proposed = new Set(unsafeChanges(result.unsafe?.changes ?? []).map((change) => `${change.code}\u0000${change.line}`));
  return (d) => proposed.has(`${d.code}\u0000${d.line}`);
}

/** The words the outputs append to a diagnostic that has an unsafe fix pending. */
export const UNSAFE_FIX_AVAILABLE = 'an unsafe fix is available: loopshift --unsafe-fixes applies it; --explain says what it may change';

/** summary.unsafeFixes: present when the run had unsafe fixes, or was asked to apply them. */
export interface UnsafeSummary {
  enabled: boolean;        // --unsafe-fixes (or unsafe-fixes = true): taken with the safe changes
  pending: number;         // unsafe fixes found and not applied (not taken, declined in the review, not written)
  pendingFiles: number;    // files holding them
  onlyUnsafeFiles: number; // of those, files that would change only with them ("K more with --unsafe-fixes")
  applied: number;         // unsafe fixes in the texts this run applies (a dry run: would apply)
  codes: Record<string, { pending: number; applied: number }>; // the same, per diagnostic code
}

/** Counts the results' unsafe fixes for summary.unsafeFixes. */
export class UnsafeTally {
  private readonly counts = { pending: 0, pendingFiles: 0, onlyUnsafeFiles: 0, applied: 0 };
  private readonly codes = new Map<string, { pending: number; applied: number }>();

  constructor(private readonly mode: Mode, private readonly enabled: boolean) {}

  add(result: FileResult): void {
    // Pending: held, not taken. Taken: part of the result's text, applied when written (a dry run: would be).
    const held = result.unsafe ? unsafeChanges(result.unsafe.changes) : [];
    const taken = result.unsafe ? [] : unsafeChanges(result.changes);
    const writing = this.mode === 'write' || this.mode === 'interactive';
    const applied = !writing || result.written === true ? taken : [];
    const pending = [...held, ...taken.filter((change) => !applied.includes(change))];
    this.tally(pending, 'pending');
    this.tally(applied, 'applied');
    this.counts.applied += applied.length;
    if (pending.length) {
      this.counts.pending += pending.length;
      this.counts.pendingFiles += 1;
      if (held.length && !result.changes.length) this.counts.onlyUnsafeFiles += 1; // no safe change of its own
    }
  }

  summary(): UnsafeSummary | undefined {
    if (!this.enabled && !this.codes.size) return undefined;
    const codes = Object.fromEntries([...this.codes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { enabled: this.enabled, ...this.counts, codes };
  }

  private tally(changes: readonly Change[], kind: 'pending' | 'applied'): void {
    for (const change of changes) {
      const code = change.code ?? '';
      const entry = this.codes.get(code) ?? { pending: 0, applied: 0 };
      entry[kind] += 1;
      this.codes.set(code, entry);
    }
  }
}

/** The summary's lines about unsafe fixes (none when there were none), after the run's main line. */
export function unsafeSummaryText(unsafe: UnsafeSummary | undefined, changed: number, mode: Mode): string {
  if (!unsafe) return '';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : word.endsWith('x') ? 'es' : 's'}`;
  const perCode = (kind: 'pending' | 'applied') => Object.entries(unsafe.codes).filter(([, n]) => n[kind])
    .map(([code, n]) => `${code}: ${n[kind]}`).join(', ');
  const dry = mode === 'diff' || mode === 'check';
  const lines: string[] = [];
  if (unsafe.pending) {
    const fixes = `${plural(unsafe.pending, 'unsafe fix')} in ${plural(unsafe.pendingFiles, 'file')} not applied`;
    const more = unsafe.onlyUnsafeFiles;
    lines.push(dry
      ? `loopshift: ${plural(changed, 'file')} would change; ${more} more with --unsafe-fixes (${fixes}; ${perCode('pending')})`
      : `loopshift: ${fixes} (${perCode('pending')})${more ? `; ${plural(more, 'more file')} would change with --unsafe-fixes` : ''}`);
  }
  if (unsafe.applied) {
    const how = unsafe.enabled ? '--unsafe-fixes' : 'approved in the review';
    lines.push(`loopshift: ${dry ? 'would apply' : 'applied'} ${plural(unsafe.applied, 'unsafe fix')} (${how}; ${perCode('applied')})`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** What `--explain` (and SARIF's rule help) adds for a code some transform proposes an unsafe fix for. */
export function unsafeFixNote(fix: { explanation: string; transform: string } | undefined): string {
  return fix ? `\n\nUnsafe fix: ${fix.explanation}\n(proposed by ${fix.transform}; applied only with --unsafe-fixes, or approved in -i)` : '';
}
