/**
 * A session whose helper starts only when a file needs it: the hello (which transforms exist, their
 * trigger words) comes from the result cache when the helper that reported it is provably the one this
 * run would start (src/helper-identity.ts). Results are cached under the helper's identity.
 */
import { createHash } from 'node:crypto';
import { LazyPool } from './helper/lazy-pool.js';
import { parseHello, type Hello } from './helper/protocol.js';
import { fileStamp, helperCodeDigest, interpreterStamp } from './helper-identity.js';
import type { RunOptions } from './options.js';
import { ResultCache } from './result-cache.js';
import { openSession, type Session } from './run.js';

type SessionOptions = Pick<RunOptions, 'python' | 'jobs' | 'timeoutSeconds'> & { memoryLimitMb?: number };

/** A kept hello and the files it was true of. */
interface KeptHello {
  hello: Hello;
  executable: string | null;  // fileStamp of hello.executable
  libcst: string | null;      // fileStamp of hello.libcstPath, when the helper reports it
}

export async function openCachedSession(options: SessionOptions, env: NodeJS.ProcessEnv, cache: ResultCache): Promise<Session> {
  const code = helperCodeDigest(env);
  const helloKey = digest(code, interpreterStamp(options.python, env));
  const kept = keptHello(cache.read('hello', helloKey));
  if (kept) {
    const pool = new LazyPool(async () => {
      const session = await openSession(options, env);
      // Another interpreter than the kept hello named (pyenv switched, libcst upgraded in place):
      // its answers are right for this run, but must not be stored under the old identity.
      if (identityOf(code, session.hello) !== identityOf(code, kept.hello)) {
        cache.freeze();
        cache.write('hello', helloKey, keep(session.hello));
      }
      return session.pool;
    });
    return { hello: kept.hello, pool, cache, identity: identityOf(code, kept.hello) };
  }
  const session = await openSession(options, env);
  cache.write('hello', helloKey, keep(session.hello));
  return { ...session, cache, identity: identityOf(code, session.hello) };
}

/** What the results depend on besides their inputs: the helper's code, Python and libcst. */
function identityOf(code: string, hello: Hello): string {
  return digest(code, hello.executable, hello.python, hello.libcst, hello.libcstPath ?? '');
}

function keep(hello: Hello): KeptHello {
  return { hello, executable: fileStamp(hello.executable), libcst: fileStamp(hello.libcstPath) };
}

function keptHello(value: unknown): KeptHello | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { hello, executable, libcst } = value as Partial<KeptHello>;
  let parsed;
  try {
    parsed = parseHello(hello);
  } catch {
    return undefined;
  }
  if (parsed.type !== 'hello' || executable === null || executable !== fileStamp(parsed.executable)) return undefined;
  if ((libcst ?? null) !== fileStamp(parsed.libcstPath)) return undefined;
  return { hello: parsed, executable, libcst: libcst ?? null };
}

function digest(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part}\0`);
  return hash.digest('hex');
}
