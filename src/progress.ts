/** A one-line progress counter on stderr, only for long runs on a terminal. */
export class Progress {
  private started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(private readonly stream: NodeJS.WritableStream, private readonly enabled: boolean) {}

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < 1000 || now - this.lastDraw < 100) return; // short runs show nothing
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r\u001b[2Kloopshift: ${done}/${total} files`);
  }

  clear(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }
}
