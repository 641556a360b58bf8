/** The pool's own logic, with a fake transport standing in for Python: dispatch, limits, restart, timeout. */
import type { HelperConnection } from '../src/helper/helper-process.js';
import { HelperPool } from '../src/helper/pool.js';
import type { Answer, Hello, TransformRequest } from '../src/helper/protocol.js';

const hello: Hello = { type: 'hello', protocol: 1, python: '3.11.7', executable: 'python3', libcst: '1.0.1', pid: 1, transforms: [] };

class FakeHelper implements HelperConnection {
  static live = 0;
  static maxLive = 0;
  readonly hello = hello;
  killed = false;
  constructor(private readonly behave: (request: TransformRequest) => Promise<Answer>) {}
  async send(request: TransformRequest): Promise<Answer> {
    FakeHelper.live += 1;
    FakeHelper.maxLive = Math.max(FakeHelper.maxLive, FakeHelper.live);
    try {
      return await this.behave(request);
    } finally {
      FakeHelper.live -= 1;
    }
  }
  kill(): void {
    this.killed = true;
  }
}

const job = (source: string) => ({ path: `${source}.py`, source, transforms: [], options: { target: '3.9' } });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => {
  FakeHelper.live = 0;
  FakeHelper.maxLive = 0;
});

test('runs at most `size` requests at once and answers each with its own id', async () => {
  const behave = async (r: TransformRequest): Promise<Answer> => {
    await sleep(10);
    return { id: r.id, status: 'unchanged', diagnostics: [] };
  };
  const helpers: FakeHelper[] = [];
  const factory = async () => { const h = new FakeHelper(behave); helpers.push(h); return h; };
  const pool = new HelperPool(factory, new FakeHelper(behave), 3, 1000);
  const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => pool.transform(job(`f${i}`))));
  expect(answers.every((a) => a.status === 'unchanged')).toBe(true);
  expect(new Set(answers.map((a) => a.id)).size).toBe(20);
  expect(FakeHelper.maxLive).toBe(3);
  expect(pool.stats.started).toBe(3); // the first helper plus two started on demand
  pool.close();
});

test('a crash fails only that request, and the helper is replaced', async () => {
  const behave = async (r: TransformRequest): Promise<Answer> => {
    if (r.source === 'crash') throw new Error('the helper stopped (signal SIGKILL)');
    return { id: r.id, status: 'unchanged', diagnostics: [] };
  };
  const first = new FakeHelper(behave);
  const pool = new HelperPool(async () => new FakeHelper(behave), first, 1, 1000);
  const [a, b, c] = await Promise.all([pool.transform(job('ok1')), pool.transform(job('crash')), pool.transform(job('ok2'))]);
  expect(a.status).toBe('unchanged');
  expect(b.status).toBe('failed');
  expect(b.status === 'failed' && b.error.type).toBe('HelperCrash');
  expect(c.status).toBe('unchanged');
  expect(first.killed).toBe(true);
  expect(pool.stats.restarts).toBe(1);
  pool.close();
});

test('a request past the timeout fails, its helper is killed and the queue goes on', async () => {
  const behave = async (r: TransformRequest): Promise<Answer> => {
    if (r.source === 'hang') await new Promise(() => {});
    return { id: r.id, status: 'unchanged', diagnostics: [] };
  };
  const first = new FakeHelper(behave);
  const pool = new HelperPool(async () => new FakeHelper(behave), first, 1, 50);
  const [hung, after] = await Promise.all([pool.transform(job('hang')), pool.transform(job('next'))]);
  expect(hung.status === 'failed' && hung.error.type).toBe('Timeout');
  expect(after.status).toBe('unchanged');
  expect(first.killed).toBe(true);
  pool.close();
});

test('when no helper can be started again, waiting work fails instead of hanging', async () => {
  const behave = async (): Promise<Answer> => { throw new Error('boom'); };
  const pool = new HelperPool(async () => { throw new Error('python vanished'); }, new FakeHelper(behave), 1, 1000);
  const answers = await Promise.all([pool.transform(job('a')), pool.transform(job('b'))]);
  expect(answers.map((a) => a.status)).toEqual(['failed', 'failed']);
  expect(answers[1].status === 'failed' && answers[1].error.message).toContain('python vanished');
  pool.close();
});

