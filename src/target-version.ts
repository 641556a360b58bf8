/**
 * Turning what a project declares into a target version: requires-python / python_requires values
 * (the PEP 440 reading is python-spec.ts's) and setup.cfg's [options]. No file access here: the
 * per-run ProjectConfig (project-config.ts) finds and reads the files.
 */
import { DEFAULT_TARGET, SUPPORTED_TARGETS } from './options.js';
import { lowestAllowedMinor } from './python-spec.js';

export interface TargetVersion {
  version: string;
  source: string; // human-readable: where the version came from
  warning?: string; // set when a configured value was not understood and the default stands in for it
}

/**
 * A target as ruff and black spell it ("py38", "py310") in loopshift's spelling ("3.8", "3.10"); any
 * other text comes back as it was, for the caller to check against SUPPORTED_TARGETS.
 */
export function normalizeTarget(text: string): string {
  const py = /^py3(\d{1,2})$/i.exec(text.trim());
  return py ? `3.${Number(py[1])}` : text;
}

/** setup.cfg's [options] python_requires (also spelled python-requires; continuation lines joined), if set. */
export function pythonRequires(text: string): string | undefined {
  let section = '';
  let value: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (value && /^\s+\S/.test(line) && !/^\s*[#;]/.test(line)) {
      value.push(line.trim()); // an indented continuation of the value
      continue;
    }
    if (value) break;
    const header = /^\[([^\]]+)\]/.exec(line);
    if (header) section = header[1].trim();
    const entry = section === 'options' ? /^python[-_]requires\s*[=:]\s*(.*)$/i.exec(line) : null;
    if (entry) value = [entry[1].trim()];
  }
  return value?.filter(Boolean).join(' ');
}

/** The target `spec` (the value of `name` in `file`) asks for, or the default with a warning saying why not. */
export function fromSpec(spec: unknown, file: string, name: string): TargetVersion {
  const target = typeof spec === 'string' ? targetForSpec(spec) : { ok: false as const, reason: 'is not a string' };
  if (target.ok) return { version: target.version, source: `${file} ${name}` };
  const warning = `${file}: ${name} ${JSON.stringify(spec)} ${target.reason}; using the default target ${DEFAULT_TARGET}`;
  return { version: DEFAULT_TARGET, source: 'default', warning };
}

/**
 * The target for a requires-python value: its lowest allowed Python 3 minor, raised to the oldest target
 * loopshift supports (3.7) and lowered to the newest it knows; or why the value gives none.
 */
export function targetForSpec(spec: string): { ok: true; version: string } | { ok: false; reason: string } {
  const minors = SUPPORTED_TARGETS.map((version) => Number(version.split('.')[1]));
  const lowest = lowestAllowedMinor(spec, minors[0]);
  if (!lowest.ok) {
    const older = lowestAllowedMinor(spec);
    return older.ok ? { ok: false, reason: `allows only Python older than ${SUPPORTED_TARGETS[0]}, the oldest target loopshift knows` } : lowest;
  }
  const minor = Math.min(lowest.minor, minors[minors.length - 1]);
  return { ok: true, version: `3.${minor}` };
}
