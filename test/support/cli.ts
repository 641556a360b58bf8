/** Run the built CLI as a user would, on throwaway folders. */
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { CLI } from './paths.js';

export interface CliRun {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string } = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { NO_COLOR: undefined, FORCE_COLOR: undefined, LOOPSHIFT_PYTHON: undefined, ...options.env };
  const result = await execa('node', [CLI, ...args], {
    cwd: options.cwd, env, extendEnv: true, reject: false, input: options.input ?? '', stripFinalNewline: false,
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

/** A temporary folder holding the given files (text or bytes), relative paths as keys. */
export function makeTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'loopshift-test-'));
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

/** Every file under root with its bytes: to prove that a run left them untouched. The result cache
 * (.loopshift_cache, kept in the project root by design) is not the user's file and is left out. */
export function snapshot(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === '.loopshift_cache') continue;
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(path.relative(root, full), readFileSync(full));
    }
  };
  walk(root);
  return files;
}
