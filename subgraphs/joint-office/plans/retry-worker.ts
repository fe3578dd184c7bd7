// The dispatch retry worker of the office process: every `intervalMs` it looks at the
// dispatched plans, and for each unit that still has waiting tasks whose backoff has passed,
// dispatches that unit again. Backoff after n failed attempts: min(baseDelayMs × 2^(n−1),
// maxDelayMs), counted from the last attempt. Stopped (and awaited) when the office closes.
// With several office replicas, a pass runs under the store's `dispatch-retry` lease: the
// replica holding it does the pass, the others skip that tick. No date rule applies here: the
// dispatch was accepted when the plan became dispatched (dispatch.ts, markDispatched), and its
// tasks are delivered even if the plan's period ends while a platform is down.
import type { OfficeStore, PlanTaskRecord } from '../store';
import type { UnitDispatchOutcome } from './dispatch';

export interface RetryOptions {
  /** How often the worker looks for waiting units. */
  intervalMs: number;
  /** Wait after the first failed attempt; doubled after each further one. */
  baseDelayMs: number;
  /** Longest wait between attempts. */
  maxDelayMs: number;
}

export const RETRY_ACTOR = 'joint-office/dispatch-retry';

export function retryDelayMs(attempts: number, options: RetryOptions): number {
  if (attempts <= 0) return 0;
  return Math.min(options.baseDelayMs * 2 ** Math.min(attempts - 1, 30), options.maxDelayMs);
}

/** Whether a unit's waiting tasks are due for another attempt at `now`. */
export function isDue(waiting: readonly PlanTaskRecord[], options: RetryOptions, now: number): boolean {
  if (waiting.length === 0) return false;
  const attempts = Math.max(...waiting.map((t) => t.attempts));
  const last = Math.max(...waiting.map((t) => Date.parse(t.updatedAt)));
  return now - last >= retryDelayMs(attempts, options);
}

export interface RetryTarget {
  store: OfficeStore;
  dispatchUnit(planId: string, unitCode: string, actor: string): Promise<UnitDispatchOutcome>;
}

export class DispatchRetryWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** The last error of a pass (e.g. the database was unreachable); passes go on regardless. */
  lastError: unknown = null;
  passes = 0;

  constructor(
    private readonly target: RetryTarget,
    private readonly options: RetryOptions,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.target.store.leases
        .tryHold('dispatch-retry', () => this.pass())
        .then(() => undefined)
        .catch((error: unknown) => {
          this.lastError = error;
        })
        .finally(() => {
          this.running = undefined;
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** One pass over the dispatched plans; returns how many units were retried. */
  async pass(now = Date.now()): Promise<number> {
    this.passes++;
    const { store } = this.target;
    let retried = 0;
    for (const plan of await store.plans.listPlans({ state: 'dispatched' })) {
      for (const unit of await store.dispatch.progress(plan.id)) {
        if (unit.waiting + unit.failed === 0) continue;
        const waiting = await store.dispatch.tasksWaiting(plan.id, unit.unitCode);
        if (!isDue(waiting, this.options, now)) continue;
        await this.target.dispatchUnit(plan.id, unit.unitCode, RETRY_ACTOR);
        retried++;
      }
    }
    return retried;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
