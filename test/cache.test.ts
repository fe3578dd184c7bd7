import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cachedBatch, createCache, MemoryCache, RedisCache, type Cache } from '../lib/cache';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const REDIS_URL = process.env.REDIS_URL;
const RUN_PREFIX = `test:${process.pid}:${Date.now()}:`;

function behaves(name: string, make: () => Cache) {
  describe(name, () => {
    const cache = make();
    beforeEach(async () => {
      await cache.deleteByPrefix('');
      cache.resetStats();
    });
    afterAll(async () => {
      await cache.deleteByPrefix('');
      await cache.close();
    });

    it('returns what was set and counts hits and misses', async () => {
      expect(await cache.get('k1')).toBeUndefined();
      await cache.set('k1', 'v1', 60);
      expect(await cache.get('k1')).toBe('v1');
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    });

    it('reads and writes many keys aligned with the request', async () => {
      await cache.setMany([['a', '1'], ['c', '3']], 60);
      expect(await cache.getMany(['a', 'b', 'c', 'a'])).toEqual(['1', undefined, '3', '1']);
      expect(await cache.getMany([])).toEqual([]);
      expect(cache.stats()).toMatchObject({ hits: 3, misses: 1 });
    });

    it('forgets entries after their time to live', async () => {
      await cache.set('short', 'x', 0.2);
      await cache.set('long', 'y', 60);
      expect(await cache.get('short')).toBe('x');
      await sleep(350);
      expect(await cache.get('short')).toBeUndefined();
      expect(await cache.get('long')).toBe('y');
    });

    it('rejects a non-positive time to live', async () => {
      await expect(cache.set('k', 'v', 0)).rejects.toThrow(/TTL/);
      await expect(cache.setMany([['k', 'v']], -1)).rejects.toThrow(/TTL/);
    });

    it('deletes one key and keys by prefix, taking glob characters literally', async () => {
      await cache.setMany([['ent:1', 'a'], ['ent:2', 'b'], ['risk:1', 'c'], ['x*y:1', 'd'], ['xay:1', 'e']], 60);
      await cache.delete('ent:1');
      expect(await cache.get('ent:1')).toBeUndefined();
      expect(await cache.deleteByPrefix('ent:')).toBe(1);
      expect(await cache.deleteByPrefix('x*y:')).toBe(1);
      expect(await cache.getMany(['ent:2', 'risk:1', 'x*y:1', 'xay:1'])).toEqual([undefined, 'c', undefined, 'e']);
    });

    it('cachedBatch loads only the misses, once each, and does not cache nulls', async () => {
      const loads: string[][] = [];
      const load = async (missing: string[]) => {
        loads.push(missing);
        return missing.map((key) => (key === 'none' ? null : { key, n: key.length }));
      };
      const first = await cachedBatch(cache, ['aa', 'b', 'aa', 'none'], (k) => `cb:${k}`, load, 60);
      expect(first).toEqual([{ key: 'aa', n: 2 }, { key: 'b', n: 1 }, { key: 'aa', n: 2 }, null]);
      expect(loads).toEqual([['aa', 'b', 'none']]);
      const second = await cachedBatch(cache, ['b', 'ccc', 'none'], (k) => `cb:${k}`, load, 60);
      expect(second).toEqual([{ key: 'b', n: 1 }, { key: 'ccc', n: 3 }, null]);
      expect(loads[1]).toEqual(['ccc', 'none']);
      const third = await cachedBatch(cache, ['aa', 'b', 'ccc'], (k) => `cb:${k}`, load, 60);
      expect(third.map((value) => value?.key)).toEqual(['aa', 'b', 'ccc']);
      expect(loads).toHaveLength(2);
    });

    it('cachedBatch refuses a loader that answers the wrong number of values', async () => {
      await expect(cachedBatch(cache, ['p', 'q'], (k) => k, async () => [1], 60)).rejects.toThrow(/1 values for 2 keys/);
    });
  });
}

behaves('MemoryCache', () => new MemoryCache({ maxEntries: 1000 }));
describe.runIf(REDIS_URL)('with Redis', () => {
  behaves('RedisCache', () => new RedisCache({ url: REDIS_URL!, prefix: RUN_PREFIX }));

  it('keeps caches with different prefixes apart', async () => {
    const one = new RedisCache({ url: REDIS_URL!, prefix: `${RUN_PREFIX}one:` });
    const two = new RedisCache({ url: REDIS_URL!, prefix: `${RUN_PREFIX}two:` });
    try {
      await one.set('k', 'from-one', 60);
      expect(await two.get('k')).toBeUndefined();
      expect(await two.deleteByPrefix('')).toBe(0);
      expect(await one.get('k')).toBe('from-one');
    } finally {
      await one.deleteByPrefix('');
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe('MemoryCache bounds', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = new MemoryCache({ maxEntries: 3 });
    await cache.setMany([['a', '1'], ['b', '2'], ['c', '3']], 60);
    await cache.get('a');
    await cache.set('d', '4', 60);
    expect(cache.size).toBe(3);
    expect(await cache.getMany(['a', 'b', 'c', 'd'])).toEqual(['1', undefined, '3', '4']);
  });

  it('rejects a bound that is not a positive integer', () => {
    expect(() => new MemoryCache({ maxEntries: 0 })).toThrow(/maxEntries/);
  });
});

describe('createCache', () => {
  it('uses the in-process LRU without REDIS_URL and Redis with it', async () => {
    const memory = createCache({ maxEntries: 10 });
    expect(memory).toBeInstanceOf(MemoryCache);
    const redis = createCache({ redisUrl: 'redis://127.0.0.1:1', prefix: RUN_PREFIX });
    expect(redis).toBeInstanceOf(RedisCache);
    expect((redis as RedisCache).prefix).toBe(RUN_PREFIX);
    await Promise.all([memory.close(), redis.close()]);
  });
});

describe('an unreachable Redis', () => {
  it('degrades cachedBatch to loading everything and counts the errors', async () => {
    const cache = new RedisCache({ url: 'redis://127.0.0.1:1', prefix: RUN_PREFIX, commandTimeoutMs: 200 });
    try {
      const errors: unknown[] = [];
      const values = await cachedBatch(cache, ['a', 'b'], (k) => k, async (missing) => missing.map((k) => k.toUpperCase()), 60, {
        onCacheError: (error) => errors.push(error),
      });
      expect(values).toEqual(['A', 'B']);
      expect(errors).toHaveLength(2);
      expect(cache.stats().errors).toBe(2);
    } finally {
      await cache.close();
    }
  });
});
