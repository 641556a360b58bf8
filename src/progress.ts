/**
 * A status line at the bottom of the terminal for long runs: what the helpers have done, with
 * everything else (diffs, diagnostics) printed above it, so it is never erased and left blank.
 */

/** The part of a stream the output code uses. */
export interface Writer {
  write(text: string | Uint8Array): unknown;
}

export interface ProgressCounts {
  read: number;        // files read and prefiltered
  files: number;       // files discovered
  candidates: number;  // files handed to the helpers so far
  finished: number;    // of those, answered
}

const ERASE = '\r\u001b[2K';

export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private text = '';   // the status line on screen now ('' when none)
  private counts?: ProgressCounts;

  /** `terminal` is stderr; `enabled` only when it is a terminal and the run is long enough to care. */
  constructor(private readonly terminal: Writer, private readonly enabled: boolean, private readonly delayMs = 1000) {}

  update(counts: ProgressCounts): void {
    this.counts = counts;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < this.delayMs || now - this.lastDraw < 100) return; // short runs show nothing
    this.lastDraw = now;
    this.draw();
  }

  /** A writer that prints above the status line. `sharesTerminal`: the stream is on the same screen. */
  above(stream: Writer, sharesTerminal = true): Writer {
    if (!this.enabled || !sharesTerminal) return stream;
    return {
      write: (chunk) => {
        const shown = this.text;
        if (shown && stream === this.terminal && typeof chunk === 'string') {
          // One write: the terminal never shows the line erased and not yet drawn again.
          return stream.write(`${ERASE}${chunk}${ERASE}${shown}`);
        }
        if (shown) this.terminal.write(ERASE);
        const result = stream.write(chunk);
        if (shown) this.draw();
        return result;
      },
    };
  }

  /** Remove the status line (end of run, or before a prompt). */
  clear(): void {
    if (this.text) this.terminal.write(ERASE);
    this.text = '';
  }

  private draw(): void {
    const c = this.counts;
    if (!c) return;
    const reading = c.read < c.files ? `, ${c.read}/${c.files} files read` : '';
    this.text = `loopshift: ${c.finished}/${c.candidates} candidate files done${reading}`;
    this.terminal.write(`${ERASE}${this.text}`);
  }
}
