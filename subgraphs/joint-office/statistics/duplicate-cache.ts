// Indicator 11 is found across every unit's visits, so it is the office's most expensive figure.
// It is cached under the data versions of all the units it read (subgraphs/kit/statistics/
// cache.ts): a task written through the graph, a merge included, bumps its unit's version and so
// retires these figures; concurrent requests share one computation.
import { createHash } from 'node:crypto';
import type { Cache } from '../../../lib/cache';
import { STATISTICS_PREFIX, STATISTICS_TTL_SECONDS, unitDataVersion } from '../../kit/statistics/cache';
import type { DuplicateFigures } from '../../kit/statistics/unit-counts';

type Figures = Map<string, DuplicateFigures>;

const inFlight = new Map<string, Promise<Figures>>();

async function figuresKey(cache: Cache, unitCodes: readonly string[], parameters: string): Promise<string> {
  const versions = await Promise.all(unitCodes.map((unitCode) => unitDataVersion(cache, unitCode)));
  const digest = createHash('sha256').update(`${parameters}|${unitCodes.join(',')}|${versions.join(',')}`).digest('hex').slice(0, 32);
  return `${STATISTICS_PREFIX}office:duplicates:${digest}`;
}

/** The figures for `parameters` (year, caps…), from the cache when no unit's data changed since. */
export async function cachedDuplicateFigures(
  cache: Cache | undefined,
  unitCodes: readonly string[],
  parameters: string,
  compute: () => Promise<Figures>,
): Promise<Figures> {
  if (!cache) return compute();
  const key = await figuresKey(cache, unitCodes, parameters).catch(() => undefined);
  if (key === undefined) return compute();
  const cached = await cache.get(key).catch(() => undefined);
  if (cached !== undefined) return new Map(JSON.parse(cached) as [string, DuplicateFigures][]);
  let pending = inFlight.get(key);
  if (!pending) {
    pending = compute().then(async (figures) => {
      await cache.set(key, JSON.stringify([...figures]), STATISTICS_TTL_SECONDS).catch(() => undefined);
      return figures;
    });
    inFlight.set(key, pending);
    void pending.finally(() => inFlight.delete(key)).catch(() => undefined);
  }
  return pending;
}
