/** Small pure pieces of the driver. */
import { forEachOrdered } from '../src/ordered.js';
import { compileTriggers, mentionsAny } from '../src/prefilter.js';
import { Progress } from '../src/progress.js';
import { quotePath, unifiedDiff } from '../src/diff.js';
import { decodeSource, encodeSource } from '../src/source-file.js';

test('decoding keeps the BOM apart and round-trips byte for byte', () => {
  const bytes = Buffer.from('\ufeffx = "caf\u00e9"\r\n', 'utf8');
  const decoded = decodeSource(bytes);
  expect(decoded.ok && decoded.source.bom).toBe(true);
  expect(decoded.ok && decoded.source.text).toBe('x = "caf\u00e9"\r\n');
  expect(decoded.ok && encodeSource(decoded.source.text, decoded.source.bom).equals(bytes)).toBe(true);
});

test('a non-UTF-8 cookie is skipped and invalid UTF-8 fails', () => {
  const cookie = decodeSource(Buffer.from('# -*- coding: latin-1 -*-\nx = "\xe9"\n', 'latin1'));
  expect(cookie).toMatchObject({ ok: false, status: 'skipped' });
  const cookieLine2 = decodeSource(Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n', 'latin1'));
  expect(cookieLine2).toMatchObject({ ok: false, status: 'skipped' });
  expect(decodeSource(Buffer.from('x = "\xe9"\n', 'latin1'))).toMatchObject({ ok: false, status: 'failed' });
  expect(decodeSource(Buffer.from('# coding: utf-8\nx = 1\n'))).toMatchObject({ ok: true });
});

test('prefilter matches trigger words as bytes, patterns, and required words', () => {
  const words = compileTriggers([{ triggers: ['get_event_loop'] }]);
  expect(mentionsAny(Buffer.from('loop = asyncio.get_event_loop()'), words)).toBe(true);
  expect(mentionsAny(Buffer.from('loop = asyncio.get_running_loop()'), words)).toBe(false);
  const patterns = compileTriggers([{ triggers: [], triggerPatterns: ['\\bloop\\s*='] }]);
  expect(mentionsAny(Buffer.from('asyncio.sleep(1, loop = loop)'), patterns)).toBe(true);
  expect(mentionsAny(Buffer.from('for x in loop_items: pass'), patterns)).toBe(false);
  const required = compileTriggers([{ triggers: [], triggerPatterns: ['\\brun\\s*\\('], requires: ['asyncio'] }]);
  expect(mentionsAny(Buffer.from('import asyncio\nasyncio.run(main())'), required)).toBe(true);
  expect(mentionsAny(Buffer.from('import subprocess\nsubprocess.run(cmd)'), required)).toBe(false);
});

test('ordered map emits in input order with bounded work in flight', async () => {
  let inFlight = 0;
  let most = 0;
  const emitted: number[] = [];
  await forEachOrdered([5, 1, 4, 2, 3, 0], 3, async (n) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((r) => setTimeout(r, n * 5));
    inFlight -= 1;
    return n;
  }, (n) => { emitted.push(n); });
  expect(emitted).toEqual([5, 1, 4, 2, 3, 0]);
  expect(most).toBeLessThanOrEqual(3);
});

test('the status line stays at the bottom: text printed meanwhile goes above it and it is drawn again', () => {
  let screen = '';
  const terminal = { write: (text: string | Uint8Array) => { screen += String(text); } };
  const progress = new Progress(terminal, true, 0);
  progress.update({ read: 10, files: 20, candidates: 4, finished: 1 });
  expect(screen).toBe('\r\u001b[2Kloopshift: 1/4 candidate files done, 10/20 files read');
  screen = '';
  progress.above(terminal).write('a.py:1:1: LS801 message\n');
  expect(screen).toBe('\r\u001b[2Ka.py:1:1: LS801 message\n\r\u001b[2Kloopshift: 1/4 candidate files done, 10/20 files read');
  screen = '';
  progress.clear();
  expect(screen).toBe('\r\u001b[2K');
  screen = '';
  progress.above(terminal).write('after the end\n'); // nothing drawn: nothing to erase or redraw
  expect(screen).toBe('after the end\n');
  const off = new Progress(terminal, false, 0);
  expect(off.above(terminal)).toBe(terminal);
});

test('diff headers quote odd names as git does and keep a backslash on POSIX', () => {
  expect(quotePath('a/plain name.py')).toBe('a/plain name.py');
  expect(quotePath('a/x\\y.py')).toBe('"a/x\\\\y.py"');
  expect(quotePath('a/x\ny"\t\u0001.py')).toBe('"a/x\\ny\\"\\t\\001.py"');
  expect(unifiedDiff('d\\e.py', 'x = 1\n', 'x = 2\n')).toMatch(/^--- "a\/d\\\\e\.py"\n\+\+\+ "b\/d\\\\e\.py"\n@@ -1,1 \+1,1 @@\n-x = 1\n\+x = 2\n$/);
});
