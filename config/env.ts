// The one typed configuration of every process, read once at start-up. Each key names the
// environment variable that sets it; defaults are the embedded, laptop-friendly ones.
import type { OidcConfig } from '../lib/oidc';
import type { TracingConfig } from '../lib/tracing';
import type { Scale } from '../platforms/data/model';
import { isIsoDay } from '../lib/workdays';

export interface SystemConfig {
  /** DATA_SCALE: size of the synthetic data the platform stand-ins serve: test | default | city. */
  dataScale: Scale;
  /** DATA_SEED: seed of the synthetic data generator. */
  dataSeed: number;
  /** PLATFORM_TIMEOUT_MS: upper bound of one call from a subgraph to its agency platform. */
  platformTimeoutMs: number;
  /** FEED_TIMEOUT_MS: bound on one page of a platform's change feed read by the units' views (a bulk transfer, not an interactive call). */
  feedTimeoutMs: number;
  /** SUBGRAPH_TIMEOUT_MS: upper bound of one fetch from the gateway to a subgraph. */
  subgraphTimeoutMs: number;
  /** SUBGRAPH_CONNECTIONS: most calls from the gateway to one subgraph at once (its connection pool); more wait in line. */
  subgraphConnections: number;
  /** SUBGRAPH_BREAKER_FAILURES / _COOLDOWN_MS: failed calls in a row after which a subgraph is answered SUBGRAPH_UNAVAILABLE at once, and for how long (0 failures: never). */
  subgraphBreaker: { failures: number; coolDownMs: number };
  /** GATEWAY_DEDUPE_INFLIGHT=0: send every subgraph query even when an identical one (same body and token) is in flight. */
  dedupeInflight: boolean;
  /** GATEWAY_BATCH_SUBGRAPH_CALLS=0: one HTTP call per subgraph query, even for the queries one plan step sends to the same subgraph together. */
  batchSubgraphCalls: boolean;
  /**
   * GATEWAY_ENTITY_CACHE=0: no entity cache at the gateway. ENTITY_CACHE_TTL_SECONDS: how long a
   * kept entity lives at most (registry entities: how much older than the credit subgraph's they may be).
   */
  entityCache: { enabled: boolean; ttlSeconds: number };
  /**
   * OFFICE_TIMEOUT_MS: upper bound of one fetch from the gateway to the joint-office subgraph,
   * and of the office's own operations through the graph (a draw or the statistics of every
   * unit read the units' data first, so they take longer than a department's own fields).
   */
  officeTimeoutMs: number;
  /** DISPATCH_RETRY_INTERVAL_MS / _BASE_MS / _MAX_MS: how often the office retries units still waiting for dispatched tasks, first and longest backoff. */
  dispatchRetry: { intervalMs: number; baseDelayMs: number; maxDelayMs: number };
  /** SYNC_INTERVAL_MS: how often the units' views and the office's visit index read the platforms' change feeds (a write through the graph shows at once). */
  syncIntervalMs: number;
  /** REDIS_URL: Redis for the cache; unset means an in-process LRU. */
  redisUrl?: string;
  /** CACHE_PREFIX: namespace of this deployment's keys in Redis (several deployments, or test runs, can share one). */
  cachePrefix: string;
  /** CREDIT_CACHE_TTL_SECONDS: how long credit registry lookups stay cached. */
  creditCacheTtlSeconds: number;
  /** DATABASE_URL: PostgreSQL of the joint office; unset means embedded PostgreSQL (PGlite). */
  databaseUrl?: string;
  /** OFFICE_DATA_DIR: folder of the embedded PostgreSQL when DATABASE_URL is unset. */
  officeDataDir: string;
  /** Folder of the platform stand-ins' journals (their writes survive restarts). */
  platformDataDir: string;
  /** Smallest group of visit ratings the office sees figures of. */
  ratingMinGroup: number;
  /** Working days of advance notice of a plan that announces its visits, unless it says otherwise. */
  noticeWorkingDays: number;
  /**
   * OFFICE_TODAY (YYYY-MM-DD): the day the joint office takes as today for its date rules (a plan
   * whose period has ended, a merge into the past); unset: the real day in China. For
   * demonstrations on the 2025–26 sample data and tests; refused with NODE_ENV=production.
   */
  officeToday?: string;
  /** JWT_SECRET: HS256 key the gateway verifies callers' tokens with. */
  jwtSecret: string;
  /**
   * OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URI, OIDC_ROLE_CLAIM: an OpenID Connect provider whose
   * RS256/ES256 access tokens are accepted besides JWT_SECRET's; unset OIDC_ISSUER means none.
   * OIDC_CLIENT_ID, OIDC_SCOPE: the console's sign-in through it (authorization code + PKCE).
   */
  oidc?: OidcConfig;
  /** NODE_ENV=production: no development sign-in, query console or token field. */
  production: boolean;
  /** ECOLOGY_API_KEY: the key the ecology platform expects in X-Api-Key. */
  ecologyApiKey: string;
  /** SUPERGRAPH_INTROSPECT=1: compose from the running subgraphs instead of schema/supergraph.graphql (development only). */
  introspectSupergraph: boolean;
  /** GRAPHQL_DEV=1: development switch: stack traces in error responses, introspection and "Did you mean" suggestions for every caller. */
  graphqlDev: boolean;
  /** MAX_BODY_BYTES: largest request body any GraphQL server reads (HTTP 413 above). */
  maxBodyBytes: number;
  /** QUERY_MAX_DEPTH / _ALIASES / _DIRECTIVES / _TOKENS / _COST: GraphQL Armor's limits on one operation at the gateway. */
  queryLimits: QueryLimits;
  /** VERIFY_DRAW_MAX_BYTES: largest draw document the public verifyDraw re-checks (BAD_INPUT above). */
  verifyDrawMaxBytes: number;
  /** RATE_LIMIT_REQUESTS per RATE_LIMIT_WINDOW_SECONDS: requests one caller may send to the gateway (0 requests: no limit). */
  rateLimit: { requests: number; windowSeconds: number };
  /** HOST: the address every server listens on (0.0.0.0: every interface). */
  host: string;
  /** METRICS=0: no /metrics route on the servers (Prometheus metrics are served by default). */
  metrics: boolean;
  /** SUPERGRAPH_PATH: the supergraph file the gateway serves and reloads when it changes (or on SIGHUP). */
  supergraphPath?: string;
  /**
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (a full URL) or OTEL_EXPORTER_OTLP_ENDPOINT (a base URL,
   * /v1/traces appended), OTEL_SERVICE_NAME: export OpenTelemetry traces over OTLP/HTTP; unset: none.
   */
  tracing?: TracingConfig;
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
}

