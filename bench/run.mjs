#!/usr/bin/env node
// loopshift's benchmark: a dry run against LibCST's own codemod runner on the same files, in one run.
//
//   npm run bench                      # everything, 3 runs each
//   npm run bench -- --runs 1 --quick  # skip LibCST on the full standard library (minutes per run)
//
// Corpora are COPIES of the pyenv CPython 3.8 standard library, made once outside this repository
// (whose .gitignore loopshift would honour) in $LOOPSHIFT_BENCH_DIR or the system temp folder.
// Results: a Markdown table on stdout (paste it into BENCHMARKS.md) and bench/.results/latest.json.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(here);
const corpusDir = process.env.LOOPSHIFT_BENCH_DIR ?? path.join(os.tmpdir(), 'loopshift-bench-corpus');
const resultsDir = path.join(here, '.results');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(value('--runs', '3'));
const python = value('--python', process.env.LOOPSHIFT_PYTHON ?? 'python3');
const quick = flag('--quick');
const jobs = os.availableParallelism();

const pyenvRoot = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
const stdlib = path.join(pyenvRoot, 'versions', '3.8.18', 'lib', 'python3.8');
if (!existsSync(stdlib)) throw new Error(`CPython 3.8's standard library is needed at ${stdlib}`);

// ---------------------------------------------------------------------------------------------
// Corpora: copies, built once and reused.
const notCache = (src) => !src.split(path.sep).includes('__pycache__');

function copyOnce(name, build) {
  const dir = path.join(corpusDir, name);
  if (!existsSync(path.join(dir, '.complete'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    build(dir);
    writeFileSync(path.join(dir, '.complete'), '');
  }
  return dir;
}

function pyFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.py')) out.push(full);
    }
  };
  walk(dir);
  return out;
}

const corpora = {
  stdlib: copyOnce('stdlib-1x', (dir) => cpSync(stdlib, path.join(dir, 'python3.8'), { recursive: true, filter: notCache })),
};
corpora.testAsyncio = copyOnce('test_asyncio', (dir) =>
  cpSync(path.join(corpora.stdlib, 'python3.8', 'test', 'test_asyncio'), path.join(dir, 'test_asyncio'), { recursive: true }));
corpora.candidates = copyOnce('candidates', (dir) => {
  for (const file of pyFiles(path.join(corpora.stdlib, 'python3.8'))) {
    const text = readFileSync(file, 'latin1');
    if (!text.includes('get_event_loop') && !text.includes('run_until_complete')) continue;
    const target = path.join(dir, path.relative(corpora.stdlib, file));
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(file, target);
  }
});
for (const scale of [2, 4]) {
  corpora[`stdlib${scale}x`] = copyOnce(`stdlib-${scale}x`, (dir) => {
    for (let i = 0; i < scale; i += 1) cpSync(path.join(corpora.stdlib, 'python3.8'), path.join(dir, `copy${i}`), { recursive: true });
  });
}
// LibCST's runner reads its configuration from the folder it runs in: formatter `cat`, as in the issue.
writeFileSync(path.join(corpusDir, '.libcst.codemod.yaml'),
  "generated_code_marker: '@generated'\nformatter: ['cat']\nblacklist_patterns: []\nmodules:\n- 'libcst.codemod.commands'\nrepo_root: '.'\n");

// ---------------------------------------------------------------------------------------------
function timed(command, argv, cwd) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', () => {});
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ seconds, code, stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A cold run (--no-cache) unless `cacheDir` is given. */
async function loopshift(dir, cacheDir) {
  const cache = cacheDir ? ['--cache-dir', cacheDir] : ['--no-cache'];
  const result = await timed('node', [path.join(repo, 'bin', 'loopshift.js'), '--json', '-q', ...cache, '--python', python, path.relative(corpusDir, dir)], corpusDir);
  // Exit 1 only says some file failed (the stdlib has a few that LibCST cannot parse): still a full run.
  if (result.code !== 0 && result.code !== 1) throw new Error(`loopshift exited ${result.code} on ${dir}`);
  const summary = JSON.parse(result.stdout).summary;
  return { seconds: result.seconds, files: summary.filesScanned, candidates: summary.candidates, memory: summary.memory, cache: summary.cache };
}

