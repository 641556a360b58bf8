/**
 * --format sarif end to end: the real CLI on a sample tree, its log validated against the SARIF 2.1.0
 * JSON schema (test/support/sarif-schema-2.1.0.json, see test/support/SARIF-SCHEMA.md) with ajv.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { makeTree, runCli, snapshot } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';

const require = createRequire(import.meta.url);
// ajv and ajv-formats are CommonJS: loaded the way src/args.ts loads yargs.
const Ajv = require('ajv') as typeof import('ajv').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'support', 'sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false }); // draft-07, the schema's own $schema
addFormats(ajv);
const validate = ajv.compile(schema);
const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

function validSarif(stdout: string): Json {
  const log = JSON.parse(stdout);
  const ok = validate(log);
  expect(ok ? [] : validate.errors).toEqual([]);
  return log;
}

/** Apply a fix's replacements (offsets in code points, as run.columnKind says) to the original text. */
function applyFix(text: string, replacements: Json[]): string {
  const chars = [...text];
  const sorted = [...replacements].sort((a, b) => b.deletedRegion.charOffset - a.deletedRegion.charOffset);
  for (const r of sorted) {
    chars.splice(r.deletedRegion.charOffset, r.deletedRegion.charLength, ...[...(r.insertedContent?.text ?? '')]);
  }
  return chars.join('');
}

// Two rewrites and an import edit in one file, non-ASCII text before them, CRLF line endings.
const APP = [
  'from asyncio import get_event_loop',
  '# é — “quotes” and 🐍 before the edits',
  '',
  'async def main():',
  '    loop = get_event_loop()',
  '    return loop.time()',
  '',
  'async def other():',
  '    return get_event_loop()',
  '',
].join('\r\n');
const NESTED = 'import asyncio\n\nasync def main():\n    def cb():\n        return asyncio.get_event_loop()\n    return cb\n';
const CLEAN = 'import asyncio\n\n\nasync def main():\n    return asyncio.get_running_loop().time()\n';

function sampleTree() {
  return makeTree({
    'src/app.py': APP,
    'src/nested.py': NESTED,
    'src/clean.py': CLEAN,
    'src/broken.py': 'def get_event_loop(:\n',
    'src/latin.py': '# -*- coding: latin-1 -*-\nimport asyncio\nasync def f():\n    return asyncio.get_event_loop()\n',
  });
}

