/**
 * Suppression comments through the real CLI and helper (python-helpers/loopshift_support/suppressions.py):
 * `# loopshift: ignore`, `# loopshift: ignore[...]` by code, prefix or transform, `# noqa: LS...`; a
 * suppressed site is neither rewritten nor reported, and the summary counts it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTree, runCli } from './support/cli.js';

const SOURCE = [
  'import asyncio', '', '',
  'async def a():', '    loop = asyncio.get_event_loop()  # loopshift: ignore', '    return loop', '', '',
  'async def b():', '    return asyncio.get_event_loop()', '', '',
  'async def c():', '    return asyncio.get_event_loop()  # loopshift: ignore[get_running_loop]', '', '',
  'async def d():', '    return asyncio.get_event_loop()  # loopshift: ignore[LS101]', '', '',
  'async def e():', '    return (asyncio.get_event_loop()  # loopshift: ignore[LS1]', '            .time())', '', '',
  'def f():', '    return asyncio.get_event_loop()  # noqa: LS801', '', '',
  'def g():', '    return asyncio.get_event_loop()  # noqa', '', '',
  'def h():', '    return asyncio.get_event_loop()  # loopshift: ignore[LS8]', '', '',
  'def i():', '    x = "# loopshift: ignore"; return asyncio.get_event_loop()', '',
].join('\n');

async function migrate() {
  const root = makeTree({ 'app.py': SOURCE });
  const run = await runCli(['--write', '--json', '--no-cache', '.'], { cwd: root });
  expect(run.exitCode).toBe(0);
  const document = JSON.parse(run.stdout);
  return { root, summary: document.summary, file: document.files[0], text: readFileSync(path.join(root, 'app.py'), 'utf8') };
}

const lineOf = (text: string, fn: string) => {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => line.startsWith(`async def ${fn}(`) || line.startsWith(`def ${fn}(`));
  return lines.slice(at + 1, at + 3).join('\n');
};

test('a suppressed rewrite is not made; the others are', async () => {
  const { text } = await migrate();
  expect(lineOf(text, 'a')).toContain('asyncio.get_event_loop()');   // blanket
  expect(lineOf(text, 'b')).toContain('asyncio.get_running_loop()');
  expect(lineOf(text, 'c')).toContain('asyncio.get_event_loop()');   // by transform name
  expect(lineOf(text, 'd')).toContain('asyncio.get_running_loop()'); // one code silences a diagnostic, not the rewrite
  expect(lineOf(text, 'e')).toContain('asyncio.get_event_loop()');   // the statement's first line covers all of it
});

test('suppressed diagnostics are not reported but counted; a bare noqa and a string are not ours', async () => {
  const { file, summary } = await migrate();
  const reported = (file.diagnostics as { line: number; code: string }[]).map((d) => `${d.line} ${d.code}`);
  const line = (text: string) => SOURCE.split('\n').findIndex((l) => l.includes(text)) + 1;
  expect(reported).not.toContain(`${line('# noqa: LS801')} LS801`);
  expect(reported).not.toContain(`${line('ignore[LS8]')} LS801`);
  const bareNoqa = SOURCE.split('\n').findIndex((l) => l.startsWith('def g(')) + 2;
  expect(reported).toContain(`${bareNoqa} LS801`);
  expect(reported).toContain(`${line('x = "# loopshift: ignore"')} LS801`);
  // a, c, e (rewrites) and f, h (diagnostics)
  expect(summary.suppressed).toBe(5);
});

test('--check passes on the migrated file: suppressed sites stay as they are', async () => {
  const { root } = await migrate();
  const check = await runCli(['--check', '--no-cache', '.'], { cwd: root });
  expect(check.exitCode).toBe(0);
});
