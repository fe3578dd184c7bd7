// The gateway: Apollo Server over @apollo/gateway, from the committed supergraph (or, as a
// development option, composed by introspecting the running subgraphs).
// Must come first: turns vendor telemetry off before @apollo/gateway loads.
import '../lib/no-egress';
import { fileURLToPath } from 'node:url';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { QueryLimits } from '../config/env';
import { SUBGRAPH_SERVICES, type SubgraphName } from '../config/services';
import { startGraphQLServer, sendJson, type RunningService } from '../lib/graphql-http';
import { authenticate, type OidcConfig } from '../lib/auth';
import { noVendorPlugins } from '../lib/no-egress';
import { metricsPlugin } from '../lib/plugins/metrics';
import { errorExposurePlugin } from '../lib/plugins/error-exposure';
import { consolePage } from './console/route';
import { dashboardRoutes } from './dashboard/routes';
import { exportRoutes } from './exports';
import { checkRoutes } from './check/route';
import { operationNamePlugin } from './plugins/operation-name';
import { queryLimits } from './plugins/query-limits';
import { createRateLimit, type RateLimitOptions } from './plugins/rate-limit';
import { installApolloSpeedups } from './apollo-internals';
import type { EntityCache } from './entity-cache';
import { SubgraphSource, type GatewayContext } from './subgraph-source';
import { supergraphFromFile, type ReloadOutcome } from './supergraph-file';

export const SUPERGRAPH_PATH = new URL('../schema/supergraph.graphql', import.meta.url);

export interface GatewayOptions {
  port?: number;
  /** HOST: the address to listen on (default 127.0.0.1). */
  host?: string;
  /** The supergraph file served and watched (default schema/supergraph.graphql). */
  supergraphPath?: string;
  /** Told of every reload of the supergraph file: loaded, or refused and why. */
  onSupergraphReload?(outcome: ReloadOutcome): void;
  /** Serve /metrics (default true). */
  metrics?: boolean;
  /** Where each subgraph listens (the supergraph's own URLs are only defaults). */
  subgraphUrls: Record<SubgraphName, string>;
  jwtSecret: string;
  /** The OpenID Connect provider whose access tokens are accepted too. */
  oidc?: OidcConfig;
  /** NODE_ENV=production (default: read from the environment): no query console, no development sign-in. */
  production?: boolean;
  subgraphTimeoutMs: number;
  /** Most calls to one subgraph at once (default 64). */
  subgraphConnections?: number;
  /** Circuit breaker of each subgraph (default 5 failures, 5000 ms). */
  subgraphBreaker?: { failures: number; coolDownMs: number };
  /** Merge identical subgraph queries in flight (default true). */
  dedupeInflight?: boolean;
  /** Send the queries of one plan step to the same subgraph in one HTTP request (default true). */
  batchSubgraphCalls?: boolean;
  /** Answers of entity fetches kept across requests (gateway/entity-cache/); absent: none. */
  entityCache?: EntityCache;
  /** The joint office reads the units through the graph before it answers, so it gets longer. */
  officeTimeoutMs: number;
  /** Compose by introspecting the subgraphs instead of reading schema/supergraph.graphql. */
  introspect?: boolean;
  /** The version of all views (shared cache): the dashboard keeps whole answers while it holds. */
  viewsVersion?: () => Promise<string | undefined>;
  /** GRAPHQL_DEV: stack traces, introspection and suggestions for every caller. */
  graphqlDev?: boolean;
  maxBodyBytes?: number;
  queryLimits: QueryLimits;
  rateLimit: RateLimitOptions;
  /**
   * false: no query limits, rate limit, operation-name check, error exposure or metrics plugins.
   * Only `npm run bench:plugins` sets it, to measure what they cost; never a configuration key.
   */
  plugins?: boolean;
}

