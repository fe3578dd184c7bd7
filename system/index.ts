// The whole system in one process: platforms, subgraphs and gateway, talking real HTTP over
// loopback. `npm start` uses fixed ports from config/services.ts; tests use free ports.
import type { SystemConfig } from '../config/env';
import { GATEWAY_PORT, PLATFORM_SERVICES, SUBGRAPH_SERVICES, type PlatformName, type SubgraphName } from '../config/services';
import { createCache, type Cache } from '../lib/cache';
import type { Clock } from '../lib/clock';
import { startTracing, stopTracing } from '../lib/tracing';
import type { RunningService } from '../lib/graphql-http';
import { datasetFor } from '../platforms/data/generate';
import type { Dataset } from '../platforms/data/model';
import type { Faults, RunningPlatform } from '../platforms/kit/server';
import type { RetryOptions } from '../subgraphs/joint-office/plans/retry-worker';
import type { OfficeStore } from '../subgraphs/joint-office/store';
import type { RunningDepartmentSubgraph } from '../subgraphs/kit/department-service';
import type { RunningOffice } from '../subgraphs/joint-office';
import { startGatewayService, startPlatformService, startSubgraphService } from './components';

export interface RunningSystem {
  dataset: Dataset;
  platforms: Record<PlatformName, RunningPlatform>;
  subgraphs: Record<SubgraphName, RunningService>;
  gateway: RunningService;
  cache: Cache;
  /** Resolves once every unit's view is built (tests and benchmarks wait for it; npm start does not). */
  viewsReady(timeoutMs?: number): Promise<void>;
  /** Every view and the office's visit index read their feeds now (tests, operators), instead of at the interval. */
  syncNow(): Promise<void>;
  /**
   * Restarts the readers as a restart of their processes would: the units' views are built
   * again from the start of the feeds, the office's index resumes from the cursors in its store.
   */
  restartReaders(): Promise<void>;
  close(): Promise<void>;
}

export interface StartSystemOptions {
  config: SystemConfig;
  /** Fixed ports from config/services.ts (npm start) or free ones (tests). */
  fixedPorts: boolean;
  dataset?: Dataset;
  /** The joint office's store (the caller closes it); default: opened from the configuration. */
  officeStore?: OfficeStore;
  /** Dispatch retry timing of the joint office. */
  dispatchRetry?: Partial<RetryOptions>;
  /** Progress of background work (the views' first build); absent: quiet. */
  log?(message: string): void;
  /** Faults of platform stand-ins from their start, before any subgraph reads them (tests). */
  platformFaults?: Partial<Record<PlatformName, Partial<Faults>>>;
  /** false: every server without its hardening and metrics plugins (`npm run bench:plugins` only). */
  plugins?: boolean;
  /** The joint office's clock (tests pin and move it); default from OFFICE_TODAY, else the real day. */
  clock?: Clock;
}

export async function startSystem(options: StartSystemOptions): Promise<RunningSystem> {
  const { config, fixedPorts } = options;
  if (config.tracing) startTracing(config.tracing);
  const dataset = options.dataset ?? datasetFor(config.dataScale, config.dataSeed);
  const platformList = await Promise.all(
    PLATFORM_SERVICES.map((s) => startPlatformService(s.name, dataset, config, fixedPorts ? s.port : 0)),
  );
  const platforms = Object.fromEntries(PLATFORM_SERVICES.map((s, i) => [s.name, platformList[i]])) as Record<PlatformName, RunningPlatform>;
  for (const [name, faults] of Object.entries(options.platformFaults ?? {})) platforms[name as PlatformName].setFaults(faults);
  const platformUrls = Object.fromEntries(PLATFORM_SERVICES.map((s) => [s.name, platforms[s.name].url])) as Record<PlatformName, string>;

  const cache = createCache({ redisUrl: config.redisUrl, prefix: config.cachePrefix });
  let gatewayUrl = '';
  const deps = { config, platformUrls, cache, gatewayUrl: () => gatewayUrl, cacheShared: true, deferBackground: true, plugins: options.plugins, officeStore: options.officeStore, dispatchRetry: options.dispatchRetry, log: options.log, clock: options.clock };
  const subgraphList = await Promise.all(SUBGRAPH_SERVICES.map((s) => startSubgraphService(s.name, deps, fixedPorts ? s.port : 0)));
  const subgraphs = Object.fromEntries(SUBGRAPH_SERVICES.map((s, i) => [s.name, subgraphList[i]])) as Record<SubgraphName, RunningService>;
  const subgraphUrls = Object.fromEntries(SUBGRAPH_SERVICES.map((s) => [s.name, subgraphs[s.name].url])) as Record<SubgraphName, string>;

  const gateway = await startGatewayService(config, subgraphUrls, fixedPorts ? GATEWAY_PORT : 0, cache, options.plugins);
  gatewayUrl = gateway.url;
  // Everything listens: now the views are built in the background (one event loop serves all,
  // so building them earlier would only slow the start).
  for (const subgraph of subgraphList) (subgraph as RunningDepartmentSubgraph).views?.start();
  await (subgraphs['joint-office'] as RunningOffice).visits.start();
  return {
    dataset,
    platforms,
    subgraphs,
    gateway,
    cache,
    viewsReady: async (timeoutMs) => {
      await Promise.all(subgraphList.map((subgraph) => (subgraph as RunningDepartmentSubgraph).views?.whenReady(timeoutMs)));
      await (subgraphs['joint-office'] as RunningOffice).visits?.sync.whenReady(timeoutMs);
    },
    syncNow: async () => {
      await Promise.all(subgraphList.map((subgraph) => (subgraph as RunningDepartmentSubgraph).views?.refreshAll()));
      const office = (subgraphs['joint-office'] as RunningOffice).visits;
      await office?.sync.refresh(office.index.unitCodes);
    },
    restartReaders: async () => {
      await Promise.all(subgraphList.map((subgraph) => (subgraph as RunningDepartmentSubgraph).views?.rebuild()));
      await (subgraphs['joint-office'] as RunningOffice).visits?.restart();
    },
    close: async () => {
      await gateway.close();
      await Promise.all(subgraphList.map((s) => s.close()));
      await Promise.all(platformList.map((p) => p.close()));
      await cache.close();
      await stopTracing();
    },
  };
}
