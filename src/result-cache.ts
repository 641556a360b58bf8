/**
 * The result cache: a helper's answer for one file, kept on disk so that a re-run over unchanged files
 * does no Python work at all (as ruff and black do).
 *
 * An entry's key digests everything its answer depends on: the file's bytes, the helper (loopshift's
 * version and the code of the helper, its transforms and the Python and libcst that run them: see
 * src/cached-session.ts), its path as shown, the transforms selected, the target version, the project facts the
 * driver sends with the file and the codes whose unsafe proposals it asks for. Change any of them and the key is another: nothing is ever invalidated
 * in place, so two runs can share a cache. Entries are written atomically (a temporary file renamed
 * into place) and checked when read: one that does not parse, or whose recorded key differs, is a
 * miss and is rewritten, never trusted.
 *
 * Only answers that depend on nothing but those inputs are kept: unchanged, changed, skipped, and a
 * file that does not parse. A timeout, a crash or the memory limit depend on the machine, and are not.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAnswer, type Answer } from './helper/protocol.js';

/** Bump when the entry layout changes: old entries are then simply never looked up again. */
const FORMAT = 1;

/** What the folder holds, so that a folder named by mistake is recognisable and never overwritten. */
const README = 'This folder is loopshift\'s result cache. It is safe to delete.\n';
const STABLE_ERRORS = new Set(['ParseError', 'EncodingError']);

export interface CacheKeyParts {
  helper: string;           // src/cached-session.ts: the helper's code, Python and libcst
  path: string;             // as shown: messages may name it
  transforms: readonly string[];
  target: string;
  facts: unknown;           // the project facts sent with the file (undefined: none)
  bytes: Buffer;            // the file as read
  unsafe?: readonly string[]; // the codes whose unsafe proposals were asked for (src/unsafe-fixes.ts): an answer holds them or not
}

export interface CacheStats {
  hits: number;
  misses: number;
  writeErrors: number;
}

export class ResultCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, writeErrors: 0 };
  private ready = false;
  private writable = true;

  constructor(readonly dir: string) {}

  static keyOf(parts: CacheKeyParts): string {
    const hash = createHash('sha256');
    hash.update(JSON.stringify([FORMAT, parts.helper, parts.path, parts.transforms, parts.target, parts.facts ?? null, parts.unsafe ?? []]));
    hash.update('\0');
    hash.update(parts.bytes);
    return hash.digest('hex');
  }

  /** The answer stored under `key`, or undefined (absent, unreadable, corrupt or foreign). */
  get(key: string): Answer | undefined {
    const answer = validAnswer(this.read('results', key));
    if (answer) this.stats.hits += 1;
    else this.stats.misses += 1;
    return answer;
  }

  /** Keep `answer` under `key` if it depends only on the key's inputs. */
  put(key: string, answer: Answer): void {
    if (!this.writable || !cacheable(answer)) return;
    const { maxRssKb: _machine, ...kept } = answer; // the helper's memory is not a result
    this.write('results', key, { ...kept, id: 0 });
  }

  /** Any other record (the helper's hello): the value stored under `key`, unchecked beyond its key. */
  read(kind: string, key: string): unknown {
    try {
      const entry = JSON.parse(readFileSync(this.entryPath(kind, key), 'utf8')) as { key?: unknown; value?: unknown };
      return entry !== null && typeof entry === 'object' && entry.key === key ? entry.value : undefined;
    } catch {
      return undefined;
    }
  }

  /** Atomically: a temporary file renamed into place. A failed write only costs speed. */
  write(kind: string, key: string, value: unknown): void {
    try {
      this.prepare();
      const target = this.entryPath(kind, key);
      mkdirSync(path.dirname(target), { recursive: true });
      const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      writeFileSync(temporary, JSON.stringify({ key, value }));
      try {
        renameSync(temporary, target);
      } catch (error) {
        rmSync(temporary, { force: true });
        throw error;
      }
    } catch {
      this.stats.writeErrors += 1;
    }
  }

  /** From here on nothing is stored (the helper turned out to be another than the one the keys name). */
  freeze(): void {
    this.writable = false;
  }

  private entryPath(kind: string, key: string): string {
    return path.join(this.dir, `v${FORMAT}`, kind, key.slice(0, 2), `${key}.json`);
  }

  /** The folder, its .gitignore (everything in it) and a README, made once per run. */
  private prepare(): void {
    if (this.ready) return;
    mkdirSync(this.dir, { recursive: true });
    writeIfMissing(path.join(this.dir, '.gitignore'), '# Created by loopshift.\n*\n');
    writeIfMissing(path.join(this.dir, 'README'), README);
    this.ready = true;
  }
}

function writeIfMissing(file: string, text: string): void {
  try {
    writeFileSync(file, text, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function cacheable(answer: Answer): boolean {
  if (answer.status === 'failed') return STABLE_ERRORS.has(answer.error.type);
  return true; // changed, unchanged, skipped (no trigger, target too old): functions of the key's inputs
}

function validAnswer(value: unknown): Answer | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = parseAnswer(value);
    return cacheable(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
