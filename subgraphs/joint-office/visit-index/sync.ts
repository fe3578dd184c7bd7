// Keeps the office's visit index up to date from the units' views, read through the federated
// graph as the office (Department.visitChanges: the tasks each view applied from its platform's
// change feed, in order; all units in one aliased operation per page). At start the index is loaded from the office store and every unit's feed is read from
// its stored cursor, so a restart reads only what changed meanwhile; then every `intervalMs`.
// After the office's own writes (dispatch, merges) refresh() reads the units concerned at once.
// Office replicas sharing one store read the feeds one at a time, under the store's
// `visit-index` lease: a round first follows what other replicas wrote since (rows by write
// order), then reads the feeds from the stored cursors, so no page is read or written twice. A
// periodic round that finds the lease held only follows; a refresh before an answer waits for it.
import { ErrorCode } from '../../../lib/errors';
import { Poller, waitUntil } from '../../../lib/poller';
import type { GraphClient, GraphError } from '../graph-client';
import { fromColumns, type VisitColumns } from './columns';
import type { Leases, VisitIndexRepo } from '../store';
import type { VisitIndex } from './index';
import type { Task } from '../../../platforms/data/model';

export interface VisitIndexSyncOptions {
  graph: GraphClient;
  index: VisitIndex;
  /** Where rows and cursors are kept; absent: in memory only. */
  repo?: VisitIndexRepo;
  /** Shared with the other office replicas (with `repo`); absent: this process is the only reader. */
  leases?: Leases;
  intervalMs: number;
  /** After the index changed (bump the shared views version). */
  onChange?(): Promise<void>;
  log?(message: string): void;
}

/** Until the first round succeeds (the gateway may start after the office), try this often. */
const START_RETRY_MS = 500;
const ACTOR = 'visit-index';
const LEASE = 'visit-index';

interface ChangePage {
  cursor: string;
  hasMore: boolean;
  remaining: number;
  tasks: Omit<VisitColumns, 'unitCode'>;
}

const TASK_COLUMNS = 'taskIds planIds usccs plannedOn statuses itemCodes inspectorIds jointGroupIds';

function changesOperation(unitCodes: readonly string[]): string {
  const declarations = unitCodes.map((_, i) => `$a${i}: String`).join(', ');
  const fields = unitCodes.map(
    (code, i) => `u${i}: department(code: ${JSON.stringify(code)}) { visitChanges(after: $a${i}) { cursor hasMore remaining tasks { ${TASK_COLUMNS} } } }`,
  );
  return `query VisitIndexChanges(${declarations}) { ${fields.join('\n')} }`;
}

export class VisitIndexSync {
  private readonly poller: Poller;
  private round: Promise<void> | undefined;
  private started = false;
  /** Write position in the store up to which this index holds the rows. */
  private seq = 0;
  /** Each unit's generation in the store as last seen (a change: the unit was read again from the start). */
  private generations = new Map<string, number>();

  constructor(private readonly options: VisitIndexSyncOptions) {
    const { index } = options;
    this.poller = new Poller(() => this.runRound([...index.unitCodes], false), {
      intervalMs: options.intervalMs,
      soonMs: START_RETRY_MS,
      behind: () => !index.isReady() && index.unitCodes.some((code) => index.state(code).lastError !== undefined || index.state(code).cursor === undefined),
      onError: (error) => options.log?.(`visit index round failed: ${(error as Error).message}`),
    });
  }

  private get closed(): boolean {
    return this.poller.closed;
  }

  async start(): Promise<void> {
    const { repo, index } = this.options;
    if (repo) {
      const stored = await repo.load();
      index.restore(stored.tasks, stored.cursors);
      this.seq = stored.seq;
      this.generations = stored.generations;
      if (stored.tasks.length > 0) this.options.log?.(`visit index: ${stored.tasks.length} visits restored from the store, resuming from the stored cursors`);
    }
    this.started = true;
    this.poller.start();
  }

  /** Stops reading; resolves once a round under way has written its last page. */
  close(): Promise<void> {
    return this.poller.close();
  }

  /** Reads these units' feeds now (after the office wrote to their platforms). */
  async refresh(unitCodes: readonly string[]): Promise<void> {
    if (!this.started) return;
    await this.runRound(unitCodes, true);
  }

  whenReady(timeoutMs = 120_000): Promise<void> {
    return waitUntil(() => this.options.index.isReady(), timeoutMs, () => 'Visit index not ready');
  }

