/** The command line: flags -> RunOptions -> run. The only place that prints fatal errors and picks exit codes. */
import os from 'node:os';
import yargs from 'yargs';
import { exitCodeFor, InterruptedError, messageOf, UsageError, type ExitCode } from './errors.js';
import type { Hello } from './helper/protocol.js';
import { SUPPORTED_TARGETS, type RunOptions } from './options.js';
import { jsonDocument, summaryText } from './report.js';
import { Reviewer, type Streams } from './review.js';
import { openSession, runMigration, type Session } from './run.js';

interface Environment extends Streams {
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
}

const defaultEnvironment = (): Environment => ({
  stdout: process.stdout, stderr: process.stderr, env: process.env, stdoutIsTTY: Boolean(process.stdout.isTTY),
});

function parser(argv: string[]) {
  return yargs(argv)
    .scriptName('loopshift')
    .usage('$0 [paths..]\n\nMigrate Python code off asyncio\'s implicit event loop. Prints diffs; changes nothing.')
    .command('$0 [paths..]', false)
    .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'files or folders to migrate' })
    .option('check', { type: 'boolean', default: false, describe: 'exit 1 if any file would change (CI gate)' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON report on stdout instead of diffs' })
    .option('transform', { alias: 't', type: 'string', array: true, default: [], describe: 'run only this transform (repeatable)' })
    .option('list-transforms', { type: 'boolean', default: false, describe: 'list the transforms and exit' })
    .option('explain', { type: 'string', describe: 'explain a diagnostic code (e.g. LS101) and exit' })
    .option('target-version', { type: 'string', choices: [...SUPPORTED_TARGETS], describe: 'oldest Python the migrated code must run on (default: requires-python, else 3.9)' })
    .option('python', { type: 'string', describe: 'Python interpreter with libcst (default: $LOOPSHIFT_PYTHON, python3, python)' })
    .option('jobs', { alias: 'j', type: 'number', default: os.availableParallelism(), describe: 'helper processes' })
    .option('exclude', { type: 'string', array: true, default: [], describe: 'gitignore-style pattern to skip (repeatable)' })
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

function toOptions(args: Parsed, environment: Environment): RunOptions {
  const jobs = Math.floor(args.jobs);
  if (!(jobs >= 1)) throw new UsageError('--jobs must be a whole number of at least 1');
  if (!(args.timeout > 0)) throw new UsageError('--timeout must be a positive number of seconds');
  const noColor = environment.env.NO_COLOR !== undefined && environment.env.NO_COLOR !== '';
  return {
    paths: (args.paths as string[] | undefined)?.length ? (args.paths as string[]) : ['.'],
    mode: args.check ? 'check' : 'diff',
    output: args.json ? 'json' : 'text',
    transforms: args.transform,
    targetVersion: args.targetVersion,
    python: args.python,
    jobs,
    exclude: args.exclude,
    quiet: args.quiet,
    color: args.color === false || noColor ? false : args.color === true || environment.stdoutIsTTY,
    timeoutSeconds: args.timeout,
    maxFileBytes: args.maxFileSize,
  };
}

export async function main(argv: string[], environment: Environment = defaultEnvironment()): Promise<ExitCode> {
  let session: Session | undefined;
  const interrupt = () => {
    session?.pool.close();
    environment.stderr.write('loopshift: interrupted\n');
    process.exit(exitCodeFor(new InterruptedError()));
  };
  process.once('SIGINT', interrupt);
  try {
    let output = '';
    const args = await parser(argv).parseAsync(argv, {}, (_error, _argv, text) => { output = text; });
    if (output) { // --help / --version
      environment.stdout.write(`${output}\n`);
      return 0;
    }
    const options = toOptions(args, environment);
    session = await openSession(options, environment.env);
    if (args.listTransforms) {
      environment.stdout.write(listTransforms(session.hello));
      return 0;
    }
    if (args.explain !== undefined) return explain(session.hello, args.explain, environment);
    const reviewer = new Reviewer(options, environment);
    const summary = await runMigration(options, session, (result) => reviewer.handle(result));
    if (options.output === 'json') environment.stdout.write(jsonDocument(summary, reviewer.jsonFiles));
    if (!options.quiet) environment.stderr.write(summaryText(summary, options.mode));
    if (summary.failed > 0) return 1;
    return options.mode === 'check' && summary.changed > 0 ? 1 : 0;
  } catch (error) {
    environment.stderr.write(`loopshift: error: ${messageOf(error)}\n`);
    if (error instanceof UsageError) environment.stderr.write('Run loopshift --help for usage.\n');
    return exitCodeFor(error);
  } finally {
    process.removeListener('SIGINT', interrupt);
    session?.pool.close();
  }
}

function listTransforms(hello: Hello): string {
  const width = Math.max(...hello.transforms.map((t) => t.name.length));
  const rows = hello.transforms.map((t) => `${t.name.padEnd(width)}  ${t.minTarget}+  ${t.description}`);
  return `${rows.join('\n')}\n(Python ${hello.python}, libcst ${hello.libcst})\n`;
}

function explain(hello: Hello, code: string, environment: Environment): ExitCode {
  for (const transform of hello.transforms) {
    const found = transform.codes.find((c) => c.code.toUpperCase() === code.toUpperCase());
    if (found) {
      environment.stdout.write(`${found.code}: ${found.summary} (transform ${transform.name})\n\n${found.explanation}\n`);
      return 0;
    }
  }
  throw new UsageError(`unknown diagnostic code ${code}`);
}
