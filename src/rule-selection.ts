/**
 * Rule selection, as ruff users know it: --select, --extend-select and --ignore (and the same keys of
 * [tool.loopshift]) pick diagnostic codes by code (LS801), by prefix (LS8, LS80, LS; ALL) or by
 * transform name (drop_loop_arg); per-file-ignores take codes away for the files a glob matches.
 *
 * The selected set is resolved like ruff's: layers in order (the default `ALL`, then the config,
 * then the flags); a layer with `select` starts over, one without adds and removes. Inside a layer
 * the selectors apply from the least specific to the most specific (ALL/LS, then a transform name
 * or a one-digit prefix such as LS8, then LS80, then a whole code), so a more specific selector wins;
 * at equal specificity an ignore wins over a select.
 *
 * A transform runs when at least one of its codes is selected (a transform that declares no code:
 * when its name is, or ALL). Diagnostics whose code is not selected are dropped; a code no transform
 * declares cannot be selected or ignored, and is always kept.
 */
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UsageError } from './errors.js';
import type { Diagnostic, TransformInfo } from './helper/protocol.js';
import type { ToolConfig } from './tool-config.js';

/** One source of selectors: [tool.loopshift] of the first path, or the command line. */
export interface SelectionLayer {
  origin: string;              // "--" for the flags, else the config file
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
}

/** A diagnostic kept out of the output by a suppression (per-file-ignores now; the helper's comments later). */
export interface Suppressed {
  line: number;
  column: number;
  code: string;
  transform: string;
  by: 'per-file-ignores' | 'comment';
}

/** `LS801,LS804` and repeated flags -> one list of trimmed, non-empty selectors. */
export function splitSelectors(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}

const EVERYTHING = new Set(['ALL', 'LS']);

/**
 * The rules a selector can name: every declared code, and one rule per transform (its name) that
 * stands for a transform that declares no code.
 */
export class RuleUniverse {
  private readonly codes = new Map<string, string>(); // code -> its transform
  private readonly byName = new Map<string, TransformInfo>();

  constructor(readonly transforms: readonly TransformInfo[]) {
    for (const transform of transforms) {
      this.byName.set(transform.name, transform);
      for (const { code } of transform.codes) this.codes.set(code.toUpperCase(), transform.name);
    }
  }

  /** Is this code declared by some transform (so that it can be selected at all)? */
  declares(code: string): boolean {
    return this.codes.has(code.toUpperCase());
  }

  /** The rules a selector names, and how specific it is; unknown: a usage error naming `where`. */
  resolve(selector: string, where: string): { rules: string[]; specificity: number } {
    const upper = selector.toUpperCase();
    if (EVERYTHING.has(upper)) return { rules: [...this.codes.keys(), ...this.byName.keys()], specificity: 0 };
    const transform = this.byName.get(selector);
    if (transform) return { rules: [...transform.codes.map((c) => c.code.toUpperCase()), transform.name], specificity: 1 };
    if (/^LS\d+$/.test(upper)) {
      const rules = [...this.codes.keys()].filter((code) => code.startsWith(upper));
      if (rules.length) return { rules, specificity: upper.length - 2 };
    }
    throw new UsageError(`unknown rule selector ${JSON.stringify(selector)} (in ${where}); ${this.validSelectors()}`);
  }

  /** The help text of an unknown selector: every transform with its prefix and codes. */
  validSelectors(): string {
    const rows = this.transforms.map((t) => {
      const prefix = codePrefix(t);
      const codes = t.codes.map((c) => c.code);
      const range = codes.length ? `${prefix} (${codes[0]}${codes.length > 1 ? `…${codes[codes.length - 1]}` : ''})` : 'no codes';
      return `  ${t.name}: ${range}`;
    });
    return 'use ALL or LS, a code or its prefix (LS8, LS80, LS801), or a transform name:\n' + rows.join('\n');
  }
}

/** A transform's code family as one selector: `LS8` for LS801…LS814; '' when it declares no code. */
export function codePrefix(transform: Pick<TransformInfo, 'codes'>): string {
  const codes = transform.codes.map((c) => c.code.toUpperCase());
  if (!codes.length) return '';
  let prefix = codes[0];
  for (const code of codes) while (!code.startsWith(prefix)) prefix = prefix.slice(0, -1);
  // The hundreds digit names the transform (LS1xx, LS8xx): shorter than the common prefix of a few codes.
  const family = /^LS\d/.exec(prefix)?.[0];
  return family ?? prefix;
}

/** The rules left after the layers, resolved as ruff does (see the module comment). */
export function resolveLayers(universe: RuleUniverse, layers: readonly SelectionLayer[]): Set<string> {
  let selected = new Set<string>();
  const all: SelectionLayer[] = [{ origin: 'default', select: ['ALL'] }, ...layers];
  for (const layer of all) {
    const where = (key: string) => (layer.origin === '--' ? `--${key}` : `${layer.origin} [tool.loopshift] ${key}`);
    const entries = [
      ...(layer.select ?? []).map((s) => ({ on: true, ...universe.resolve(s, where('select')) })),
      ...(layer.extendSelect ?? []).map((s) => ({ on: true, ...universe.resolve(s, where('extend-select')) })),
      ...(layer.ignore ?? []).map((s) => ({ on: false, ...universe.resolve(s, where('ignore')) })),
    ];
    // Least specific first; at equal specificity the ignores come after the selects, so they win.
    entries.sort((a, b) => a.specificity - b.specificity || Number(b.on) - Number(a.on));
    const updates = new Map<string, boolean>();
    for (const entry of entries) for (const rule of entry.rules) updates.set(rule, entry.on);
    if (layer.select !== undefined) selected = new Set();
    for (const [rule, on] of updates) {
      if (on) selected.add(rule);
      else selected.delete(rule);
    }
  }
  return selected;
}

