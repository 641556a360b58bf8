/**
 * Writing a rewrite back, without ever losing a byte: refuse when the file changed since it was
 * read, refuse to write through a symlink that leaves the paths given, write a temporary file in
 * the same folder with the original mode and owner, then rename it over the original.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { encodeSource } from './source-file.js';

export type WriteOutcome =
  | { ok: true }
  | { ok: false; kind: 'conflict' | 'outside-roots' | 'write-error'; message: string };

export interface WriteRequest {
  absolute: string;
  roots: string[];      // real paths of the folders/files given on the command line
  original: Buffer;     // the bytes that were read and transformed
  text: string;         // the new text, without BOM
  bom: boolean;
}

export async function writeAtomically(request: WriteRequest): Promise<WriteOutcome> {
  let target: string;
  try {
    target = await fs.realpath(request.absolute);
  } catch (error) {
    return { ok: false, kind: 'write-error', message: `cannot resolve: ${(error as Error).message}` };
  }
  if (!request.roots.some((root) => target === root || target.startsWith(root + path.sep))) {
    return { ok: false, kind: 'outside-roots', message: `is a symlink to ${target}, outside the paths given; not written through` };
  }
  let current: Buffer;
  let stat;
  try {
    [current, stat] = await Promise.all([fs.readFile(target), fs.stat(target)]);
  } catch (error) {
    return { ok: false, kind: 'write-error', message: `cannot re-read before writing: ${(error as Error).message}` };
  }
  if (!current.equals(request.original)) {
    return { ok: false, kind: 'conflict', message: 'changed on disk since it was read; not overwritten (run loopshift again)' };
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.loopshift-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(temporary, 'wx', stat.mode & 0o7777);
    try {
      await handle.writeFile(encodeSource(request.text, request.bom));
      await handle.chmod(stat.mode & 0o7777); // the umask must not change the mode
      await handle.chown(stat.uid, stat.gid).catch(() => undefined); // only root can; others keep their own
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, target);
    return { ok: true };
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    return { ok: false, kind: 'write-error', message: `cannot write: ${(error as Error).message}; the original is intact` };
  }
}
