/**
 * Every __testfixtures__/<transform>/<case>.input.py goes through the real helper and real LibCST:
 * the output must match <case>.output.py byte for byte, the diagnostics must match
 * <case>.diagnostics ("LINE:COLUMN CODE" per line; no file = none), and a second run changes nothing.
 * <case>.options.json may set {"target": "3.x"} and "project": the project model's facts about the file
 * (src/project-model.ts FileFacts, e.g. {"scriptOnly": true}), as the driver sends them, and "unsafe": true to
 * ask for unsafe proposals (README "Safe and unsafe fixes"). Then <case>.output.py is the text with them,
 * <case>.diagnostics what is left to report there, and <case>.fixes lists the proposals ("LINE:COLUMN CODE",
 * the diagnostic each answers); the safe part of the answer must be what the request gets without asking.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { openSession, type Session } from '../src/run.js';
import { decodeSource, encodeSource } from '../src/source-file.js';
import type { Answer } from '../src/helper/protocol.js';
import type { FileFacts } from '../src/project-model.js';
import { FIXTURES } from './support/paths.js';

const transforms = readdirSync(FIXTURES).filter((name) => !name.startsWith('.')).sort();
let session: Session;

beforeAll(async () => {
  session = await openSession({ jobs: 2, timeoutSeconds: 60 });
});
afterAll(() => session?.pool.close());

async function transform(name: string, file: string, source: string, target: string, project?: FileFacts, unsafe?: boolean): Promise<Answer> {
  const options = { ...(project ? { target, project } : { target }), ...(unsafe ? { unsafe: true as const } : {}) };
  return session.pool.transform({ path: file, source, transforms: [name], options });
}

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : []);
const at = (items: { line: number; column: number; code?: string }[]) => items.map((d) => `${d.line}:${d.column} ${d.code}`);

test('every transform has fixtures, and every fixture folder is a transform', () => {
  const names = session.hello.transforms.map((t) => t.name).sort();
  expect(transforms).toEqual(names);
});

for (const name of transforms) {
  const dir = path.join(FIXTURES, name);
  const cases = readdirSync(dir).filter((f) => f.endsWith('.input.py')).map((f) => f.slice(0, -'.input.py'.length)).sort();

  describe(name, () => {
    test('has cases', () => expect(cases.length).toBeGreaterThan(0));

    for (const caseName of cases) {
      test(caseName, async () => {
        const base = path.join(dir, caseName);
        const inputBytes = readFileSync(`${base}.input.py`);
        const expectedBytes = readFileSync(`${base}.output.py`);
        const options = existsSync(`${base}.options.json`) ? JSON.parse(readFileSync(`${base}.options.json`, 'utf8')) : {};
        const target: string = options.target ?? '3.9';
        const expectedDiagnostics = lines(`${base}.diagnostics`);
        const unsafe = options.unsafe === true;
        if (!unsafe) expect(existsSync(`${base}.fixes`)).toBe(false); // proposals are made only when asked

        const decoded = decodeSource(inputBytes);
        if (!decoded.ok) throw new Error(`fixture cannot be decoded: ${decoded.reason}`);
        const answer = await transform(name, `${caseName}.input.py`, decoded.source.text, target, options.project, unsafe);
        if (answer.status === 'failed') throw new Error(`${answer.error.type}: ${answer.error.message}`);
        const proposed = (answer.status === 'changed' || answer.status === 'unchanged') ? answer.unsafe : undefined;
        const text = proposed?.source ?? (answer.status === 'changed' ? answer.source : undefined);
        const actual = text !== undefined ? encodeSource(text, decoded.source.bom) : inputBytes;
        expect(actual.toString('utf8')).toBe(expectedBytes.toString('utf8'));
        expect(actual.equals(expectedBytes)).toBe(true);
        expect(at(proposed?.diagnostics ?? answer.diagnostics)).toEqual(expectedDiagnostics);
        if (unsafe) {
          const changes = proposed?.changes ?? (answer.status === 'changed' ? answer.changes : []);
          expect(at(changes.filter((c) => c.applicability === 'unsafe'))).toEqual(lines(`${base}.fixes`));
          expect(changes.every((c) => c.applicability === 'safe' || c.applicability === 'unsafe')).toBe(true);
          // Asking changes nothing in the safe part of the answer.
          const plain = await transform(name, `${caseName}.input.py`, decoded.source.text, target, options.project);
          const strip = (a: Answer) => JSON.stringify({ ...a, id: 0, maxRssKb: 0, unsafe: undefined,
            changes: 'changes' in a ? a.changes.map(({ applicability: _a, ...c }) => c) : undefined });
          expect(strip(answer)).toBe(strip(plain));
        }

        const again = decodeSource(expectedBytes);
        if (!again.ok) throw new Error(again.reason);
        const second = await transform(name, `${caseName}.output.py`, again.source.text, target, options.project, unsafe);
        expect(second.status === 'unchanged' || second.status === 'skipped').toBe(true);
        if (second.status === 'unchanged') expect(second.unsafe).toBeUndefined();
      });
    }
  });
}
