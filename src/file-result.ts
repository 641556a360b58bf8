/** The outcome for one file, as the review and the report see it. */
import type { Change, Diagnostic, HelperSkipCode } from './helper/protocol.js';
import type { Suppressed } from './rule-selection.js';
import type { SourceText } from './source-file.js';
import type { UnsafeFixes } from './unsafe-fixes.js';

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'failed';

/** Why a file was skipped, for code to test (`reason` is the text for people): the helper's codes and the driver's. */
export type SkipCode = HelperSkipCode | 'too-large' | 'encoding' | 'dirty' | 'skip-file';

/** --write / --interactive: what became of a result; the run report counts these. */
export type Applied = 'written' | 'declined' | 'refused' | 'not-reviewed';

export interface FileResult {
  display: string;
  absolute: string;
  status: FileStatus;
  target: string;
  transforms: string[];
  changes: Change[];
  diagnostics: Diagnostic[];
  suppressed?: Suppressed[];                // diagnostics a suppression kept out (per-file-ignores; later the helper's comments)
  reason?: string;                          // skipped
  reasonCode?: SkipCode;                    // skipped: the reason, for code (absent from older helpers)
  error?: { type: string; message: string; line?: number; column?: number }; // failed (line/column: a syntax error's)
  before?: SourceText;                      // changed: what was read
  after?: string;                           // changed: the new text (without BOM)
  original?: Buffer;                        // changed: the bytes read, to detect edits made since
  written?: boolean;                        // --write / --interactive: whether the change reached the disk
  applied?: Applied;                        // --write / --interactive: see Applied
  unsafe?: UnsafeFixes;                     // unsafe fixes proposed and not taken: the text with them too (src/unsafe-fixes.ts)
}
