/**
 * The run's first pass: every .py file of the project is read once and scanned by the project model,
 * and the files the user named are prefiltered. The second pass (run.ts) then migrates candidates with
 * their facts, taking their bytes from here.
 *
 * The model's scope is each named path's *project* (src/project-roots.ts), not only the named paths:
 * `loopshift app/helpers.py` must still see that `app/tool.py` imports helpers, or module-level code
 * would pass for script code. Files in the scope but not named are scanned, never migrated.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, promises as fs, readFileSync, readSync, statSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { discover, type DiscoveredFile } from './discover.js';
import type { FileResult } from './file-result.js';
import { forEachOrdered } from './ordered.js';
import { mentionsAny, type Triggers } from './prefilter.js';
import type { ProjectConfig } from './project-config.js';
import { ProjectModel, scanFile, type FileScan } from './project-model.js';
import { projectRoots } from './project-roots.js';
import { triggersKeyOf, type ScanIndex } from './scan-index.js';

/**
 * Candidate bytes kept from the first pass for the second, in all. Past it a candidate's bytes are
 * dropped (only a digest is kept) and the file is read again when its turn comes, so the driver's
 * memory is bounded by this, the files in flight and one small summary per file, whatever the tree.
 */
export const KEPT_BYTES_BUDGET = 64 * 1024 * 1024;

/** Files read at once. */
const READ_WINDOW = 64;

/** What the first pass learnt about one named file, kept until the second pass reaches it. */
export type Seen =
  | { kind: 'unread' }                               // the run was stopped before it was read
  | { kind: 'too-large' }
  | { kind: 'read-error'; message: string }
  | { kind: 'no-trigger' }                           // the prefilter drops it: no helper work
  | { kind: 'candidate'; bytes?: Buffer; digest?: string; size: number }; // bytes within the budget, else their digest

export interface FirstPassInput {
  files: readonly DiscoveredFile[];   // the files to migrate, as discovered from the named paths
  hidden?: ReadonlySet<string>;       // the named paths below which that discovery left Python code out
  paths: readonly string[];           // the named paths
  exclude: readonly string[];         // --exclude: what the named paths' discovery left out
  maxFileBytes: number;
  /** The prefilter's words: awaited only when a read file is to be prefiltered, so the helper's hello can come meanwhile. */
  triggers: Triggers | Promise<Triggers>;
  project: ProjectConfig;
  halted: () => boolean;
  onRead: () => void;                 // one named file settled (read, too large or unreadable)
  onCandidate?: (file: DiscoveredFile, bytes: Buffer) => void; // one named file passed the prefilter
  index?: ScanIndex;                  // what earlier runs learnt from files whose stat is unchanged
}

export class FirstPass {
  private keptBytes = 0;
  private triggers?: { triggers: Triggers; key: string };
  /** Files whose bytes were read (the others were unchanged since the scan index recorded them). */
  filesRead = 0;

  private constructor(readonly model: ProjectModel, private readonly seen: Seen[], private readonly index?: ScanIndex) {}

  static async run(input: FirstPassInput): Promise<FirstPass> {
    const { project } = input;
    const roots = projectRoots(input.paths);
    const whole = sameTree(roots, input);
    const hidden = new Set<string>(whole ? input.hidden ?? [] : []); // filled by the discovery below otherwise
    const model = new ProjectModel(roots, {
      hiddenCode: hidden,
      readText: (file) => {
        try {
          return project.metadataText(file) ?? readFileSync(file, 'utf8');
        } catch {
          return undefined;
        }
      },
      applicationSetting: (dir) => project.toolConfig(dir)?.application,
    });
    const pass = new FirstPass(model, [], input.index);
    // The named files first, in order, then the rest of their projects (no user excludes: an excluded
    // test folder still imports the code). .gitignore and the default excluded folders still apply.
    const named = new Set(input.files.map((file) => file.absolute));
    const others = whole ? [] : (await discover(roots, [], undefined, hidden)).filter((file) => !named.has(file.absolute));
    await forEachOrdered(input.files, READ_WINDOW, (file) => pass.readNamed(file, input), (found) => void pass.seen.push(found));
    if (!input.halted()) await forEachOrdered(others, READ_WINDOW, (file) => pass.scanOther(file.absolute, input.maxFileBytes), () => undefined);
    model.finish();
    input.index?.save(roots, !input.halted());
    return pass;
  }

  seenAt(index: number): Seen {
    return this.seen[index];
  }

