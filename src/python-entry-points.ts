/**
 * Script entry points declared in packaging metadata: the modules that `console_scripts` and
 * `gui_scripts` (and their pyproject.toml equivalents) name. A value `pkg.mod:func` names module `pkg.mod`.
 */
import { parse as parseToml } from 'smol-toml';

export type ScriptKind = 'console-script' | 'gui-script';

export interface ScriptTarget {
  kind: ScriptKind;
  module: string;
}

/** `name = pkg.mod:func [extra]` or just `pkg.mod:func`: the module part. */
function targetModule(value: string): string | undefined {
  const spec = value.includes('=') ? value.slice(value.indexOf('=') + 1) : value;
  const module = /^\s*([\w.]+)\s*(?::|\[|$)/.exec(spec)?.[1];
  return module && !module.startsWith('.') && !module.endsWith('.') ? module : undefined;
}

function add(out: ScriptTarget[], kind: ScriptKind, value: unknown): void {
  if (typeof value !== 'string') return;
  const module = targetModule(value);
  if (module) out.push({ kind, module });
}

/** [project.scripts], [project.gui-scripts] and Poetry's [tool.poetry.scripts]. A broken file says nothing. */
export function pyprojectScripts(text: string): ScriptTarget[] {
  let data: Record<string, any>;
  try {
    data = parseToml(text) as Record<string, any>;
  } catch {
    return []; // the run's configuration reader reports broken files; here they just declare nothing
  }
  const out: ScriptTarget[] = [];
  const table = (value: unknown) => (value && typeof value === 'object' ? Object.values(value) : []);
  for (const value of table(data.project?.scripts)) add(out, 'console-script', value);
  for (const value of table(data.project?.['gui-scripts'])) add(out, 'gui-script', value);
  for (const value of table(data.tool?.poetry?.scripts)) {
    // Poetry also allows { reference = "...", type = "console" } and { callable = "..." }.
    add(out, 'console-script', typeof value === 'object' && value ? (value as any).callable ?? (value as any).reference : value);
  }
  return out;
}

// pyproject.toml tables that make a folder something pip can build and install (PEP 621's [project], PEP 517's
// [build-system], and the tools that build without them).
const BUILD_TOOLS = ['poetry', 'flit', 'setuptools', 'hatch', 'pdm', 'maturin', 'scikit-build'];

/**
 * Does a folder's packaging metadata declare a distribution, which others may install and import (so its public
 * functions may have callers outside the project)? A setup.py; a setup.cfg with [metadata] or [options]; a
 * pyproject.toml with [project], [build-system] or a build tool's table, or one that does not parse. A pyproject.toml
 * that only configures tools (black, pytest, loopshift) declares none.
 */
export function isDistribution(pyproject: string | undefined, setupCfg: string | undefined, hasSetupPy: boolean): boolean {
  if (hasSetupPy) return true;
  if (setupCfg !== undefined && /^[ \t]*\[(?:metadata|options)[\].]/m.test(setupCfg)) return true;
  if (pyproject === undefined) return false;
  let data: Record<string, any>;
  try {
    data = parseToml(pyproject) as Record<string, any>;
  } catch {
    return true;
  }
  return data.project !== undefined || data['build-system'] !== undefined
    || BUILD_TOOLS.some((tool) => data.tool?.[tool] !== undefined);
}

/**
 * setup.cfg: `[options.entry_points]` with `console_scripts =` / `gui_scripts =` followed by indented
 * lines. Also used for the INI-style string setup.py may pass as `entry_points`.
 */
export function iniScripts(text: string, requireSection = true): ScriptTarget[] {
  const out: ScriptTarget[] = [];
  let section = '';
  let key: ScriptKind | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[#;].*$/, '');
    if (!line.trim() || /^\s*[#;]/.test(line)) continue;
    const header = /^\s*\[([^\]]+)\]/.exec(line);
    if (header) {
      section = header[1].trim();
      // The INI string form has one section per group: [console_scripts], [gui_scripts].
      key = requireSection ? undefined : groupKind(section);
      continue;
    }
    if (requireSection && section !== 'options.entry_points') continue;
    const assignment = /^(\S[^=:]*?)\s*[=:]\s*(.*)$/.exec(line);
    if (requireSection && assignment && !/^\s/.test(line)) {
      key = groupKind(assignment[1]);
      if (key && assignment[2].trim()) add(out, key, assignment[2]);
    } else if (key) {
      add(out, key, line.trim());
    }
  }
  return out;
}

function groupKind(name: string): ScriptKind | undefined {
  const group = name.trim();
  return group === 'console_scripts' ? 'console-script' : group === 'gui_scripts' ? 'gui-script' : undefined;
}

/**
 * setup.py, read with regular expressions (it is code; running it is out of the question):
 * `"console_scripts": ["x = pkg.mod:main", ...]`, `console_scripts=[...]` inside `dict(...)`, and the
 * INI string form `entry_points="""[console_scripts]\n x = pkg.mod:main"""`.
 */
export function setupPyScripts(text: string): ScriptTarget[] {
  const out: ScriptTarget[] = [];
  const lists = /["']?(console_scripts|gui_scripts)["']?\s*[:=]\s*[[(]([^\])]*)[\])]/g;
  for (let m = lists.exec(text); m; m = lists.exec(text)) {
    const kind = groupKind(m[1])!;
    for (const item of m[2].matchAll(/["']([^"']+)["']/g)) add(out, kind, item[1]);
  }
  for (const m of text.matchAll(/(?:"""|''')([^]*?\[(?:console|gui)_scripts\][^]*?)(?:"""|''')/g)) {
    out.push(...iniScripts(m[1], false));
  }
  return out;
}