test('queued work goes out largest source first, and each caller still gets its own answer', async () => {
  const order: string[] = [];
  const behave = async (r: TransformRequest): Promise<Answer> => {
    order.push(r.source);
    await sleep(5);
    return { id: r.id, status: 'skipped', diagnostics: [], reason: r.source };
  };
  const pool = new HelperPool(async () => new FakeHelper(behave), new FakeHelper(behave), 1, 1000);
  const sources = ['a', 'cccc', 'bb', 'dddddd', 'e'];
  const answers = await Promise.all(sources.map((s) => pool.transform(job(s))));
  // Work queued in one turn goes out by size, the largest first.
  expect(order).toEqual(['dddddd', 'cccc', 'bb', 'a', 'e']);
  expect(answers.map((a) => (a.status === 'skipped' ? a.reason : ''))).toEqual(sources);
  pool.close();
});

test('warm() starts the rest of the helpers before any work arrives, and nothing after stop()', async () => {
  const behave = async (r: TransformRequest): Promise<Answer> => ({ id: r.id, status: 'unchanged', diagnostics: [] });
  const made: FakeHelper[] = [];
  const factory = async () => { const h = new FakeHelper(behave); made.push(h); return h; };
  const pool = new HelperPool(factory, new FakeHelper(behave), 3, 1000);
  pool.warm();
  pool.warm(); // already starting: no more than the size
  await sleep(5);
  expect(made.length).toBe(2);
  expect(pool.stats.started).toBe(3);
  const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.transform(job(`w${i}`))));
  expect(answers.every((a) => a.status === 'unchanged')).toBe(true);
  expect(made.length).toBe(2); // the warm helpers took the work: none started on demand
  pool.close();
  expect(made.every((h) => h.killed)).toBe(true);

  const stopped = new HelperPool(factory, new FakeHelper(behave), 3, 1000);
  stopped.stop();
  stopped.warm();
  await sleep(5);
  expect(made.length).toBe(2);
  stopped.close();
});

test('prepare(): an idle helper parses ahead, and the transform of that file then goes to it', async () => {
  const log: string[] = [];
  const helpers: FakeHelper[] = [];
  const make = (name: string) => {
    const helper = new FakeHelper(async (r: TransformRequest) => {
      log.push(`${name} ${r.type} ${r.source}`);
      await sleep(5);
      // The gate needs no tree for 'gated': the ack says none was kept.
      return r.type === 'prepare'
        ? ({ id: r.id, status: 'unchanged', diagnostics: [], prepared: r.source !== 'gated' } as Answer)
        : { id: r.id, status: 'unchanged', diagnostics: [] };
    });
    helpers.push(helper);
    return helper;
  };
  const pool = new HelperPool(async () => make('B'), make('A'), 2, 1000);
  pool.warm();
  await sleep(5);
  pool.prepare(job('xxxxx'));
  pool.prepare(job('gated'));
  await sleep(30);
  expect(log.filter((line) => line.includes(' prepare ')).map((line) => line.split(' ')[2]).sort()).toEqual(['gated', 'xxxxx']);
  const preparer = log.find((line) => line.endsWith('prepare xxxxx'))!.split(' ')[0];
  log.length = 0;
  // Larger work queued in the same turn: still, the file parsed ahead goes to the helper that has its tree.
  await Promise.all(['yyyyyyyyyy', 'xxxxx', 'zzzzzzzzzzzz'].map((s) => pool.transform(job(s))));
  expect(log).toContain(`${preparer} transform xxxxx`);
  pool.close();
});

test('prepare() never delays queued work, and stops with stop()', async () => {
  const log: string[] = [];
  const behave = async (r: TransformRequest): Promise<Answer> => {
    log.push(`${r.type} ${r.source}`);
    await sleep(5);
    return { id: r.id, status: 'unchanged', diagnostics: [], ...(r.type === 'prepare' ? { prepared: true } : {}) } as Answer;
  };
  const pool = new HelperPool(async () => new FakeHelper(behave), new FakeHelper(behave), 1, 1000);
  const work = pool.transform(job('real'));
  pool.prepare(job('ahead'));
  await work;
  await sleep(20);
  expect(log).toEqual(['transform real']); // the backlog went when real work came
  pool.stop();
  pool.prepare(job('late'));
  await sleep(20);
  expect(log).toEqual(['transform real']);
  pool.close();
});
