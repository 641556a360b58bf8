/** The pipeline, for files and for stdin alike: each file to one FileResult, counted once in the run report. */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
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
import type { ProjectConfig } from './project-config.js';
import { ProjectModel } from './project-model.js';
import { RunReport, type ReportedFile, type Summary } from './run-report.js';
import { decodeSource } from './source-file.js';

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
  /** Keep each result (without its text) for outputs that list files: --json, --report. */
  keepFiles?: boolean;
}

/** What a run produced: one summary, and the per-file results when asked to keep them. */
export interface RunOutcome {
  summary: Summary;
  files: ReportedFile[];
  refused: string[];  // not written: uncommitted changes in git
}

/** The error type of a text that is not UTF-8 (and has no coding cookie saying otherwise). */
export const ENCODING_ERROR = 'EncodingError';

/** Editor mode's one virtual file: the source read on stdin, named by --stdin-filename. */
export interface StdinFile {
  display: string;   // --stdin-filename, else <stdin>
  absolute: string;  // where its project settings are looked up
  bytes: Buffer;
}

/**
 * Candidate bytes kept from the first pass for the second, in all. Past it a candidate's bytes are
 * dropped (only a digest is kept) and the file is read again when its turn comes, so the driver's
 * memory is bounded by this, the files in flight and one small summary per file, whatever the tree.
 */
export const KEPT_BYTES_BUDGET = 64 * 1024 * 1024;

/** What the first pass learnt about one discovered file, kept until the second pass reaches it. */
type FirstPass =
  | { kind: 'unread' }                               // the run was stopped before it was read
  | { kind: 'too-large' }
  | { kind: 'read-error'; message: string }
  | { kind: 'no-trigger' }                           // the prefilter drops it: no helper work
  | { kind: 'candidate'; bytes?: Buffer; digest?: string; size: number }; // bytes within the budget, else their digest

/** Files read at once in the first pass. */
const READ_WINDOW = 64;

/**
 * The one pipeline: discover (or take the stdin file) -> first pass: read each file once, feed it to
 * the project model, prefilter -> the model's facts -> second pass: the candidates go to the helper
 * pool with their facts -> results in discovery order, each handed to `hooks.onResult` and then
 * counted in the run report.
 */
