/**
 * The first pass's memory between runs. Per file, its stat (size, modification and change times in
 * nanoseconds, inode, device) and what the first pass learnt from its bytes: the project model's scan,
 * the prefilter's verdict for a set of trigger words, and a candidate's digest. A re-run then reads
 * no file whose stat is unchanged, except the candidates, whose bytes the second pass needs (as git's
 * index and ruff's cache key files by their stat, not their content).
 *
 * Trust: a stat that matches is taken to mean the same bytes. The change time cannot be set by a
 * program (touch -d, a restored mtime, or a rewrite within the same timestamp tick all give a new
 * ctime), except for a write within the clock tick of the read: so a file changed less than
 * RACY_MS before it was read is never remembered (git's "racily clean" rule). A candidate's bytes
 * are checked against its digest when they are read; another text is scanned again.
 *
 * Stored in the result cache's folder (one record per version of the scanning code), written
 * atomically at the end of the run after merging what another run stored meanwhile; a record that
 * does not parse or does not match is ignored and rebuilt, never trusted.
 */
import { createHash } from 'node:crypto';
import { readFileSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isUnder } from './module-index.js';
import type { FileScan } from './project-model.js';
import type { ResultCache } from './result-cache.js';
import type { Triggers } from './prefilter.js';

/** A file changed this recently when it was read may change again unseen within the same timestamp. */
export const RACY_MS = 2000;

/** Verdicts kept per file: one per set of trigger words (selection) used lately. */
const MAX_VERDICTS = 4;

/** The code whose output an entry holds: a new version of any of it makes every entry another's. */
export const SCANNING_CODE = ['python-imports.js', 'coroutine-calls.js', 'python-mask.js', 'loader-reads.js', 'loop-effects.js', 'import-time.js', 'closing-awaits.js', 'policy-installers.js', 'python-entry-points.js', 'project-model.js', 'prefilter.js', 'scan-index.js'];
const HERE = path.dirname(fileURLToPath(import.meta.url));

interface Entry {
  stamp: string;
  scan: FileScan;
  verdicts: Record<string, boolean>;  // triggers key -> the prefilter's verdict
  digest?: string;                     // a candidate's bytes
}

/** What an unchanged file's last read found. */
export interface Recalled {
  scan: FileScan;
  verdicts: Readonly<Record<string, boolean>>; // the prefilter's, by triggers key (triggersKeyOf)
  digest?: string;
}

export class ScanIndex {
  private readonly entries: Map<string, Entry>;
  private readonly touched = new Map<string, Entry>();
  private readonly seen = new Set<string>();

  private constructor(private readonly cache: ResultCache, private readonly key: string, stored: Map<string, Entry>) {
    this.entries = stored;
  }

  static open(cache: ResultCache): ScanIndex {
    const key = scanningCodeDigest();
    return new ScanIndex(cache, key, load(cache, key));
  }

  /** What the last read of this file found, when its stat is the same now; else undefined. */
  recall(absolute: string, stat: BigIntStats): Recalled | undefined {
    this.seen.add(absolute);
    const entry = this.entries.get(absolute);
    if (!entry || entry.stamp !== stampOf(stat)) return undefined;
    return { scan: entry.scan, verdicts: entry.verdicts, digest: entry.digest };
  }

  /** What the first pass found in the bytes it read with this stat (from the open file it read). */
  remember(absolute: string, stat: BigIntStats, found: { scan: FileScan; verdict?: [string, boolean]; digest?: string }): void {
    this.seen.add(absolute);
    if (Date.now() - Number(stat.ctimeMs) < RACY_MS || Date.now() - Number(stat.mtimeMs) < RACY_MS) return;
    const stamp = stampOf(stat);
    const old = this.entries.get(absolute);
    const verdicts = old?.stamp === stamp ? { ...old.verdicts } : {};
    if (found.verdict) {
      const [key, candidate] = found.verdict;
      delete verdicts[key];
      verdicts[key] = candidate;
      const keys = Object.keys(verdicts);
      for (const dropped of keys.slice(0, Math.max(0, keys.length - MAX_VERDICTS))) delete verdicts[dropped];
    }
    const entry: Entry = { stamp, scan: found.scan, verdicts, digest: found.digest ?? (old?.stamp === stamp ? old.digest : undefined) };
    this.entries.set(absolute, entry);
    this.touched.set(absolute, entry);
  }

  /**
   * Store the index: what another run stored meanwhile, then this run's entries over it. Files under
   * `roots` that this run did not see are gone (or excluded) and dropped, unless the run stopped early.
   */
  save(roots: readonly string[], complete: boolean): void {
    const under = (file: string) => roots.some((root) => file === root || isUnder(file, root));
    const gone = (file: string) => complete && under(file) && !this.seen.has(file);
    // A warm run that changed nothing writes nothing (and does not read the record twice).
    if (!this.touched.size && ![...this.entries.keys()].some(gone)) return;
    const merged = load(this.cache, this.key);
    for (const file of [...merged.keys()]) if (gone(file)) merged.delete(file);
    for (const [file, entry] of this.touched) merged.set(file, entry);
    this.cache.write('scan-index', this.key, { entries: Object.fromEntries(merged) });
  }
}

function load(cache: ResultCache, key: string): Map<string, Entry> {
  const value = cache.read('scan-index', key) as { entries?: unknown } | undefined;
  const entries = new Map<string, Entry>();
  if (!value || typeof value.entries !== 'object' || value.entries === null) return entries;
  for (const [file, entry] of Object.entries(value.entries as Record<string, unknown>)) {
    if (isEntry(entry)) entries.set(file, entry);
  }
  return entries;
}

/** Shape checks, so that a damaged record is a miss, not a crash. */
function isEntry(value: unknown): value is Entry {
  if (value === null || typeof value !== 'object') return false;
  const entry = value as Partial<Entry>;
  const scan = entry.scan as Partial<FileScan> | undefined;
  return typeof entry.stamp === 'string' && typeof entry.verdicts === 'object' && entry.verdicts !== null
    && (entry.digest === undefined || typeof entry.digest === 'string')
    && scan !== null && typeof scan === 'object' && Array.isArray(scan.imports) && Array.isArray(scan.dynamic)
    && Array.isArray(scan.dottedStrings) && typeof scan.mainGuard === 'boolean' && typeof scan.shebang === 'boolean'
    && (scan.setupScripts === undefined || Array.isArray(scan.setupScripts))
    && (scan.closing === undefined || (typeof scan.closing === 'object' && scan.closing !== null));
}

function stampOf(stat: BigIntStats): string {
  return `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}:${stat.dev}`;
}

/** The key of the prefilter's verdicts for one set of trigger words. */
export function triggersKeyOf(triggers: Triggers): string {
  const plain = triggers.map((t) => [t.words, t.patterns.map((p) => p.source), t.requires]);
  return createHash('sha256').update(JSON.stringify(plain)).digest('base64').slice(0, 12);
}

function scanningCodeDigest(): string {
  const hash = createHash('sha256');
  for (const name of SCANNING_CODE) {
    try {
      hash.update(name).update('\0').update(readFileSync(path.join(HERE, name))).update('\0');
    } catch {
      hash.update(`${name} missing\0`);
    }
  }
  return hash.digest('hex');
}
