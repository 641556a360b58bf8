/**
 * The [tool.loopshift] table of one pyproject.toml, checked: target-version, exclude, extend-exclude,
 * transforms, jobs. Command-line flags win. An unknown key or a bad value is a usage error (exit 2)
 * that names the file and the key. Finding the file is project-config.ts's job.
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
}

const KEYS = ['target-version', 'exclude', 'extend-exclude', 'transforms', 'jobs'];

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
      case 'jobs':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw bad(key, 'must be a whole number of at least 1');
        config.jobs = value;
        break;
      default:
        throw bad(key, `unknown key; known keys: ${KEYS.join(', ')}`);
    }
  }
  return config;
}
