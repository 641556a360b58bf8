/**
 * Editor mode: `loopshift - --stdin-filename path/to/file.py` runs the one pipeline on a single
 * virtual file read from stdin, and this consumer prints the migrated source on stdout (the original
 * when nothing changes or the file cannot be migrated, so a pipeline never loses text); diagnostics
 * and errors go to stderr. No summary: stdout is the source.
 */
import path from 'node:path';
import type { ExitCode } from './errors.js';
import type { FileResult } from './file-result.js';
import type { RunOptions } from './options.js';
import type { ProjectConfig } from './project-config.js';
import { diagnosticLine, errorLine } from './report.js';
import { ENCODING_ERROR, runMigration, type Session } from './run.js';
import { encodeSource } from './source-file.js';

interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

export async function migrateStdin(
  options: RunOptions, session: Session, project: ProjectConfig, filename: string | undefined, bytes: Buffer, io: Io,
): Promise<ExitCode> {
  let code: ExitCode = 0;
  const file = { display: filename ?? '<stdin>', absolute: filename ? path.resolve(filename) : process.cwd(), bytes };
  await runMigration(options, session, project, {
    onResult: (result) => {
      code = printResult(result, bytes, options, io);
      return result;
    },
    onWarning: (text) => io.stderr.write(`loopshift: warning: ${text}\n`),
  }, file);
  return code;
}

/** The migrated text, or the original bytes when there is none; the exit code this result calls for. */
function printResult(result: FileResult, original: Buffer, options: RunOptions, io: Io): ExitCode {
  for (const diagnostic of result.diagnostics) io.stderr.write(`${diagnosticLine(result.display, diagnostic)}\n`);
  // A text it cannot decode is an error here, not a skip: the editor asked for this very file.
  const undecodable = result.reasonCode === 'encoding' ? result.reason : result.error?.type === ENCODING_ERROR ? result.error.message : undefined;
  if (undecodable !== undefined) {
    io.stdout.write(original);
    io.stderr.write(`${result.display}: error: ${undecodable}\n`);
    return 1;
  }
  if (result.status === 'failed' && result.error) {
    io.stdout.write(original);
    io.stderr.write(`${errorLine(result.display, result.error)}\n`);
    return 1;
  }
  if (result.status !== 'changed' || !result.before || result.after === undefined) {
    io.stdout.write(original);
    return 0;
  }
  io.stdout.write(encodeSource(result.after, result.before.bom));
  return options.mode === 'check' ? 1 : 0;
}