async function libcstRunner(dir) {
  const result = await timed(python, ['-m', 'libcst.tool', 'codemod', 'rename.RenameCommand',
    '--old_name=asyncio.get_event_loop', '--new_name=asyncio.get_running_loop',
    '-j', String(jobs), '-u', '3', '--no-format', '--hide-progress', path.relative(corpusDir, dir)], corpusDir);
  return { seconds: result.seconds, files: pyFiles(dir).length };
}

async function measure(label, fn, dir) {
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    samples.push(await fn(dir));
    process.stderr.write(`  ${label}: run ${i + 1}/${runs} ${samples.at(-1).seconds.toFixed(2)}s\n`);
  }
  const seconds = median(samples.map((s) => s.seconds));
  return { label, seconds, samples: samples.map((s) => s.seconds), files: samples[0].files, extra: samples.at(-1) };
}

// ---------------------------------------------------------------------------------------------
const lines = (dir) => pyFiles(dir).reduce((n, f) => n + readFileSync(f, 'latin1').split('\n').length - 1, 0);
process.stderr.write(`bench: ${runs} run(s) each, ${jobs} jobs, python ${python}\n`);
const rows = [];
const compare = async (name, dir, withLibcst = true) => {
  process.stderr.write(`${name}\n`);
  const ours = await measure('loopshift', loopshift, dir);
  const theirs = withLibcst ? await measure('libcst', libcstRunner, dir) : undefined;
  rows.push({ name, files: ours.files, lines: lines(dir), ours, theirs });
};
await compare('stdlib (1x)', corpora.stdlib, !quick);
await compare('candidate files only', corpora.candidates);
await compare('test/test_asyncio', corpora.testAsyncio);
// Re-runs with the result cache (issue 14): warm (nothing changed) and one candidate file edited.
process.stderr.write('cache\n');
const cacheDir = path.join(corpusDir, '.bench-cache');
rmSync(cacheDir, { recursive: true, force: true });
await loopshift(corpora.stdlib, cacheDir); // fill it
const warm = await measure('loopshift warm', (dir) => loopshift(dir, cacheDir), corpora.stdlib);
const edited = path.join(corpora.stdlib, 'python3.8', 'asyncio', 'base_events.py');
const original = readFileSync(edited);
let edits = 0;
const oneChanged = await measure('loopshift one file changed', async (dir) => {
  edits += 1;
  writeFileSync(edited, Buffer.concat([original, Buffer.from(`# bench edit ${edits}\n`)]));
  try {
    return await loopshift(dir, cacheDir);
  } finally {
    writeFileSync(edited, original);
  }
}, corpora.stdlib);
await loopshift(corpora.stdlib, cacheDir); // the restored text is cached again for the next bench
const scaling = [];
for (const [scale, dir] of [[1, corpora.stdlib], [2, corpora.stdlib2x], [4, corpora.stdlib4x]]) {
  process.stderr.write(`scaling ${scale}x\n`);
  scaling.push({ scale, files: pyFiles(dir).length, ...(await measure(`loopshift ${scale}x`, loopshift, dir)) });
}

const fmt = (x) => (x === undefined ? 'n/a' : `${x.toFixed(2)} s`);
const table = [
  '| corpus | .py files | lines | loopshift (median) | files/s | LibCST runner (median) | files/s | loopshift / LibCST | driver peak | helper peak |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(({ name, files, lines: n, ours, theirs }) => {
    const mem = ours.extra.memory;
    return `| ${name} | ${files} | ${n} | ${fmt(ours.seconds)} | ${(files / ours.seconds).toFixed(0)} | ${fmt(theirs?.seconds)} | ` +
      `${theirs ? (theirs.files / theirs.seconds).toFixed(0) : 'n/a'} | ${theirs ? `1/${(theirs.seconds / ours.seconds).toFixed(1)}` : 'n/a'} | ` +
      `${(mem.driverPeakKb / 1024).toFixed(0)} MiB | ${(mem.helperPeakKb / 1024).toFixed(0)} MiB |`;
  }),
  '',
  '| scale | .py files | loopshift (median) | per 1,000 files | driver peak | helper peak |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...scaling.map((s) => `| ${s.scale}x | ${s.files} | ${fmt(s.seconds)} | ${(s.seconds / s.files * 1000).toFixed(2)} s | ` +
    `${(s.extra.memory.driverPeakKb / 1024).toFixed(0)} MiB | ${(s.extra.memory.helperPeakKb / 1024).toFixed(0)} MiB |`),
].join('\n');

