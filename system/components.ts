// Starts any one component of the system. `startSystem` starts them all in one process;
// scripts/component.ts starts one alone, for deployments where each runs apart.
import type { SystemConfig } from '../config/env';
import { PLATFORM_IDS, type PlatformId } from '../config/units';
import { GATEWAY_PORT, PLATFORM_SERVICES, SUBGRAPH_SERVICES, serviceUrl, type PlatformName, type SubgraphName } from '../config/services';
import { startGateway } from '../gateway/gateway';
import { MemoryCache, type Cache } from '../lib/cache';
import { clockFor, type Clock } from '../lib/clock';
import { EntityCache } from '../gateway/entity-cache';
import { unitDataVersions, viewsVersion } from '../subgraphs/kit/statistics/cache';
import type { RunningService } from '../lib/graphql-http';
import type { Dataset } from '../platforms/data/model';
import { startPlatform, type RunningPlatform } from '../platforms/kit/server';
import { startCreditSubgraph } from '../subgraphs/credit';
import { CreditPlatformClient } from '../subgraphs/credit/client';
import { startOfficeSubgraph } from '../subgraphs/joint-office';
import { GraphClient } from '../subgraphs/joint-office/graph-client';
import type { RetryOptions } from '../subgraphs/joint-office/plans/retry-worker';
import { openOfficeStore, type OfficeStore } from '../subgraphs/joint-office/store';
import { startDepartmentSubgraph } from '../subgraphs/kit/department-service';
import type { ServerSettings } from '../subgraphs/kit/serve';
import { DEPARTMENT_CLIENTS } from './departments';
import { PLATFORM_BUILDERS } from './platforms';

/** Where each service is: a URL map, from config/services.ts defaults or the environment. */
export type Addresses = {
  platforms: Record<PlatformName, string>;
  subgraphs: Record<SubgraphName, string>;
  /** GATEWAY_URL, for the joint office's reads through the graph. */
  gateway: string;
};

export function defaultAddresses(env: NodeJS.ProcessEnv = process.env): Addresses {
  const platforms = Object.fromEntries(PLATFORM_SERVICES.map((s) => [s.name, serviceUrl(s, env)])) as Record<PlatformName, string>;
  const subgraphs = Object.fromEntries(SUBGRAPH_SERVICES.map((s) => [s.name, `${serviceUrl(s, env)}/graphql`])) as Record<SubgraphName, string>;
  return { platforms, subgraphs, gateway: env.GATEWAY_URL ?? `http://127.0.0.1:${GATEWAY_PORT}/graphql` };
}

export function startPlatformService(name: PlatformName, dataset: Dataset, config: SystemConfig, port?: number): Promise<RunningPlatform> {
  return startPlatform(PLATFORM_BUILDERS[name](dataset, config), { port, host: config.host });
}

export interface SubgraphDeps {
  config: SystemConfig;
  platformUrls: Record<PlatformName, string>;
  cache: Cache;
  /**
   * Whether `cache` is shared with the other components (one process, or Redis). Values derived
   * from other components' data are kept only then: a process-local cache never hears of their
   * changes.
   */
  cacheShared: boolean;
  /** The gateway's /graphql URL, for the joint office's reads through the graph. */
  gatewayUrl: () => string;
  /** The joint office's store; when absent the office opens its own (DATABASE_URL or OFFICE_DATA_DIR) and closes it. */
  officeStore?: OfficeStore;
  /** Dispatch retry timing; default from DISPATCH_RETRY_* variables. */
  dispatchRetry?: Partial<RetryOptions>;
  /** Progress and failures of background work (views, feeds); absent: quiet (tests). */
  log?(message: string): void;
  /** The caller starts the background work (views, visit index) once every component listens. */
  deferBackground?: boolean;
  /** false: servers without their hardening and metrics plugins (`npm run bench:plugins` only). */
  plugins?: boolean;
  /** The joint office's clock (tests set it); default from OFFICE_TODAY, else the real day. */
  clock?: Clock;
}

/** `plugins: false` only from `npm run bench:plugins` (see ServerSettings). */
const serverSettings = (config: SystemConfig, plugins = true): ServerSettings => ({ graphqlDev: config.graphqlDev, maxBodyBytes: config.maxBodyBytes, host: config.host, metrics: config.metrics, plugins });

