/** Line-based questions on stdin, for a real terminal and for answers piped in by scripts alike. */
import { createInterface, type Interface } from 'node:readline';

export type Answer = 'yes' | 'no' | 'all' | 'quit';

const HELP = [
  'y - apply the change to this file',
  'n - leave this file as it is (the default)',
  'a - apply this change and every remaining one without asking',
  'q - stop: leave this and every remaining file as it is (what was accepted stays)',
  '? - show this help',
].join('\n');

const UNSAFE_HELP = [
  'y - apply these unsafe fixes too (they may change behaviour: the diagnostics above and --explain CODE say how)',
  'n - leave them out (the default): the file keeps only what you accepted',
  'a - apply them, and every remaining change and unsafe fix, without asking',
  'q - stop: leave them out, and every remaining file as it is (what was accepted stays)',
  '? - show this help',
].join('\n');

export class Prompter {
  private readonly lines: Interface;
  private readonly pending: string[] = [];
  private waiting?: (line: string | undefined) => void;
  private closed = false;

  constructor(input: NodeJS.ReadableStream, private readonly output: NodeJS.WritableStream, terminal: boolean, onInterrupt: () => void) {
    this.lines = createInterface({ input, output: terminal ? output : undefined, terminal });
    this.lines.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      } else {
        this.pending.push(line);
      }
    });
    this.lines.on('close', () => {
      this.closed = true;
      this.waiting?.(undefined);
    });
    this.lines.on('SIGINT', onInterrupt); // Ctrl-C at the prompt of a real terminal
  }

  /** Asks until it gets a valid answer; end of input counts as quit. */
  async ask(file: string): Promise<Answer> {
    return this.question(`Apply to ${file}? [y]es [n]o [a]ll remaining [q]uit [?]help `, HELP);
  }

  /** The second question for a file that holds unsafe fixes (src/unsafe-fixes.ts), after its diff marked as such. */
  async askUnsafe(file: string): Promise<Answer> {
    return this.question(`Apply the unsafe fixes to ${file}? [y]es [n]o [a]ll remaining [q]uit [?]help `, UNSAFE_HELP);
  }

  private async question(text: string, help: string): Promise<Answer> {
    for (;;) {
      this.output.write(text);
      const line = await this.nextLine();
      if (line === undefined) {
        this.output.write('\n');
        return 'quit';
      }
      const word = line.trim().toLowerCase();
      if (word === '' || word === 'n' || word === 'no') return 'no';
      if (word === 'y' || word === 'yes') return 'yes';
      if (word === 'a' || word === 'all') return 'all';
      if (word === 'q' || word === 'quit') return 'quit';
      this.output.write(`${help}\n`);
    }
  }

  /** Unblocks a pending question (interrupt): it is answered as quit. */
  cancel(): void {
    this.closed = true;
    this.waiting?.(undefined);
  }

  close(): void {
    this.lines.close();
  }

  private nextLine(): Promise<string | undefined> {
    if (this.pending.length) return Promise.resolve(this.pending.shift());
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => { this.waiting = resolve; });
  }
}
