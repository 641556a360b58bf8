/** One long-lived Python helper: spawned with execa, spoken to in JSON lines over stdio. */
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ResultPromise } from 'execa';
import { loadExeca } from '../lazy-execa.js';
import type { Answer, Fatal, Hello, TransformRequest } from './protocol.js';
import { parseAnswer, parseHello, ProtocolError } from './protocol.js';

export const HELPER_SCRIPT = fileURLToPath(new URL('../../python-helpers/loopshift_helper.py', import.meta.url));
const STDERR_TAIL = 4000;
export const MEMORY_LIMIT_ENV = 'LOOPSHIFT_MEMORY_LIMIT_MB';
const EXIT_MEMORY_LIMIT = 4; // loopshift_helper.py exits so after answering a MemoryLimit failure

/** What the pool needs from a helper; a fake one can stand in for the pool's own unit tests. */
export interface HelperConnection {
  readonly hello: Hello;
  send(request: TransformRequest): Promise<Answer>;
  kill(): void;
}

/** The helper died or spoke nonsense while a request was pending. */
export class HelperCrashError extends Error {
  override name = 'HelperCrashError';
  /** The failed answer's error type: 'MemoryLimit' when the helper went past its memory ceiling. */
  constructor(message: string, readonly type: 'HelperCrash' | 'MemoryLimit' = 'HelperCrash') {
    super(message);
  }
}

export function memoryLimitMessage(limitMb: string | undefined): string {
  return limitMb
    ? `the helper exceeded its memory ceiling of ${limitMb} MiB on this file (--memory-limit)`
    : 'the helper ran out of memory on this file';
}

/**
 * Did the helper die of its memory ceiling? LibCST's Rust parser aborts (SIGABRT) after printing
 * "memory allocation of N bytes failed"; Python code raises MemoryError, which the helper answers
 * and then exits with EXIT_MEMORY_LIMIT, or which kills it outside a request (reading a huge line).
 */
export function diedOfMemory(exitCode: number | undefined, stderrTail: string): boolean {
  return exitCode === EXIT_MEMORY_LIMIT
    || /memory allocation of \d+ bytes failed/.test(stderrTail)
    || /^MemoryError\b/m.test(stderrTail);
}

// Helpers run detached (a process group of their own, out of reach of a terminal's Ctrl-C), and
// execa's `cleanup` skips detached processes: kill them here when the driver exits. A driver killed
// outright closes their stdin instead, on which an idle helper exits.
const running = new Set<ResultPromise>();
let exitHookInstalled = false;

function killOnExit(child: ResultPromise): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const helper of running) helper.kill('SIGKILL');
    });
  }
  running.add(child);
  void child.finally(() => running.delete(child));
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

  private constructor(
    private readonly child: ResultPromise<{ buffer: false }>,
    private readonly memoryLimitMb: string | undefined,
  ) {}

  static async start(python: string, extraEnv: Record<string, string> = {}): Promise<HelperProcess> {
    const { execa } = await loadExeca();
    const child = execa(python, [HELPER_SCRIPT], {
      stdin: 'pipe', stdout: 'pipe', stderr: 'pipe', buffer: false, reject: false,
      // Not on Windows: there it would detach the console, and the helper's SIG_IGN suffices.
      detached: process.platform !== 'win32',
      env: { PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1', RUST_BACKTRACE: '0', ...extraEnv },
    }) as ResultPromise<{ buffer: false }>;
    killOnExit(child);
    const helper = new HelperProcess(child, extraEnv[MEMORY_LIMIT_ENV] ?? process.env[MEMORY_LIMIT_ENV]);
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
          const first = validated(line, parseHello);
          if (first?.type === 'hello') {
            this.hello = first;
            resolve(this);
          } else if (first?.type === 'fatal') {
            this.kill();
            reject(new HelperStartError(first.message, first));
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
        this.dead = diedOfMemory(result.exitCode, this.stderrTail)
          ? new HelperCrashError(memoryLimitMessage(this.memoryLimitMb), 'MemoryLimit')
          : new HelperCrashError(`the helper stopped (${how})${tail}`);
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
    if (!message || !waiter) return this.corrupted(`the helper sent an unreadable line: ${line.slice(0, 200)}`);
    let answer: Answer;
    try {
      answer = parseAnswer(message);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      return this.corrupted(`the helper sent a malformed answer (${error.message}): ${line.slice(0, 200)}`);
    }
    this.pending.delete(answer.id);
    if (answer.status === 'failed' && answer.error.type === 'MemoryLimit') {
      // The helper exits after this answer: fail the file as a crash so that the pool replaces it.
      this.dead = new HelperCrashError(answer.error.message, 'MemoryLimit');
      waiter.reject(this.dead);
      return;
    }
    waiter.resolve(answer);
  }

  /** A corrupted stream cannot be trusted for any pending request: fail them all; the pool restarts the helper. */
  private corrupted(message: string): void {
    const error = new HelperCrashError(message);
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
    this.dead = error;
    this.kill();
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

/** A line checked by `parse`, or undefined when it is not JSON or not of the expected shape. */
function validated<T>(line: string, parse: (value: unknown) => T): T | undefined {
  const value = parseLine(line);
  if (value === undefined) return undefined;
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof ProtocolError) return undefined;
    throw error;
  }
}