  /** Rounds never overlap; a refresh during a round waits for it, then reads its units. */
  private runRound(unitCodes: readonly string[], wait: boolean): Promise<void> {
    const previous = this.round ?? Promise.resolve();
    const next = previous.then(() => this.leasedRound(unitCodes, wait));
    this.round = next.finally(() => {
      if (this.round === next) this.round = undefined;
    });
    return next;
  }

  /** Under the lease: follow the store, read the feeds, note how far the store now is. */
  private async leasedRound(unitCodes: readonly string[], wait: boolean): Promise<void> {
    const { leases, repo } = this.options;
    if (!leases || !repo) return this.readUnits(unitCodes);
    const work = async () => {
      await this.follow(repo);
      await this.readUnits(unitCodes);
      // Nobody else writes while the lease is held: every row up to here is in this index.
      ({ seq: this.seq, generations: this.generations } = await repo.position());
    };
    if (wait) return leases.hold(LEASE, work);
    const outcome = await leases.tryHold(LEASE, work);
    // Another replica is reading the feeds: take what it has written so far.
    if (!outcome.ran) await this.follow(repo);
  }

  /** Applies what other replicas wrote to the store since this index last looked. */
  private async follow(repo: VisitIndexRepo): Promise<void> {
    const { index } = this.options;
    const stored = await repo.since(this.seq);
    for (const [unitCode, generation] of stored.generations) {
      if (this.generations.get(unitCode) !== generation && index.unitCodes.includes(unitCode)) index.reset(unitCode);
    }
    this.generations = stored.generations;
    const byUnit = new Map<string, Task[]>();
    for (const task of stored.tasks) {
      const list = byUnit.get(task.unitCode);
      if (list) list.push(task);
      else byUnit.set(task.unitCode, [task]);
    }
    for (const [unitCode, state] of stored.units) {
      if (!index.unitCodes.includes(unitCode)) continue;
      index.apply(unitCode, byUnit.get(unitCode) ?? [], state.cursor, state.remaining);
      if (state.remaining === 0) index.state(unitCode).ready = true;
    }
    this.seq = stored.seq;
  }

  private async readUnits(unitCodes: readonly string[]): Promise<void> {
    const { index, graph } = this.options;
    const wasReady = index.isReady();
    const started = Date.now();
    const before = index.version;
    let pending = [...unitCodes];
    while (pending.length > 0 && !this.closed) {
      const variables: Record<string, unknown> = {};
      pending.forEach((code, i) => (variables[`a${i}`] = index.state(code).cursor ?? null));
      let answer;
      try {
        answer = await graph.query<Record<string, { visitChanges: ChangePage | null } | null>>(changesOperation(pending), variables, ACTOR);
      } catch (error) {
        for (const code of pending) index.state(code).lastError = (error as Error).message;
        break;
      }
      const next: string[] = [];
      for (const [i, code] of pending.entries()) {
        const page = answer.data?.[`u${i}`]?.visitChanges;
        if (page) {
          const tasks = fromColumns({ unitCode: code, ...page.tasks });
          try {
            await this.options.repo?.apply(code, tasks, page.cursor, page.remaining);
          } catch (error) {
            // The store refused the page: the unit stays at its stored cursor and is read again.
            index.state(code).lastError = (error as Error).message;
            continue;
          }
          index.apply(code, tasks, page.cursor, page.remaining);
          if (page.hasMore) next.push(code);
          else index.state(code).ready = true;
          continue;
        }
        const error = errorOf(answer.errors, `u${i}`, code);
        if (error?.extensions?.code === ErrorCode.CURSOR_EXPIRED && index.state(code).cursor !== undefined) {
          this.options.log?.(`visit index: the feed cursor of ${code} expired (its platform restarted), reading it again`);
          await this.options.repo?.resetUnit(code);
          index.reset(code);
          next.push(code);
        } else {
          index.state(code).lastError = error?.message ?? 'no answer';
        }
      }
      pending = next;
    }
    if (index.version !== before) await this.options.onChange?.().catch(() => undefined);
    if (!wasReady && index.isReady()) {
      this.options.log?.(`visit index built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${index.size} visits of ${index.unitCodes.length} units`);
    }
  }
}

function errorOf(errors: readonly GraphError[], alias: string, unitCode: string): GraphError | undefined {
  return errors.find((error) => error.path?.[0] === alias || error.extensions?.unitCode === unitCode) ?? errors[0];
}
