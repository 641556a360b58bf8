/** The helper's own Python unit tests (python-helpers/tests), run here so that CI runs them too. */
import { execa } from 'execa';
import path from 'node:path';
import { REPO_ROOT } from './support/paths.js';

const python = process.env.LOOPSHIFT_PYTHON ?? 'python3';

test('python -m unittest discover -s tests passes', async () => {
  const result = await execa(python, ['-m', 'unittest', 'discover', '-s', 'tests'], {
    cwd: path.join(REPO_ROOT, 'python-helpers'), reject: false, all: true, env: { PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (result.exitCode !== 0) console.error(result.all); // unittest reports on stderr: show why
  expect(result.exitCode).toBe(0);
  expect(result.all).toMatch(/^OK/m); // not "Ran 0 tests"
});
