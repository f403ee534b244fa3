// Slowing password guessing: after a few failed sign-ins, an address and a user name each wait
// twice as long as before (capped), whoever is asking. A success clears the name's count; an
// address's count clears only with time, so one good account cannot launder guesses at others.
export interface BackoffOptions {
  /** Failures allowed before waits start. */
  free: number;
  firstWaitMs: number;
  maxWaitMs: number;
  /** A key with no failure for this long is forgotten. */
  forgetMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { free: 5, firstWaitMs: 1000, maxWaitMs: 15 * 60_000, forgetMs: 60 * 60_000 };

interface Entry {
  failures: number;
  until: number;
  last: number;
}

export class SignInBackoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly opts: BackoffOptions = DEFAULT_BACKOFF,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds the caller must still wait before another try with these keys (0: go ahead). */
  waitFor(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const k of keys) {
      const e = this.entries.get(k);
      if (!e) continue;
      if (t - e.last > this.opts.forgetMs) this.entries.delete(k);
      else wait = Math.max(wait, e.until - t);
    }
    return wait;
  }

  failed(keys: string[]): void {
    const t = this.now();
    if (this.entries.size > 100_000) this.sweep(t);
    for (const k of keys) {
      const e = this.entries.get(k) ?? { failures: 0, until: 0, last: t };
      e.failures++;
      e.last = t;
      const over = e.failures - this.opts.free;
      if (over >= 0) e.until = t + Math.min(this.opts.maxWaitMs, this.opts.firstWaitMs * 2 ** Math.min(over, 30));
      this.entries.set(k, e);
    }
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }

  private sweep(t: number) {
    for (const [k, e] of this.entries) if (t - e.last > this.opts.forgetMs) this.entries.delete(k);
  }
}
