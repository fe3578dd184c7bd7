// Serves the credit subgraph over HTTP: one schema for the process, a fresh set of DataLoaders
// per request, the shared cache in front of the credit information system. Started alone with
// `npm run component -- subgraph credit` (scripts/component.ts), configured by config/env.ts.
import type { Cache } from '../../lib/cache';
import { serveSubgraph, type RunningService, type ServerSettings } from '../kit/serve';
import { CreditPlatformClient } from './client';
import type { CreditContext } from './context';
import { CreditLoaders } from './loaders';
import { buildCreditSchema } from './schema';
import type { OidcConfig } from '../../lib/oidc';

export interface CreditSubgraphOptions {
  /** 0 picks a free port; defaults to 0. */
  port?: number;
  /** Base URL of the credit information system, e.g. http://127.0.0.1:4105. */
  platformUrl: string;
  /** Upper bound of one platform call, in milliseconds (default 2000). */
  timeoutMs?: number;
  cache: Cache;
  /** The HS256 key callers' tokens are verified with. */
  jwtSecret: string;
  /** GRAPHQL_DEV, MAX_BODY_BYTES. */
  server?: ServerSettings;
  /** The OpenID Connect provider whose access tokens are accepted too. */
  oidc?: OidcConfig;
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
    jwtSecret: options.jwtSecret,
    server: options.server,
    oidc: options.oidc,
    port: options.port ?? 0,
    context: (role) => ({ role, cache, loaders: new CreditLoaders({ client, cache, ttlSeconds: options.cacheTtlSeconds }) }),
  });
}
