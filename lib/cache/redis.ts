// Redis-backed cache, shared by every process pointing at the same server. Keys are namespaced
// by a prefix we add ourselves (not ioredis' keyPrefix, which SCAN does not honour), reads of
// many keys use one MGET and writes of many use one pipeline.
import { Redis } from 'ioredis';
import { assertTtl, StatsCounter, type Cache, type CacheStats } from './types';

export interface RedisCacheOptions {
  /** redis://host:port/db */
  url: string;
  /** Namespace put before every key, e.g. `ssj:`. */
  prefix?: string;
  /** Upper bound for one Redis command, in milliseconds; a slow cache must not stall queries. */
  commandTimeoutMs?: number;
}

export const DEFAULT_REDIS_PREFIX = 'ssj:';
const SCAN_PAGE = 500;

/** Escapes the glob characters of SCAN MATCH so a prefix is matched literally. */
function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}

export class RedisCache implements Cache {
  readonly prefix: string;
  private readonly redis: Redis;
  private readonly counter = new StatsCounter('redis');

  constructor(options: RedisCacheOptions) {
    this.prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
    this.redis = new Redis(options.url, {
      commandTimeout: options.commandTimeoutMs ?? 500,
      // Fail fast while Redis is away instead of queueing commands for ever.
      maxRetriesPerRequest: 1,
    });
    // Connection errors surface on the commands (counted there); without a listener ioredis
    // would print every reconnection attempt.
    this.redis.on('error', () => undefined);
  }

  /** Runs a command, counting its failure before passing it on. */
  private async guard<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      this.counter.error();
      throw error;
    }
  }

  async get(key: string): Promise<string | undefined> {
    const value = (await this.guard(() => this.redis.get(this.prefix + key))) ?? undefined;
    this.counter.record([value]);
    return value;
  }

  async getMany(keys: readonly string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const raw = await this.guard(() => this.redis.mget(keys.map((key) => this.prefix + key)));
    const values = raw.map((value) => value ?? undefined);
    this.counter.record(values);
    return values;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    await this.guard(() => this.redis.set(this.prefix + key, value, 'PX', Math.round(ttlSeconds * 1000)));
  }

  async setMany(entries: readonly (readonly [string, string])[], ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    if (entries.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [key, value] of entries) pipeline.set(this.prefix + key, value, 'PX', Math.round(ttlSeconds * 1000));
    await this.guard(async () => {
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error);
      if (failed) throw failed[0];
    });
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    const match = `${globLiteral(this.prefix + prefix)}*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', SCAN_PAGE);
      cursor = next;
      // UNLINK frees memory in the background; SCAN may repeat keys, so count what was removed.
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  }

  stats(): CacheStats {
    return this.counter.snapshot();
  }

  resetStats(): void {
    this.counter.reset();
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
