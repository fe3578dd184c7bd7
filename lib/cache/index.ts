// Picks the cache of a process: Redis when a URL is configured (shared by every process), an
// in-process LRU otherwise.
import { MemoryCache, DEFAULT_MEMORY_ENTRIES } from './memory';
import { RedisCache, DEFAULT_REDIS_PREFIX } from './redis';
import type { Cache } from './types';

export type { Cache, CacheStats } from './types';
export { MemoryCache, type MemoryCacheOptions } from './memory';
export { RedisCache, type RedisCacheOptions } from './redis';
export { cachedBatch, type CachedBatchOptions } from './batch';

export interface CacheOptions {
  /** Redis URL (config/env.ts REDIS_URL); absent means the in-process LRU. */
  redisUrl?: string;
  /** Key namespace in Redis (default `ssj:`). */
  prefix?: string;
  /** Bound of the in-process LRU (default 50000). */
  maxEntries?: number;
}

/** Redis when a URL is given (shared by every process), an in-process LRU otherwise. */
export function createCache(options: CacheOptions = {}): Cache {
  if (options.redisUrl) return new RedisCache({ url: options.redisUrl, prefix: options.prefix ?? DEFAULT_REDIS_PREFIX });
  return new MemoryCache({ maxEntries: options.maxEntries ?? DEFAULT_MEMORY_ENTRIES });
}
