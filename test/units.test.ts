/** Small pure pieces of the driver. */
import { forEachOrdered } from '../src/ordered.js';
import { compileTriggers, mentionsAny } from '../src/prefilter.js';
import { decodeSource, encodeSource } from '../src/source-file.js';
import { lowerBound } from '../src/target-version.js';

test.each([
  ['>=3.8', '3.8'], ['>=3.8, <4', '3.8'], ['~=3.10', '3.10'], ['>3.7', '3.7'], ['==3.11.*', '3.11'],
  ['>=3.6', '3.7'], ['>=3.15', '3.14'], ['<4', undefined], ['>=2.7, >=3.9', '3.9'], ['^3.9', '3.9'],
])('requires-python %s -> target %s', (spec, expected) => {
  expect(lowerBound(spec)).toBe(expected);
});

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
