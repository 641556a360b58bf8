/**
 * The lowest Python 3 minor version a `requires-python` / `python_requires` value allows.
 *
 * The value is a PEP 440 version specifier: comma-separated clauses that must all hold, each an operator
 * (`~=` `==` `!=` `<=` `>=` `<` `>` `===`) and a version, `==`/`!=` also taking a `.*` prefix wildcard.
 * Two forms found in the wild are accepted as well: a bare version (`3.10`, read as `==3.10.*`) and the
 * poetry caret (`^3.8`, read as `>=3.8, <4`).
 *
 * "Allowed" means some final release 3.m.z satisfies every clause. Python ships no post-releases and
 * pre-releases are never picked by default, so only final releases are candidates; that is also why the
 * PEP's special cases for `<V` (no pre-releases of V) and `>V` (no post-releases or local versions of V)
 * never change the answer: `>3.8` allows 3.8.1, so its lowest minor is 8.
 */

export type SpecResult = { ok: true; minor: number } | { ok: false; reason: string };

/** Phrases completing `requires-python "<value>" ...` in a warning. */
export const NOT_UNDERSTOOD = 'is not a version specifier loopshift understands';
export const NO_PYTHON_3 = 'allows no Python 3 release';
export const EMPTY = 'is empty';

/** A parsed PEP 440 version. Missing parts are undefined; `release` is as written (not zero-padded). */
interface Version {
  epoch: number;
  release: number[];
  pre?: [rank: number, n: number]; // rank: a=0, b=1, rc=2
  post?: number;
  dev?: number;
  local?: string;
}

type Operator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===' | '^';

interface Clause {
  op: Operator;
  text: string; // the version as written, for ===
  version?: Version; // absent only for an === string that is not a version
  wildcard: boolean; // ==V.* or !=V.*
}

/**
 * `>=3.8, !=3.9.*` -> { ok: true, minor: 8 }; `<3` -> { ok: false, reason: NO_PYTHON_3 }. Only minors from
 * `floor` on are candidates, so `>=3, !=3.7.*` with floor 7 gives 8, not 0.
 */
export function lowestAllowedMinor(spec: string, floor = 0): SpecResult {
  const trimmed = spec.trim();
  if (trimmed === '') return { ok: false, reason: EMPTY };
  const clauses = parseSpec(trimmed);
  if (!clauses) return { ok: false, reason: NOT_UNDERSTOOD };
  // Every clause compares against fixed versions, so whether 3.m.z passes can only change at a number
  // some clause mentions (k) or just after it (k + 1): trying those, and 0, finds the lowest m exactly.
  const minors = [...new Set([floor, ...candidates(clauses, 1)])].filter((m) => m >= floor).sort((x, y) => x - y);
  const patches = candidates(clauses, 2);
  for (const minor of minors) {
    for (const patch of patches) {
      const release: Version = { epoch: 0, release: [3, minor, patch] };
      if (clauses.every((clause) => satisfies(release, clause))) return { ok: true, minor };
    }
  }
  return { ok: false, reason: NO_PYTHON_3 };
}

/** The clauses of a specifier, or undefined if any of them is malformed. */
function parseSpec(spec: string): Clause[] | undefined {
  // Not PEP 440, but seen in the wild: a bare version means that version and everything under it.
  if (/^\d+(\.\d+)*$/.test(spec)) return [{ op: '==', text: spec, version: parseVersion(spec), wildcard: true }];
  const clauses: Clause[] = [];
  for (const part of spec.split(',')) {
    const clause = parseClause(part.trim());
    if (!clause) return undefined;
    clauses.push(clause);
  }
  return clauses;
}

function parseClause(text: string): Clause | undefined {
  // Longest operators first, so `===` is not read as `==` followed by `=...`.
  const match = /^(~=|===|==|!=|<=|>=|<|>|\^)\s*(\S+)$/.exec(text);
  if (!match) return undefined;
  const op = match[1] as Operator;
  let versionText = match[2];
  if (op === '===') return { op, text: versionText, version: parseVersion(versionText), wildcard: false };

  const wildcard = versionText.endsWith('.*');
  if (wildcard) {
    if (op !== '==' && op !== '!=') return undefined;
    versionText = versionText.slice(0, -2);
  }
  const version = parseVersion(versionText);
  if (!version) return undefined;
  const hasSuffix = version.pre !== undefined || version.post !== undefined || version.dev !== undefined;
  if (wildcard && (hasSuffix || version.local !== undefined)) return undefined; // a prefix is release numbers only
  if (version.local !== undefined && op !== '==' && op !== '!=') return undefined; // PEP 440: only (in)equality
  if (op === '~=' && version.release.length < 2) return undefined; // `~=3` has nothing to be compatible with
  if (op === '^' && hasSuffix) return undefined;
  return { op, text: versionText, version, wildcard };
}

