/** The command line: argv -> a command -> its output. The only place that prints fatal errors and picks exit codes. */
import { readFileSync } from 'node:fs';
import { realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from './args.js';
import { Applier } from './apply.js';
import { exitCodeFor, messageOf, outcomeCode, StdoutClosed, UsageError, type ExitCode } from './errors.js';
import type { Hello } from './helper/protocol.js';
import { markdownReport } from './markdown-report.js';
import type { RunControl, RunOptions } from './options.js';
import { Progress } from './progress.js';
import { ProjectConfig } from './project-config.js';
import { Prompter } from './prompt.js';
import { jsonDocument, summaryText } from './report.js';
import { ResultPrinter } from './result-printer.js';
import { openCachedSession } from './cached-session.js';
import { projectRoots } from './project-roots.js';
import { ResultCache } from './result-cache.js';
import { codePrefix } from './rule-selection.js';
import { statisticsTable } from './statistics.js';
import { openSession, runMigration, type Session } from './run.js';
import { migrateStdin, readAll } from './stdin-mode.js';
import { unsafeFixNote } from './unsafe-fixes.js';

interface Environment {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
}

const defaultEnvironment = (): Environment => ({
  stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY), stderrIsTTY: Boolean(process.stderr.isTTY), stdinIsTTY: Boolean(process.stdin.isTTY),
});

export async function main(argv: string[], environment: Environment = defaultEnvironment()): Promise<ExitCode> {
  let session: Session | undefined;
  let opening: Promise<Session> | undefined;
  let prompter: Prompter | undefined;
  let stdinBytes: Buffer | undefined;
  const control: RunControl = { interrupted: false, stopped: false };
  // First Ctrl-C: start nothing new, let in-flight work finish (writes are atomic), print the
  // summary and exit 130. A second one exits at once. The helpers, in their own process group,
  // never see the terminal's SIGINT.
  const interrupt = () => {
    if (control.interrupted) process.exit(130);
    control.interrupted = true;
    prompter?.cancel();
    session?.pool.stop();
    environment.stderr.write('\nloopshift: interrupted; finishing what is in flight (Ctrl-C again to quit at once)\n');
  };
  // A reader that went away (`loopshift src | head`) is a quiet stop, as in git: no stack trace.
  const stdoutError = (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    if (control.stdoutClosed) return;
    control.stdoutClosed = true;
    control.interrupted = true;
    prompter?.cancel();
    session?.pool.stop();
  };
  process.on('SIGINT', interrupt);
  environment.stdout.on('error', stdoutError);
  try {
    const project = new ProjectConfig(); // read each pyproject.toml and setup.cfg once in this run
    const command = await parseArgs(argv, environment.env, environment.stdoutIsTTY, project);
    if (command.kind === 'help') {
      environment.stdout.write(`${command.text}\n`);
      return 0;
    }
    if (command.kind === 'version') return await printVersion(environment);
    const { options } = command;
    // Read stdin before anything can fail, so that even a broken setup gives the text back.
    if (command.kind === 'stdin') stdinBytes = await readAll(environment.stdin);
    const cache = command.kind === 'run' ? resultCacheFor(options) : undefined;
    opening = cache ? openCachedSession(options, environment.env, cache) : openSession(options, environment.env);
    // A run reads the project while the helper starts (src/run.ts); everything else needs the hello first.
    opening.then((opened) => { session = opened; }, () => undefined);
    if (command.kind === 'list-transforms') {
      environment.stdout.write(listTransforms((await opening).hello));
      return 0;
    }
    if (command.kind === 'explain') {
      environment.stdout.write(explain((await opening).hello, command.code));
      return 0;
    }
    if (command.kind === 'stdin') {
      return await migrateStdin(options, await opening, project, command.filename, stdinBytes!, environment);
    }
    if (options.mode === 'interactive') {
      prompter = new Prompter(environment.stdin, environment.stderr, environment.stdinIsTTY, interrupt);
    }
    const roots = await Promise.all(options.paths.map((p) => realpath(p).catch(() => path.resolve(p))));
    const progress = new Progress(environment.stderr,
      environment.stderrIsTTY && !options.quiet && options.mode !== 'interactive' && options.output === 'text');
    const io = { stdout: progress.above(environment.stdout, environment.stdoutIsTTY), stderr: progress.above(environment.stderr) };
    const applier = new Applier(options, roots, control, prompter);
    const printer = new ResultPrinter(options, io);
    const warned = new Set<string>();
    const { summary, files, refused } = await runMigration(options, opening, project, {
      onResult: async (found) => {
        const result = await applier.screen(found);
        printer.preview(result);
        const applied = await applier.apply(result, (held, header) => printer.previewUnsafe(held, header));
        printer.settle(applied);
        return applied;
      },
      keepFiles: options.output === 'json' || Boolean(options.reportFile),
      onProgress: (counts) => progress.update(counts),
      onWarning: (text) => {
        if (!warned.has(text)) io.stderr.write(`loopshift: warning: ${text}\n`);
        warned.add(text);
      },
      control,
      cache,
    });
    progress.clear();
    if (control.stdoutClosed) return exitCodeFor(new StdoutClosed());
    if (options.output === 'json') environment.stdout.write(jsonDocument(summary, files));
    else if (summary.statistics) environment.stdout.write(statisticsTable(summary.statistics));
    if (printer.sarif) environment.stdout.write(printer.sarif.document(session!.hello, summary));
    if (options.reportFile) {
      await writeFile(options.reportFile, markdownReport(summary, files, (code) => explanationOf(session!.hello, code)));
    }
    if (!options.quiet) environment.stderr.write(summaryText(summary, options.mode));
    if (refused.length) {
      environment.stderr.write(`loopshift: not written, because they have uncommitted changes: ${refused.join(', ')}\n` +
        'Commit or stash them and run again, or pass --allow-dirty.\n');
    }
    return outcomeCode({
      interrupted: control.interrupted, failed: summary.failed > 0 || refused.length > 0,
      pending: options.mode === 'check' && summary.changed > 0,
    });
  } catch (error) {
    if (stdinBytes) environment.stdout.write(stdinBytes); // a pipeline never loses the text
    if (control.stdoutClosed) return exitCodeFor(new StdoutClosed());
    environment.stderr.write(`loopshift: error: ${messageOf(error)}\n`);
    if (error instanceof UsageError) environment.stderr.write('Run loopshift --help for usage.\n');
    return exitCodeFor(error);
  } finally {
    process.removeListener('SIGINT', interrupt);
    prompter?.close();
    session?.pool.close();
    // A run that failed before the helper answered: close it when it does, or it keeps the process alive.
    if (!session) void opening?.then((late) => late.pool.close(), () => undefined);
  }
}

