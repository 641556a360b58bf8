/** requires-python / python_requires: PEP 440 specifiers -> lowest allowed Python 3 minor -> target version. */
import { EMPTY, lowestAllowedMinor, NO_PYTHON_3, NOT_UNDERSTOOD } from '../src/python-spec.js';
import { targetForSpec } from '../src/target-version.js';

describe('lowestAllowedMinor', () => {
  test.each([
    // ordered comparisons; a version is zero-padded (3 == 3.0 == 3.0.0)
    ['>=3', 0], ['>=3.8', 8], ['>=3.8.0', 8], ['>=3.8.5', 8], ['>3.7', 7], ['>3.8', 8], ['>3.8.0', 8],
    ['>3', 0], ['<=3.11', 0], ['<3.8', 0], ['>=2.7', 0], ['>=3.15', 15], ['>=3.100', 100],
    // exclusive bounds that close a whole minor
    ['>=3.8,<3.8.0', undefined], ['>3.8,<3.9', 8], ['>3.8.99,<3.9', 8],
    // several clauses must all hold
    ['>3.7,<4', 7], ['>=3.8, <4', 8], ['>=2.7, >=3.9', 9], ['<4, >=3.10', 10],
    ['!=3.9.*,>=3.8', 8], ['!=3.8.*,>=3.8', 9], ['>=3.8,!=3.8.*,!=3.9.*', 10],
    ['>=2.7, !=3.0.*, !=3.1.*', 2], ['>=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*', 4],
    ['>=3.8, !=3.8.0', 8], ['==3.8.0', 8], ['!=3.8.0, ==3.8.*', 8],
    // prefix matching
    ['==3.10.*', 10], ['==3.*', 0], ['==3.1.*', 1], ['==3.10', 10], ['==3.10.2', 10],
    // compatible release: ~=3.8 is >=3.8,==3.*; ~=3.8.1 is >=3.8.1,==3.8.*
    ['~=3.8', 8], ['~=3.8.1', 8], ['~=3.10', 10], ['~=2.7', undefined], ['~=3.8.1, !=3.8.*', undefined],
    // arbitrary equality is string equality with the release's own version string
    ['===3.9.1', 9], ['=== 3.12.0', 12], ['===3.9', undefined], ['===foobar', undefined],
    // pre-, post- and dev-releases in the specifier, and PEP 440's alternative spellings
    ['>=3.8.0rc1', 8], ['>=3.8rc1', 8], ['>=3.8.0b2', 8], ['>=3.8.0a1', 8], ['>=3.8.0.dev0', 8], ['>=3.8-RC.1', 8],
    ['>=3.8.0-alpha', 8], ['>=3.8.0preview3', 8], ['>=3.8.0.post1', 8], ['>=3.8.0-1', 8], ['>=3.8.0rev2', 8],
    ['>=v3.9', 9], ['<3.8.0rc1', 0], ['>=3.8.0rc1,<3.8.0', undefined], ['>3.8.0.post1,<3.9', 8],
    ['>=0!3.9', 9], ['>=1!3.9', undefined], ['==3.9.0+local', undefined], ['!=3.9.0+local,>=3.9', 9],
    // poetry's caret, kept from before: ^3.8 is >=3.8,<4
    ['^3.8', 8], ['^3.9', 9], ['^3', 0], ['^3.8, !=3.8.*', 9], ['^2.7', undefined],
    // whitespace around operators, versions and commas
    [' >= 3.8 ', 8], ['>=3.8 ,<4', 8], ['\t>=3.9,\n<4\n', 9], ['!= 3.9.* , >= 3.8', 8], ['~= 3.8', 8],
    // a bare version (not PEP 440, but seen): that version and everything under it
    ['3.10', 10], ['3.8', 8], ['3', 0], ['3.10.4', 10], [' 3.11 ', 11],
    // no Python 3 at all
    ['<3', undefined], ['<3.0', undefined], ['>=4', undefined], ['==2.7.*', undefined], ['==2.7', undefined],
    ['>=3.10, <3.9', undefined], ['!=3.*', undefined],
  ])('%j -> 3.%s', (spec, minor) => {
    const result = lowestAllowedMinor(spec);
    if (minor === undefined) expect(result).toEqual({ ok: false, reason: NO_PYTHON_3 });
    else expect(result).toEqual({ ok: true, minor });
  });

  test.each([
    '>=banana', '>=3.8.x', '3.x', '>=', '>=3.8,', ',>=3.8', '>=3.8,,<4', '>= 3 .8', '>=3.8 <4', '=>3.8', '=3.8',
    '>=3.8.*', '<3.*', '~=3.*', '~=3', '==3.8rc1.*', '==3.8.*.*', '>=3.8+local', '~=3.8+local', '^3.8rc1',
    '>=3.8 || <3', '3.8.', '.3.8', 'python>=3.8', '>=3.8; python_version<"4"', '*', 'v3.10',
  ])('%j is not understood', (spec) => {
    expect(lowestAllowedMinor(spec)).toEqual({ ok: false, reason: NOT_UNDERSTOOD });
  });

  test.each(['', '   ', '\n'])('%j is empty', (spec) => {
    expect(lowestAllowedMinor(spec)).toEqual({ ok: false, reason: EMPTY });
  });
});

describe('targetForSpec', () => {
  test.each([
    ['>=3.8', '3.8'], ['>=3.8, <4', '3.8'], ['~=3.10', '3.10'], ['>3.7', '3.7'], ['==3.11.*', '3.11'], ['^3.9', '3.9'],
    ['>=2.7, >=3.9', '3.9'], ['>=3.13', '3.13'], ['>=3.14', '3.14'], ['~=3.8.1', '3.8'], ['3.10', '3.10'],
    // raised to the oldest target loopshift supports, lowered to the newest it knows
    ['>=3', '3.7'], ['>=3.6', '3.7'], ['<4', '3.7'], ['>=2.7, !=3.0.*, !=3.1.*', '3.7'], ['<=3.11', '3.7'],
    ['>=3.15', '3.14'], ['==3.20.*', '3.14'],
    // the lowest allowed minor from 3.7 on, not below it
    ['>=3, !=3.7.*', '3.8'], ['>=3.6, !=3.7.*, !=3.8.*', '3.9'],
  ])('%j -> %s', (spec, version) => {
    expect(targetForSpec(spec)).toEqual({ ok: true, version });
  });

  test.each([
    ['>=banana', NOT_UNDERSTOOD], ['<3', NO_PYTHON_3], ['', EMPTY],
    ['==3.6.*', 'allows only Python older than 3.7, the oldest target loopshift knows'],
  ])('%j has no target', (spec, reason) => {
    expect(targetForSpec(spec)).toEqual({ ok: false, reason });
  });
});