/**
 * PEP 440 version syntax, with the spellings its normalisation rules accept: any case, a leading `v`,
 * `alpha`/`beta`/`c`/`pre`/`preview` for a/b/rc, `rev`/`r`/`-N` for post, optional separators and numbers.
 */
const VERSION = new RegExp(
  '^v?' +
    '(?:(\\d+)!)?' + // epoch
    '(\\d+(?:\\.\\d+)*)' + // release
    '(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d+)?)?' + // pre-release
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?' + // post-release: `-N`, or a label
    '(?:[-_.]?(dev)[-_.]?(\\d+)?)?' + // development release
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$', // local version label
  'i',
);
const PRE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

function parseVersion(text: string): Version | undefined {
  const match = VERSION.exec(text);
  if (!match) return undefined;
  const [, epoch, release, preLabel, preN, postDash, postLabel, postN, devLabel, devN, local] = match;
  return {
    epoch: epoch === undefined ? 0 : Number(epoch),
    release: release.split('.').map(Number),
    pre: preLabel === undefined ? undefined : [PRE_RANK[preLabel.toLowerCase()], Number(preN ?? 0)],
    post: postDash !== undefined ? Number(postDash) : postLabel !== undefined ? Number(postN ?? 0) : undefined,
    dev: devLabel === undefined ? undefined : Number(devN ?? 0),
    local: local?.toLowerCase(),
  };
}

/** PEP 440 ordering: epoch, zero-padded release, then dev < pre-releases < final < post-releases. */
function compare(a: Version, b: Version): number {
  if (a.epoch !== b.epoch) return a.epoch - b.epoch;
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return compareKeys(suffixKey(a), suffixKey(b));
}

/** What orders two versions with the same release: [pre, post, dev], each as a comparable tuple. */
function suffixKey(v: Version): number[] {
  const pre = v.pre ?? (v.post === undefined && v.dev !== undefined ? [-Infinity, 0] : [Infinity, 0]); // 1.0.dev0 < 1.0a1; final > rc
  const post = v.post ?? -Infinity;
  const dev = v.dev ?? Infinity; // a release without .dev comes after its dev releases
  return [...pre, post, dev];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** Does the final release `v` (no local label) satisfy the clause? */
function satisfies(v: Version, clause: Clause): boolean {
  const { op, version: spec } = clause;
  if (op === '===') return clause.text.toLowerCase() === v.release.join('.'); // plain string equality
  if (!spec) return false;
  switch (op) {
    case '==':
      return clause.wildcard ? hasPrefix(v, spec) : spec.local === undefined && compare(v, spec) === 0;
    case '!=':
      return !satisfies(v, { ...clause, op: '==' });
    case '<=':
      return compare(v, spec) <= 0;
    case '>=':
      return compare(v, spec) >= 0;
    case '<':
      return compare(v, spec) < 0;
    case '>':
      return compare(v, spec) > 0;
    case '~=': // ~=3.8.1 is >=3.8.1 with ==3.8.*
      return compare(v, spec) >= 0 && hasPrefix(v, { epoch: spec.epoch, release: spec.release.slice(0, -1) });
    case '^': // poetry: ^3.8 is >=3.8 with <4; ^0.2 is >=0.2 with <0.3
      return compare(v, spec) >= 0 && compare(v, caretCeiling(spec)) < 0;
  }
}

/** `==prefix.*`: same epoch and release starting with the prefix's numbers (the version zero-padded). */
function hasPrefix(v: Version, prefix: Version): boolean {
  return v.epoch === prefix.epoch && prefix.release.every((n, i) => (v.release[i] ?? 0) === n);
}

/** The exclusive upper bound of a caret: bump the first non-zero number, drop the rest. */
function caretCeiling(spec: Version): Version {
  const release = spec.release;
  let i = release.findIndex((n) => n !== 0);
  if (i === -1) i = release.length - 1;
  return { epoch: spec.epoch, release: [...release.slice(0, i), release[i] + 1] };
}

/** 0, and each number written at `position` of a clause's release (zero-padded) and the one after it, sorted. */
function candidates(clauses: Clause[], position: number): number[] {
  const found = new Set([0]);
  for (const { version } of clauses) {
    if (!version) continue;
    const n = version.release[position] ?? 0;
    found.add(n).add(n + 1);
  }
  return [...found].sort((a, b) => a - b);
}
