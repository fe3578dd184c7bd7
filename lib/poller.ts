// Background work that reads something again and again (the units' views, the office's visit
// index): one round at a time, every `intervalMs`, or every `soonMs` while it is behind (a first
// build not complete, a source that did not answer).
export interface PollerOptions {
  intervalMs: number;
  soonMs: number;
  /** True while the next round should come soon. */
  behind(): boolean;
  /** A round that failed as a whole (rounds record their sources' failures themselves). */
  onError(error: unknown): void;
}

export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly round: () => Promise<void>,
    private readonly options: PollerOptions,
  ) {}

  start(): void {
    const tick = async (): Promise<void> => {
      if (this.stopped) return;
      // A failing round must not end the loop, nor the process (an unhandled rejection).
      this.running = this.round().catch((error: unknown) => this.options.onError(error));
      await this.running;
      if (this.stopped) return;
      const { intervalMs, soonMs, behind } = this.options;
      this.timer = setTimeout(() => void tick(), behind() ? Math.min(soonMs, intervalMs) : intervalMs);
      this.timer.unref();
    };
    void tick();
  }

  /** Stops the loop; resolves once a round under way has ended (its writes done before a store closes). */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
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
