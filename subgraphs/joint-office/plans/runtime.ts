// What joint plans need in the office process: the store, the graph client, one in-flight
// dispatch per plan and unit (a manual dispatch and the retry worker share it rather than race;
// across office replicas the store's lease `dispatch:<plan>/<unit>` makes the other replica wait
// and then find nothing left waiting), and the retry worker's lifecycle.
import type { GraphClient } from '../graph-client';
import type { OfficeStore } from '../store';
import { dispatchUnit, type UnitDispatchOutcome } from './dispatch';
import { DispatchRetryWorker, type RetryOptions } from './retry-worker';
import { UnitReader } from './unit-reads';

export interface PlanRuntimeOptions {
  store: OfficeStore;
  graph: GraphClient;
  retry: RetryOptions;
}

export class PlanRuntime {
  readonly store: OfficeStore;
  readonly graph: GraphClient;
  readonly worker: DispatchRetryWorker;
  private readonly inflight = new Map<string, Promise<UnitDispatchOutcome>>();

  constructor(options: PlanRuntimeOptions) {
    this.store = options.store;
    this.graph = options.graph;
    this.worker = new DispatchRetryWorker(this, options.retry);
  }

  reader(actor: string): UnitReader {
    return new UnitReader(this.graph, actor || 'joint-office');
  }

  dispatchUnit(planId: string, unitCode: string, actor: string): Promise<UnitDispatchOutcome> {
    const key = `${planId}\n${unitCode}`;
    let running = this.inflight.get(key);
    if (!running) {
      running = this.store.leases.hold(`dispatch:${planId}/${unitCode}`, () => dispatchUnit(this.store, this.graph, planId, unitCode, actor)).finally(() => this.inflight.delete(key));
      this.inflight.set(key, running);
    }
    return running;
  }

  start(): this {
    this.worker.start();
    return this;
  }

  /** Stops the worker and waits for dispatches under way; the store stays open (its owner closes it). */
  async close(): Promise<void> {
    await this.worker.stop();
    await Promise.allSettled([...this.inflight.values()]);
  }
}