describe('--format sarif', () => {
  test('prints one SARIF 2.1.0 log that the official schema accepts, with rules, results, locations and fixes', async () => {
    const root = sampleTree();
    const before = snapshot(root);
    const run = await runCli(['--format', 'sarif', 'src'], { cwd: root });
    expect(run.exitCode).toBe(1); // broken.py failed, as with --json
    expect(snapshot(root)).toEqual(before);
    // The validator has teeth: a run without a tool, or a result whose level SARIF does not know, fails it.
    expect(validate({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
    const log = validSarif(run.stdout);
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: 'severe' }] }] })).toBe(false);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [sarifRun] = log.runs;
    const { driver } = sarifRun.tool;
    expect(driver).toMatchObject({ name: 'loopshift', version });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(sarifRun.columnKind).toBe('unicodeCodePoints');

    // A rule for every code --explain knows, with its summary; then one per transform.
    const listed = await runCli(['--explain']);
    const codes = [...listed.stdout.matchAll(/^(LS\d+)  (.*) \((\w+)\)$/gm)];
    expect(codes.length).toBeGreaterThan(40);
    const rules = new Map<string, Json>(driver.rules.map((r: Json) => [r.id, r]));
    for (const [, code, summary] of codes) {
      expect(rules.get(code)?.shortDescription.text).toBe(summary);
      expect(rules.get(code)?.fullDescription.text.length).toBeGreaterThan(20);
    }
    // The help text is what --explain CODE prints.
    for (const code of ['LS101', 'LS801']) {
      const explained = await runCli(['--explain', code]);
      expect(rules.get(code).help.text).toBe(explained.stdout.trimEnd());
    }
    expect(rules.get('get_running_loop')?.shortDescription.text).toContain('get_running_loop');

    // Every result points at its rule, by id and by index.
    for (const result of sarifRun.results) expect(driver.rules[result.ruleIndex].id).toBe(result.ruleId);

    // Pending changes: results of their transform's rule at the --json positions; the first carries the fix.
    const json = JSON.parse((await runCli(['--json', 'src'], { cwd: root })).stdout);
    const app = json.files.find((f: Json) => f.path === 'src/app.py');
    const changes = sarifRun.results.filter((r: Json) => r.locations[0].physicalLocation.artifactLocation.uri === 'src/app.py');
    expect(changes.map((r: Json) => [r.ruleId, r.level, r.locations[0].physicalLocation.region]))
      .toEqual(app.changes.map((c: Json) => [c.transform, 'warning', { startLine: c.line, startColumn: c.column }]));
    expect(changes.length).toBeGreaterThanOrEqual(2);
    expect(changes[0].locations[0].physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
    expect(changes[0].fixes).toHaveLength(1);
    expect(changes.slice(1).every((r: Json) => r.fixes === undefined)).toBe(true);
    const [change] = changes[0].fixes[0].artifactChanges;
    expect(change.artifactLocation.uri).toBe('src/app.py');

    // Applying the fix gives exactly what --write writes.
    const fixed = applyFix(APP, change.replacements);
    const written = await runCli(['--write', 'src/app.py'], { cwd: root });
    expect(written.exitCode).toBe(0);
    expect(fixed).toBe(readFileSync(path.join(root, 'src', 'app.py'), 'utf8'));
    expect(fixed).not.toBe(APP);

    // A diagnostic: a result of its code's rule.
    const diagnostic = sarifRun.results.find((r: Json) => r.locations[0].physicalLocation.artifactLocation.uri === 'src/nested.py');
    expect(diagnostic).toMatchObject({ ruleId: 'LS101', level: 'warning', locations: [{ physicalLocation: { region: { startLine: 5, startColumn: 16 } } }] });

    // The file that failed and the one skipped are notifications of the invocation.
    const [invocation] = sarifRun.invocations;
    expect(invocation.executionSuccessful).toBe(false);
    const notes = invocation.toolExecutionNotifications.map((n: Json) => [n.level, n.locations[0].physicalLocation.artifactLocation.uri]);
    expect(notes).toEqual(expect.arrayContaining([['error', 'src/broken.py'], ['note', 'src/latin.py']]));
    expect(invocation.toolExecutionNotifications[0].message.text).toMatch(/ParseError/);
    expect(sarifRun.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
  });

  test('exit codes follow the mode: 0 for a dry run, 1 for --check with pending changes; --write reports what it wrote', async () => {
    const root = makeTree({ 'app.py': 'import asyncio\n\nasync def main():\n    return asyncio.get_event_loop()\n', 'clean.py': CLEAN });
    const dry = await runCli(['--format', 'sarif', '.'], { cwd: root });
    expect(dry.exitCode).toBe(0);
    expect(validSarif(dry.stdout).runs[0].results).toHaveLength(1);
    const check = await runCli(['--check', '--format', 'sarif', '.'], { cwd: root });
    expect(check.exitCode).toBe(1);
    validSarif(check.stdout);

    const write = await runCli(['--write', '--format', 'sarif', '.'], { cwd: root });
    expect(write.exitCode).toBe(0);
    const [result] = validSarif(write.stdout).runs[0].results;
    expect(result).toMatchObject({ ruleId: 'get_running_loop', level: 'note', properties: { written: true } });
    expect(result.fixes).toBeUndefined();
    expect(readFileSync(path.join(root, 'app.py'), 'utf8')).toContain('asyncio.get_running_loop()');

    const clean = await runCli(['--format', 'sarif', 'clean.py'], { cwd: root });
    expect(clean.exitCode).toBe(0);
    expect(validSarif(clean.stdout).runs[0].results).toEqual([]);
  });

  test('a diagnostic with a pending unsafe fix says so and carries that fix; applied, it gives the unsafe text', async () => {
    // Sync helper (LS801, with get_running_loop's unsafe fix) and a coroutine (a safe rewrite).
    const text = ['import asyncio', '', '', 'def helper():', '    return asyncio.get_event_loop()', '', '',
      'async def main():', '    loop = asyncio.get_event_loop()', '    return loop is helper()', ''].join('\n');
    const root = makeTree({ 'a.py': text });
    const run = await runCli(['--no-cache', '--format', 'sarif', 'a.py'], { cwd: root });
    const log = validSarif(run.stdout);
    const results: Json[] = log.runs[0].results;
    const ls801 = results.find((r) => r.ruleId === 'LS801');
    expect(ls801.message.text).toContain('an unsafe fix is available');
    expect(ls801.properties).toMatchObject({ unsafeFix: true });
    expect(ls801.fixes[0].description.text).toMatch(/unsafe fixes to this file, with its safe rewrites \(one unsafe fix/);
    const fixed = applyFix(text, ls801.fixes[0].artifactChanges[0].replacements);
    expect(fixed).toContain('    return asyncio.get_running_loop()\n');
    expect(fixed).toContain('    loop = asyncio.get_running_loop()\n');
    // The safe fix stays on the rewrite's own result, without the unsafe one.
    const safe = results.find((r) => r.ruleId === 'get_running_loop');
    expect(applyFix(text, safe.fixes[0].artifactChanges[0].replacements)).toContain('    return asyncio.get_event_loop()\n');
  });

  test('a path outside the working folder gets an absolute file: URI', async () => {
    const root = makeTree({ 'inner/app.py': 'import asyncio\n\nasync def main():\n    return asyncio.get_event_loop()\n', 'other/x.txt': '' });
    const outside = await runCli(['--format', 'sarif', '../inner/app.py'], { cwd: path.join(root, 'other') });
    expect(outside.exitCode).toBe(0);
    const [result] = validSarif(outside.stdout).runs[0].results;
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/\/.*\/inner\/app\.py$/);
    expect(result.locations[0].physicalLocation.artifactLocation.uriBaseId).toBeUndefined();
  });

  test('is refused where it cannot apply: stdin mode, --json, --interactive', async () => {
    const source = 'import asyncio\n\nasync def main():\n    return asyncio.get_event_loop()\n';
    const stdin = await runCli(['-', '--format', 'sarif'], { input: source });
    expect(stdin.exitCode).toBe(2);
    expect(stdin.stderr).toContain('"-" prints the migrated source; it cannot be combined with --format sarif');
    const json = await runCli(['--json', '--format', 'sarif', '.']);
    expect(json.exitCode).toBe(2);
    expect(json.stderr).toContain('--json contradicts --format sarif');
    const interactive = await runCli(['-i', '--format', 'sarif', '.']);
    expect(interactive.exitCode).toBe(2);
  });
});
