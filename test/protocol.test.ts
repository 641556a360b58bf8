/** The protocol validators: a helper's lines are checked where they arrive, never cast. */
import { parseAnswer, parseHello, ProtocolError } from '../src/helper/protocol.js';

const transform = {
  name: 'get_running_loop', description: 'd', triggers: ['get_event_loop'], triggerPatterns: [], requires: [],
  minTarget: '3.7', order: 1, codes: [{ code: 'LS101', summary: 's', explanation: 'e' }],
};
const hello = { type: 'hello', protocol: 1, python: '3.11.7', executable: 'python3', libcst: '1.0.1', pid: 7, transforms: [transform] };

describe('parseHello', () => {
  test('accepts a hello and a fatal', () => {
    expect(parseHello(hello)).toEqual(hello);
    const fatal = { type: 'fatal', code: 'libcst-missing', python: '3.11.7', executable: 'python3', message: 'No module named libcst' };
    expect(parseHello(fatal)).toEqual(fatal);
  });

  test.each([
    ['not an object', [1, 2]],
    ['another protocol', { ...hello, protocol: 2 }],
    ['no python', { ...hello, python: undefined }],
    ['transforms not a list', { ...hello, transforms: {} }],
    ['a transform without triggers', { ...hello, transforms: [{ ...transform, triggers: 'get_event_loop' }] }],
    ['a code without explanation', { ...hello, transforms: [{ ...transform, codes: [{ code: 'LS1', summary: 's' }] }] }],
    ['neither hello nor fatal', { type: 'answer' }],
  ])('rejects %s', (_name, line) => {
    expect(() => parseHello(line)).toThrow(ProtocolError);
  });
});

describe('parseAnswer', () => {
  const diagnostic = { line: 1, column: 2, code: 'LS101', message: 'm', transform: 'get_running_loop' };

  test('accepts each status', () => {
    const changed = {
      id: 1, status: 'changed', source: 'x', transforms: ['t'], diagnostics: [diagnostic],
      changes: [{ line: 1, column: 1, transform: 't', description: 'd' }], maxRssKb: 100,
    };
    expect(parseAnswer(changed)).toEqual(changed);
    expect(parseAnswer({ id: 2, status: 'unchanged', diagnostics: [] })).toEqual({ id: 2, status: 'unchanged', diagnostics: [] });
    const failed = { id: 3, status: 'failed', diagnostics: [], error: { type: 'ParseError', message: 'm', line: 2, column: 1 } };
    expect(parseAnswer(failed)).toEqual(failed);
  });

  test('an answer without diagnostics gets an empty list', () => {
    expect(parseAnswer({ id: 2, status: 'unchanged' })).toEqual({ id: 2, status: 'unchanged', diagnostics: [] });
  });

  test('skip reason codes: known ones kept, absent accepted, unknown ones dropped', () => {
    const skipped = { id: 4, status: 'skipped', diagnostics: [], reason: 'no trigger words' };
    expect(parseAnswer({ ...skipped, reasonCode: 'no-triggers' })).toEqual({ ...skipped, reasonCode: 'no-triggers' });
    expect(parseAnswer({ ...skipped, reasonCode: 'needs-newer-target' })).toMatchObject({ reasonCode: 'needs-newer-target' });
    expect(parseAnswer(skipped)).toEqual(skipped);
    expect(parseAnswer({ ...skipped, reasonCode: 'from-the-future' })).toEqual(skipped);
  });

  test.each([
    ['no id', { status: 'unchanged', diagnostics: [] }],
    ['a null id', { id: null, status: 'failed', diagnostics: [], error: { type: 'ProtocolError', message: 'm' } }],
    ['an unknown status', { id: 1, status: 'done', diagnostics: [] }],
    ['changed without source', { id: 1, status: 'changed', transforms: [], changes: [], diagnostics: [] }],
    ['a change without position', { id: 1, status: 'changed', source: '', transforms: [], changes: [{ transform: 't', description: 'd' }] }],
    ['skipped without reason', { id: 1, status: 'skipped', diagnostics: [] }],
    ['failed without error', { id: 1, status: 'failed', diagnostics: [] }],
    ['a diagnostic without code', { id: 1, status: 'unchanged', diagnostics: [{ line: 1, column: 1, message: 'm', transform: 't' }] }],
    ['diagnostics not a list', { id: 1, status: 'unchanged', diagnostics: 'none' }],
  ])('rejects %s', (_name, line) => {
    expect(() => parseAnswer(line)).toThrow(ProtocolError);
  });
});
