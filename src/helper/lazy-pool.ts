/**
 * A helper pool started on first use. With the helper's hello known from the result cache, a run whose
 * files are all answered from the cache (or skipped by the prefilter) never starts Python.
 */
import { NOT_STARTED, type PoolStats } from './pool.js';
import { failedAnswer, type Answer, type Job } from './protocol.js';

export interface Pool {
  readonly stats: PoolStats;
  transform(job: Job): Promise<Answer>;
  /** A hint that a cold run has more work coming than one helper takes: start the others early. */
  warm?(): void;
  /** A hint that this file will be transformed: an idle helper may parse it now (HelperPool.prepare). */
  prepare?(job: Job): void;
  stop(): void;
  close(): void;
}

export class LazyPool implements Pool {
  private pool?: Pool;
  private starting?: Promise<Pool>;
  private stopped = false;
  private closed = false;

  constructor(private readonly start: () => Promise<Pool>) {}

  get stats(): PoolStats {
    return this.pool?.stats ?? { restarts: 0, started: 0, helperPeakKb: 0 };
  }

  /** Rejects when no helper can be started (a SetupError from interpreter discovery): the run cannot go on. */
  async transform(job: Job): Promise<Answer> {
    if (this.stopped) return failedAnswer(0, NOT_STARTED, 'not started: the run was stopped');
    this.starting ??= this.start().then((pool) => {
      this.pool = pool;
      if (this.stopped) pool.stop();
      if (this.closed) pool.close();
      return pool;
    });
    return (await this.starting).transform(job);
  }

  stop(): void {
    this.stopped = true;
    this.pool?.stop();
  }

  close(): void {
    this.closed = true;
    this.pool?.close();
  }
}
