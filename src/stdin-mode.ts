/**
 * Editor mode: `loopshift - --stdin-filename path/to/file.py` reads source on stdin and prints the
 * migrated source on stdout (the original when nothing changes or the file cannot be migrated, so a
 * pipeline never loses text); diagnostics and errors go to stderr.
 */
import path from 'node:path';
import type { ExitCode } from './errors.js';
import type { RunOptions } from './options.js';
import { diagnosticLine, errorLine } from './report.js';
import type { Session } from './run.js';
import { selectTransforms } from './run.js';
import { decodeSource, encodeSource } from './source-file.js';
import { resolveTarget } from './target-version.js';

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

export async function migrateStdin(
  options: RunOptions, session: Session, filename: string | undefined, bytes: Buffer,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<ExitCode> {
  const shown = filename ?? '<stdin>';
  const fail = (message: string): ExitCode => {
    io.stdout.write(bytes);
    io.stderr.write(`${shown}: error: ${message}\n`);
    return 1;
  };
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return fail(decoded.reason);
  const target = resolveTarget(filename ? path.resolve(filename) : process.cwd(), options.targetVersion);
  if (target.warning) io.stderr.write(`loopshift: warning: ${target.warning}\n`);
  const names = selectTransforms(session.hello, options.transforms, options.transformsFrom).map((t) => t.name);
  const answer = await session.pool.transform({ path: shown, source: decoded.source.text, transforms: names, options: { target: target.version } });
  for (const diagnostic of answer.diagnostics ?? []) io.stderr.write(`${diagnosticLine(shown, diagnostic)}\n`);
  if (answer.status === 'failed') {
    io.stdout.write(bytes);
    io.stderr.write(`${errorLine(shown, answer.error)}\n`);
    return 1;
  }
  if (answer.status !== 'changed') {
    io.stdout.write(bytes);
    return 0;
  }
  io.stdout.write(encodeSource(answer.source, decoded.source.bom));
  return options.mode === 'check' ? 1 : 0;
}
