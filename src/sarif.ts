/**
 * --format sarif: one SARIF 2.1.0 log on stdout at the end of the run, for GitHub code scanning and
 * other SARIF consumers.
 *
 * - tool.driver.rules: every diagnostic code the helper knows (its summary, and the explanation that
 *   `--explain CODE` prints), then one rule per transform for the rewrites it would make.
 * - results: one per diagnostic (ruleId = the code) and one per pending change (ruleId = the
 *   transform). The first pending change of a file carries the file's whole rewrite as a `fix`
 *   (artifactChanges/replacements). The edits of one file go together (an import changes with the
 *   call that needs it), so they make one fix, never one per change.
 * - Files that failed or were skipped are invocation notifications (toolExecutionNotifications), as
 *   the spec has it for files the tool could not analyse.
 *
 * Lines and columns are 1-based and count Unicode code points (run.columnKind), as the helper's
 * positions do; replacement offsets count code points of the decoded text (without a BOM).
 * URIs are relative to the working folder (uriBaseId %SRCROOT%); a file outside it gets a file: URI.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { diffLines } from 'diff';
import type { FileResult } from './file-result.js';
import type { Hello } from './helper/protocol.js';
import type { Summary } from './run-report.js';
import { proposalFor, UNSAFE_FIX_AVAILABLE, unsafeChanges, unsafeFixNote } from './unsafe-fixes.js';

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://pypi.org/project/loopshift/';
const SRCROOT = '%SRCROOT%';

interface Message { text: string; markdown?: string }
interface ArtifactLocation { uri: string; uriBaseId?: string }
interface Region { startLine?: number; startColumn?: number; charOffset?: number; charLength?: number }
interface Location { physicalLocation: { artifactLocation: ArtifactLocation; region?: Region } }
interface Replacement { deletedRegion: Region; insertedContent?: { text: string } }
interface Fix { description: Message; artifactChanges: { artifactLocation: ArtifactLocation; replacements: Replacement[] }[] }

export interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  level: 'warning' | 'note' | 'error';
  message: Message;
  locations: Location[];
  fixes?: Fix[];
  properties?: Record<string, unknown>;
}

interface Notification { level: 'error' | 'note'; message: Message; locations?: Location[]; descriptor?: { id: string } }

interface Rule {
  id: string;
  name?: string;
  shortDescription?: Message;
  fullDescription?: Message;
  help?: Message;
  defaultConfiguration?: { level: 'warning' | 'note' };
  properties?: Record<string, unknown>;
}

/** Collects results as they settle (while their text is still at hand), and writes the log at the end. */
export class SarifLog {
  private readonly results: SarifResult[] = [];
  private readonly notifications: Notification[] = [];

  constructor(private readonly cwd: string = process.cwd()) {}

  add(result: FileResult): void {
    if (result.applied === 'not-reviewed') return;
    const artifact = this.artifactOf(result.display);
    const at = (line: number, column: number): Location[] =>
      [{ physicalLocation: { artifactLocation: artifact, region: { startLine: Math.max(1, line), startColumn: Math.max(1, column) } } }];
    if (result.status === 'changed') {
      const written = result.written === true;
      let fix = written || !result.before || result.after === undefined ? undefined : fileFix(artifact, result.before.text, result.after, result.changes.length);
      for (const change of result.changes) {
        this.results.push({
          ruleId: change.transform,
          level: written ? 'note' : 'warning',
          message: { text: `${written ? 'rewritten' : 'would rewrite (loopshift --write applies it)'}: ${change.description}` },
          locations: at(change.line, change.column),
          ...(fix ? { fixes: [fix] } : {}),
          properties: { transform: change.transform, written },
        });
        fix = undefined; // the file's one fix goes with its first change
      }
    }
    // A pending unsafe fix: the file's text with it (and the safe changes), on the first diagnostic it answers.
    const proposed = proposalFor(result);
    const unsafe = result.unsafe;
    let unsafeFix = unsafe && result.before && !result.written
      ? fileFix(artifact, result.before.text, unsafe.after, unsafeChanges(unsafe.changes).length, 'unsafe')
      : undefined;
    for (const d of result.diagnostics) {
      const fixable = proposed(d);
      this.results.push({
        ruleId: d.code, level: 'warning', message: { text: fixable ? `${d.message} (${UNSAFE_FIX_AVAILABLE})` : d.message },
        locations: at(d.line, d.column),
        ...(fixable && unsafeFix ? { fixes: [unsafeFix] } : {}),
        properties: { transform: d.transform, ...(fixable ? { unsafeFix: true } : {}) },
      });
      if (fixable) unsafeFix = undefined;
    }
    if (result.status === 'failed' && result.error) {
      this.notifications.push({
        level: 'error',
        message: { text: `${result.error.type}: ${result.error.message}` },
        locations: at(result.error.line ?? 1, result.error.column ?? 1),
        descriptor: { id: result.error.type },
      });
    } else if (result.status === 'skipped' && result.reason) {
      const locations = [{ physicalLocation: { artifactLocation: artifact } }];
      this.notifications.push({ level: 'note', message: { text: `skipped: ${result.reason}` }, locations, descriptor: { id: 'skipped' } });
    }
  }

