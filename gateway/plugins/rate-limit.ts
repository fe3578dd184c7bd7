// Requests per caller (the token's subject, else the client's address) at the gateway, in fixed
// windows: counted in Redis when REDIS_URL is set (rate-limiter-flexible), so every gateway
// replica shares one budget per caller, in memory otherwise. Above the budget: HTTP 429
// RATE_LIMITED with Retry-After. Should Redis fail, an in-memory limiter stands in (no caller is
// refused for it).
// Every request is counted, so the in-memory count is a plain synchronous counter: the library's
// in-memory limiter makes a promise and two result objects per request.
import type { IncomingMessage } from 'node:http';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Caller } from '../../lib/auth';
import { HttpError } from '../../lib/graphql-http';

export interface RateLimitOptions {
  /** Requests a caller may send per window; 0 turns the limit off. */
  requests: number;
  windowSeconds: number;
  redisUrl?: string;
  /** Namespace of the counters in Redis (the deployment's cache prefix). */
  keyPrefix: string;
}

export interface RateLimit {
  /** Counts one request of the caller; throws (or, counted in Redis, rejects with) HttpError 429 above the budget. */
  consume(caller: Caller, request: IncomingMessage): void | Promise<void>;
  close(): Promise<void>;
}

export function callerKey(caller: Caller, request: IncomingMessage): string {
  return caller.subject ? `sub:${caller.subject}` : `ip:${request.socket.remoteAddress ?? 'unknown'}`;
}

function refusal(msBeforeNext: number): HttpError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new HttpError(429, 'RATE_LIMITED', `请求过于频繁，请 ${seconds} 秒后重试 (too many requests: retry after ${seconds} s)`, { 'retry-after': String(seconds) });
}

/** Fixed windows per key, as rate-limiter-flexible's in-memory limiter counts them: a window starts at a key's first request. */
export class MemoryWindows {
  private readonly windows = new Map<string, { used: number; endsAt: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly points: number,
    private readonly windowMs: number,
  ) {
    // Windows of callers that stopped asking are dropped, so the map holds about one window's callers.
    this.sweeper = setInterval(() => this.sweep(), windowMs).unref();
  }

  /** Counts one request of `key`: 0 within the budget, else the milliseconds until its window ends. */
  take(key: string, now = Date.now()): number {
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { used: 0, endsAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.used++;
    return window.used > this.points ? window.endsAt - now : 0;
  }

  private sweep(now = Date.now()): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}

export function createRateLimit(options: RateLimitOptions): RateLimit {
  if (options.requests === 0) return { consume: () => undefined, close: async () => {} };
  if (!options.redisUrl) {
    const windows = new MemoryWindows(options.requests, options.windowSeconds * 1000);
    return {
      consume(caller, request) {
        const wait = windows.take(callerKey(caller, request));
        if (wait > 0) throw refusal(wait);
      },
      async close() {
        windows.close();
      },
    };
  }
  const settings = { points: options.requests, duration: options.windowSeconds, keyPrefix: `${options.keyPrefix}ratelimit` };
  const redis = new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
  const limiter = new RateLimiterRedis({ ...settings, storeClient: redis, insuranceLimiter: new RateLimiterMemory(settings) });
  redis.on('error', () => {}); // the insurance limiter covers an outage; ioredis reconnects
  return {
    async consume(caller, request) {
      try {
        await limiter.consume(callerKey(caller, request));
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        throw refusal(error.msBeforeNext);
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