/** What runs on one file, and which of its diagnostics are shown. */
export interface FileSelection {
  transforms: string[];
  /** The diagnostics to show, and those per-file-ignores took away (counted as suppressed). */
  filter(diagnostics: readonly Diagnostic[]): { kept: Diagnostic[]; suppressed: Suppressed[] };
}

interface CompiledIgnores {
  dir: string;
  entries: { matcher: Ignore; rules: Set<string> }[];
}

/** The run's selection: the run-wide rules, and per file what per-file-ignores take away. */
export class RuleSelection {
  /** The transforms that run somewhere in this run (their triggers drive the prefilter). */
  readonly transforms: TransformInfo[];
  private readonly universe: RuleUniverse;
  private readonly selected: Set<string>;
  private readonly perFile = new Map<string, CompiledIgnores | null>();

  /**
   * `restrict`: -t / `transforms` names (empty: all), which narrow the transforms before the
   * selectors pick among them. Every selector is checked against all transforms, so a code of a
   * transform -t left out is not unknown, only not run.
   */
  constructor(transforms: readonly TransformInfo[], restrict: readonly TransformInfo[], layers: readonly SelectionLayer[]) {
    this.universe = new RuleUniverse(transforms);
    this.selected = resolveLayers(this.universe, layers);
    const allowed = new Set(restrict.map((t) => t.name));
    for (const transform of transforms) {
      if (allowed.has(transform.name)) continue;
      this.selected.delete(transform.name);
      for (const { code } of transform.codes) this.selected.delete(code.toUpperCase());
    }
    this.transforms = restrict.filter((t) => this.runs(t, this.selected));
    if (!this.transforms.length) {
      const narrowed = restrict.length < transforms.length ? ` among ${restrict.map((t) => t.name).join(', ')}` : '';
      throw new UsageError(`the rule selection leaves no transform to run${narrowed}: check --select, --extend-select and --ignore ` +
        '(and select, extend-select and ignore in [tool.loopshift])');
    }
  }

  /** Is this code selected run-wide? (A code no transform declares always is.) */
  selects(code: string): boolean {
    return !this.universe.declares(code) || this.selected.has(code.toUpperCase());
  }

  /**
   * One file's selection: `config` is the nearest [tool.loopshift] above it (per-file-ignores are
   * relative to its folder). Each config's table is checked the first time a file under it comes.
   */
  forFile(absolute: string, config: ToolConfig | undefined): FileSelection {
    const ignored = this.ignoredFor(absolute, config);
    const names = this.transforms.filter((t) => this.runs(t, this.selected, ignored)).map((t) => t.name);
    return {
      transforms: names,
      filter: (diagnostics) => {
        const kept: Diagnostic[] = [];
        const suppressed: Suppressed[] = [];
        for (const d of diagnostics) {
          if (!this.selects(d.code)) continue; // not selected: not a suppression, simply not asked for
          if (ignored.has(d.code.toUpperCase())) {
            suppressed.push({ line: d.line, column: d.column, code: d.code, transform: d.transform, by: 'per-file-ignores' });
          } else {
            kept.push(d);
          }
        }
        return { kept, suppressed };
      },
    };
  }

  /** Check every per-file-ignores table these configs hold, before any file is migrated. */
  check(configs: Iterable<ToolConfig | undefined>): void {
    for (const config of configs) if (config) this.compiled(config);
  }

  private runs(transform: TransformInfo, selected: ReadonlySet<string>, ignored: ReadonlySet<string> = new Set()): boolean {
    const on = (rule: string) => selected.has(rule) && !ignored.has(rule);
    return transform.codes.length ? transform.codes.some((c) => on(c.code.toUpperCase())) : on(transform.name);
  }

  private ignoredFor(absolute: string, config: ToolConfig | undefined): Set<string> {
    const compiled = config && this.compiled(config);
    const ignored = new Set<string>();
    if (!compiled) return ignored;
    const relative = path.relative(compiled.dir, absolute).split(path.sep).join('/');
    if (!relative || relative.startsWith('../') || relative === '..' || path.isAbsolute(relative)) return ignored;
    for (const entry of compiled.entries) {
      if (entry.matcher.ignores(relative)) for (const rule of entry.rules) ignored.add(rule);
    }
    return ignored;
  }

  private compiled(config: ToolConfig): CompiledIgnores | null {
    if (!this.perFile.has(config.file)) {
      const table = config.perFileIgnores;
      let compiled: CompiledIgnores | null = null;
      if (table && Object.keys(table).length) {
        compiled = {
          dir: path.dirname(config.file),
          entries: Object.entries(table).map(([pattern, selectors]) => ({
            matcher: ignore().add(pattern),
            rules: new Set(selectors.flatMap((s) => this.universe.resolve(s, `${config.file} [tool.loopshift] per-file-ignores "${pattern}"`).rules)),
          })),
        };
      }
      this.perFile.set(config.file, compiled);
    }
    return this.perFile.get(config.file)!;
  }
}
