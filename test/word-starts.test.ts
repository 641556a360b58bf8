/**
 * WordStarts (src/python-mask.ts): one regular-expression pass finds where each word of a vocabulary starts an
 * identifier in code. It must give exactly what a search word by word gives: code positions only (not in a
 * comment or string), at an identifier's start (a word may begin a longer identifier), in order.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isIdentChar, Literals, Vocabulary, WordStarts } from '../src/python-mask.js';
import { FIXTURES } from './support/paths.js';

/** The reference: indexOf word by word, stepping over comments and strings. */
function wordByWord(literals: Literals, word: string): number[] {
  const found: number[] = [];
  for (let at = literals.find(word, 0); at >= 0; at = literals.find(word, at + word.length)) {
    if (!isIdentChar(literals.text.charCodeAt(at - 1))) found.push(at);
  }
  return found;
}

const WORDS = ['get_event_loop', 'get_event_loop_policy', 'Future', 'wait', 'wait_for', 'yield', 'except', '__str__', 'run'];
const vocabulary = new Vocabulary(WORDS.filter((word) => word !== 'run')); // `run` is searched for on demand

describe('WordStarts', () => {
  test('code positions at identifier starts, as a word-by-word search finds them', () => {
    const text = [
      'import asyncio  # get_event_loop in a comment',
      'x = "get_event_loop in a string"',
      'loop = asyncio.get_event_loop()',
      'policy = asyncio.get_event_loop_policy()',
      'my_get_event_loop = 1',
      'fut = asyncio.Future(); futures = Future',
      'async def f():',
      '    await asyncio.wait_for(g(), 1); await asyncio.wait([t])',
      '    yield 1',
      'def __str__(self): return run()',
      'rerun(); run_x()',
    ].join('\n');
    const literals = new Literals(text);
    const starts = new WordStarts(literals, vocabulary);
    for (const word of WORDS) expect(starts.of(word)).toEqual(wordByWord(literals, word));
    expect(starts.of('get_event_loop')).toHaveLength(2); // the call and the _policy one; not the comment, string or my_
    expect(starts.of('run')).toHaveLength(2); // run() and run_x(), not rerun()
    expect(starts.of('except')).toEqual([]);
  });

  test('the same as word by word on every fixture', () => {
    for (const transform of readdirSync(FIXTURES)) {
      for (const file of readdirSync(path.join(FIXTURES, transform)).filter((name) => name.endsWith('.py'))) {
        const literals = new Literals(readFileSync(path.join(FIXTURES, transform, file), 'utf8'));
        const starts = new WordStarts(literals, vocabulary);
        for (const word of WORDS) expect([file, word, starts.of(word)]).toEqual([file, word, wordByWord(literals, word)]);
      }
    }
  });
});
