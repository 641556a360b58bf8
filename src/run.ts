/** The pipeline, for files and for stdin alike: each file to one FileResult, counted once in the run report. */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { discover, type DiscoveredFile } from './discover.js';
import { UsageError } from './errors.js';
import type { FileResult } from './file-result.js';
import { HelperProcess } from './helper/helper-process.js';
import { findInterpreter } from './helper/interpreter.js';
import type { Pool } from './helper/lazy-pool.js';
import { HelperPool, NOT_STARTED } from './helper/pool.js';
import type { Answer, Hello, TransformInfo } from './helper/protocol.js';
import { JointTests, mayOwnLoops, ownsLoops } from './joint-tests.js';
import { MigratedEffects } from './migrated-effects.js';
import type { RunControl, RunOptions } from './options.js';
import { FirstPass, type Seen } from './first-pass.js';
import { forEachOrdered } from './ordered.js';
import { compileTriggers } from './prefilter.js';
import type { ProgressCounts } from './progress.js';
import type { ProjectConfig } from './project-config.js';
import type { FileFacts } from './project-model.js';
import { ResultCache } from './result-cache.js';
import { ScanIndex } from './scan-index.js';
import { RuleSelection, type FileSelection } from './rule-selection.js';
import { RunReport, type ReportedFile, type Summary } from './run-report.js';
import { decodeSource } from './source-file.js';
import { hasSkipFile, SKIP_FILE_REASON } from './skip-file.js';
import { proposalCodes, withUnsafe } from './unsafe-fixes.js';

/** A file the run never examined (interrupted, or the review was quit): neither a result nor a failure. */
const NOT_PROCESSED = Symbol('not processed');

