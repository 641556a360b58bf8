/**
 * The run's one account: each result is counted here once, and every output (the stderr summary,
 * --json, --report, the exit code) reads this account rather than keeping counts of its own.
 */
import type { FileResult } from './file-result.js';
import type { TransformInfo } from './helper/protocol.js';
import type { Mode } from './options.js';
import { Statistics, type StatisticsRow } from './statistics.js';
import type { TargetVersion } from './target-version.js';
import { UnsafeTally, type UnsafeFixes, type UnsafeSummary } from './unsafe-fixes.js';

export interface Summary {
  filesScanned: number;
  candidates: number;
  changed: number;
  unchanged: number;
  skipped: number;
  failed: number;
  diagnostics: number;
  suppressed: number;    // diagnostics kept out by a suppression (per-file-ignores), not counted in diagnostics
  seconds: number;
  targets: { version: string; source: string; files: number }[];
  python: string;
  libcst: string;
  helperRestarts: number;
  notProcessed: number;  // never examined: the run was interrupted or the review quit first
  memory: { driverPeakKb: number; helperPeakKb: number };
  cache?: { hits: number; misses: number; helpersStarted: number; filesRead: number }; // absent with --no-cache
  interrupted?: boolean;
  written?: number;      // --write / --interactive: files rewritten on disk
  refused?: number;      // not written: uncommitted changes in git (see --allow-dirty)
  declined?: number;     // --interactive: answered no or quit
  notReviewed?: number;  // --interactive: results that arrived after [q]uit, shown to no one
  statistics?: StatisticsRow[]; // --statistics: per code and per transform (src/statistics.ts)
  unsafeFixes?: UnsafeSummary;  // unsafe fixes found, pending and applied; only when there were some, or --unsafe-fixes
}

/** A result as the report keeps it: without the file's text (nor the text with its unsafe fixes). */
export type ReportedFile = Omit<FileResult, 'before' | 'after' | 'original' | 'unsafe'> & { unsafe?: Omit<UnsafeFixes, 'after'> };

/** What the run measured rather than counted. */
export interface RunFacts {
  filesScanned: number;
  seconds: number;
  python: string;
  libcst: string;
  helperRestarts: number;
  memory: Summary['memory'];
  cache?: Summary['cache'];
  interrupted: boolean;
}

export class RunReport {
  /** Every reported result in discovery order; kept only when an output lists files (--json, --report). */
  readonly files: ReportedFile[] = [];
  /** Files not written because of uncommitted changes, for the closing message. */
  readonly refused: string[] = [];
  private readonly counts = { candidates: 0, changed: 0, unchanged: 0, skipped: 0, failed: 0, diagnostics: 0, suppressed: 0, notProcessed: 0 };
  private readonly statistics = new Statistics();
  private readonly applied = { written: 0, declined: 0, 'not-reviewed': 0 };
  private readonly targets = new Map<string, Summary['targets'][number]>();
  private readonly unsafe: UnsafeTally;

  /** `describe`: with --statistics, the transforms whose codes and descriptions the rows name. `unsafeFixes`: --unsafe-fixes. */
  constructor(private readonly mode: Mode, private readonly keepFiles: boolean, private readonly describe?: readonly TransformInfo[],
    unsafeFixes = false) {
    this.unsafe = new UnsafeTally(mode, unsafeFixes);
  }

  add(result: FileResult): void {
    this.counts.candidates += 1;
    this.counts[result.status] += 1;
    this.counts.diagnostics += result.diagnostics.length;
    this.counts.suppressed += result.suppressed?.length ?? 0;
    this.statistics.add(result);
    this.unsafe.add(result);
    if (result.applied === 'refused') this.refused.push(result.display);
    else if (result.applied) this.applied[result.applied] += 1;
    if (this.keepFiles && result.applied !== 'not-reviewed') {
      const { before: _before, after: _after, original: _original, unsafe, ...kept } = result;
      if (unsafe) {
        const { after: _unsafeAfter, ...proposed } = unsafe;
        this.files.push({ ...kept, unsafe: proposed });
      } else {
        this.files.push(kept);
      }
    }
  }

  /** The target a candidate file is migrated to (counted as it passes the prefilter). */
  addTarget(target: TargetVersion): void {
    const key = `${target.version}\u0000${target.source}`;
    const entry = this.targets.get(key) ?? { ...target, files: 0 };
    entry.files += 1;
    this.targets.set(key, entry);
  }

  /** A file the run never examined (interrupted, or the review was quit): neither a result nor a failure. */
  addNotProcessed(): void {
    this.counts.notProcessed += 1;
  }

  summary(facts: RunFacts): Summary {
    const c = this.counts;
    const summary: Summary = {
      filesScanned: facts.filesScanned, candidates: c.candidates, changed: c.changed, unchanged: c.unchanged,
      skipped: c.skipped, failed: c.failed, diagnostics: c.diagnostics, suppressed: c.suppressed, seconds: facts.seconds, targets: [...this.targets.values()],
      python: facts.python, libcst: facts.libcst, helperRestarts: facts.helperRestarts, notProcessed: c.notProcessed,
      memory: facts.memory, interrupted: facts.interrupted,
    };
    if (facts.cache) summary.cache = facts.cache;
    if (this.describe) summary.statistics = this.statistics.rows(this.describe);
    const unsafe = this.unsafe.summary();
    if (unsafe) summary.unsafeFixes = unsafe;
    if (this.mode === 'write' || this.mode === 'interactive') {
      Object.assign(summary, {
        written: this.applied.written, refused: this.refused.length, declined: this.applied.declined, notReviewed: this.applied['not-reviewed'],
      });
    }
    return summary;
  }
}
