// In-process cache: a bounded LRU with per-entry TTL. Used when no Redis is configured, so a
// single process still avoids repeating platform calls without growing without bound.
import { LRUCache } from 'lru-cache';
import { assertTtl, StatsCounter, type Cache, type CacheStats } from './types';

export interface MemoryCacheOptions {
  /** Most entries kept; the least recently used go first. */
  maxEntries?: number;
}

export const DEFAULT_MEMORY_ENTRIES = 50_000;

export class MemoryCache implements Cache {
  private readonly lru: LRUCache<string, string>;
  private readonly counter = new StatsCounter('memory');

  constructor(options: MemoryCacheOptions = {}) {
    const max = options.maxEntries ?? DEFAULT_MEMORY_ENTRIES;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxEntries must be a positive integer, got ${max}`);
    // ttlAutopurge stays off: expired entries are dropped when read or evicted, no timers.
    this.lru = new LRUCache<string, string>({ max });
  }

  /** Entries currently held (expired ones may still count until read or evicted). */
  get size(): number {
    return this.lru.size;
  }

  async get(key: string): Promise<string | undefined> {
    const value = this.lru.get(key);
    this.counter.record([value]);
    return value;
  }

  async getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    const values = keys.map((key) => this.lru.get(key));
    this.counter.record(values);
    return values;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    this.lru.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async setMany(entries: readonly (readonly [string, string])[], ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    for (const [key, value] of entries) this.lru.set(key, value, { ttl: ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    this.lru.delete(key);
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    // Collect first: deleting while iterating the LRU's key list would skip entries.
    const doomed = [...this.lru.keys()].filter((key) => key.startsWith(prefix));
    for (const key of doomed) this.lru.delete(key);
    return doomed.length;
  }

  stats(): CacheStats {
    return this.counter.snapshot();
  }

  resetStats(): void {
    this.counter.reset();
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}