export async function runMigration(
  options: RunOptions, session: Session, project: ProjectConfig, hooks: RunHooks, stdin?: StdinFile,
): Promise<RunOutcome> {
  const control = hooks.control ?? { interrupted: false, stopped: false };
  const started = performance.now();
  const transforms = selectTransforms(session.hello, options.transforms, options.transformsFrom);
  const triggers = compileTriggers(transforms);
  const names = transforms.map((t) => t.name);
  const files: DiscoveredFile[] = stdin ? [] : await discover(options.paths, options.exclude, (root) => project.toolConfig(root));
  const report = new RunReport(options.mode, hooks.keepFiles ?? false);
  const halted = () => control.interrupted || control.stopped;
  const counts: ProgressCounts = { read: 0, files: stdin ? 1 : files.length, candidates: 0, finished: 0 };
  const reportProgress = () => hooks.onProgress?.({ ...counts });

  // ---- first pass: every file is read once (`counts.read`), scanned by the project model and prefiltered.
  // Names and the import graph need every .py file of the run, not only the candidates. The model's
  // roots are the path arguments as discover() takes them (a file argument stands for its folder);
  // pyproject.toml and setup.cfg come from the run's ProjectConfig, which reads each once.
  const model = new ProjectModel(options.paths.map((given) => path.resolve(given)), {
    readText: (file) => {
      try {
        return project.metadataText(file) ?? readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
  });
  const firstPass: FirstPass[] = [];
  let keptBytes = 0;
  const readFile = async (file: DiscoveredFile): Promise<FirstPass> => {
    if (halted()) return { kind: 'unread' };
    let bytes: Buffer;
    try {
      const stat = await fs.stat(file.absolute);
      if (stat.size > options.maxFileBytes) {
        // Not scanned either: the model only learns that the file exists and that its imports are unknown.
        model.addUnscanned(file.absolute, `larger than ${options.maxFileBytes} bytes`);
        return { kind: 'too-large' };
      }
      bytes = await fs.readFile(file.absolute);
    } catch (error) {
      model.addUnscanned(file.absolute, 'unreadable');
      return { kind: 'read-error', message: `cannot read: ${(error as Error).message}` };
    } finally {
      counts.read += 1; // read, too large or unreadable: settled
      reportProgress();
    }
    try {
      model.addFile(file.absolute, scanText(bytes));
    } catch {
      model.addUnscanned(file.absolute, 'the scan failed'); // a scanner bug must not stop the run
    }
    if (!mentionsAny(bytes, triggers)) return { kind: 'no-trigger' };
    if (keptBytes + bytes.length <= KEPT_BYTES_BUDGET) {
      keptBytes += bytes.length;
      return { kind: 'candidate', bytes, size: bytes.length };
    }
    return { kind: 'candidate', digest: digestOf(bytes), size: bytes.length };
  };
  await forEachOrdered(files, READ_WINDOW, readFile, (found) => void firstPass.push(found));
  model.finish();

  /** The bytes the first pass saw, from memory or read again; a file edited in between is a conflict. */
  const bytesOf = async (file: DiscoveredFile, seen: FirstPass & { kind: 'candidate' }): Promise<Buffer | FileResult['error']> => {
    if (seen.bytes) {
      const { bytes } = seen;
      seen.bytes = undefined; // the result holds them from here, as long as it needs them
      keptBytes -= bytes.length;
      return bytes;
    }
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file.absolute);
    } catch (error) {
      return { type: 'ReadError', message: `cannot read: ${(error as Error).message}` };
    }
    // Its facts and its prefilter verdict came from the first read: another text would not match them.
    if (bytes.length !== seen.size || digestOf(bytes) !== seen.digest) {
      return { type: 'Conflict', message: 'changed on disk since it was read; not migrated (run loopshift again)' };
    }
    return bytes;
  };

  // ---- second pass: a file's result, or undefined when the prefilter showed that no transform can act on it.
  const processFile = async (index: number): Promise<FileResult | typeof NOT_PROCESSED | undefined> => {
    const file: DiscoveredFile | StdinFile = stdin ?? files[index];
    // The stdin text must come back on stdout whatever happens, so it is migrated even in a stopped run.
    const fromStdin = stdin !== undefined;
    const seen: FirstPass | undefined = fromStdin ? undefined : firstPass[index];
    if (seen?.kind === 'unread' || (halted() && seen?.kind === 'candidate')) return NOT_PROCESSED;
    const target = project.target(file.absolute, options.targetVersion);
    const warn = () => target.warning && hooks.onWarning?.(target.warning);
    const base = { display: file.display, absolute: file.absolute, target: target.version, transforms: [], changes: [], diagnostics: [] };
    let bytes: Buffer;
    if (!seen) {
      bytes = stdin!.bytes; // one file the user handed over: no size limit, no prefilter, no project
    } else {
      warn(); // every file's project settings are checked, candidate or not
      switch (seen.kind) {
        case 'too-large':
          return { ...base, status: 'skipped', reason: `larger than ${options.maxFileBytes} bytes (--max-file-size)`, reasonCode: 'too-large' };
        case 'read-error':
          return { ...base, status: 'failed', error: { type: 'ReadError', message: seen.message } };
        case 'no-trigger':
          return undefined;
      }
      report.addTarget(target);
      const read = await bytesOf(file as DiscoveredFile, seen);
      if (!Buffer.isBuffer(read)) return { ...base, status: 'failed', error: read };
      bytes = read;
    }
    const decoded = decodeSource(bytes);
    if (!decoded.ok) {
      return decoded.status === 'skipped'
        ? { ...base, status: 'skipped', reason: decoded.reason, reasonCode: 'encoding' }
        : { ...base, status: 'failed', error: { type: ENCODING_ERROR, message: decoded.reason } };
    }
    if (fromStdin) warn(); // stdin: only about a text that is going to be migrated
    counts.candidates += 1;
    const facts = fromStdin ? undefined : model.factsFor(file.absolute);
    const answer = await session.pool.transform({
      path: file.display, source: decoded.source.text, transforms: names,
      options: facts ? { target: target.version, project: facts } : { target: target.version },
    });
    counts.finished += 1;
    reportProgress();
    if (answer.status === 'failed' && answer.error.type === NOT_STARTED && !fromStdin) return NOT_PROCESSED;
    const diagnostics = answer.diagnostics ?? [];
    switch (answer.status) {
      case 'changed':
        return { ...base, status: 'changed', transforms: answer.transforms, changes: answer.changes, diagnostics,
          before: decoded.source, after: answer.source, original: bytes };
      case 'unchanged':
        return { ...base, status: 'unchanged', diagnostics };
      case 'skipped':
        return { ...base, status: 'skipped', reason: answer.reason, reasonCode: answer.reasonCode, diagnostics };
      default:
        return { ...base, status: 'failed', error: answer.error, diagnostics };
    }
  };

  // Most files are dropped by the prefilter and hold nothing while they wait, so the window is wide
  // enough that one slow file at the head does not starve the other helpers.
  const indexes = stdin ? [0] : files.map((_file, index) => index);
  await forEachOrdered(indexes, Math.max(64, options.jobs * 32), processFile, async (found) => {
    if (found === NOT_PROCESSED) return report.addNotProcessed();
    if (!found) return;
    report.add(await hooks.onResult(found));
    if (halted()) session.pool.stop(); // [q]uit: what is queued is not started
  });
  const summary = report.summary({
    filesScanned: stdin ? 1 : files.length, seconds: Math.round(performance.now() - started) / 1000,
    python: session.hello.python, libcst: session.hello.libcst, helperRestarts: session.pool.stats.restarts,
    memory: { driverPeakKb: process.resourceUsage().maxRSS, helperPeakKb: session.pool.stats.helperPeakKb },
    interrupted: control.interrupted,
  });
  return { summary, files: report.files, refused: report.refused };
}

/**
 * The text the project model scans. Every byte is kept: a file that is not UTF-8 (or declares
 * another encoding) is still scanned, its odd bytes replaced; its imports are ASCII anyway.
 */
function scanText(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'); // the same text for ASCII; latin1 is the cheaper decoder
}

function digestOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}
