// Serves the credit subgraph over HTTP: one schema for the process, a fresh set of DataLoaders
// per request, the shared cache in front of the credit information system.
import { SUBGRAPH_SERVICES, PLATFORM_SERVICES, serviceUrl } from '../../config/services';
import { createCache, type Cache } from '../../lib/cache';
import { serveSubgraph, type RunningService } from '../kit/serve';
import { CreditPlatformClient } from './client';
import type { CreditContext } from './context';
import { CreditLoaders, DEFAULT_CREDIT_TTL_SECONDS } from './loaders';
import { buildCreditSchema } from './schema';

export interface CreditSubgraphOptions {
  /** 0 picks a free port; defaults to 0. */
  port?: number;
  /** Base URL of the credit information system, e.g. http://127.0.0.1:4105. */
  platformUrl: string;
  /** Upper bound of one platform call, in milliseconds (default 2000). */
  timeoutMs?: number;
  cache: Cache;
  /** How long registry entries and risk histories stay cached (default 300 s). */
  cacheTtlSeconds?: number;
}

export const DEFAULT_PLATFORM_TIMEOUT_MS = 2000;

export function startCreditSubgraph(options: CreditSubgraphOptions): Promise<RunningService> {
  const client = new CreditPlatformClient({ baseUrl: options.platformUrl, timeoutMs: options.timeoutMs ?? DEFAULT_PLATFORM_TIMEOUT_MS });
  const { cache } = options;
  return serveSubgraph<CreditContext>({
    name: 'credit',
    schema: buildCreditSchema(),
    port: options.port ?? 0,
    context: (role) => ({ role, cache, loaders: new CreditLoaders({ client, cache, ttlSeconds: options.cacheTtlSeconds }) }),
  });
}

function positiveNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!(value > 0)) throw new Error(`${name} must be a positive number, got "${text}"`);
  return value;
}

function portNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, got "${text}"`);
  return value;
}

/**
 * Environment keys: CREDIT_PLATFORM_URL (default from config/services.ts), PORT (default the
 * credit subgraph's port), PLATFORM_TIMEOUT_MS, CREDIT_CACHE_TTL_SECONDS, and REDIS_URL /
 * CACHE_PREFIX / CACHE_MAX_ENTRIES for the cache (see lib/cache).
 */
async function main(env: NodeJS.ProcessEnv): Promise<void> {
  const platform = PLATFORM_SERVICES.find((service) => service.name === 'credit')!;
  const self = SUBGRAPH_SERVICES.find((service) => service.name === 'credit')!;
  const cache = createCache(env);
  const running = await startCreditSubgraph({
    port: portNumber(env, 'PORT') ?? self.port,
    platformUrl: serviceUrl(platform, env),
    timeoutMs: positiveNumber(env, 'PLATFORM_TIMEOUT_MS'),
    cacheTtlSeconds: positiveNumber(env, 'CREDIT_CACHE_TTL_SECONDS') ?? DEFAULT_CREDIT_TTL_SECONDS,
    cache,
  });
  console.log(`credit subgraph at ${running.url} (platform ${serviceUrl(platform, env)}, cache ${env.REDIS_URL ? 'redis' : 'memory'})`);
  const stop = async () => {
    await running.close();
    await cache.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.env).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
