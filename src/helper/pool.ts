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
  prepare?: boolean;  // parse ahead only: the answer is dropped
}

/** Files a helper parses ahead (python-helpers/loopshift_support/request_handler.py keeps as many trees). */
const MAX_PREPARED = 8;

export interface PoolStats {
  restarts: number;
  started: number;
  helperPeakKb: number; // the largest peak RSS any helper reported
}

export class HelperPool {
  private readonly queue: Queued[] = [];
  private readonly idle: HelperConnection[] = [];
  private prepareBacklog: Job[] = [];
  private pumpScheduled = false;
  private transforming = false;
  private readonly preparedAt = new Map<string, HelperConnection>(); // path -> the helper that parsed it ahead
  private readonly preparedCount = new Map<HelperConnection, number>();
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
    this.transforming = true;
    this.prepareBacklog = []; // the real work has begun: parsing ahead would only delay it
    return new Promise((resolve) => {
      this.queue.push({ job, resolve });
      this.schedulePump();
    });
  }

  /**
   * Starts the rest of the helpers now, while the driver still reads the project: a cold run then finds
   * them ready (Python and LibCST take most of a second to import) instead of starting them on demand.
   */
  warm(): void {
    while (!this.stopping && !this.closed && this.busy + this.idle.length + this.starting < this.size) this.spawn(false);
  }

  /**
   * A file that will be transformed once the project is read: a helper with nothing to do parses it
   * now, and the transform request goes to that helper when it is free. Never delays real work.
   */
  prepare(job: Job): void {
    if (this.stopping || this.closed || this.transforming) return;
    if (this.prepareBacklog.length < this.size * MAX_PREPARED) this.prepareBacklog.push(job);
    this.pump();
  }

  /** Ctrl-C or [q]uit: queued work is answered NOT_STARTED, in-flight work finishes, no helper is restarted. */
  stop(): void {
    this.stopping = true;
    this.prepareBacklog = [];
    for (const queued of this.queue.splice(0)) queued.resolve(failedAnswer(0, NOT_STARTED, 'not started: the run was stopped'));
  }

  close(): void {
    this.closed = true;
    for (const helper of this.idle.splice(0)) helper.kill();
  }

  /**
   * Dispatch once the jobs the caller is queueing in this turn are all queued, so that a helper picks
   * among them (the file it parsed ahead, the largest) rather than the first that came.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length && this.idle.length) {
      const helper = this.idle.pop()!;
      this.dispatch(helper, this.takeFor(helper));
    }
    while (!this.queue.length && this.prepareBacklog.length && this.idle.length) {
      const helper = this.idle.find((h) => (this.preparedCount.get(h) ?? 0) < MAX_PREPARED);
      if (!helper) break;
      this.idle.splice(this.idle.indexOf(helper), 1);
      const job = this.prepareBacklog.shift()!;
      this.preparedAt.set(job.path, helper);
      this.preparedCount.set(helper, (this.preparedCount.get(helper) ?? 0) + 1);
      this.dispatch(helper, { job, resolve: (answer) => this.prepared(helper, job, answer), prepare: true });
    }
    // Start more helpers lazily, only while there is queued work they could take.
    while (this.queue.length > this.starting && this.busy + this.idle.length + this.starting < this.size) {
      this.spawn(false);
    }
  }

  /**
   * Largest source first: a big file started last would leave the other helpers idle while it
   * finishes (longest-processing-time-first scheduling). Answers are re-ordered by the caller. Among
   * them, a helper first takes a file it parsed ahead, then one no other live helper did.
   */
  private takeFor(helper: HelperConnection): Queued {
    const mine = this.largestWhere((queued) => this.preparedAt.get(queued.job.path) === helper);
    const index = mine >= 0 ? mine : this.largestWhere((queued) => {
      const at = this.preparedAt.get(queued.job.path);
      return !at || !this.preparedCount.has(at);
    });
    const [taken] = this.queue.splice(index >= 0 ? index : this.largestWhere(() => true), 1);
    this.forget(taken.job.path);
    return taken;
  }

  /** The index of the largest queued job that `where` accepts, or -1. */
  private largestWhere(where: (queued: Queued) => boolean): number {
    let best = -1;
    this.queue.forEach((queued, i) => {
      if (where(queued) && (best < 0 || queued.job.source.length > this.queue[best].job.source.length)) best = i;
    });
    return best;
  }

  /** A prepare request's acknowledgement: no tree kept (the import gate needs none, or it failed), no affinity. */
  private prepared(helper: HelperConnection, job: Job, answer: Answer): void {
    if ((answer as { prepared?: unknown }).prepared !== true && this.preparedAt.get(job.path) === helper) this.forget(job.path);
  }

  /** The file is no longer parsed ahead anywhere: taken, or its helper kept no tree. */
  private forget(path: string): void {
    const at = this.preparedAt.get(path);
    if (!at) return;
    this.preparedAt.delete(path);
    const count = this.preparedCount.get(at);
    if (count !== undefined) this.preparedCount.set(at, count - 1);
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
        this.preparedCount.delete(helper); // its trees died with it
        helper.kill();
        if (!this.closed && !this.stopping) this.spawn(true);
      }
      this.pump();
    };
    const timer = setTimeout(() => {
      finish(failedAnswer(id, 'Timeout', `no answer within ${this.timeoutMs / 1000}s; the helper was restarted`), false);
    }, this.timeoutMs);
    helper.send({ id, type: queued.prepare ? 'prepare' : 'transform', ...queued.job }).then(
      (answer) => {
        this.stats.helperPeakKb = Math.max(this.stats.helperPeakKb, answer.maxRssKb ?? 0);
        finish({ ...answer, id }, true);
      },
      (error: unknown) => finish(failedAnswer(id, error instanceof HelperCrashError ? error.type : 'HelperCrash',
        `${error instanceof Error ? error.message : String(error)}; the helper was restarted`), false),
    );
  }
}
