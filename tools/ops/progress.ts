import { count, duration } from './terminal';

/**
 * Progress of long work on stderr: a redrawn bar with events/s and ETA on a terminal, a plain line
 * every few seconds otherwise (so logs of a CI job or a pod stay readable).
 */
export class Progress {
  private done = 0;
  private lastDraw = 0;
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly plainEveryMs = 2_000,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  advance(n: number): void {
    this.done += n;
    const now = Date.now();
    if (now - this.lastDraw < (this.tty ? 100 : this.plainEveryMs)) return;
    this.lastDraw = now;
    this.draw(false);
  }

  finish(): void {
    this.draw(true);
  }

  private draw(final: boolean): void {
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.done / seconds : 0;
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 1;
    const eta = rate > 0 ? (this.total - this.done) / rate : Infinity;
    const figures = `${count(this.done)}/${count(this.total)} events  ${count(Math.round(rate))} events/s`;
    if (this.tty) {
      const width = 30;
      const filled = Math.round(fraction * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      const tail = final ? `in ${duration(seconds)}` : `ETA ${duration(eta)}`;
      this.stream.write(
        `\r\x1b[2K${this.label} ${bar} ${String(Math.floor(fraction * 100)).padStart(3)}%  ${figures}  ${tail}${final ? '\n' : ''}`,
      );
    } else {
      const tail = final ? `done in ${duration(seconds)}` : `ETA ${duration(eta)}`;
      this.stream.write(`${this.label}: ${Math.floor(fraction * 100)}%  ${figures}  ${tail}\n`);
    }
  }
}
