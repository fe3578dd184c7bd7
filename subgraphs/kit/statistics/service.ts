// One unit's statistics as a department subgraph serves them: gathered from the platforms,
// counted (unit-counts.ts), cached (cache.ts). Concurrent requests for the same figures share
// one computation, so fifty dashboards opening at once cost the platforms one walk.
import type { Cache } from '../../../lib/cache';
import type { DepartmentPlatform } from '../platform';
import type { UnitCounts } from './catalog';
import { STATISTICS_PREFIX, STATISTICS_TTL_SECONDS, invalidateUnitStatistics, unitDataVersion } from './cache';
import { callLimiter, gatherUnitInput, type CallLimiter, type PublicationSource } from './gather';
import { monthlyActivity, type MonthlyActivity } from './monthly';
import type { StatisticsScope } from './scope';
import { countUnit, countingRules } from './unit-counts';

export interface UnitStatisticsPayload {
  counts: UnitCounts;
  monthly: MonthlyActivity[];
}

export interface UnitStatisticsServiceOptions {
  platform: DepartmentPlatform;
  /** The credit information system, where results are published. */
  credit: PublicationSource;
  /** Absent: nothing is cached (every request counts afresh). */
  cache?: Cache;
  ttlSeconds?: number;
  /** Calls in flight to each platform while gathering (default PLATFORM_SLOTS). */
  slots?: number;
}

/** Enough to keep a platform busy, few enough to stay clear of its timeout under load. */
export const PLATFORM_SLOTS = 8;

export class UnitStatisticsService {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly limitPlatform: CallLimiter;
  private readonly limitCredit: CallLimiter;

  constructor(private readonly options: UnitStatisticsServiceOptions) {
    this.limitPlatform = callLimiter(options.slots ?? PLATFORM_SLOTS);
    this.limitCredit = callLimiter(options.slots ?? PLATFORM_SLOTS);
  }

  statistics(unitCode: string, scope: StatisticsScope, withLists: boolean): Promise<UnitStatisticsPayload> {
    const { code, year } = scope.judged;
    const name = `${code}:${year}:${scope.asOf}:${withLists ? 'lists' : 'counts'}`;
    return this.derived(unitCode, name, () => this.compute(unitCode, scope, withLists));
  }

  /**
   * A value derived from the unit's data (its counts, its visits of a period, its item list…),
   * cached under the unit's data version (key `stats:<unit>:<version>:<name>`), so the writes
   * that bump the version retire it. Concurrent requests for it share one computation; a failing
   * cache degrades to computing (the platforms stay the source of truth).
   */
  async derived<T>(unitCode: string, name: string, compute: () => Promise<T>): Promise<T> {
    const { cache } = this.options;
    const version = cache ? await unitDataVersion(cache, unitCode).catch(() => undefined) : undefined;
    const key = `${STATISTICS_PREFIX}${unitCode}:${version ?? 'uncached'}:${name}`;
    if (cache && version !== undefined) {
      const cached = await cache.get(key).catch(() => undefined);
      if (cached !== undefined) return JSON.parse(cached) as T;
    }
    let running = this.inFlight.get(key) as Promise<T> | undefined;
    if (!running) {
      running = compute().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, running);
    }
    const value = await running;
    if (cache && version !== undefined) {
      await cache.set(key, JSON.stringify(value), this.options.ttlSeconds ?? STATISTICS_TTL_SECONDS).catch(() => undefined);
    }
    return value;
  }

  /** After a write to the unit's data: its cached figures are dropped (no-op without a cache). */
  async invalidate(unitCode: string): Promise<void> {
    if (this.options.cache) await invalidateUnitStatistics(this.options.cache, unitCode);
  }

  private async compute(unitCode: string, scope: StatisticsScope, withLists: boolean): Promise<UnitStatisticsPayload> {
    const { counting, asOf } = scope;
    const input = await gatherUnitInput(this.options.platform, this.options.credit, {
      unitCode,
      year: counting.year,
      divisions: counting.divisions,
      limitPlatform: this.limitPlatform,
      limitCredit: this.limitCredit,
    });
    return {
      counts: countUnit(input, countingRules(counting, asOf, withLists)),
      monthly: monthlyActivity(input, counting.year, asOf),
    };
  }
}
