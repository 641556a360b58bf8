/**
 * The all-or-none decision for test modules that use the shared loop (src/joint-tests.ts): its own logic,
 * with members reported by hand. The CLI end to end: test/project-effects.test.ts ("several test modules").
 */
import { JointTests, mayOwnLoops } from '../src/joint-tests.js';

const members = new Set(['/p/tests/test_a.py', '/p/tests/test_b.py', '/p/tests/test_c.py']);

test('true once every member reports owning its loops; each member is started once', async () => {
  const started: string[] = [];
  const joint = new JointTests(members, (file) => { started.push(file); return true; });
  expect(joint.member('/p/tests/test_a.py')).toBe(true);
  expect(joint.member('/p/other.py')).toBe(false);
  joint.report('/p/tests/test_a.py', true);
  const decided = joint.all();
  joint.report('/p/tests/test_b.py', true);
  joint.report('/p/tests/test_c.py', true);
  joint.report('/p/tests/test_c.py', false); // a second report (the member's finally) does not count
  await expect(decided).resolves.toBe(true);
  expect(started).toEqual([...members].sort());
  await expect(joint.all()).resolves.toBe(true);
});

test('false as soon as one member does not own its loops, without waiting for the rest', async () => {
  const joint = new JointTests(members, () => true);
  const decided = joint.all();
  joint.report('/p/tests/test_b.py', false);
  await expect(decided).resolves.toBe(false);
});

test('a member that is not in this run counts as not owning its loops', async () => {
  const joint = new JointTests(members, (file) => file !== '/p/tests/test_c.py');
  joint.report('/p/tests/test_a.py', true);
  joint.report('/p/tests/test_b.py', true);
  await expect(joint.all()).resolves.toBe(false);
});

test('one member alone is no joint decision', () => {
  const joint = new JointTests(new Set(['/p/tests/test_a.py']), () => true);
  expect(joint.member('/p/tests/test_a.py')).toBe(false);
});

test('asked again only after an LS904 of unittest_loop (the code the others\' effects give)', () => {
  const answer = (code: string, transform: string) => ({ id: 1, status: 'unchanged' as const,
    diagnostics: [{ line: 1, column: 1, code, message: '', transform }] });
  expect(mayOwnLoops(answer('LS904', 'unittest_loop'))).toBe(true);
  expect(mayOwnLoops(answer('LS901', 'unittest_loop'))).toBe(false);
  expect(mayOwnLoops(answer('LS904', 'loop_diagnostics'))).toBe(false);
});
