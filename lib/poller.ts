// Background work that reads something again and again (the units' views, the office's visit
// index): one round at a time, every `intervalMs`, or every `soonMs` while it is behind (a first
// build not complete, a source that did not answer).
export interface PollerOptions {
  intervalMs: number;
  soonMs: number;
  /** True while the next round should come soon. */
  behind(): boolean;
}

export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly round: () => Promise<void>,
    private readonly options: PollerOptions,
  ) {}

  start(): void {
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      await this.round();
      if (this.stopped) return;
      const { intervalMs, soonMs, behind } = this.options;
      this.timer = setTimeout(() => void tick(), behind() ? Math.min(soonMs, intervalMs) : intervalMs);
      this.timer.unref();
    };
    void tick();
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  get closed(): boolean {
    return this.stopped;
  }
}

/** Resolves once `done()` holds, checking every 50 ms; rejects after `timeoutMs` with `what()`. */
export async function waitUntil(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what()} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
