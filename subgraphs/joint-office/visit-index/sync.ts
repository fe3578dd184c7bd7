// Keeps the office's visit index up to date from the units' views, read through the federated
// graph as the office (Department.visitChanges: the tasks each view applied from its platform's
// change feed, in order; all units in one aliased operation per page). At start the index is loaded from the office store and every unit's feed is read from
// its stored cursor, so a restart reads only what changed meanwhile; then every `intervalMs`.
// After the office's own writes (dispatch, merges) refresh() reads the units concerned at once.
import { ErrorCode } from '../../../lib/errors';
import { Poller, waitUntil } from '../../../lib/poller';
import type { GraphClient, GraphError } from '../graph-client';
import { fromColumns, type VisitColumns } from './columns';
import type { VisitIndexRepo } from '../store';
import type { VisitIndex } from './index';

export interface VisitIndexSyncOptions {
  graph: GraphClient;
  index: VisitIndex;
  /** Where rows and cursors are kept; absent: in memory only. */
  repo?: VisitIndexRepo;
  intervalMs: number;
  /** After the index changed (bump the shared views version). */
  onChange?(): Promise<void>;
  log?(message: string): void;
}

/** Until the first round succeeds (the gateway may start after the office), try this often. */
const START_RETRY_MS = 500;
const ACTOR = 'visit-index';

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

  constructor(private readonly options: VisitIndexSyncOptions) {
    const { index } = options;
    this.poller = new Poller(() => this.runRound([...index.unitCodes]), {
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
    await this.runRound(unitCodes);
  }

  whenReady(timeoutMs = 120_000): Promise<void> {
    return waitUntil(() => this.options.index.isReady(), timeoutMs, () => 'Visit index not ready');
  }

  /** Rounds never overlap; a refresh during a round waits for it, then reads its units. */
  private runRound(unitCodes: readonly string[]): Promise<void> {
    const previous = this.round ?? Promise.resolve();
    const next = previous.then(() => this.readUnits(unitCodes));
    this.round = next.finally(() => {
      if (this.round === next) this.round = undefined;
    });
    return next;
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
            await this.options.repo?.apply(code, tasks, page.cursor);
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