// Issue 5's targets, judged from this run's own figures.
const ratio = (row) => (row?.theirs ? row.theirs.seconds / row.ours.seconds : undefined);
const perFile = scaling.map((s) => s.seconds / s.files);
const driverPeaks = scaling.map((s) => s.extra.memory.driverPeakKb);
const verdict = (ok) => (ok === undefined ? 'not measured (--quick)' : ok ? 'met' : '**not met**');
const stdlibRatio = ratio(rows[0]);
const candidateRatio = ratio(rows[1]);
// Issue 14: the whole library, cold, against LibCST's runner on the candidate files alone.
const coldVsCandidates = rows[1].theirs ? rows[1].theirs.seconds / rows[0].ours.seconds : undefined;
const warmShare = warm.seconds / rows[0].ours.seconds;
const reprocessed = oneChanged.extra.cache?.misses;
const targets = [
  '| target | this run | status |',
  '| --- | --- | --- |',
  `| whole library ≤ 1/50 of LibCST's runner | ${stdlibRatio ? `1/${stdlibRatio.toFixed(1)}` : 'n/a'} | ${verdict(stdlibRatio && stdlibRatio >= 50)} |`,
  `| candidate files ≤ 1/5 of LibCST's runner | ${candidateRatio ? `1/${candidateRatio.toFixed(1)}` : 'n/a'} | ${verdict(candidateRatio && candidateRatio >= 5)} |`,
  `| whole library cold ≤ 1/10 of LibCST's runner on the candidates | ${coldVsCandidates ? `1/${coldVsCandidates.toFixed(1)}` : 'n/a'} | ${verdict(coldVsCandidates && coldVsCandidates >= 10)} |`,
  `| warm re-run ≤ 15% of the cold run | ${fmt(warm.seconds)} = ${(warmShare * 100).toFixed(0)}%, ${warm.extra.cache?.helpersStarted ?? '?'} helpers started, ${warm.extra.cache?.filesRead ?? '?'} files read | ${verdict(warmShare <= 0.15)} |`,
  `| one file changed: only it is processed again | ${fmt(oneChanged.seconds)}, ${reprocessed ?? '?'} processed again | ${verdict(reprocessed === 1)} |`,
  // Linear: the cost per file at 4x stays within 25% of the cost per file at 1x.
  `| cost linear in corpus size | ${perFile.map((x) => `${(x * 1000).toFixed(2)} s`).join(', ')} per 1,000 files | ${verdict(Math.max(...perFile) <= perFile[0] * 1.25)} |`,
  // Bounded: 4x the files may not cost the driver 1.5x the memory.
  `| driver memory bounded by files in flight | ${driverPeaks.map((kb) => `${(kb / 1024).toFixed(0)} MiB`).join(', ')} at 1x, 2x, 4x | ${verdict(Math.max(...driverPeaks) <= driverPeaks[0] * 1.5)} |`,
].join('\n');

const machine = `${os.cpus()[0]?.model ?? 'cpu'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
  `Node ${process.version}, ${execFileSync(python, ['-c', 'import sys, libcst; from importlib.metadata import version; print("Python", sys.version.split()[0], "libcst", version("libcst"))']).toString().trim()}`;
mkdirSync(resultsDir, { recursive: true });
const stamp = new Date().toISOString();
writeFileSync(path.join(resultsDir, 'latest.json'), JSON.stringify({ stamp, machine, runs, rows, warm, oneChanged, scaling, targets }, null, 2));
process.stdout.write(`Measured ${stamp} on ${machine}; ${runs} run(s) each, medians.\n\n${table}\n\n${targets}\n`);
