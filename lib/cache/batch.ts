// Cached batch lookups: read every key in one round trip, load only the misses from the source
// (the platform), write what was loaded back. A failing cache degrades to "everything missed"
// instead of failing the lookup: the platform stays the source of truth.
import type { Cache } from './types';

export interface CachedBatchOptions {
  /** Called when the cache fails; defaults to ignoring it (the counters record it). */
  onCacheError?(error: unknown): void;
}

/**
 * Values for `keys`, aligned with them. `keyOf` maps a key to its cache key; `loadMissing`
 * receives the distinct keys not in the cache and answers aligned with them (null = no such
 * record). Nulls are not cached, so a record created later is seen at once.
 */
export async function cachedBatch<K, V>(
  cache: Cache,
  keys: readonly K[],
  keyOf: (key: K) => string,
  loadMissing: (missing: K[]) => Promise<(V | null)[]>,
  ttlSeconds: number,
  options: CachedBatchOptions = {},
): Promise<(V | null)[]> {
  if (keys.length === 0) return [];
  const cacheKeys = keys.map(keyOf);
  let cached: (string | undefined)[];
  try {
    cached = await cache.getMany(cacheKeys);
  } catch (error) {
    options.onCacheError?.(error);
    cached = keys.map(() => undefined);
  }

  const found = new Map<string, V | null>();
  const missing: K[] = [];
  const missingKeys = new Set<string>();
  keys.forEach((key, index) => {
    const text = cached[index];
    const cacheKey = cacheKeys[index];
    if (text !== undefined) found.set(cacheKey, JSON.parse(text) as V);
    else if (!missingKeys.has(cacheKey)) {
      missingKeys.add(cacheKey);
      missing.push(key);
    }
  });

  if (missing.length > 0) {
    const loaded = await loadMissing(missing);
    if (loaded.length !== missing.length) {
      throw new Error(`cachedBatch: loader answered ${loaded.length} values for ${missing.length} keys`);
    }
    const toStore: [string, string][] = [];
    missing.forEach((key, index) => {
      const value = loaded[index];
      const cacheKey = keyOf(key);
      found.set(cacheKey, value);
      if (value !== null && value !== undefined) toStore.push([cacheKey, JSON.stringify(value)]);
    });
    try {
      await cache.setMany(toStore, ttlSeconds);
    } catch (error) {
      options.onCacheError?.(error);
    }
  }
  return cacheKeys.map((cacheKey) => found.get(cacheKey) ?? null);
}
