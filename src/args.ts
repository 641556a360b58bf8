/**
 * argv -> a checked request. Only words before `--` can be options; a path never turns into one
 * (no dot-notation, no number parsing of positionals), and every number is validated here.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import type yargsType from 'yargs';
import { UsageError } from './errors.js';
import { SUPPORTED_TARGETS, type RunOptions } from './options.js';
import { ProjectConfig } from './project-config.js';
import { splitSelectors, type SelectionLayer } from './rule-selection.js';
import { normalizeTarget } from './target-version.js';

// yargs' ESM build wraps help text at any character ("Prin / ts"); its CommonJS build wraps at words.
const yargs = createRequire(import.meta.url)('yargs') as typeof yargsType;

export type Command =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'list-transforms'; options: RunOptions }
  | { kind: 'explain'; code: string; options: RunOptions }
  | { kind: 'stdin'; options: RunOptions; filename?: string }
  | { kind: 'run'; options: RunOptions };

export const DEFAULT_MEMORY_LIMIT_MB = 2048;
const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

const USAGE = '$0 [options] [paths..]\n\n' +
  'Migrate Python code off asyncio\'s implicit event loop. By default it prints diffs and changes nothing; ' +
  '--write applies them, -i asks file by file. Everything after "--" is a path, even a name that starts with "-".';

const EPILOGUE = 'Rule selection: each transform reports its own diagnostic codes (LS1xx get_running_loop ... LS8xx ' +
  'loop_diagnostics; --list-transforms shows each prefix). --select, --extend-select and --ignore take codes (LS801), ' +
  'prefixes (LS8, LS80, LS or ALL) and transform names, comma-separated or repeated; they work as in ruff: --select ' +
  'replaces [tool.loopshift] select, the more specific selector wins, and diagnostics not selected are not shown. ' +
  'A transform runs (and rewrites) only when one of its codes is selected; -t narrows the transforms first.\n\n' +
  'Safe and unsafe fixes: every rewrite loopshift makes on its own is proven to keep behaviour (safe). For some ' +
  'diagnostics it can also propose an unsafe fix, which may change behaviour in cases it cannot rule out (--explain ' +
  'CODE says what may change): the dry run shows those as a separate diff marked "unsafe fixes", -i asks for them file by file, ' +
  'and --write applies them only with --unsafe-fixes (or unsafe-fixes = true in [tool.loopshift]). --check fails on ' +
  'pending safe fixes only, unless --unsafe-fixes.';

function parser() {
  return yargs()
    .scriptName('loopshift')
    .version(false) // ours prints the helper's Python and libcst too
    .wrap(Math.min(100, Math.max(80, process.stdout.columns ?? 80)))
    .parserConfiguration({
      'dot-notation': false,              // "--write.py" must not set write
      'parse-positional-numbers': false,  // a path named "1" stays "1"
      'halt-at-non-option': false,
      'unknown-options-as-args': false,   // an unknown option is a usage error (strict)
    })
    .usage(USAGE)
    .command('$0 [paths..]', false)
    .positional('paths', { type: 'string', array: true, describe: 'files or folders to migrate, or - for stdin', defaultDescription: '.' })
    .option('check', { type: 'boolean', default: false, describe: 'exit 1 if any file would change (CI gate)' })
    .option('diff', { type: 'boolean', default: false, describe: 'print diffs and change nothing (the default, as black and ruff spell it)' })
    .option('write', { alias: 'w', type: 'boolean', default: false, describe: 'apply every change (atomic writes)' })
    .option('interactive', { alias: 'i', type: 'boolean', default: false, describe: 'show each change and ask before applying it' })
    .option('allow-dirty', { type: 'boolean', default: false, describe: 'also write files that have uncommitted changes in git' })
    .option('report', { type: 'string', requiresArg: true, describe: 'write a Markdown migration report to this file' })
    .option('json', { type: 'boolean', default: false, describe: 'print one JSON report on stdout (= --format json)' })
    .option('format', { type: 'string', choices: ['text', 'json', 'github', 'sarif'], describe: 'diffs (text), a JSON report, GitHub annotations or SARIF 2.1.0' })
    .option('stdin-filename', { type: 'string', requiresArg: true, describe: 'with the path -: the name of the file read on stdin' })
    .option('transform', { alias: 't', type: 'string', array: true, nargs: 1, default: [], defaultDescription: 'all', describe: 'run only this transform (repeatable)' })
    .option('select', { type: 'string', array: true, nargs: 1, default: [], defaultDescription: 'ALL', describe: 'codes, prefixes or transform names to select (comma-separated, repeatable); replaces [tool.loopshift] select' })
    .option('extend-select', { type: 'string', array: true, nargs: 1, default: [], defaultDescription: 'none', describe: 'add these to the selection (comma-separated, repeatable)' })
    .option('ignore', { type: 'string', array: true, nargs: 1, default: [], defaultDescription: 'none', describe: 'take these out of the selection (comma-separated, repeatable)' })
    .option('unsafe-fixes', { type: 'boolean', describe: 'also apply unsafe fixes (proposals that may change behaviour; see --explain); --no-unsafe-fixes: never', defaultDescription: '[tool.loopshift] unsafe-fixes, else false' })
    .option('statistics', { type: 'boolean', default: false, describe: 'after the run, print a table of codes and rewrites with their counts' })
    .option('list-transforms', { type: 'boolean', default: false, describe: 'list the transforms and exit' })
    .option('explain', { type: 'string', describe: 'explain a diagnostic code (e.g. LS101); alone: list the codes' })
    .option('target-version', { type: 'string', choices: [...SUPPORTED_TARGETS], coerce: (v: string) => (typeof v === 'string' ? normalizeTarget(v) : v), describe: 'oldest Python the code must run on (py38 style too)', defaultDescription: 'requires-python, else 3.9' })
    .option('python', { type: 'string', requiresArg: true, describe: 'Python with libcst that runs the helpers', defaultDescription: '$LOOPSHIFT_PYTHON, python3, python' })
    .option('jobs', { alias: 'j', type: 'string', requiresArg: true, describe: 'helper processes', defaultDescription: 'CPU count' })
    .option('exclude', { type: 'string', array: true, nargs: 1, default: [], defaultDescription: 'none', describe: 'gitignore-style pattern to skip (repeatable)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no summary on stderr' })
    .option('color', { type: 'boolean', describe: 'colour diffs; --no-color: never', defaultDescription: 'on a terminal without NO_COLOR' })
    .option('timeout', { type: 'string', requiresArg: true, describe: 'seconds a helper may spend on one file', defaultDescription: '60' })
    .option('max-file-size', { type: 'string', requiresArg: true, describe: 'skip files larger than this many bytes', defaultDescription: String(DEFAULT_MAX_FILE_BYTES) })
    .option('memory-limit', { type: 'string', requiresArg: true, describe: 'MiB of memory each helper may use; 0: no limit', defaultDescription: String(DEFAULT_MEMORY_LIMIT_MB) })
    .option('cache', { type: 'boolean', default: true, describe: 'reuse results for unchanged files; --no-cache: neither read nor write it' })
    .option('cache-dir', { type: 'string', requiresArg: true, describe: 'where results are cached', defaultDescription: '$LOOPSHIFT_CACHE_DIR, else .loopshift_cache in the project root' })
    .option('version', { alias: 'V', type: 'boolean', describe: 'show the version, the helper\'s Python and libcst' })
    .epilogue(EPILOGUE)
    .help('help')
    .alias('help', 'h')
    .strict()
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
}

/** A whole number in [min, max] (or a positive number when `fraction`), else a usage error naming the flag. */
export function numberFlag(flag: string, text: string | undefined, fallback: number, rule: { min: number; fraction?: boolean }): number {
  if (text === undefined) return fallback;
  const shape = rule.fraction ? /^\d+(\.\d+)?$/ : /^\d+$/;
  const value = Number(text.trim());
  if (!shape.test(text.trim()) || !Number.isFinite(value) || value < rule.min) {
    const what = rule.fraction ? 'a positive number' : `a whole number of at least ${rule.min}`;
    throw new UsageError(`${flag} must be ${what}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** `project` is the run's reader of pyproject.toml: [tool.loopshift] may set transforms and jobs. */
export async function parseArgs(
  argv: string[], env: NodeJS.ProcessEnv, stdoutIsTTY: boolean, project = new ProjectConfig(),
): Promise<Command> {
  // Everything after the first "--" is a path; only what comes before it is parsed as options.
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const tail = end < 0 ? [] : argv.slice(end + 1);
  // yargs drops a lone "-", so the stdin marker is taken out here.
  const stdin = head.includes('-');
  let helpText = '';
  const args = await parser().parseAsync(head.filter((arg) => arg !== '-'), {}, (_error, _argv, text) => { helpText = text; });
  if (helpText) return { kind: 'help', text: helpText };
  if (args.version) return { kind: 'version' };
  const paths = [...((args.paths as string[] | undefined) ?? []).map(String), ...tail];

  if (args.diff && (args.write || args.interactive)) throw new UsageError('--diff changes nothing; it cannot be combined with --write or --interactive');
  if ([args.write, args.interactive, args.check].filter(Boolean).length > 1) {
    throw new UsageError('choose one of --check, --write and --interactive');
  }
  if (args.interactive && (args.json || (args.format && args.format !== 'text'))) {
    throw new UsageError('--interactive shows diffs; it cannot be combined with --json or --format');
  }
  if (args.json && args.format && args.format !== 'json') throw new UsageError(`--json contradicts --format ${args.format}`);
  const output = args.json ? 'json' : ((args.format as RunOptions['output'] | undefined) ?? 'text');
  if (stdin) {
    if (paths.length || args.write || args.interactive) {
      throw new UsageError('"-" reads one file from stdin: give no other path, and no --write or --interactive');
    }
    if (output !== 'text') throw new UsageError(`"-" prints the migrated source; it cannot be combined with --format ${output}`);
    if (args.diff) throw new UsageError('"-" prints the migrated source; it cannot be combined with --diff');
    if (args.report) throw new UsageError('"-" prints the migrated source; it cannot write --report');
  }
  if (args.stdinFilename !== undefined && !stdin) throw new UsageError('--stdin-filename only goes with the path "-"');
  if (args.statistics && (stdin || output === 'github' || output === 'sarif')) {
    throw new UsageError(`--statistics prints a table (or summary.statistics with --json); it cannot be combined with ${stdin ? '"-"' : `--format ${output}`}`);
  }

  // [tool.loopshift] of the first path (or the current folder) gives the run-wide settings; flags win.
  const config = project.toolConfig(stdin ? (args.stdinFilename ?? '.') : (paths[0] ?? '.'));
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  // Rule selection, in ruff's layers: the config's keys, then the flags (a --select starts over).
  const selection: SelectionLayer[] = [];
  if (config && (config.select || config.extendSelect || config.ignore)) {
    selection.push({ origin: config.file, select: config.select, extendSelect: config.extendSelect, ignore: config.ignore });
  }
  const flags = { select: args.select as string[], extendSelect: args.extendSelect as string[], ignore: args.ignore as string[] };
  if (flags.select.length || flags.extendSelect.length || flags.ignore.length) {
    selection.push({
      origin: '--',
      select: flags.select.length ? splitSelectors(flags.select) : undefined,
      extendSelect: splitSelectors(flags.extendSelect),
      ignore: splitSelectors(flags.ignore),
    });
  }
  const options: RunOptions = {
    paths: stdin ? ['-'] : paths.length ? paths : ['.'],
    mode: args.write ? 'write' : args.interactive ? 'interactive' : args.check ? 'check' : 'diff',
    output,
    transforms: args.transform.length ? args.transform : (config?.transforms ?? []),
    transformsFrom: args.transform.length ? undefined : config?.transforms ? `${config.file} [tool.loopshift] transforms` : undefined,
    selection,
    statistics: args.statistics,
    unsafeFixes: (args.unsafeFixes as boolean | undefined) ?? config?.unsafeFixes ?? false,
    targetVersion: args.targetVersion,
    python: args.python,
    jobs: numberFlag('--jobs', args.jobs, config?.jobs ?? os.availableParallelism(), { min: 1 }),
    exclude: args.exclude,
    quiet: args.quiet,
    // An explicit --color or --no-color wins over NO_COLOR (no-color.org); NO_COLOR wins over a terminal.
    color: args.color ?? (!noColor && stdoutIsTTY),
    timeoutSeconds: numberFlag('--timeout', args.timeout, 60, { min: 0.001, fraction: true }),
    maxFileBytes: numberFlag('--max-file-size', args.maxFileSize, DEFAULT_MAX_FILE_BYTES, { min: 0 }),
    memoryLimitMb: numberFlag('--memory-limit', args.memoryLimit, DEFAULT_MEMORY_LIMIT_MB, { min: 0 }),
    allowDirty: args.allowDirty,
    reportFile: args.report,
    cacheDir: args.cache === false ? null : (args.cacheDir ?? (env.LOOPSHIFT_CACHE_DIR || undefined)),
  };
  if (args.listTransforms) return { kind: 'list-transforms', options };
  if (args.explain !== undefined) return { kind: 'explain', code: args.explain.trim(), options };
  if (stdin) return { kind: 'stdin', options, filename: args.stdinFilename };
  return { kind: 'run', options };
}