/** --cache-dir, LOOPSHIFT_CACHE_DIR, else `.loopshift_cache` in the first path's project root; --no-cache: none. */
function resultCacheFor(options: RunOptions): ResultCache | undefined {
  if (options.cacheDir === null) return undefined;
  return new ResultCache(options.cacheDir ?? path.join(projectRoots(options.paths)[0], '.loopshift_cache'));
}

/** loopshift's version, and the Python and libcst its helpers would use. */
async function printVersion(environment: Environment): Promise<ExitCode> {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  environment.stdout.write(`loopshift ${version}\n`);
  try {
    const session = await openSession({ jobs: 1, timeoutSeconds: 60 }, environment.env);
    session.pool.close();
    environment.stdout.write(`helper: Python ${session.hello.python} (${session.hello.executable}), libcst ${session.hello.libcst}\n`);
  } catch (error) {
    environment.stdout.write(`helper: not available: ${messageOf(error).split('\n')[0]}\n`);
  }
  return 0;
}

function listTransforms(hello: Hello): string {
  const width = Math.max(...hello.transforms.map((t) => t.name.length));
  const targetWidth = Math.max(...hello.transforms.map((t) => t.minTarget.length + 1));
  // The code prefix selects the transform's codes (--select LS8); '-': it declares none.
  const prefixWidth = Math.max(...hello.transforms.map((t) => (codePrefix(t) || '-').length));
  const rows = hello.transforms.map((t) => `${t.name.padEnd(width)}  ${`${t.minTarget}+`.padEnd(targetWidth)}  ` +
    `${(codePrefix(t) || '-').padEnd(prefixWidth)}  ${t.description}`);
  return `${rows.join('\n')}\n(Python ${hello.python}, libcst ${hello.libcst})\n`;
}

function explanationOf(hello: Hello, code: string): string | undefined {
  for (const transform of hello.transforms) {
    const found = transform.codes.find((c) => c.code.toUpperCase() === code.toUpperCase());
    if (found) return `${found.code}: ${found.summary} (transform ${transform.name})\n\n${found.explanation}`;
  }
  return undefined;
}

function explain(hello: Hello, code: string): string {
  if (code === '') return `${codeList(hello)}Run loopshift --explain CODE for one code's reasons and fix.\n`;
  const text = explanationOf(hello, code);
  if (!text) throw new UsageError(`unknown diagnostic code ${code}; the codes are:\n${codeList(hello)}`);
  // A code some transform proposes an unsafe fix for (its PROPOSALS): what that fix may change.
  const fix = hello.transforms.flatMap((t) => t.codes).find((c) => c.code.toUpperCase() === code.toUpperCase())?.unsafeFix;
  return `${text}${unsafeFixNote(fix)}\n`;
}

function codeList(hello: Hello): string {
  const rows = hello.transforms.flatMap((t) => t.codes.map((c) => ({ code: c.code, text: `${c.summary} (${t.name})` })));
  rows.sort((a, b) => a.code.localeCompare(b.code));
  return rows.map((r) => `${r.code}  ${r.text}\n`).join('');
}
