/** What a run was asked to do, after the CLI has parsed and checked the flags. */
import type { SelectionLayer } from './rule-selection.js';

export type Mode = 'diff' | 'check' | 'write' | 'interactive';
export type Output = 'text' | 'json' | 'github' | 'sarif';

export interface RunOptions {
  paths: string[];
  mode: Mode;
  output: Output;
  transforms: string[];          // empty: all transforms
  transformsFrom?: string;       // the config file that named them, for error messages
  selection?: SelectionLayer[];  // [tool.loopshift] select/extend-select/ignore, then the flags (src/rule-selection.ts)
  statistics?: boolean;          // --statistics: a table of codes and rewrites with counts
  unsafeFixes?: boolean;         // --unsafe-fixes / unsafe-fixes = true: apply unsafe fixes too (src/unsafe-fixes.ts)
  targetVersion?: string;        // "3.9"; undefined: read from project config
  python?: string;               // --python
  jobs: number;
  exclude: string[];
  quiet: boolean;
  color: boolean;
  timeoutSeconds: number;
  maxFileBytes: number;
  memoryLimitMb: number;         // per helper; 0: no limit
  allowDirty: boolean;
  reportFile?: string;           // --report FILE.md
  cacheDir?: string | null;      // --cache-dir, LOOPSHIFT_CACHE_DIR; undefined: under the project root; null: --no-cache
}

/** Shared between the run, the review and the Ctrl-C handler. */
export interface RunControl {
  interrupted: boolean;          // Ctrl-C: finish what is in flight, start nothing new
  stopped: boolean;              // [q]uit in interactive mode: review nothing more
  stdoutClosed?: boolean;        // the reader of stdout went away (EPIPE): stop quietly
}

export const SUPPORTED_TARGETS = ['3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'] as const;
export const DEFAULT_TARGET = '3.9';
