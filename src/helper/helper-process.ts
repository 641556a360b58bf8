/** One long-lived Python helper: spawned with execa, spoken to in JSON lines over stdio. */
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import type { Answer, Fatal, Hello, TransformRequest } from './protocol.js';
import { PROTOCOL_VERSION } from './protocol.js';

export const HELPER_SCRIPT = fileURLToPath(new URL('../../python-helpers/loopshift_helper.py', import.meta.url));
const STDERR_TAIL = 4000;

/** What the pool needs from a helper; a fake one can stand in for the pool's own unit tests. */
export interface HelperConnection {
  readonly hello: Hello;
  send(request: TransformRequest): Promise<Answer>;
  kill(): void;
}

/** The helper died or spoke nonsense while a request was pending. */
export class HelperCrashError extends Error {
  override name = 'HelperCrashError';
}

/** The helper could not start: the interpreter is missing, or it said why in a `fatal` line. */
export class HelperStartError extends Error {
  override name = 'HelperStartError';
  constructor(message: string, readonly fatal?: Fatal) {
    super(message);
  }
}

export class HelperProcess implements HelperConnection {
  private readonly pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();
  private stderrTail = '';
  private dead?: Error;
  hello!: Hello;

  private constructor(private readonly child: ResultPromise<{ buffer: false }>) {}

  static async start(python: string, extraEnv: Record<string, string> = {}): Promise<HelperProcess> {
    const child = execa(python, [HELPER_SCRIPT], {
      stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false,
      env: { PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1', RUST_BACKTRACE: '0', ...extraEnv },
    }) as ResultPromise<{ buffer: false }>;
    const helper = new HelperProcess(child);
    return helper.handshake(python);
  }

  private handshake(python: string): Promise<HelperProcess> {
    return new Promise((resolve, reject) => {
      let greeted = false;
      this.child.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
      });
      const lines = createInterface({ input: this.child.stdout! });
      lines.on('line', (line) => {
        if (!greeted) {
          greeted = true;
          const first = parseLine(line);
          if (first?.type === 'hello' && first.protocol === PROTOCOL_VERSION) {
            this.hello = first as unknown as Hello;
            resolve(this);
          } else if (first?.type === 'fatal') {
            this.kill();
            reject(new HelperStartError(String(first.message), first as unknown as Fatal));
          } else {
            this.kill();
            reject(new HelperStartError(`${python} did not answer as a loopshift helper (got: ${line.slice(0, 200)})`));
          }
          return;
        }
        this.onLine(line);
      });
      this.child.stdin?.on('error', () => {}); // EPIPE after a crash: the exit handler reports it
      void this.child.then((result) => {
        const how = result.signal ? `signal ${result.signal}` : `exit code ${result.exitCode}`;
        const spawnFailure = (result as { code?: string }).code === 'ENOENT' ? 'not found' : undefined;
        const tail = this.stderrTail.trim() ? `: ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}` : '';
        this.dead = new HelperCrashError(`the helper stopped (${how})${tail}`);
        if (!greeted) reject(new HelperStartError(spawnFailure ?? `${python} exited before starting the helper (${how})${tail}`));
        for (const { reject: fail } of this.pending.values()) fail(this.dead);
        this.pending.clear();
      });
    });
  }

  send(request: TransformRequest): Promise<Answer> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.child.stdin!.write(`${JSON.stringify(request)}\n`);
    });
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  private onLine(line: string): void {
    const message = parseLine(line);
    const waiter = message && typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!message || !waiter) {
      // A corrupted stream cannot be trusted for any pending request: fail them and restart.
      const error = new HelperCrashError(`the helper sent an unreadable line: ${line.slice(0, 200)}`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
      this.dead = error;
      this.kill();
      return;
    }
    this.pending.delete(message.id as number);
    waiter.resolve(message as unknown as Answer);
  }
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