  /** The whole log, as one JSON document and a newline. */
  document(hello: Hello, summary: Summary): string {
    const rules = rulesOf(hello);
    const index = new Map(rules.map((rule, i) => [rule.id, i]));
    for (const result of this.results) {
      if (!index.has(result.ruleId)) { // a code no transform declared: still a rule, so the result points at one
        index.set(result.ruleId, rules.length);
        rules.push({ id: result.ruleId, shortDescription: { text: result.ruleId } });
      }
      result.ruleIndex = index.get(result.ruleId);
    }
    const log = {
      $schema: SARIF_SCHEMA,
      version: SARIF_VERSION,
      runs: [{
        tool: { driver: { name: 'loopshift', version: packageVersion(), semanticVersion: packageVersion(), informationUri: INFORMATION_URI, rules } },
        invocations: [{
          executionSuccessful: summary.failed === 0 && !summary.interrupted,
          workingDirectory: { uri: directoryUri(this.cwd) },
          ...(this.notifications.length ? { toolExecutionNotifications: this.notifications } : {}),
          properties: { summary },
        }],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(this.cwd) } },
        columnKind: 'unicodeCodePoints',
        results: this.results,
      }],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
  }

  /** A path as given on the command line -> a URI relative to the working folder, or a file: URI outside it. */
  private artifactOf(display: string): ArtifactLocation {
    const absolute = path.resolve(this.cwd, display);
    const relative = path.relative(this.cwd, absolute);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  }
}

/** One rule per diagnostic code, with the texts `--explain` prints; then one per transform, for its rewrites. */
export function rulesOf(hello: Hello): Rule[] {
  const transforms = [...hello.transforms].sort((a, b) => a.order - b.order);
  const codes = transforms.flatMap((t) => t.codes.map((c) => ({ transform: t.name, ...c })));
  codes.sort((a, b) => a.code.localeCompare(b.code));
  const diagnosticRules: Rule[] = codes.map((c) => ({
    id: c.code,
    shortDescription: { text: c.summary },
    fullDescription: { text: c.explanation },
    help: { text: `${c.code}: ${c.summary} (transform ${c.transform})\n\n${c.explanation}${unsafeFixNote(c.unsafeFix)}` },
    defaultConfiguration: { level: 'warning' },
    properties: { transform: c.transform, tags: ['asyncio', 'diagnostic'] },
  }));
  const transformRules: Rule[] = transforms.map((t) => ({
    id: t.name,
    name: t.name,
    shortDescription: { text: `${t.description} (loopshift can rewrite this)` },
    fullDescription: { text: `${t.description}. loopshift rewrites this itself: run \`loopshift --write\`, or \`loopshift -i\` to review file by file. Runs from target ${t.minTarget}.` },
    help: { text: `Transform ${t.name} (target ${t.minTarget}+): ${t.description}. Apply it with \`loopshift --write PATH\`; \`loopshift --list-transforms\` lists the transforms.` },
    defaultConfiguration: { level: 'warning' },
    properties: { transform: t.name, tags: ['asyncio', 'rewrite'] },
  }));
  return [...diagnosticRules, ...transformRules];
}

/** The file's whole rewrite as SARIF replacements: line-level edits, offsets in code points of `before`. */
export function fileFix(artifactLocation: ArtifactLocation, before: string, after: string, changes: number, kind: 'safe' | 'unsafe' = 'safe'): Fix {
  const replacements: Replacement[] = [];
  let offset = 0;
  let pending: Replacement | undefined;
  for (const part of diffLines(before, after)) {
    const length = codePoints(part.value);
    if (part.removed) {
      pending = { deletedRegion: { charOffset: offset, charLength: length } };
      replacements.push(pending);
      offset += length;
    } else if (part.added) {
      if (pending && pending.insertedContent === undefined) pending.insertedContent = { text: part.value };
      else replacements.push({ deletedRegion: { charOffset: offset, charLength: 0 }, insertedContent: { text: part.value } });
      pending = undefined;
    } else {
      offset += length;
      pending = undefined;
    }
  }
  const what = changes === 1 ? '' : ` (all ${changes} changes: they go together)`;
  const text = kind === 'safe' ? `Apply loopshift's rewrite of this file${what}`
    : `Apply loopshift's unsafe fixes to this file, with its safe rewrites (${changes === 1 ? 'one unsafe fix' : `${changes} unsafe fixes`}: each may change behaviour; loopshift --explain CODE says how)`;
  return {
    description: { text },
    artifactChanges: [{ artifactLocation, replacements }],
  };
}

/** Unicode code points in a (well-formed) string: its UTF-16 length less the low surrogates. */
function codePoints(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n -= 1;
  }
  return n;
}

function directoryUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

let version: string | undefined;
function packageVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
