// Cached unit statistics and other values derived from a unit's data (service.ts `derived`):
// keys `stats:<unit>:<version>:<name>` name the unit and its data version. When a unit's data
// changes, whoever changed it calls invalidateUnitStatistics: the unit's version is bumped (so
// no process reads the old figures again, even one still computing them) and its old entries
// are dropped.
import { randomUUID } from 'node:crypto';
import type { Cache } from '../../../lib/cache';

export const STATISTICS_PREFIX = 'stats:';
/** How long a unit's counts are kept when nothing invalidates them (data may change out of band). */
export const STATISTICS_TTL_SECONDS = 600;
/** Versions outlive the entries they name. */
const VERSION_TTL_SECONDS = 30 * 24 * 3600;

const versionKey = (unitCode: string): string => `stats-version:${unitCode}`;

// Versions being made in this process: concurrent first requests must agree on one, or each
// would count the unit afresh under its own key.
const making = new WeakMap<Cache, Map<string, Promise<string>>>();

/** The unit's current data version; a new one is made when none is known (first use, eviction). */
export async function unitDataVersion(cache: Cache, unitCode: string): Promise<string> {
  const known = await cache.get(versionKey(unitCode));
  if (known !== undefined) return known;
  let pending = making.get(cache);
  if (!pending) making.set(cache, (pending = new Map()));
  let version = pending.get(unitCode);
  if (!version) {
    const made = randomUUID();
    version = cache.set(versionKey(unitCode), made, VERSION_TTL_SECONDS).then(() => made);
    pending.set(unitCode, version);
    void version.finally(() => pending.delete(unitCode)).catch(() => undefined);
  }
  return version;
}

/** The data versions of these units, in one round trip (a unit without one gets one made). */
export async function unitDataVersions(cache: Cache, unitCodes: readonly string[]): Promise<string[]> {
  const known = await cache.getMany(unitCodes.map(versionKey));
  return Promise.all(known.map((version, index) => version ?? unitDataVersion(cache, unitCodes[index])));
}

/**
 * Drops the cached statistics of a unit whose data changed (a task written, a result or
 * follow-up recorded, a publication made). Call it after the change is stored.
 */
export async function invalidateUnitStatistics(cache: Cache, unitCode: string): Promise<void> {
  await cache.set(versionKey(unitCode), randomUUID(), VERSION_TTL_SECONDS);
  await cache.deleteByPrefix(`${STATISTICS_PREFIX}${unitCode}:`);
}

/** Key of the version of every view together: whatever changes, it changes (answers cached whole). */
export const VIEWS_VERSION_KEY = 'views-version';

/**
 * After units' views changed: new data versions, so values derived from the old data (the
 * office's figures, cached answers) are not served again. Old entries expire by themselves.
 */
export async function bumpUnitDataVersions(cache: Cache, unitCodes: readonly string[]): Promise<void> {
  await cache.setMany([...unitCodes.map((unitCode) => [versionKey(unitCode), randomUUID()] as const), [VIEWS_VERSION_KEY, randomUUID()]], VERSION_TTL_SECONDS);
}

/** After a change no unit's version covers (the office's visit index or store): cached whole answers go. */
export function bumpViewsVersion(cache: Cache): Promise<void> {
  return cache.set(VIEWS_VERSION_KEY, randomUUID(), VERSION_TTL_SECONDS);
}

/** The version of all views together (absent until one changed). */
export function viewsVersion(cache: Cache): Promise<string | undefined> {
  return cache.get(VIEWS_VERSION_KEY);
}

/** Drops every unit's cached statistics (benchmarks' cold runs, operators); versions stay. */
export function clearStatisticsCache(cache: Cache): Promise<number> {
  return cache.deleteByPrefix(STATISTICS_PREFIX);
}
