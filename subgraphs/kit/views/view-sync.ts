// Keeps the views of one department subgraph's units up to date from the change feeds: the
// platform's (tasks, results, follow-ups, plans, directory and inspector changes) and the credit
// system's (publications). At start-up every unit is built in the background, a few units at a
// time, with its progress in the view; then every `intervalMs` each feed is read from its
// cursor. A write through the graph calls refresh() for its unit, so it shows at once.
// Reads of one unit (and of the publications) never overlap: each has its own queue.
import { ErrorCode } from '../../../lib/errors';
import type { DepartmentPlatform } from '../platform';
import { Poller, waitUntil } from '../../../lib/poller';
import type { PublicationSource } from '../platform';
import { UnitView, type ViewSnapshot } from './unit-view';

export interface ViewSyncOptions {
  platform: DepartmentPlatform;
  credit: PublicationSource;
  /** How often the feeds are read after the first build (SYNC_INTERVAL_MS). */
  intervalMs: number;
  /** Units built at once at start-up. */
  parallelUnits?: number;
  /** After a unit's view changed: tell whoever derives values from it (shared cache versions). */
  onChange?(unitCodes: readonly string[]): Promise<void>;
  log?(message: string): void;
}

/** Publications asked for per page of the credit system's feed. */
const PUBLICATIONS_PAGE = 5000;
const DEFAULT_PARALLEL_UNITS = 4;
/** While the first build is not complete, failed units are tried again this soon. */
const BUILD_RETRY_MS = 1000;

/** Runs tasks of one key one after another. */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

function isExpiredCursor(error: unknown): boolean {
  return (error as { code?: string })?.code === ErrorCode.CURSOR_EXPIRED;
}

export class ViewSync {
  readonly views = new Map<string, UnitView>();
  private readonly queues = new Map<string, Queue>();
  private readonly publicationQueue = new Queue();
  private publicationsCursor: string | undefined;
  private publicationsCaughtUp = false;
  private readonly poller: Poller;
  private round: Promise<void> | undefined;
  /** The last failure of each unit's reads, until a read succeeds again. */
  readonly lastError = new Map<string, string>();

  constructor(private readonly options: ViewSyncOptions) {
    for (const unitCode of options.platform.unitCodes) {
      this.views.set(unitCode, new UnitView(unitCode));
      this.queues.set(unitCode, new Queue());
    }
    this.poller = new Poller(() => this.runRound(), {
      intervalMs: options.intervalMs,
      soonMs: BUILD_RETRY_MS,
      behind: () => [...this.views.values()].some((view) => view.state !== 'ready'),
      onError: (error) => options.log?.(`views round failed: ${(error as Error).message}`),
    });
  }

  private get closed(): boolean {
    return this.poller.closed;
  }

  /**
   * Starts the first build in the background, then reads the feeds every interval; while some
   * unit is not built yet (a platform did not answer), it tries again sooner.
   */
  start(): void {
    this.poller.start();
  }

  close(): Promise<void> {
    return this.poller.close();
  }

  /** Resolves once every unit is ready (tests, benchmarks); rejects after `timeoutMs`. */
  whenReady(timeoutMs = 120_000): Promise<void> {
    return waitUntil(() => [...this.views.values()].every((view) => view.state === 'ready'), timeoutMs, () => `Views not ready: ${this.progressLine()}`);
  }

  /** Reads a unit's feed (and the publications) now: after a write through the graph. */
  async refresh(unitCode: string): Promise<void> {
    const changed = new Set<string>();
    await Promise.all([this.syncUnit(unitCode, changed), this.syncPublications(changed)]);
    await this.notify(changed);
  }

  /** Forgets every view and builds it again from the start of the feeds (tests, operators). */
  async rebuild(): Promise<void> {
    await Promise.all(
      [...this.views.values()].map((view) =>
        this.queues.get(view.unitCode)!.run(async () => {
          view.reset();
        }),
      ),
    );
    await this.publicationQueue.run(async () => {
      this.publicationsCursor = undefined;
      this.publicationsCaughtUp = false;
    });
    await this.refreshAll();
  }

  /** Reads every unit's feed now (tests, operators). */
  async refreshAll(): Promise<void> {
    await this.runRound();
    await this.runRound();
  }

  progressLine(): string {
    const views = [...this.views.values()];
    const ready = views.filter((view) => view.state === 'ready').length;
    const applied = views.reduce((sum, view) => sum + view.applied, 0);
    return `${ready}/${views.length} units ready, ${applied} changes applied`;
  }

