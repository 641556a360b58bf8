/**
 * The scan index (src/scan-index.ts) on its own: what it trusts and what it refuses to remember.
 * The end-to-end behaviour (files not read, edits seen) is in test/cache.test.ts.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileTriggers } from '../src/prefilter.js';
import { ResultCache } from '../src/result-cache.js';
import { RACY_MS, SCANNING_CODE, ScanIndex, triggersKeyOf } from '../src/scan-index.js';

const SCAN = { imports: [{ level: 0, module: 'asyncio' }], dynamic: [], dottedStrings: [], mainGuard: true, shebang: false };
const TRIGGERS = compileTriggers([{ triggers: ['get_event_loop'] }]);
const OTHER = compileTriggers([{ triggers: ['run_until_complete'] }]);
const KEY = triggersKeyOf(TRIGGERS);

function stat(changedMsAgo: number, size = 10n): BigIntStats {
  const ms = BigInt(Date.now() - changedMsAgo);
  return { size, mtimeNs: ms * 1_000_000n, ctimeNs: ms * 1_000_000n, mtimeMs: ms, ctimeMs: ms, ino: 7n, dev: 1n } as unknown as BigIntStats;
}

const newCache = () => new ResultCache(mkdtempSync(path.join(os.tmpdir(), 'loopshift-scan-index-')));

describe('ScanIndex', () => {
  test('a file read with an old stat is recalled by the next run while that stat holds', () => {
    const cache = newCache();
    const old = stat(60_000);
    const first = ScanIndex.open(cache);
    expect(first.recall('/p/a.py', old)).toBeUndefined();
    first.remember('/p/a.py', old, { scan: SCAN, verdict: [KEY, true], digest: 'd1' });
    first.save(['/p'], true);
    const second = ScanIndex.open(cache);
    expect(second.recall('/p/a.py', old)).toEqual({ scan: SCAN, verdicts: { [KEY]: true }, digest: 'd1' });
    expect(second.recall('/p/a.py', stat(60_000, 11n))).toBeUndefined(); // another size
    // Another selection's triggers: the scan is known, the prefilter's verdict is not.
    expect(ScanIndex.open(cache).recall('/p/a.py', old)?.verdicts[triggersKeyOf(OTHER)]).toBeUndefined();
  });

  test('a file changed within RACY_MS of its read is not remembered', () => {
    const cache = newCache();
    const fresh = stat(RACY_MS / 4);
    const index = ScanIndex.open(cache);
    index.remember('/p/a.py', fresh, { scan: SCAN, verdict: [KEY, false] });
    index.save(['/p'], true);
    expect(ScanIndex.open(cache).recall('/p/a.py', fresh)).toBeUndefined();
  });

  test('files under the run\'s roots that it did not see are dropped; others\' are kept', () => {
    const cache = newCache();
    const old = stat(60_000);
    const first = ScanIndex.open(cache);
    for (const file of ['/p/a.py', '/p/b.py', '/q/c.py']) first.remember(file, old, { scan: SCAN });
    first.save(['/p', '/q'], true);
    const second = ScanIndex.open(cache);
    expect(second.recall('/p/a.py', old)).toBeDefined();
    second.save(['/p'], true); // b.py is gone from /p; /q was not this run's
    const third = ScanIndex.open(cache);
    expect(third.recall('/p/b.py', old)).toBeUndefined();
    expect(third.recall('/q/c.py', old)).toBeDefined();
  });
});

test('the scanning code an entry is keyed by includes every module it runs (a stale scan would be trusted)', () => {
  const src = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'src');
  // project-model.js is listed for scanFile(), scan-index.js for the entries' shape: their other imports build the model.
  for (const file of SCANNING_CODE.filter((name) => name !== 'project-model.js' && name !== 'scan-index.js')) {
    const text = readFileSync(path.join(src, file.replace(/\.js$/, '.ts')), 'utf8');
    for (const [, used] of text.matchAll(/^import (?!type )[^;]*from '\.\/([\w-]+\.js)';/gm)) {
      expect(SCANNING_CODE).toContain(used);
    }
  }
});
