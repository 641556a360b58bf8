/** The command line: flags -> RunOptions -> run. The only place that prints fatal errors and picks exit codes. */
import { realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { exitCodeFor, messageOf, UsageError, type ExitCode } from './errors.js';
import type { Hello } from './helper/protocol.js';
import { findConfig } from './config.js';
import { markdownReport } from './markdown-report.js';
import { SUPPORTED_TARGETS, type RunControl, type RunOptions } from './options.js';
import { Progress } from './progress.js';
import { Prompter } from './prompt.js';
import { migrateStdin } from './stdin-mode.js';
import { jsonDocument, summaryText } from './report.js';
import { Reviewer, type Streams } from './review.js';
import { openSession, runMigration, type Session } from './run.js';

interface Environment extends Streams {
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
}

const defaultEnvironment = (): Environment => ({
  stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env,
  stdoutIsTTY: Boolean(process.stdout.isTTY), stderrIsTTY: Boolean(process.stderr.isTTY), stdinIsTTY: Boolean(process.stdin.isTTY),
});

function parser(argv: string[]) {
  return yargs(argv)
    .scriptName('loopshift')
    .usage('$0 [paths..]\n\nMigrate Python code off asyncio\'s implicit event loop. Prints diffs; changes nothing.')
    .command('$0 [paths..]', false)
    .positional('paths', { type: 'string', array: true, default: [], describe: 'files or folders to migrate (default: .; - reads stdin)' })
    .option('check', { type: 'boolean', default: false, describe: 'exit 1 if any file would change (CI gate)' })
    .option('write', { alias: 'w', type: 'boolean', default: false, describe: 'apply every change (atomic writes)' })
    .option('interactive', { alias: 'i', type: 'boolean', default: false, describe: 'show each change and ask before applying it' })
    .option('allow-dirty', { type: 'boolean', default: false, describe: 'also write files that have uncommitted changes in git' })
    .option('report', { type: 'string', describe: 'write a Markdown migration report (for a pull request) to this file' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON report on stdout instead of diffs (same as --format json)' })
    .option('format', { type: 'string', choices: ['text', 'json', 'github'], describe: 'output: diffs (text), a JSON report, or GitHub Actions annotations' })
    .option('stdin-filename', { type: 'string', describe: 'with the path "-": the name of the file read on stdin (for messages and config)' })
    .option('transform', { alias: 't', type: 'string', array: true, nargs: 1, default: [], describe: 'run only this transform (repeatable)' })
    .option('list-transforms', { type: 'boolean', default: false, describe: 'list the transforms and exit' })
    .option('explain', { type: 'string', describe: 'explain a diagnostic code (e.g. LS101) and exit' })
    .option('target-version', { type: 'string', choices: [...SUPPORTED_TARGETS], describe: 'oldest Python the migrated code must run on (default: requires-python, else 3.9)' })
    .option('python', { type: 'string', describe: 'Python interpreter with libcst (default: $LOOPSHIFT_PYTHON, python3, python)' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'helper processes (default: [tool.loopshift] jobs, else the CPU count)' })
    .option('exclude', { type: 'string', array: true, nargs: 1, default: [], describe: 'gitignore-style pattern to skip (repeatable)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no summary on stderr' })
    .option('color', { type: 'boolean', describe: 'colour diffs (default: when stdout is a terminal and NO_COLOR is unset)' })
    .option('timeout', { type: 'number', default: 60, describe: 'seconds a helper may spend on one file before it is restarted' })
    .option('max-file-size', { type: 'number', default: 4 * 1024 * 1024, describe: 'skip files larger than this many bytes' })
    .strict()
    .help()
    .version()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
}

type Parsed = Awaited<ReturnType<ReturnType<typeof parser>['parseAsync']>>;

function toOptions(args: Parsed, environment: Environment, stdin: boolean): RunOptions {
  if ([args.write, args.interactive, args.check].filter(Boolean).length > 1) {
    throw new UsageError('choose one of --check, --write and --interactive');
  }
  if (args.interactive && (args.json || (args.format && args.format !== 'text'))) {
    throw new UsageError('--interactive shows diffs; it cannot be combined with --json or --format');
  }
  if (args.json && args.format && args.format !== 'json') throw new UsageError('--json contradicts --format ' + args.format);
  if (stdin && ((args.paths as string[] | undefined)?.length || args.write || args.interactive)) {
    throw new UsageError('"-" reads one file from stdin: give no other path, and no --write or --interactive');
  }
  // [tool.loopshift] of the first path (or the current folder) gives the run-wide settings; flags win.
  const config = findConfig(stdin ? (args.stdinFilename ?? '.') : ((args.paths as string[] | undefined)?.[0] ?? '.'));
  const jobs = Math.floor(args.jobs ?? config?.jobs ?? os.availableParallelism());
  if (!(jobs >= 1)) throw new UsageError('--jobs must be a whole number of at least 1');
  if (!(args.timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
  const noColor = environment.env.NO_COLOR !== undefined && environment.env.NO_COLOR !== '';
  return {
    paths: stdin ? ['-'] : (args.paths as string[] | undefined)?.length ? (args.paths as string[]) : ['.'],
    mode: args.write ? 'write' : args.interactive ? 'interactive' : args.check ? 'check' : 'diff',
    output: args.json ? 'json' : ((args.format as 'text' | 'json' | 'github' | undefined) ?? 'text'),
    transforms: args.transform.length ? args.transform : (config?.transforms ?? []),
    transformsFrom: args.transform.length ? undefined : config?.transforms ? `${config.file} [tool.loopshift] transforms` : undefined,
    targetVersion: args.targetVersion,
    python: args.python,
    jobs,
    exclude: args.exclude,
    quiet: args.quiet,
    color: args.color === false || noColor ? false : args.color === true || environment.stdoutIsTTY,
    timeoutSeconds: args.timeout,
    maxFileBytes: args.maxFileSize,
    allowDirty: args.allowDirty,
    reportFile: args.report,
  };
}

export async function main(argv: string[], environment: Environment = defaultEnvironment()): Promise<ExitCode> {
  let session: Session | undefined;
  let prompter: Prompter | undefined;
  const control: RunControl = { interrupted: false, stopped: false };
  // First Ctrl-C: start nothing new, let in-flight writes finish (they are atomic), print the
  // summary and exit 130. A second one exits at once.
  const interrupt = () => {
    if (control.interrupted) process.exit(130);
    control.interrupted = true;
    prompter?.cancel();
    environment.stderr.write('\nloopshift: interrupted; finishing what is in flight (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', interrupt);
  try {
    let output = '';
    // yargs drops a lone "-" (stdin), so it is taken out here; "--" ends the options as usual.
    const end = argv.indexOf('--');
    const stdin = argv.some((arg, i) => arg === '-' && (end < 0 || i < end));
    const rest = argv.filter((arg, i) => !(arg === '-' && (end < 0 || i < end)));
    const args = await parser(rest).parseAsync(rest, {}, (_error, _argv, text) => { output = text; });
    if (output) { // --help / --version
      environment.stdout.write(`${output}\n`);
      return 0;
    }
    const options = toOptions(args, environment, stdin);
    session = await openSession(options, environment.env);
    if (args.listTransforms) {
      environment.stdout.write(listTransforms(session.hello));
      return 0;
    }
    if (args.explain !== undefined) return explain(session.hello, args.explain, environment);
    if (stdin) {
      return await migrateStdin(options, session, args.stdinFilename, environment);
    }
    if (options.mode === 'interactive') {
      prompter = new Prompter(environment.stdin, environment.stderr, environment.stdinIsTTY, interrupt);
    }
    const roots = await Promise.all(options.paths.map((p) => realpath(p).catch(() => path.resolve(p))));
    const reviewer = new Reviewer(options, environment, roots, control, prompter);
    const progress = new Progress(environment.stderr, environment.stderrIsTTY && !options.quiet && options.mode !== 'interactive' && options.output === 'text');
    const summary = await runMigration(options, session, {
      onResult: (result) => { progress.clear(); return reviewer.handle(result); },
      onProgress: (done, total) => progress.update(done, total),
      control,
    });
    progress.clear();
    if (options.mode === 'write' || options.mode === 'interactive') {
      Object.assign(summary, { written: reviewer.written, refused: reviewer.dirtyRefused.length, declined: reviewer.declined });
    }
    if (options.output === 'json') environment.stdout.write(jsonDocument(summary, reviewer.files));
    if (options.reportFile) {
      await writeFile(options.reportFile, markdownReport(summary, reviewer.files, (code) => explanationOf(session!.hello, code)));
    }
    if (!options.quiet) environment.stderr.write(summaryText(summary, options.mode));
    if (reviewer.dirtyRefused.length) {
      environment.stderr.write(`loopshift: not written, because they have uncommitted changes: ${reviewer.dirtyRefused.join(', ')}\n` +
        'Commit or stash them and run again, or pass --allow-dirty.\n');
    }
    if (control.interrupted) return 130;
    if (summary.failed > 0 || reviewer.dirtyRefused.length > 0) return 1;
    return options.mode === 'check' && summary.changed > 0 ? 1 : 0;
  } catch (error) {
    environment.stderr.write(`loopshift: error: ${messageOf(error)}\n`);
    if (error instanceof UsageError) environment.stderr.write('Run loopshift --help for usage.\n');
    return exitCodeFor(error);
  } finally {
    process.removeListener('SIGINT', interrupt);
    prompter?.close();
    session?.pool.close();
  }
}

function listTransforms(hello: Hello): string {
  const width = Math.max(...hello.transforms.map((t) => t.name.length));
  const rows = hello.transforms.map((t) => `${t.name.padEnd(width)}  ${t.minTarget}+  ${t.description}`);
  return `${rows.join('\n')}\n(Python ${hello.python}, libcst ${hello.libcst})\n`;
}

function explanationOf(hello: Hello, code: string): string | undefined {
  for (const transform of hello.transforms) {
    const found = transform.codes.find((c) => c.code.toUpperCase() === code.toUpperCase());
    if (found) return `${found.code}: ${found.summary} (transform ${transform.name})\n\n${found.explanation}`;
  }
  return undefined;
}

function explain(hello: Hello, code: string, environment: Environment): ExitCode {
  const text = explanationOf(hello, code);
  if (!text) throw new UsageError(`unknown diagnostic code ${code}`);
  environment.stdout.write(`${text}\n`);
  return 0;
}