  /** The bytes the first pass saw, from memory or read again; a file edited in between is a conflict. */
  async bytesOf(file: DiscoveredFile, seen: Seen & { kind: 'candidate' }): Promise<Buffer | FileResult['error']> {
    if (seen.bytes) {
      const { bytes } = seen;
      seen.bytes = undefined; // the result holds them from here, as long as it needs them
      this.keptBytes -= bytes.length;
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
  }

  private async readNamed(file: DiscoveredFile, input: FirstPassInput): Promise<Seen> {
    if (input.halted()) return { kind: 'unread' };
    const known = this.recall(file.absolute, input.maxFileBytes);
    if (known && known.verdicts[(await this.prefilter(input))?.key ?? ''] === false) {
      input.onRead();
      this.model.addScan(file.absolute, known.scan);
      return { kind: 'no-trigger' }; // unchanged since a run found no trigger in it: not read
    }
    let read: Read;
    try {
      const within = readWithin(file.absolute, input.maxFileBytes, this);
      if (within === undefined) {
        // Not scanned either: the model only learns that the file exists and that its imports are unknown.
        this.model.addUnscanned(file.absolute, `larger than ${input.maxFileBytes} bytes`);
        return { kind: 'too-large' };
      }
      read = within;
    } catch (error) {
      this.model.addUnscanned(file.absolute, 'unreadable');
      return { kind: 'read-error', message: `cannot read: ${(error as Error).message}` };
    } finally {
      input.onRead();
    }
    const { bytes } = read;
    // Scanned before the trigger words are awaited: a cold run reads and scans while the helper starts.
    const scan = known ? undefined : this.scan(file.absolute, bytes);
    const words = await this.prefilter(input);
    if (!words) return { kind: 'unread' }; // no trigger words: the run fails with the reason (src/run.ts)
    const { triggers, key } = words;
    // A candidate's digest only: the index keeps it, and a kept candidate is checked against it.
    let digest: string | undefined;
    let candidate: boolean;
    if (known?.verdicts[key] && known.digest === (digest = digestOf(bytes))) {
      this.model.addScan(file.absolute, known.scan); // a candidate last time, the same bytes now
      candidate = true;
    } else {
      const found = known ? this.scan(file.absolute, bytes) : scan;
      candidate = mentionsAny(bytes, triggers);
      if (candidate && this.index) digest ??= digestOf(bytes);
      if (found) this.index?.remember(file.absolute, read.stat, { scan: found, verdict: [key, candidate], digest: candidate ? digest : undefined });
    }
    if (!candidate) return { kind: 'no-trigger' };
    input.onCandidate?.(file, bytes);
    if (this.keptBytes + bytes.length <= KEPT_BYTES_BUDGET) {
      this.keptBytes += bytes.length;
      return { kind: 'candidate', bytes, size: bytes.length };
    }
    return { kind: 'candidate', digest: digest ?? digestOf(bytes), size: bytes.length };
  }

  /** The trigger words, once known, and the key of their verdicts in the scan index; undefined when they never come. */
  private async prefilter(input: FirstPassInput): Promise<{ triggers: Triggers; key: string } | undefined> {
    if (!this.triggers) {
      let triggers: Triggers;
      try {
        triggers = await input.triggers;
      } catch {
        return undefined; // no helper, or a bad selection: the caller reports that
      }
      this.triggers ??= { triggers, key: triggersKeyOf(triggers) };
    }
    return this.triggers;
  }

  private async scanOther(absolute: string, maxFileBytes: number): Promise<void> {
    const known = this.recall(absolute, maxFileBytes);
    if (known) return this.model.addScan(absolute, known.scan);
    try {
      const read = readWithin(absolute, maxFileBytes, this);
      if (read === undefined) return this.model.addUnscanned(absolute, `larger than ${maxFileBytes} bytes`);
      const scan = this.scan(absolute, read.bytes);
      if (scan) this.index?.remember(absolute, read.stat, { scan });
    } catch {
      this.model.addUnscanned(absolute, 'unreadable');
    }
  }

  /** What an earlier run learnt from this file, if its stat is unchanged (and it is within the size limit). */
  private recall(absolute: string, maxFileBytes: number) {
    if (!this.index) return undefined;
    try {
      // Synchronous: a few microseconds each, where a promise through the thread pool costs ten times that.
      const stat = statSync(absolute, { bigint: true, throwIfNoEntry: false });
      return stat?.isFile() && stat.size <= BigInt(maxFileBytes) ? this.index.recall(absolute, stat) : undefined;
    } catch {
      return undefined; // read it, and report what reading says
    }
  }

  private scan(absolute: string, bytes: Buffer): FileScan | undefined {
    try {
      const scan = scanFile(absolute, scanText(bytes));
      this.model.addScan(absolute, scan);
      return scan;
    } catch {
      this.model.addUnscanned(absolute, 'the scan failed'); // a scanner bug must not stop the run
      return undefined;
    }
  }
}

/**
 * The named paths are the project roots themselves, and nothing was excluded from them: their
 * discovery already found every file of the projects, so a second walk would find nothing more.
 */
function sameTree(roots: readonly string[], input: FirstPassInput): boolean {
  if (input.exclude.length) return false;
  const named = input.paths.map((given) => path.resolve(given));
  return roots.every((root) => named.includes(root) && isDirectory(root))
    && named.every((given) => roots.includes(given))
    && roots.every((root) => {
      const config = input.project.toolConfig(root);
      return !config?.exclude && !config?.extendExclude;
    });
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The text the project model scans. Every byte is kept: a file that is not UTF-8 (or declares
 * another encoding) is still scanned, its odd bytes replaced; its imports are ASCII anyway.
 */
function scanText(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8'); // the same text for ASCII; latin1 is the cheaper decoder
}

interface Read {
  bytes: Buffer;
  stat: BigIntStats;  // of the file as opened: what the scan index keys its facts by
}

/**
 * A file's bytes, or undefined when it is larger than `limit`: one open, one fstat, one read. Synchronous:
 * through fs.promises each of the four calls costs a FileHandle and a trip through the thread pool, about
 * half a second of the driver's time on the 3.8 standard library, where these take a few microseconds.
 */
function readWithin(absolute: string, limit: number, counter: { filesRead: number }): Read | undefined {
  counter.filesRead += 1;
  // O_NONBLOCK: a symlinked FIFO must not block the driver (regular files ignore it).
  const fd = openSync(absolute, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd, { bigint: true });
    if (!stat.isFile()) throw new Error('not a regular file');
    const size = Number(stat.size);
    if (size > limit) return undefined;
    const bytes = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      const bytesRead = readSync(fd, bytes, filled, size - filled, filled);
      if (bytesRead === 0) break; // it shrank meanwhile: what is there is what was read
      filled += bytesRead;
    }
    return { bytes: filled === size ? bytes : bytes.subarray(0, filled), stat };
  } finally {
    closeSync(fd);
  }
}

function digestOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('base64');
}

