/**
 * The [tool.loopshift] table of one pyproject.toml, checked: target-version, exclude, extend-exclude,
 * transforms, jobs, select, extend-select, ignore, per-file-ignores, unsafe-fixes, application. Command-line flags win. An
 * unknown key or a bad value is a usage error (exit 2) that names the file and the key. The selectors
 * are only shaped here; src/rule-selection.ts checks them against the codes the helper declares.
 * Finding the file is project-config.ts's job.
 */
import { UsageError } from './errors.js';
import { SUPPORTED_TARGETS } from './options.js';
import { normalizeTarget } from './target-version.js';

export interface ToolConfig {
  file: string;
  targetVersion?: string;
  exclude?: string[];          // replaces the default folder exclusions
  extendExclude?: string[];    // added to them
  transforms?: string[];
  jobs?: number;
  select?: string[];           // rule selectors: codes, prefixes, transform names
  extendSelect?: string[];
  ignore?: string[];
  perFileIgnores?: Record<string, string[]>; // gitignore-style glob, relative to this file -> selectors
  unsafeFixes?: boolean;       // apply unsafe fixes too, as --unsafe-fixes
  application?: boolean;       // the code below is (true) or is not (false) application code (docs/SEMANTICS.md P2a rule 3)
}

const KEYS = ['target-version', 'exclude', 'extend-exclude', 'transforms', 'jobs', 'select', 'extend-select', 'ignore', 'per-file-ignores',
  'unsafe-fixes', 'application'];

/** The checked table, or undefined when `data` (the parsed file) has no [tool.loopshift]. */
export function toolConfigOf(file: string, data: Record<string, unknown>): ToolConfig | undefined {
  const table = (data.tool as Record<string, unknown> | undefined)?.loopshift;
  if (table === undefined) return undefined;
  const bad = (key: string, why: string) => new UsageError(`${file}: [tool.loopshift] ${key}: ${why}`);
  if (typeof table !== 'object' || table === null || Array.isArray(table)) throw bad('', 'must be a table');
  const config: ToolConfig = { file };
  for (const [key, value] of Object.entries(table)) {
    switch (key) {
      case 'target-version': {
        // "3.8", or as ruff and black spell it, "py38"; black's list (["py38", "py39"]) means its oldest.
        const values = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? normalizeTarget(v) : v));
        if (!values.length || !values.every((v) => (SUPPORTED_TARGETS as readonly unknown[]).includes(v))) {
          throw bad(key, `must be one of ${SUPPORTED_TARGETS.join(', ')} (a string; py38 style also works), got ${JSON.stringify(value)}`);
        }
        config.targetVersion = SUPPORTED_TARGETS.find((t) => values.includes(t));
        break;
      }
      case 'exclude':
      case 'extend-exclude':
      case 'transforms':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw bad(key, 'must be a list of strings');
        if (key === 'exclude') config.exclude = value as string[];
        else if (key === 'extend-exclude') config.extendExclude = value as string[];
        else config.transforms = value as string[];
        break;
      case 'select':
      case 'extend-select':
      case 'ignore': {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw bad(key, 'must be a list of strings');
        const selectors = (value as string[]).map((v) => v.trim()).filter(Boolean);
        if (key === 'select') config.select = selectors;
        else if (key === 'extend-select') config.extendSelect = selectors;
        else config.ignore = selectors;
        break;
      }
      case 'per-file-ignores': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad(key, 'must be a table of glob = [codes]');
        const table: Record<string, string[]> = {};
        for (const [glob, selectors] of Object.entries(value)) {
          if (!Array.isArray(selectors) || !selectors.every((v) => typeof v === 'string')) {
            throw bad(`${key} "${glob}"`, 'must be a list of strings (codes, prefixes or transform names)');
          }
          table[glob] = (selectors as string[]).map((v) => v.trim()).filter(Boolean);
        }
        config.perFileIgnores = table;
        break;
      }
      case 'jobs':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw bad(key, 'must be a whole number of at least 1');
        config.jobs = value;
        break;
      case 'unsafe-fixes':
      case 'application':
        if (typeof value !== 'boolean') throw bad(key, 'must be true or false');
        if (key === 'application') config.application = value;
        else config.unsafeFixes = value;
        break;
      default:
        throw bad(key, `unknown key; known keys: ${KEYS.join(', ')}`);
    }
  }
  return config;
}