export interface Session {
  hello: Hello;
  python?: string;
  pool: Pool;
  /** The result cache, and the helper identity its keys name (src/cached-session.ts); absent: no cache. */
  cache?: ResultCache;
  identity?: string;
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
  /** The result cache, known before the session is: the first pass's scan index lives in it (src/scan-index.ts). */
  cache?: ResultCache;
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
 * The one pipeline: discover (or take the stdin file) -> first pass: read each file once, feed it to
 * the project model, prefilter -> the model's facts -> second pass: the candidates go to the helper
 * pool with their facts -> results in discovery order, each handed to `hooks.onResult` and then
 * counted in the run report.
 */
export async function runMigration(
  options: RunOptions, opening: Session | Promise<Session>, project: ProjectConfig, hooks: RunHooks, stdin?: StdinFile,
): Promise<RunOutcome> {
  const control = hooks.control ?? { interrupted: false, stopped: false };
  const startedAt = performance.now();
  const hidden = new Set<string>(); // paths below which Python code was left out (discover)
  const files: DiscoveredFile[] = stdin ? [] : await discover(options.paths, options.exclude, (root) => project.toolConfig(root), hidden);
  const configOf = (absolute: string) => project.toolConfig(stdin ? stdin.absolute : path.dirname(absolute));
  // What needs the helper's hello (which transforms exist, their trigger words) waits for it; the first
  // pass reads and scans meanwhile. -t / `transforms` narrow the transforms first; --select/--ignore (and
  // the config's) pick among them. Each [tool.loopshift] above a file (its per-file-ignores) is checked
  // before any output.
  const setup = Promise.resolve(opening).then((session) => {
    const restricted = selectTransforms(session.hello, options.transforms, options.transformsFrom);
    const selection = new RuleSelection(session.hello.transforms, restricted, options.selection ?? []);
    selection.check(stdin ? [configOf(stdin.absolute)] : [...new Set(files.map((f) => path.dirname(f.absolute)))].map((dir) => project.toolConfig(dir)));
    return { session, selection, triggers: compileTriggers(selection.transforms) };
  });
  // Rejections of `setup` surface once, where it is awaited below; its followers here must not repeat them.
  const quietly = <T>(promise: Promise<T>) => {
    promise.catch(() => undefined);
    return promise;
  };
  const halted = () => control.interrupted || control.stopped;
  const counts: ProgressCounts = { read: 0, files: stdin ? 1 : files.length, candidates: 0, finished: 0 };
  const reportProgress = () => hooks.onProgress?.({ ...counts });

  // ---- first pass: each named file is read once and prefiltered; the project model scans them and the
  // rest of their projects (src/first-pass.ts). Stdin has no project.
  let prefiltered = 0;
  const reading = stdin ? undefined : FirstPass.run({
    files, hidden, paths: options.paths, exclude: options.exclude, maxFileBytes: options.maxFileBytes, project, halted,
    triggers: quietly(setup.then((s) => s.triggers)),
    index: hooks.cache && ScanIndex.open(hooks.cache),
    onRead: () => {
      counts.read += 1;
      reportProgress();
    },
    onCandidate: (file, bytes) => void quietly(setup.then(({ session, selection }) => {
      // A second candidate means work for a second helper: start it while the first pass goes on.
      if ((prefiltered += 1) === 2) session.pool.warm?.();
      // And a started helper with nothing to do yet parses the candidates (their facts come later).
      if (!session.pool.prepare) return;
      const decoded = decodeSource(bytes);
      const names = selection.forFile(file.absolute, configOf(file.absolute)).transforms;
      if (!decoded.ok || hasSkipFile(decoded.source.text) || !names.length) return;
      session.pool.prepare({
        path: file.display, source: decoded.source.text, transforms: names,
        options: { target: project.target(file.absolute, options.targetVersion).version },
      });
    })),
  });
  if (reading) quietly(reading); // a failed setup is the error to report; the first pass only follows it
  const { session, selection } = await setup;
  const firstPass = await reading;
  const report = new RunReport(options.mode, hooks.keepFiles ?? false, options.statistics ? session.hello.transforms : undefined,
    options.unsafeFixes ?? false);

  // ---- second pass: a file's result, or undefined when the prefilter showed that no transform can act on it.
  const processFile = async (index: number): Promise<FileResult | typeof NOT_PROCESSED | undefined> => {
    try {
      return await migrateFile(index);
    } finally {
      if (!stdin) joint.report(files[index].absolute, false); // left before its report (it reports once)
    }
  };
  const migrateFile = async (index: number): Promise<FileResult | typeof NOT_PROCESSED | undefined> => {
    const file: DiscoveredFile | StdinFile = stdin ?? files[index];
    // The stdin text must come back on stdout whatever happens, so it is migrated even in a stopped run.
    const fromStdin = stdin !== undefined;
    const seen: Seen | undefined = firstPass?.seenAt(index);
    if (seen?.kind === 'unread' || (halted() && seen?.kind === 'candidate')) return NOT_PROCESSED;
    const target = project.target(file.absolute, options.targetVersion);
    const warn = () => target.warning && hooks.onWarning?.(target.warning);
    const base = { display: file.display, absolute: file.absolute, target: target.version, transforms: [], changes: [], diagnostics: [] };
    let bytes: Buffer;
    let fileSelection: FileSelection;
    if (!seen) {
      bytes = stdin!.bytes; // one file the user handed over: no size limit, no prefilter, no project
      fileSelection = selection.forFile(file.absolute, configOf(file.absolute));
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
      // What runs on this file: per-file-ignores may leave nothing, and then it is dropped as the prefilter would.
      fileSelection = selection.forFile(file.absolute, configOf(file.absolute));
      if (!fileSelection.transforms.length) {
        await firstPass!.bytesOf(file as DiscoveredFile, seen); // lets go of the bytes kept for it
        return undefined;
      }
      report.addTarget(target);
      const read = await firstPass!.bytesOf(file as DiscoveredFile, seen);
      if (!Buffer.isBuffer(read)) return { ...base, status: 'failed', error: read };
      bytes = read;
    }
    const decoded = decodeSource(bytes);
    if (!decoded.ok) {
      return decoded.status === 'skipped'
        ? { ...base, status: 'skipped', reason: decoded.reason, reasonCode: 'encoding' }
        : { ...base, status: 'failed', error: { type: ENCODING_ERROR, message: decoded.reason } };
    }
    // `# loopshift: skip-file`: never sent to a helper, never changed.
    if (hasSkipFile(decoded.source.text)) return { ...base, status: 'skipped', reason: SKIP_FILE_REASON, reasonCode: 'skip-file' };
    const names = fileSelection.transforms;
    if (!names.length) return { ...base, status: 'unchanged' }; // stdin: per-file-ignores leave nothing to run
    if (fromStdin) warn(); // stdin: only about a text that is going to be migrated
    counts.candidates += 1;
    let facts = firstPass?.model.factsFor(file.absolute);
    // Unsafe proposals of the codes selected here (src/unsafe-fixes.ts); editor mode wants them only to apply them.
    const unsafe = fromStdin && !options.unsafeFixes ? [] : proposalCodes(session.hello.transforms, names, fileSelection);
    const { cache, identity } = session;
    const ask = async (facts: FileFacts | undefined): Promise<Answer> => {
      const key = cache && identity && !fromStdin
        ? ResultCache.keyOf({ helper: identity, path: file.display, transforms: names, target: target.version, facts, bytes, unsafe })
        : undefined;
      let answer = key ? cache!.get(key) : undefined;
      if (!answer) {
        answer = await session.pool.transform({
          path: file.display, source: decoded.source.text, transforms: names,
          options: { ...(facts ? { target: target.version, project: facts } : { target: target.version }), ...(unsafe.length ? { unsafe } : {}) },
        });
        if (key) cache!.put(key, answer);
      }
      return answer;
    };
    let answer = await ask(facts);
    // A test module that uses the shared loop: a loop per test in it and in every other such module, or in
    // none of them (src/joint-tests.ts).
    let jointly = false;
    if (facts && joint.member(file.absolute)) {
      const alone = withoutOtherTests(facts);
      // Asked again only when the others' effects may have been the reason (LS904), and while it may count.
      const optimistic = alone !== facts && mayOwnLoops(answer) && !joint.failed() ? await ask(alone) : answer;
      joint.report(file.absolute, ownsLoops(optimistic));
      if (await joint.all()) {
        [jointly, facts, answer] = [true, alone, optimistic];
      }
    }
    // Declined for what an imported module does to the loop: once that module's own rewrites are known
    // they may have shown the use harmless, and one run must do what a second would (docs/SEMANTICS.md P3f).
    if (answer.effectsDeclined && facts?.importedEffects && firstPass) {
      const revised = firstPass.model.factsFor(file.absolute, await effects.revisedFor(file.absolute));
      const again = revised && jointly ? withoutOtherTests(revised) : revised;
      if (again && JSON.stringify(again.importedEffects) !== JSON.stringify(facts.importedEffects)) {
        facts = again;
        answer = await ask(facts);
      }
    }
    if (answer.status === 'changed') effects.migrated(file.absolute, answer.source);
    counts.finished += 1;
    reportProgress();
    if (answer.status === 'failed' && answer.error.type === NOT_STARTED && !fromStdin) return NOT_PROCESSED;
    // Diagnostics of codes not selected are dropped; those per-file-ignores take away are counted as suppressed.
    const { kept: diagnostics, suppressed: dropped } = fileSelection.filter(answer.diagnostics ?? []);
    // ... and those the file's own suppression comments kept out, as the helper reports them.
    for (const s of answer.suppressed ?? []) dropped.push({ line: s.line, column: s.column, code: s.code, transform: s.transform, by: 'comment' });
    const suppressed = dropped.length ? { suppressed: dropped } : {};
    // The text with the unsafe proposals too, held for the outputs, or taken by --unsafe-fixes (not in the review: a person decides there).
    const proposed = (result: FileResult) => withUnsafe(result, answer!, fileSelection, decoded.source, bytes,
      Boolean(options.unsafeFixes) && options.mode !== 'interactive');
    switch (answer.status) {
      case 'changed':
        return proposed({ ...base, status: 'changed', transforms: answer.transforms, changes: answer.changes, diagnostics, ...suppressed,
          before: decoded.source, after: answer.source, original: bytes });
      case 'unchanged':
        return proposed({ ...base, status: 'unchanged', diagnostics, ...suppressed });
      case 'skipped':
        return { ...base, status: 'skipped', reason: answer.reason, reasonCode: answer.reasonCode, diagnostics, ...suppressed };
      default:
        return { ...base, status: 'failed', error: answer.error, diagnostics, ...suppressed };
    }
  };

  // A file may wait for the results of modules it imports (src/migrated-effects.ts), which then start early.
  const effects = new MigratedEffects(firstPass, files, processFile);
  const joint = firstPass && !stdin && options.mode !== 'interactive'
    ? new JointTests(new Set(firstPass.model.loopTests()), (absolute) => {
      const index = effects.indexOfFile(absolute);
      if (index === undefined || firstPass.seenAt(index).kind !== 'candidate') return false;
      effects.prefetch(index);
      return true;
    })
    : JointTests.none();

  // Most files are dropped by the prefilter and hold nothing while they wait, so the window is wide
  // enough that one slow file at the head does not starve the other helpers.
  const indexes = stdin ? [0] : files.map((_file, index) => index);
  await forEachOrdered(indexes, Math.max(64, options.jobs * 32), (index) => effects.take(index), async (found) => {
    if (found === NOT_PROCESSED) return report.addNotProcessed();
    if (!found) return;
    report.add(await hooks.onResult(found));
    if (halted()) session.pool.stop(); // [q]uit: what is queued is not started
  });
  const summary = report.summary({
    filesScanned: stdin ? 1 : files.length, seconds: Math.round(performance.now() - startedAt) / 1000,
    python: session.hello.python, libcst: session.hello.libcst, helperRestarts: session.pool.stats.restarts,
    memory: { driverPeakKb: process.resourceUsage().maxRSS, helperPeakKb: session.pool.stats.helperPeakKb },
    cache: session.cache && {
      ...pick(session.cache.stats, 'hits', 'misses'), helpersStarted: session.pool.stats.started, filesRead: firstPass?.filesRead ?? 0,
    },
    interrupted: control.interrupted,
  });
  return { summary, files: report.files, refused: report.refused };
}


/**
 * The facts without the other test modules' effects: asked as if they no longer used the shared loop, which
 * their tests still shared with this file's before (jointTests: decide as for several tests of one file).
 */
function withoutOtherTests(facts: FileFacts): FileFacts {
  if (!facts.otherTestsEffects) return facts;
  const { otherTestsEffects: _others, ...alone } = facts;
  return { ...alone, jointTests: true };
}

function pick<T, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}