export function startSubgraphService(name: SubgraphName, deps: SubgraphDeps, port?: number): Promise<RunningService> {
  const { config, platformUrls } = deps;
  if (name === 'credit') {
    return startCreditSubgraph({ port, platformUrl: platformUrls.credit, timeoutMs: config.platformTimeoutMs, cache: deps.cache, cacheTtlSeconds: config.creditCacheTtlSeconds, jwtSecret: config.jwtSecret, server: serverSettings(config, deps.plugins), oidc: config.oidc });
  }
  if (name === 'joint-office') {
    const graph = new GraphClient({ url: deps.gatewayUrl, jwtSecret: config.jwtSecret, timeoutMs: config.officeTimeoutMs });
    return startJointOffice(deps, graph, port);
  }
  const platform = name as PlatformId;
  if (!PLATFORM_IDS.includes(platform)) throw new Error(`Unknown subgraph ${name}`);
  const credit = new CreditPlatformClient({ baseUrl: platformUrls.credit, timeoutMs: config.platformTimeoutMs });
  const feeds = {
    client: DEPARTMENT_CLIENTS[platform](platformUrls[platform], { ...config, platformTimeoutMs: config.feedTimeoutMs }),
    credit: new CreditPlatformClient({ baseUrl: platformUrls.credit, timeoutMs: config.feedTimeoutMs }),
  };
  return startDepartmentSubgraph({
    platform,
    client: DEPARTMENT_CLIENTS[platform](platformUrls[platform], config),
    feeds,
    port,
    credit,
    cache: deps.cache,
    jwtSecret: config.jwtSecret,
    server: serverSettings(config, deps.plugins),
    oidc: config.oidc,
    syncIntervalMs: config.syncIntervalMs,
    log: deps.log,
    deferViews: deps.deferBackground,
  });
}

async function startJointOffice(deps: SubgraphDeps, graph: GraphClient, port?: number): Promise<RunningService> {
  const { config } = deps;
  const store = deps.officeStore ?? (await openOfficeStore({ databaseUrl: config.databaseUrl, dataDir: config.officeDataDir }));
  const dispatchRetry = { ...config.dispatchRetry, ...deps.dispatchRetry };
  return startOfficeSubgraph({
    port,
    graph,
    jwtSecret: config.jwtSecret,
    server: serverSettings(config, deps.plugins),
    verifyDrawMaxBytes: config.verifyDrawMaxBytes,
    voice: { minGroupSize: config.ratingMinGroup, noticeWorkingDays: config.noticeWorkingDays },
    oidc: config.oidc,
    store,
    ownsStore: !deps.officeStore,
    dispatchRetry,
    cache: deps.cacheShared ? deps.cache : undefined,
    syncIntervalMs: config.syncIntervalMs,
    log: deps.log,
    deferVisits: deps.deferBackground,
    clock: deps.clock ?? clockFor(config.officeToday),
  });
}

/**
 * The gateway's entity cache: in the shared cache, with the units' data versions, when there is
 * one; otherwise in an LRU of the gateway's own, for entities bounded by time only.
 */
function entityCache(config: SystemConfig, sharedCache?: Cache): EntityCache | undefined {
  if (!config.entityCache.enabled) return undefined;
  return new EntityCache({
    cache: sharedCache ?? new MemoryCache(),
    ttlSeconds: config.entityCache.ttlSeconds,
    unitVersions: sharedCache && ((unitCodes) => unitDataVersions(sharedCache, unitCodes)),
  });
}

/** `sharedCache`: the cache the subgraphs share with the gateway (one process, or Redis); absent: none. */
export function startGatewayService(config: SystemConfig, subgraphUrls: Record<SubgraphName, string>, port?: number, sharedCache?: Cache, plugins = true): Promise<RunningService> {
  return startGateway({
    plugins,
    port,
    host: config.host,
    metrics: config.metrics,
    supergraphPath: config.supergraphPath,
    subgraphUrls,
    jwtSecret: config.jwtSecret,
    oidc: config.oidc,
    production: config.production,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    subgraphConnections: config.subgraphConnections,
    subgraphBreaker: config.subgraphBreaker,
    dedupeInflight: config.dedupeInflight,
    batchSubgraphCalls: config.batchSubgraphCalls,
    entityCache: entityCache(config, sharedCache),
    officeTimeoutMs: config.officeTimeoutMs,
    introspect: config.introspectSupergraph,
    graphqlDev: config.graphqlDev,
    maxBodyBytes: config.maxBodyBytes,
    queryLimits: config.queryLimits,
    rateLimit: { ...config.rateLimit, redisUrl: config.redisUrl, keyPrefix: config.cachePrefix },
    viewsVersion: sharedCache && (() => viewsVersion(sharedCache)),
  });
}
