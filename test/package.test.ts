/** The published package: `npm pack`, installed into an empty folder, gives a working `npx loopshift`. */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from './support/paths.js';

test('npm pack carries the helper and the transforms, and the installed CLI works on its own', async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'loopshift-pack-'));
  // --ignore-scripts: dist/ is already built by `npm test`; rebuilding it here would race other test files.
  const packed = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], { cwd: REPO_ROOT });
  const [info] = JSON.parse(String(packed.stdout));
  const files: string[] = info.files.map((f: { path: string }) => f.path);
  for (const needed of ['bin/loopshift.js', 'dist/cli.js', 'python-helpers/loopshift_helper.py',
    'python-helpers/loopshift_support/analysis.py', 'transforms/get_running_loop.py', 'transforms/asyncio_run.py', 'README.md']) {
    expect(files).toContain(needed);
  }
  expect(files.filter((f) => /^(src|test|__testfixtures__|bench|examples)\//.test(f))).toEqual([]);

  const app = mkdtempSync(path.join(os.tmpdir(), 'loopshift-install-'));
  await execa('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(out, info.filename)], { cwd: app });
  writeFileSync(path.join(app, 'app.py'), 'import asyncio\n\nasync def f():\n    return asyncio.get_event_loop()\n');
  const run = await execa('npx', ['--no-install', 'loopshift', '--no-color', 'app.py'], { cwd: app, reject: false });
  expect(run.exitCode).toBe(0);
  expect(String(run.stdout)).toContain('+    return asyncio.get_running_loop()');
  const list = await execa('npx', ['--no-install', 'loopshift', '--list-transforms'], { cwd: app });
  // Every transform of the checkout is in the package and loads there.
  const shipped = readdirSync(path.join(REPO_ROOT, 'transforms')).filter((f) => f.endsWith('.py') && !f.startsWith('_'));
  expect(String(list.stdout).split('\n').filter((l) => /^\w+\s+3\.\d+\+/.test(l))).toHaveLength(shipped.length);
}, 180_000);
