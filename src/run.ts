/** The pipeline: discover -> read once + prefilter -> helper pool -> results in discovery order. */
import { promises as fs } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { findConfig } from './config.js';
import { discover, type DiscoveredFile } from './discover.js';
import { UsageError } from './errors.js';
import type { FileResult } from './file-result.js';
import { HelperProcess } from './helper/helper-process.js';
import { findInterpreter } from './helper/interpreter.js';
import { HelperPool, NOT_STARTED } from './helper/pool.js';
import type { Hello, TransformInfo } from './helper/protocol.js';
import type { RunControl, RunOptions } from './options.js';
import { forEachOrdered } from './ordered.js';
import { compileTriggers, mentionsAny } from './prefilter.js';
import type { ProgressCounts } from './progress.js';
import { decodeSource } from './source-file.js';
import { resolveTarget } from './target-version.js';

export interface Summary {
  filesScanned: number;
  candidates: number;
  changed: number;
  unchanged: number;
  skipped: number;
  failed: number;
  diagnostics: number;
  seconds: number;
  targets: { version: string; source: string; files: number }[];
  python: string;
  libcst: string;
  helperRestarts: number;
  written?: number;      // --write / --interactive: files rewritten on disk
  refused?: number;      // not written: uncommitted changes in git (see --allow-dirty)
  declined?: number;     // --interactive: answered no or quit
  interrupted?: boolean;
  notProcessed: number;  // never examined: the run was interrupted or the review quit first
  notReviewed?: number;  // --interactive: changed files not shown because the review was quit
  memory: { driverPeakKb: number; helperPeakKb: number };
}

/** A file the run never examined (interrupted, or the review was quit): neither a result nor a failure. */
const NOT_PROCESSED = Symbol('not processed');

export interface Session {
  hello: Hello;
  python: string;
  pool: HelperPool;
}

/** Start the first helper (the probe), and keep it for the run. */
export async function openSession(
  options: Pick<RunOptions, 'python' | 'jobs' | 'timeoutSeconds'> & { memoryLimitMb?: number }, env: NodeJS.ProcessEnv = process.env,
): Promise<Session> {
  const helperEnv: Record<string, string> = options.memoryLimitMb ? { LOOPSHIFT_MEMORY_LIMIT_MB: String(options.memoryLimitMb) } : {};
  const { python, helper } = await findInterpreter(options.python, env, helperEnv);
  const factory = () => HelperProcess.start(python, helperEnv);
  const pool = new HelperPool(factory, helper, options.jobs, options.timeoutSeconds * 1000);
  return { hello: helper.hello, python, pool };
}

export function selectTransforms(hello: Hello, names: string[], from?: string): TransformInfo[] {
  if (!names.length) return hello.transforms;
  const known = new Map(hello.transforms.map((t) => [t.name, t]));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length) {
    const where = from ? ` (in ${from})` : '';
    throw new UsageError(`unknown transform ${unknown.join(', ')}${where}; known: ${[...known.keys()].join(', ')}`);
  }
  return hello.transforms.filter((t) => names.includes(t.name));
}

export interface RunHooks {
  /** Sees each result in discovery order; may change it (a failed write, a refusal) before it is counted. */
  onResult: (result: FileResult) => Promise<FileResult> | FileResult;
  onProgress?: (counts: ProgressCounts) => void;
  /** Something the user should fix but that does not stop the run (an unreadable requires-python). */
  onWarning?: (text: string) => void;
  control?: RunControl;
}

