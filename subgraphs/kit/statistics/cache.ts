// Data versions in the cache the components share (Redis, or the in-process cache when the
// whole system runs in one process): each unit's view bumps its unit's version when it applies
// a change, and one version covers all views together. Values derived from the units' data in
// other components (the office's reports, the dashboard's kept answers) are kept under these
// versions, so a change retires them at once and nothing has to be deleted.
import { randomUUID } from 'node:crypto';
import type { Cache } from '../../../lib/cache';

/** Versions live long; an evicted one is simply made anew (its values are then computed again). */
const VERSION_TTL_SECONDS = 30 * 24 * 3600;

const versionKey = (unitCode: string): string => `stats-version:${unitCode}`;

/** Key of the version of every view together: whatever changes, it changes (answers kept whole). */
export const VIEWS_VERSION_KEY = 'views-version';

// Versions being made in this process: concurrent first requests must agree on one.
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

/** After units' views changed: new data versions for them and for all views together. */
export async function bumpUnitDataVersions(cache: Cache, unitCodes: readonly string[]): Promise<Map<string, string>> {
  const versions = new Map(unitCodes.map((unitCode) => [unitCode, randomUUID()]));
  await cache.setMany([...[...versions].map(([unitCode, version]) => [versionKey(unitCode), version] as const), [VIEWS_VERSION_KEY, randomUUID()]], VERSION_TTL_SECONDS);
  return versions;
}

/** After a change no unit's version covers (the office's visit index): answers kept whole go. */
export function bumpViewsVersion(cache: Cache): Promise<void> {
  return cache.set(VIEWS_VERSION_KEY, randomUUID(), VERSION_TTL_SECONDS);
}

/** The version of all views together (absent until one changed). */
export function viewsVersion(cache: Cache): Promise<string | undefined> {
  return cache.get(VIEWS_VERSION_KEY);
}
