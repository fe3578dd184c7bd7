// Starts one component alone, configured by the environment (see config/env.ts and
// config/services.ts for the variables):
//   npm run component -- platform provincial|ecology|emergency|fire|credit
//   npm run component -- platforms        (every platform in one process, one dataset)
//   npm run component -- subgraph credit|joint-office|provincial|ecology|emergency|fire
//   npm run component -- gateway
import { readConfig } from '../config/env';
import { GATEWAY_PORT, PLATFORM_SERVICES, SUBGRAPH_SERVICES } from '../config/services';
import { createCache } from '../lib/cache';
import { exitOnStartFailure } from '../lib/listen';
import { startTracing, stopTracing } from '../lib/tracing';
import { datasetFor } from '../platforms/data/generate';
import { defaultAddresses, startGatewayService, startPlatformService, startSubgraphService } from '../system/components';

const [kind, name] = process.argv.slice(2);
const config = readConfig();
const addresses = defaultAddresses();
const port = (fallback: number) => (process.env.PORT ? Number(process.env.PORT) : fallback);
// Each process reports as its component unless OTEL_SERVICE_NAME says otherwise.
if (config.tracing) {
  startTracing({ ...config.tracing, serviceName: process.env.OTEL_SERVICE_NAME || ['ssj', kind, name].filter(Boolean).join('-') });
  // Spans still buffered reach the collector before the process ends.
  process.once('SIGTERM', () => void stopTracing().finally(() => process.exit(0)));
}

try {
  await startComponent();
} catch (error) {
  exitOnStartFailure(error);
}

async function startComponent(): Promise<void> {
  if (kind === 'platform') {
    const entry = PLATFORM_SERVICES.find((s) => s.name === name);
    if (!entry) throw new Error(`Unknown platform "${name}"; one of ${PLATFORM_SERVICES.map((s) => s.name).join(', ')}`);
    const running = await startPlatformService(entry.name, datasetFor(config.dataScale, config.dataSeed), config, port(entry.port));
    console.log(`Platform ${name} at ${running.url}`);
  } else if (kind === 'platforms') {
    const dataset = datasetFor(config.dataScale, config.dataSeed);
    for (const entry of PLATFORM_SERVICES) {
      const running = await startPlatformService(entry.name, dataset, config, Number(new URL(addresses.platforms[entry.name]).port));
      console.log(`Platform ${entry.name} at ${running.url}`);
    }
  } else if (kind === 'subgraph') {
    const entry = SUBGRAPH_SERVICES.find((s) => s.name === name);
    if (!entry) throw new Error(`Unknown subgraph "${name}"; one of ${SUBGRAPH_SERVICES.map((s) => s.name).join(', ')}`);
    const cache = createCache({ redisUrl: config.redisUrl, prefix: config.cachePrefix });
    const deps = { config, platformUrls: addresses.platforms, cache, cacheShared: config.redisUrl !== undefined, gatewayUrl: () => addresses.gateway, log: console.log };
    const running = await startSubgraphService(entry.name, deps, port(entry.port));
    console.log(`Subgraph ${name} at ${running.url}`);
  } else if (kind === 'gateway') {
    // Answers are kept only when the subgraphs' changes reach the gateway through Redis.
    const shared = config.redisUrl ? createCache({ redisUrl: config.redisUrl, prefix: config.cachePrefix }) : undefined;
    const running = await startGatewayService(config, addresses.subgraphs, port(GATEWAY_PORT), shared);
    console.log(`Gateway at ${running.url}`);
  } else {
    console.error('Usage: npm run component -- platform <name> | platforms | subgraph <name> | gateway');
    process.exit(2);
  }
}