export async function runMigration(options: RunOptions, session: Session, hooks: RunHooks): Promise<Summary> {
  const control = hooks.control ?? { interrupted: false, stopped: false };
  const started = performance.now();
  const transforms = selectTransforms(session.hello, options.transforms, options.transformsFrom);
  const triggers = compileTriggers(transforms);
  const names = transforms.map((t) => t.name);
  const files = await discover(options.paths, options.exclude, findConfig);
  const summary: Summary = {
    filesScanned: files.length, candidates: 0, changed: 0, unchanged: 0, skipped: 0, failed: 0,
    diagnostics: 0, seconds: 0, targets: [], python: session.hello.python, libcst: session.hello.libcst,
    helperRestarts: 0, notProcessed: 0, memory: { driverPeakKb: 0, helperPeakKb: 0 },
  };
  const halted = () => control.interrupted || control.stopped;
  const counts: ProgressCounts = { read: 0, files: files.length, candidates: 0, finished: 0 };
  const report = () => hooks.onProgress?.({ ...counts });
  const targets = new Map<string, { version: string; source: string; files: number }>();

  /** A file's result, or undefined when the prefilter shows that no transform can act on it. */
  const processFile = async (file: DiscoveredFile): Promise<FileResult | typeof NOT_PROCESSED | undefined> => {
    if (halted()) return NOT_PROCESSED;
    const target = resolveTarget(file.absolute, options.targetVersion);
    if (target.warning) hooks.onWarning?.(target.warning);
    const base = { display: file.display, absolute: file.absolute, target: target.version, transforms: [], changes: [], diagnostics: [] };
    let bytes: Buffer;
    try {
      const stat = await fs.stat(file.absolute);
      if (stat.size > options.maxFileBytes) {
        counts.read += 1;
        return { ...base, status: 'skipped', reason: `larger than ${options.maxFileBytes} bytes (--max-file-size)` };
      }
      bytes = await fs.readFile(file.absolute);
    } catch (error) {
      counts.read += 1;
      return { ...base, status: 'failed', error: { type: 'ReadError', message: `cannot read: ${(error as Error).message}` } };
    }
    counts.read += 1;
    report();
    if (!mentionsAny(bytes, triggers)) return undefined;
    const key = `${target.version}\u0000${target.source}`;
    const entry = targets.get(key) ?? { ...target, files: 0 };
    entry.files += 1;
    targets.set(key, entry);
    const decoded = decodeSource(bytes);
    if (!decoded.ok) {
      return decoded.status === 'skipped'
        ? { ...base, status: 'skipped', reason: decoded.reason }
        : { ...base, status: 'failed', error: { type: 'EncodingError', message: decoded.reason } };
    }
    counts.candidates += 1;
    const answer = await session.pool.transform({
      path: file.display, source: decoded.source.text, transforms: names, options: { target: target.version },
    });
    counts.finished += 1;
    report();
    if (answer.status === 'failed' && answer.error.type === NOT_STARTED) return NOT_PROCESSED;
    const diagnostics = answer.diagnostics ?? [];
    switch (answer.status) {
      case 'changed':
        return { ...base, status: 'changed', transforms: answer.transforms, changes: answer.changes, diagnostics,
          before: decoded.source, after: answer.source, original: bytes };
      case 'unchanged':
        return { ...base, status: 'unchanged', diagnostics };
      case 'skipped':
        return { ...base, status: 'skipped', reason: answer.reason, diagnostics };
      default:
        return { ...base, status: 'failed', error: answer.error, diagnostics };
    }
  };

  // Most files are dropped by the prefilter and hold nothing while they wait, so the window is wide
  // enough that one slow file at the head does not starve the other helpers.
  await forEachOrdered(files, Math.max(64, options.jobs * 32), processFile, async (found) => {
    if (found === NOT_PROCESSED) {
      summary.notProcessed += 1;
      return;
    }
    if (!found) return;
    const result = await hooks.onResult(found);
    summary.candidates += 1;
    summary[result.status] += 1;
    summary.diagnostics += result.diagnostics.length;
    if (halted()) session.pool.stop(); // [q]uit: what is queued is not started
  });
  summary.interrupted = control.interrupted;
  summary.targets = [...targets.values()];
  summary.helperRestarts = session.pool.stats.restarts;
  summary.memory = { driverPeakKb: process.resourceUsage().maxRSS, helperPeakKb: session.pool.stats.helperPeakKb };
  summary.seconds = Math.round(performance.now() - started) / 1000;
  return summary;
}
