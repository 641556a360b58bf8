/**
 * A pool of long-lived helpers that pull work from one queue. A helper that crashes, hangs past the
 * per-file timeout or corrupts its stream fails only the file it was working on; it is replaced and
 * the run goes on.
 */
import { HelperCrashError, type HelperConnection } from './helper-process.js';
import { failedAnswer, type Answer, type Hello, type Job } from './protocol.js';

export type HelperFactory = () => Promise<HelperConnection>;

/** The error type of the answer given to queued work that stop() dropped before it started. */
export const NOT_STARTED = 'NotStarted';

interface Queued {
  job: Job;
  resolve: (answer: Answer) => void;
}

export interface PoolStats {
  restarts: number;
  started: number;
  helperPeakKb: number; // the largest peak RSS any helper reported
}

export class HelperPool {
  private readonly queue: Queued[] = [];
  private readonly idle: HelperConnection[] = [];
  private busy = 0;
  private starting = 0;
  private nextId = 1;
  private closed = false;
  private stopping = false; // stop(): finish what is in flight, start nothing and restart nothing
  readonly stats: PoolStats = { restarts: 0, started: 1, helperPeakKb: 0 };

  /** `first` is an already started helper: its hello tells the driver which transforms exist. */
  constructor(
    private readonly factory: HelperFactory,
    first: HelperConnection,
    private readonly size: number,
    private readonly timeoutMs: number,
  ) {
    this.idle.push(first);
    this.hello = first.hello;
  }

  readonly hello: Hello;

  transform(job: Job): Promise<Answer> {
    if (this.stopping) return Promise.resolve(failedAnswer(0, NOT_STARTED, 'not started: the run was stopped'));
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.pump();
    });
  }

  /**
   * Starts the rest of the helpers now, while the driver still reads the project: a cold run then finds
   * them ready (Python and LibCST take most of a second to import) instead of starting them on demand.
   */
  warm(): void {
    while (!this.stopping && !this.closed && this.busy + this.idle.length + this.starting < this.size) this.spawn(false);
  }

  /** Ctrl-C or [q]uit: queued work is answered NOT_STARTED, in-flight work finishes, no helper is restarted. */
  stop(): void {
    this.stopping = true;
    for (const queued of this.queue.splice(0)) queued.resolve(failedAnswer(0, NOT_STARTED, 'not started: the run was stopped'));
  }

  close(): void {
    this.closed = true;
    for (const helper of this.idle.splice(0)) helper.kill();
  }

  private pump(): void {
    while (this.queue.length && this.idle.length) {
      const helper = this.idle.pop()!;
      this.dispatch(helper, this.takeLargest());
    }
    // Start more helpers lazily, only while there is queued work they could take.
    while (this.queue.length > this.starting && this.busy + this.idle.length + this.starting < this.size) {
      this.spawn(false);
    }
  }

  /**
   * Largest source first: a big file started last would leave the other helpers idle while it
   * finishes (longest-processing-time-first scheduling). Answers are re-ordered by the caller.
   */
  private takeLargest(): Queued {
    let best = 0;
    for (let i = 1; i < this.queue.length; i += 1) {
      if (this.queue[i].job.source.length > this.queue[best].job.source.length) best = i;
    }
    return this.queue.splice(best, 1)[0];
  }

  private spawn(isRestart: boolean): void {
    this.starting += 1;
    if (isRestart) this.stats.restarts += 1;
    else this.stats.started += 1;
    this.factory().then(
      (helper) => {
        this.starting -= 1;
        if (this.closed) return helper.kill();
        this.idle.push(helper);
        this.pump();
      },
      (error: unknown) => {
        this.starting -= 1;
        // Nothing can run without a helper: fail what is waiting rather than hang.
        if (this.busy + this.idle.length + this.starting === 0) {
          for (const queued of this.queue.splice(0)) {
            queued.resolve(failedAnswer(0, 'HelperStartError', `could not restart the helper: ${String(error)}`));
          }
        }
      },
    );
  }

  private dispatch(helper: HelperConnection, queued: Queued): void {
    this.busy += 1;
    const id = this.nextId++;
    let settled = false;
    const finish = (answer: Answer, healthy: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      this.busy -= 1;
      queued.resolve(answer);
      if (healthy && !this.closed) this.idle.push(helper);
      else {
        helper.kill();
        if (!this.closed && !this.stopping) this.spawn(true);
      }
      this.pump();
    };
    const timer = setTimeout(() => {
      finish(failedAnswer(id, 'Timeout', `no answer within ${this.timeoutMs / 1000}s; the helper was restarted`), false);
    }, this.timeoutMs);
    helper.send({ id, type: 'transform', ...queued.job }).then(
      (answer) => {
        this.stats.helperPeakKb = Math.max(this.stats.helperPeakKb, answer.maxRssKb ?? 0);
        finish({ ...answer, id }, true);
      },
      (error: unknown) => finish(failedAnswer(id, error instanceof HelperCrashError ? error.type : 'HelperCrash',
        `${error instanceof Error ? error.message : String(error)}; the helper was restarted`), false),
    );
  }
}
