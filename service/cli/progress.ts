// A progress line on standard error: rewritten in place on a terminal, a line every few seconds
// otherwise (CI logs, pipes), so long loads and checks always show they are moving.
export class Progress {
  private last = 0;
  private readonly tty = process.stderr.isTTY;

  constructor(private readonly label: string) {}

  update(text: string, force = false): void {
    const now = Date.now();
    if (!force && now - this.last < (this.tty ? 200 : 5000)) return;
    this.last = now;
    if (this.tty) process.stderr.write(`\r\x1b[2K${this.label}: ${text}`);
    else process.stderr.write(`${this.label}: ${text}\n`);
  }

  done(text: string): void {
    if (this.tty) process.stderr.write(`\r\x1b[2K`);
    process.stderr.write(`${this.label}: ${text}\n`);
  }
}

export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
