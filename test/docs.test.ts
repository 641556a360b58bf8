/** The documents agree with the code: citations of docs/SEMANTICS.md resolve, nothing points at
 * documents outside this repository, and the README's transform table says what the CLI says. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './support/cli.js';
import { REPO_ROOT } from './support/paths.js';

/** README.md and every .md/.py file under docs/, transforms/ and python-helpers/, repo-relative. */
function documentedFiles(): string[] {
  const files = ['README.md'];
  const walk = (dir: string) => {
    for (const name of readdirSync(path.join(REPO_ROOT, dir)).sort()) {
      const relative = path.join(dir, name);
      if (name === '__pycache__') continue;
      if (statSync(path.join(REPO_ROOT, relative)).isDirectory()) walk(relative);
      else if (/\.(md|py)$/.test(name)) files.push(relative);
    }
  };
  for (const dir of ['docs', 'transforms', 'python-helpers']) walk(dir);
  return files;
}

const read = (relative: string) => readFileSync(path.join(REPO_ROOT, relative), 'utf8');

/** Section identifiers of docs/SEMANTICS.md: `## P3. ...`, `### P3a. ...`, `## D. ...`. */
function sections(): Set<string> {
  return new Set([...read('docs/SEMANTICS.md').matchAll(/^#{2,3} ([A-Z]\d*[a-z]?)\. /gm)].map((m) => m[1]));
}

// An identifier: a capital, optional digits, an optional lower-case letter, and no further letter.
const ID = String.raw`[A-Z]\d*[a-z]?(?![A-Za-z])`;
// "docs/SEMANTICS.md P3a", "docs/SEMANTICS.md P2, P4, P5", "docs/SEMANTICS.md P3a and P3b, P7",
// "docs/SEMANTICS.md P3a; also P7, P11"
const CITATION = new RegExp(String.raw`docs/SEMANTICS\.md (${ID}(?:(?:, |,\n\s*| and |; also )${ID})*)`, 'g');

describe('docs', () => {
  test('nothing cites the research document outside this repository', () => {
    const offenders = documentedFiles().filter((file) => read(file).includes('ASYNCIO-SEMANTICS'));
    expect(offenders).toEqual([]);
  });

  test('every docs/SEMANTICS.md citation names a section that exists', () => {
    const known = sections();
    for (const id of ['B1', 'R1', 'P1', 'P3', 'P3a', 'P3b', 'P16', 'D', 'E']) expect(known).toContain(id);
    const cited: string[] = [];
    const missing: string[] = [];
    for (const file of documentedFiles()) {
      for (const match of read(file).matchAll(CITATION)) {
        for (const id of match[1].match(new RegExp(ID, 'g')) ?? []) {
          cited.push(id);
          if (!known.has(id)) missing.push(`${file}: docs/SEMANTICS.md ${id}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(cited.length).toBeGreaterThan(10); // the pattern still finds the citations
  });

  test("the README's transform table gives the minimum targets --list-transforms prints", async () => {
    const list = await runCli(['--list-transforms']);
    expect(list.exitCode).toBe(0);
    const cli = new Map<string, { target: string; description: string }>();
    for (const m of list.stdout.matchAll(/^(\w+)\s+(\d+\.\d+)\+\s+(.*)$/gm)) cli.set(m[1], { target: m[2], description: m[3] });
    expect(cli.size).toBeGreaterThanOrEqual(8);

    const section = read('README.md').split(/^## Transforms$/m)[1].split(/^## /m)[0];
    const readme = new Map<string, string>();
    for (const m of section.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)) readme.set(m[1], m[2].trim());
    expect([...readme.keys()].sort()).toEqual([...cli.keys()].sort());

    for (const [name, { target, description }] of cli) {
      const cell = readme.get(name)!;
      const [, minimum, note] = /^(\d+\.\d+)\+(?: (\(.*\)))?$/.exec(cell) ?? [];
      expect(`${name} ${minimum}`).toBe(`${name} ${target}`);
      // A transform that runs before it rewrites says so in the same words in both places.
      const said = /(\(rewrites from [^)]*\))$/.exec(description)?.[1];
      expect(`${name} ${note ?? 'no note'}`).toBe(`${name} ${said ?? 'no note'}`);
    }
  });
});