export const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789';

function integer(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const text = env[key];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${key} must be a non-negative integer, got "${text}"`);
  return value;
}

function oidc(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  if (!env.OIDC_ISSUER) return undefined;
  // Without an audience any token of the provider, for any application, would be a login here.
  if (!env.OIDC_AUDIENCE) throw new Error('OIDC_AUDIENCE is required when OIDC_ISSUER is set');
  const config: OidcConfig = { issuer: env.OIDC_ISSUER, audience: env.OIDC_AUDIENCE, jwksUri: env.OIDC_JWKS_URI || undefined, roleClaim: env.OIDC_ROLE_CLAIM || 'role' };
  if (env.OIDC_CLIENT_ID) config.console = { clientId: env.OIDC_CLIENT_ID, scope: env.OIDC_SCOPE || 'openid' };
  return config;
}

function officeToday(env: NodeJS.ProcessEnv): string | undefined {
  const text = env.OFFICE_TODAY;
  if (text === undefined || text === '') return undefined;
  if (!isIsoDay(text)) throw new Error(`OFFICE_TODAY must be a day as YYYY-MM-DD, got "${text}"`);
  // A pinned day would let the office skip the date rules unnoticed: never in production.
  if (env.NODE_ENV === 'production') throw new Error('OFFICE_TODAY is not allowed with NODE_ENV=production');
  return text;
}

function scale(text: string | undefined): Scale {
  if (text === undefined || text === '') return 'default';
  if (text === 'test' || text === 'default' || text === 'city') return text;
  throw new Error(`DATA_SCALE must be test, default or city, got "${text}"`);
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** LOG_LEVEL: pino level of every process's JSON log; default info, silent under vitest (tests). */
export function logLevel(env: NodeJS.ProcessEnv = process.env): string {
  const text = env.LOG_LEVEL;
  if (text === undefined || text === '') return env.VITEST ? 'silent' : 'info';
  if (!LOG_LEVELS.includes(text)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${text}"`);
  return text;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): SystemConfig {
  return {
    dataScale: scale(env.DATA_SCALE),
    dataSeed: integer(env, 'DATA_SEED', 20250101),
    platformTimeoutMs: integer(env, 'PLATFORM_TIMEOUT_MS', 2000),
    feedTimeoutMs: integer(env, 'FEED_TIMEOUT_MS', 30000),
    subgraphTimeoutMs: integer(env, 'SUBGRAPH_TIMEOUT_MS', 5000),
    officeTimeoutMs: integer(env, 'OFFICE_TIMEOUT_MS', 60000),
    subgraphConnections: Math.max(1, integer(env, 'SUBGRAPH_CONNECTIONS', 64)),
    subgraphBreaker: { failures: integer(env, 'SUBGRAPH_BREAKER_FAILURES', 5), coolDownMs: integer(env, 'SUBGRAPH_BREAKER_COOLDOWN_MS', 5000) },
    dedupeInflight: env.GATEWAY_DEDUPE_INFLIGHT !== '0',
    batchSubgraphCalls: env.GATEWAY_BATCH_SUBGRAPH_CALLS !== '0',
    entityCache: { enabled: env.GATEWAY_ENTITY_CACHE !== '0', ttlSeconds: Math.max(1, integer(env, 'ENTITY_CACHE_TTL_SECONDS', 60)) },
    dispatchRetry: {
      intervalMs: integer(env, 'DISPATCH_RETRY_INTERVAL_MS', 5000),
      baseDelayMs: integer(env, 'DISPATCH_RETRY_BASE_MS', 2000),
      maxDelayMs: integer(env, 'DISPATCH_RETRY_MAX_MS', 300000),
    },
    syncIntervalMs: Math.max(100, integer(env, 'SYNC_INTERVAL_MS', 10000)),
    redisUrl: env.REDIS_URL || undefined,
    cachePrefix: env.CACHE_PREFIX || 'ssj:',
    creditCacheTtlSeconds: integer(env, 'CREDIT_CACHE_TTL_SECONDS', 600),
    databaseUrl: env.DATABASE_URL || undefined,
    officeDataDir: env.OFFICE_DATA_DIR || 'data/joint-office',
    platformDataDir: env.PLATFORM_DATA_DIR || 'data/platforms',
    ratingMinGroup: Math.max(1, integer(env, 'RATING_MIN_GROUP', 5)),
    noticeWorkingDays: Math.min(30, Math.max(1, integer(env, 'NOTICE_WORKING_DAYS', 3))),
    officeToday: officeToday(env),
    jwtSecret: env.JWT_SECRET || DEV_JWT_SECRET,
    oidc: oidc(env),
    production: env.NODE_ENV === 'production',
    ecologyApiKey: env.ECOLOGY_API_KEY || 'eco-dev-key',
    introspectSupergraph: env.SUPERGRAPH_INTROSPECT === '1',
    graphqlDev: env.GRAPHQL_DEV === '1',
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 1024 * 1024),
    queryLimits: {
      maxDepth: integer(env, 'QUERY_MAX_DEPTH', 10),
      maxAliases: integer(env, 'QUERY_MAX_ALIASES', 30),
      maxDirectives: integer(env, 'QUERY_MAX_DIRECTIVES', 20),
      maxTokens: integer(env, 'QUERY_MAX_TOKENS', 4000),
      maxCost: integer(env, 'QUERY_MAX_COST', 40000),
    },
    verifyDrawMaxBytes: integer(env, 'VERIFY_DRAW_MAX_BYTES', 512 * 1024),
    rateLimit: { requests: integer(env, 'RATE_LIMIT_REQUESTS', 100000), windowSeconds: Math.max(1, integer(env, 'RATE_LIMIT_WINDOW_SECONDS', 60)) },
    host: env.HOST || '127.0.0.1',
    metrics: env.METRICS !== '0',
    supergraphPath: env.SUPERGRAPH_PATH || undefined,
    tracing: tracing(env),
  };
}

function tracing(env: NodeJS.ProcessEnv): TracingConfig | undefined {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const tracesUrl = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!tracesUrl) return undefined;
  if (!URL.canParse(tracesUrl) || !/^https?:$/.test(new URL(tracesUrl).protocol)) throw new Error(`OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, got "${tracesUrl}"`);
  return { tracesUrl, serviceName: env.OTEL_SERVICE_NAME || 'shuangsuiji-federation' };
}