export async function startGateway(options: GatewayOptions): Promise<RunningService> {
  installApolloSpeedups();
  const sources: SubgraphSource[] = [];
  const gateway = new ApolloGateway({
    ...(options.introspect
      ? { supergraphSdl: new IntrospectAndCompose({ subgraphs: SUBGRAPH_SERVICES.map(({ name }) => ({ name, url: options.subgraphUrls[name] })) }) }
      : { supergraphSdl: supergraphFromFile(options.supergraphPath ?? fileURLToPath(SUPERGRAPH_PATH), options.onSupergraphReload) }),
    buildService: ({ name }) => {
      const source = new SubgraphSource({
        name,
        url: options.subgraphUrls[name as SubgraphName],
        timeoutMs: name === 'joint-office' ? options.officeTimeoutMs : options.subgraphTimeoutMs,
        connections: options.subgraphConnections ?? 64,
        breaker: options.subgraphBreaker ?? { failures: 5, coolDownMs: 5000 },
        dedupeInflight: options.dedupeInflight ?? true,
        batch: options.batchSubgraphCalls ?? true,
        entityCache: options.entityCache,
      });
      sources.push(source);
      return source;
    },
  });
  // The process that starts the servers owns the signals and closes everything in order.
  const bare = options.plugins === false;
  const limits = bare ? { validationRules: [], parseOptions: {}, plugins: [] } : queryLimits<GatewayContext>(options.queryLimits);
  const rateLimit = createRateLimit(bare ? { ...options.rateLimit, requests: 0 } : options.rateLimit);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Introspection is refused per role by errorExposurePlugin, so the server allows it.
    introspection: true,
    includeStacktraceInErrorResponses: options.graphqlDev === true,
    allowBatchedHttpRequests: false,
    stopOnTerminationSignals: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ...noVendorPlugins<GatewayContext>(),
      // Apollo installs it by itself, to listen to every request for nothing: the gateway is no subgraph.
      ApolloServerPluginInlineTraceDisabled(),
      ...limits.plugins,
      ...(bare
        ? []
        : [
            operationNamePlugin<GatewayContext>(),
            metricsPlugin<GatewayContext>('gateway'),
            errorExposurePlugin<GatewayContext>({ graphqlDev: options.graphqlDev === true, roleOf: (context) => context.caller.role }),
          ]),
    ],
  });
  let ready = false;
  const production = options.production ?? process.env.NODE_ENV === 'production';

  const service = await startGraphQLServer<GatewayContext>({
    name: 'gateway',
    apollo,
    port: options.port,
    host: options.host,
    metrics: options.metrics,
    maxBodyBytes: options.maxBodyBytes,
    // The gateway hands the request id on itself (the context): no store kept for it.
    requestIdInAsyncContext: false,
    context: async (headers, request, requestId) => {
      const caller = await authenticate(headers, options.jwtSecret, options.oidc);
      // Counted in memory: no promise to wait for; counted in Redis: its answer.
      const counted = rateLimit.consume(caller, request);
      if (counted) await counted;
      return { caller, requestId };
    },
    onClose: async () => {
      await rateLimit.close();
      await Promise.all(sources.map((source) => source.close()));
    },
    // A local query console (no CDN); none in production.
    landingPage: production ? undefined : consolePage(),
    routes: {
      ...exportRoutes({ jwtSecret: options.jwtSecret, oidc: options.oidc, graphUrl: (): string => service.url }),
      ...dashboardRoutes({ jwtSecret: options.jwtSecret, oidc: options.oidc, graphUrl: (): string => service.url, viewsVersion: options.viewsVersion, production }),
      ...checkRoutes({ graphUrl: (): string => service.url }),
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/readyz': async (_req, res) => {
        const subgraphs = await probeSubgraphs(options.subgraphUrls);
        // Ready when the schema is loaded; a subgraph that is down only degrades its own fields.
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'starting', subgraphs });
      },
    },
  });
  ready = true;
  return service;
}

async function probeSubgraphs(urls: Record<SubgraphName, string>): Promise<Record<string, 'up' | 'down'>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(1000) });
        return [name, response.ok ? 'up' : 'down'] as const;
      } catch {
        return [name, 'down'] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}