  private runRound(): Promise<void> {
    this.round ??= this.readAll().finally(() => (this.round = undefined));
    return this.round;
  }

  private async readAll(): Promise<void> {
    if (this.closed) return;
    const started = Date.now();
    const wasReady = [...this.views.values()].every((view) => view.state === 'ready');
    const changed = new Set<string>();
    const units = [...this.views.keys()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < units.length && !this.closed) await this.syncUnit(units[next++], changed);
    };
    await Promise.all([
      this.syncPublications(changed),
      ...Array.from({ length: Math.min(this.options.parallelUnits ?? DEFAULT_PARALLEL_UNITS, units.length) }, worker),
    ]);
    // Units that caught up before the publications did are ready now.
    for (const view of this.views.values()) if (view.state === 'syncing' && view.cursor !== undefined && this.publicationsCaughtUp && !this.lastError.has(view.unitCode)) view.markReady();
    await this.notify(changed);
    if (!wasReady && [...this.views.values()].every((view) => view.state === 'ready')) {
      this.options.log?.(`views of ${units.join(', ')} built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${this.progressLine()}`);
    }
  }

  private async notify(changed: Set<string>): Promise<void> {
    if (changed.size > 0) await this.options.onChange?.([...changed]).catch(() => undefined);
  }

  private syncUnit(unitCode: string, changed: Set<string>): Promise<void> {
    const view = this.views.get(unitCode)!;
    return this.queues.get(unitCode)!.run(async () => {
      try {
        const before = view.version;
        await this.catchUp(view);
        this.lastError.delete(unitCode);
        if (view.version !== before) changed.add(unitCode);
        if (view.state === 'syncing' && this.publicationsCaughtUp) view.markReady();
      } catch (error) {
        this.lastError.set(unitCode, (error as Error).message);
        this.options.log?.(`view of ${unitCode}: ${(error as Error).message} (tried again in ${this.options.intervalMs} ms)`);
      }
    });
  }

  private async catchUp(view: UnitView): Promise<void> {
    const { platform } = this.options;
    if (view.cursor === undefined) await this.readSnapshot(view);
    for (;;) {
      let page;
      try {
        page = await platform.changes(view.unitCode, view.cursor, platform.maxChangesPage);
      } catch (error) {
        if (!isExpiredCursor(error) || view.cursor === undefined) throw error;
        // The platform no longer knows the cursor (it restarted with new data): build again.
        this.options.log?.(`view of ${view.unitCode}: the platform's cursor expired, rebuilding`);
        view.reset();
        await this.readSnapshot(view);
        continue;
      }
      if (view.apply(page)) await this.readSnapshot(view);
      if (!page.hasMore || this.closed) return;
    }
  }

  /** Items, inspectors, the certification roster and plans: listed whole (the rest comes in the feed). */
  private async readSnapshot(view: UnitView): Promise<void> {
    const { platform } = this.options;
    const unitCode = view.unitCode;
    const [items, inspectors, certifiedOfficers, plans] = await Promise.all([
      platform.items(unitCode),
      platform.inspectors(unitCode),
      platform.certifiedOfficers(unitCode),
      platform.plans(unitCode),
    ]);
    const snapshot: ViewSnapshot = { items, inspectors, certifiedOfficers, plans };
    view.setSnapshot(snapshot);
  }

  private syncPublications(changed: Set<string>): Promise<void> {
    const { credit } = this.options;
    return this.publicationQueue.run(async () => {
      try {
        for (;;) {
          let page;
          try {
            page = await credit.publicationChanges(this.publicationsCursor, PUBLICATIONS_PAGE);
          } catch (error) {
            if (!isExpiredCursor(error) || this.publicationsCursor === undefined) throw error;
            // The credit system restarted: its publications are read again from the start.
            this.publicationsCursor = undefined;
            for (const view of this.views.values()) view.clearPublications();
            continue;
          }
          for (const view of this.views.values()) if (view.applyPublications(page.publications)) changed.add(view.unitCode);
          this.publicationsCursor = page.cursor;
          if (!page.hasMore || this.closed) break;
        }
        this.publicationsCaughtUp = true;
        this.lastError.delete('credit');
      } catch (error) {
        this.lastError.set('credit', (error as Error).message);
        this.options.log?.(`publications feed: ${(error as Error).message}`);
      }
    });
  }
}
