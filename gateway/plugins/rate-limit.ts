// Requests per caller (the token's subject, else the client's address) at the gateway, with
// rate-limiter-flexible: counted in Redis when REDIS_URL is set, so every gateway replica shares
// one budget per caller, in memory otherwise. Above the budget: HTTP 429 RATE_LIMITED with
// Retry-After. Should Redis fail, an in-memory limiter stands in (no caller is refused for it).
import type { IncomingMessage } from 'node:http';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
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
  /** Counts one request of the caller; throws HttpError 429 above the budget. */
  consume(caller: Caller, request: IncomingMessage): Promise<void>;
  close(): Promise<void>;
}

export function callerKey(caller: Caller, request: IncomingMessage): string {
  return caller.subject ? `sub:${caller.subject}` : `ip:${request.socket.remoteAddress ?? 'unknown'}`;
}

export function createRateLimit(options: RateLimitOptions): RateLimit {
  if (options.requests === 0) return { consume: async () => {}, close: async () => {} };
  const settings = { points: options.requests, duration: options.windowSeconds, keyPrefix: `${options.keyPrefix}ratelimit` };
  const redis = options.redisUrl ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({ ...settings, storeClient: redis, insuranceLimiter: new RateLimiterMemory(settings) })
    : new RateLimiterMemory(settings);
  redis?.on('error', () => {}); // the insurance limiter covers an outage; ioredis reconnects
  return {
    async consume(caller, request) {
      try {
        await limiter.consume(callerKey(caller, request));
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        throw new HttpError(429, 'RATE_LIMITED', `请求过于频繁，请 ${seconds} 秒后重试 (too many requests: retry after ${seconds} s)`, { 'retry-after': String(seconds) });
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
