/** The outcome for one file, as the review and the report see it. */
import type { Change, Diagnostic } from './helper/protocol.js';
import type { SourceText } from './source-file.js';

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'failed';

export interface FileResult {
  display: string;
  absolute: string;
  status: FileStatus;
  target: string;
  transforms: string[];
  changes: Change[];
  diagnostics: Diagnostic[];
  reason?: string;                          // skipped
  error?: { type: string; message: string; line?: number; column?: number }; // failed (line/column: a syntax error's)
  before?: SourceText;                      // changed: what was read
  after?: string;                           // changed: the new text (without BOM)
  original?: Buffer;                        // changed: the bytes read, to detect edits made since
  written?: boolean;                        // --write / --interactive: whether the change reached the disk
}
