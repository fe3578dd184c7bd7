// Picks the cache for a process from its environment: Redis when REDIS_URL is set (shared by
// every process), an in-process LRU otherwise.
import { MemoryCache, DEFAULT_MEMORY_ENTRIES } from './memory';
import { RedisCache, DEFAULT_REDIS_PREFIX } from './redis';
import type { Cache } from './types';

export type { Cache, CacheStats } from './types';
export { MemoryCache, type MemoryCacheOptions } from './memory';
export { RedisCache, type RedisCacheOptions } from './redis';
export { cachedBatch, type CachedBatchOptions } from './batch';

/**
 * Environment keys read:
 * - REDIS_URL: use Redis at this URL (e.g. redis://127.0.0.1:6379).
 * - CACHE_PREFIX: key namespace in Redis (default `ssj:`).
 * - CACHE_MAX_ENTRIES: bound of the in-process LRU (default 50000).
 */
export function createCache(env: NodeJS.ProcessEnv = process.env): Cache {
  if (env.REDIS_URL) return new RedisCache({ url: env.REDIS_URL, prefix: env.CACHE_PREFIX || DEFAULT_REDIS_PREFIX });
  const maxEntries = env.CACHE_MAX_ENTRIES ? Number(env.CACHE_MAX_ENTRIES) : DEFAULT_MEMORY_ENTRIES;
  return new MemoryCache({ maxEntries });
}
