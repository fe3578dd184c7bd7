// One unit's statistics as a department subgraph serves them: counted from the unit's view
// (subgraphs/kit/views), which the change feeds keep up to date, never from a year re-read per
// request. A count is kept until the view changes (its version), so fifty dashboards opening at
// once cost one count; a unit whose view is still being built answers SYNCING with its progress.
import { ErrorCode, graphError } from '../../../lib/errors';
import type { Item, Plan, Task } from '../../../platforms/data/model';
import type { UnitSyncType } from '../views/types';
import type { UnitView } from '../views/unit-view';
import type { ViewSync } from '../views/view-sync';
import type { UnitCounts } from './catalog';
import { monthlyActivity, type MonthlyActivity } from './monthly';
import type { StatisticsScope } from './scope';
import { countUnit, countingRules } from './unit-counts';
import { listRows, publicationsDue, type ListRow } from './list-rows';
import type { IndicatorKey } from './catalog';

export interface UnitStatisticsPayload {
  counts: UnitCounts;
  monthly: MonthlyActivity[];
  /** The same months of the year before (the trend's comparison). */
  monthlyLastYear: MonthlyActivity[];
}

/** Counts kept per unit (as-of days, with and without lists); the oldest goes first. */
const COUNTS_PER_UNIT = 16;

export class UnitStatisticsService {
  private readonly counted = new Map<string, Map<string, { version: number; payload: UnitStatisticsPayload }>>();

  constructor(readonly sync: ViewSync) {}

  /** The unit's view once it is built; SYNCING (with progress) before. */
  readyView(unitCode: string): UnitView {
    const view = this.sync.views.get(unitCode);
    if (!view) throw graphError(ErrorCode.UNKNOWN_UNIT, `Unit "${unitCode}" is not served here`, { unitCode });
    if (view.state !== 'ready') {
      const lastError = this.sync.lastError.get(unitCode);
      throw graphError(
        ErrorCode.SYNCING,
        `Unit ${unitCode} is still being read from its platform: ${view.applied} changes applied, ${view.remaining} waiting${lastError ? ` (last error: ${lastError})` : ''}`,
        { unitCode, applied: view.applied, remaining: view.remaining },
      );
    }
    return view;
  }

  syncStatus(unitCode: string): UnitSyncType | null {
    const view = this.sync.views.get(unitCode);
    if (!view) return null;
    const lastError = this.sync.lastError.get(unitCode) ?? this.sync.lastError.get('credit') ?? null;
    return {
      state: view.state === 'ready' ? 'READY' : 'SYNCING',
      applied: view.applied,
      remaining: view.remaining,
      syncedAt: view.syncedAt ?? null,
      lastError,
      directoryVersion: `${view.id}.${view.directoryVersion}`,
    };
  }

  isReady(unitCode: string): boolean {
    return this.sync.views.get(unitCode)?.state === 'ready';
  }

  async statistics(unitCode: string, scope: StatisticsScope, withLists: boolean): Promise<UnitStatisticsPayload> {
    const view = this.readyView(unitCode);
    const { counting, asOf } = scope;
    const key = `${scope.judged.code}:${scope.judged.year}:${asOf}:${withLists ? 'lists' : 'counts'}`;
    let unit = this.counted.get(unitCode);
    if (!unit) this.counted.set(unitCode, (unit = new Map()));
    const known = unit.get(key);
    if (known && known.version === view.version) return known.payload;
    const input = view.statisticsInput(counting.divisions.map((division) => division.code), scope.dataJurisdiction);
    const lastYear = counting.year - 1;
    const lastYearEnd = `${lastYear}-12-31`;
    const payload = {
      counts: countUnit(input, countingRules(counting, asOf, withLists)),
      monthly: monthlyActivity(input, counting.year, asOf),
      monthlyLastYear: monthlyActivity(input, lastYear, asOf < lastYearEnd ? asOf : lastYearEnd),
    };
    unit.delete(key);
    unit.set(key, { version: view.version, payload });
    if (unit.size > COUNTS_PER_UNIT) unit.delete(unit.keys().next().value as string);
    return payload;
  }

  /** Work-list rows of one indicator's ids (from the same view the counts came from). */
  listRows(unitCode: string, scope: StatisticsScope, key: IndicatorKey, ids: readonly string[]): ListRow[] {
    const input = this.readyView(unitCode).statisticsInput([]);
    return listRows(key, ids, input, countingRules(scope.counting, scope.asOf));
  }

  /** Results whose publication limit passes within `withinWorkdays` working days of asOf. */
  publicationsDue(unitCode: string, scope: StatisticsScope, withinWorkdays: number): ListRow[] {
    const input = this.readyView(unitCode).statisticsInput([], scope.dataJurisdiction);
    return publicationsDue(input, countingRules(scope.counting, scope.asOf), withinWorkdays);
  }

  items(unitCode: string): Item[] {
    return this.readyView(unitCode).items;
  }

  plans(unitCode: string, year?: number): Plan[] {
    const plans = this.readyView(unitCode).planList();
    return year === undefined ? plans : plans.filter((plan) => plan.year === year);
  }

  tasksPlannedIn(unitCode: string, from: string, to: string): Task[] {
    return this.readyView(unitCode).tasksPlannedIn(from, to);
  }

  /** After a write through the graph: the unit's feed is read at once, so the write shows. */
  refresh(unitCode: string): Promise<void> {
    return this.sync.refresh(unitCode);
  }
}
