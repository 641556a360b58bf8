/**
 * What the project's own files say, for one run: the nearest [tool.loopshift] table and the target
 * version above a path. Each folder's pyproject.toml and setup.cfg is read at most once; the cache
 * lives in the instance (one per run), so nothing leaks from one run to the next.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { UsageError } from './errors.js';
import { DEFAULT_TARGET } from './options.js';
import { fromSpec, pythonRequires, type TargetVersion } from './target-version.js';
import { toolConfigOf, type ToolConfig } from './tool-config.js';

interface Pyproject {
  file: string;
  text: string;
  data?: Record<string, unknown>; // absent when the file does not parse
  parseError?: Error;
}

export class ProjectConfig {
  private readonly pyprojects = new Map<string, Pyproject | null>();
  private readonly setupCfgs = new Map<string, string | null>();
  private readonly tools = new Map<string, ToolConfig | null>();            // the table of this folder's own file
  private readonly targets = new Map<string, TargetVersion | undefined>();  // found walking up from this folder

  /** The nearest pyproject.toml above `start` that has a [tool.loopshift] table. */
  toolConfig(start: string): ToolConfig | undefined {
    for (let dir = startDir(start); ;) {
      const found = this.ownToolConfig(dir);
      if (found) return found;
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  }

  /** The Python version the rewritten code must run on: the flag, else the nearest project file that says, else 3.9. */
  target(fromPath: string, flag?: string): TargetVersion {
    if (flag) return { version: flag, source: '--target-version' };
    return this.configuredTarget(startDir(path.resolve(fromPath))) ?? { version: DEFAULT_TARGET, source: 'default' };
  }

  /** The nearest folder (walking up) that says something about the target decides it, understood or not. */
  private configuredTarget(dir: string): TargetVersion | undefined {
    if (!this.targets.has(dir)) {
      const parent = path.dirname(dir);
      const found = this.targetFromPyproject(dir) ?? this.targetFromSetupCfg(dir);
      this.targets.set(dir, found ?? (parent === dir ? undefined : this.configuredTarget(parent)));
    }
    return this.targets.get(dir);
  }

  private targetFromPyproject(dir: string): TargetVersion | undefined {
    const pyproject = this.pyproject(dir);
    if (pyproject?.data === undefined) return undefined; // absent, or broken: not ours to judge here
    const { file, data } = pyproject;
    const tool = this.toolConfig(dir); // as before: checks this table (and, if it has none, the ones above)
    if (tool?.file === file && tool.targetVersion) {
      return { version: tool.targetVersion, source: `${shown(file)} [tool.loopshift] target-version` };
    }
    const project = data.project as Record<string, unknown> | undefined;
    if (project?.['requires-python'] === undefined) return undefined; // keep walking up
    return fromSpec(project['requires-python'], shown(file), 'requires-python');
  }

  /**
   * The text of a pyproject.toml or setup.cfg, as this run reads it (now, if not yet), so that the
   * project model (its entry points) does not read these files a second time. Other files: undefined.
   */
  metadataText(file: string): string | undefined {
    const dir = path.dirname(path.resolve(file));
    const name = path.basename(file);
    if (name === 'pyproject.toml') return this.pyproject(dir)?.text;
    if (name === 'setup.cfg') return this.setupCfg(dir) ?? undefined;
    return undefined;
  }

  private setupCfg(dir: string): string | null {
    if (!this.setupCfgs.has(dir)) {
      const file = path.join(dir, 'setup.cfg');
      this.setupCfgs.set(dir, existsSync(file) ? readFileSync(file, 'utf8') : null);
    }
    return this.setupCfgs.get(dir)!;
  }

  private targetFromSetupCfg(dir: string): TargetVersion | undefined {
    const text = this.setupCfg(dir);
    const spec = text == null ? undefined : pythonRequires(text);
    return spec === undefined ? undefined : fromSpec(spec, shown(path.join(dir, 'setup.cfg')), 'python_requires');
  }

  /** This folder's own [tool.loopshift], checked. A bad table throws each time it is asked for (the run ends). */
  private ownToolConfig(dir: string): ToolConfig | undefined {
    if (!this.tools.has(dir)) {
      const pyproject = this.pyproject(dir);
      let found: ToolConfig | undefined;
      if (pyproject?.data !== undefined) {
        found = toolConfigOf(pyproject.file, pyproject.data);
      } else if (pyproject && /\[tool\.loopshift\]/.test(pyproject.text)) {
        // Only our own table matters; a broken file with no [tool.loopshift] is not ours to judge.
        throw new UsageError(`${pyproject.file}: cannot parse: ${pyproject.parseError?.message.split('\n')[0]}`);
      }
      this.tools.set(dir, found ?? null);
    }
    return this.tools.get(dir) ?? undefined;
  }

  private pyproject(dir: string): Pyproject | undefined {
    if (!this.pyprojects.has(dir)) this.pyprojects.set(dir, readPyproject(path.join(dir, 'pyproject.toml')));
    return this.pyprojects.get(dir) ?? undefined;
  }
}

function readPyproject(file: string): Pyproject | null {
  if (!existsSync(file)) return null;
  const text = readFileSync(file, 'utf8');
  try {
    return { file, text, data: parseToml(text) as Record<string, unknown> };
  } catch (error) {
    return { file, text, parseError: error as Error };
  }
}

/** The folder to start walking up from: `start` itself when it is a folder, else the one it is in. */
function startDir(start: string): string {
  const absolute = path.resolve(start);
  return existsSync(absolute) && statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
}

/** Config files inside the working folder are named relative to it, like the files being migrated. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
