// The cache shared by subgraphs (and the gateway): string values under string keys, with a
// time to live. Two implementations: Redis when several processes share it, an in-process LRU
// otherwise. Callers serialise their own values (JSON), so every implementation stays dumb.
import { cacheLookups } from '../metrics';

export interface CacheStats {
  /** Keys found by get/getMany. */
  hits: number;
  /** Keys looked up and not found (absent or expired). */
  misses: number;
  /** Cache operations that failed (e.g. Redis unreachable); callers treat them as misses. */
  errors: number;
}

export interface Cache {
  get(key: string): Promise<string | undefined>;
  /** One round trip for many keys; the answer is aligned with `keys`. */
  getMany(keys: readonly string[]): Promise<(string | undefined)[]>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** One round trip for many entries, all with the same time to live. */
  setMany(entries: readonly (readonly [key: string, value: string])[], ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Deletes every key starting with `prefix`; returns how many were deleted. */
  deleteByPrefix(prefix: string): Promise<number>;
  /** Hit and miss counters since creation or the last resetStats(). */
  stats(): CacheStats;
  resetStats(): void;
  close(): Promise<void>;
}

/**
 * Counter bookkeeping shared by the implementations; also counts into the process's Prometheus
 * cache_lookups_total (which, unlike these, is never reset).
 */
export class StatsCounter {
  private counts: CacheStats = { hits: 0, misses: 0, errors: 0 };

  constructor(private readonly backend: 'memory' | 'redis') {}

  record(values: readonly (string | undefined)[]): void {
    let hits = 0;
    for (const value of values) if (value !== undefined) hits += 1;
    this.counts.hits += hits;
    this.counts.misses += values.length - hits;
    if (hits > 0) cacheLookups.inc({ backend: this.backend, result: 'hit' }, hits);
    if (values.length > hits) cacheLookups.inc({ backend: this.backend, result: 'miss' }, values.length - hits);
  }

  error(): void {
    this.counts.errors += 1;
    cacheLookups.inc({ backend: this.backend, result: 'error' });
  }

  snapshot(): CacheStats {
    return { ...this.counts };
  }

  reset(): void {
    this.counts = { hits: 0, misses: 0, errors: 0 };
  }
}

export function assertTtl(ttlSeconds: number): void {
  if (!(ttlSeconds > 0) || !Number.isFinite(ttlSeconds)) {
    throw new RangeError(`Cache TTL must be a positive number of seconds, got ${ttlSeconds}`);
  }
}
