// Serves a built subgraph schema over HTTP. Every subgraph uses this one function; the schema
// module stays free of I/O.
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { startGraphQLServer, sendJson, type RunningService } from '../../lib/graphql-http';
import { currentRequestId, log } from '../../lib/log';
import { PlatformError } from '../../lib/platform-http';
import { authenticate, type OidcConfig } from '../../lib/auth';
import { noVendorPlugins } from '../../lib/no-egress';
import { errorExposurePlugin } from '../../lib/plugins/error-exposure';
import { metricsPlugin } from '../../lib/plugins/metrics';
import { argumentGuardPlugin } from './argument-guard';
import { hideInternalError } from './internal-errors';
import type { Role } from '../../lib/roles';

export type { RunningService };

/** What every subgraph server takes from the configuration (GRAPHQL_DEV, MAX_BODY_BYTES, HOST, METRICS). */
export interface ServerSettings {
  graphqlDev: boolean;
  maxBodyBytes: number;
  host?: string;
  metrics?: boolean;
  /**
   * false: none of the hardening and metrics plugins (error exposure, argument guard, metrics).
   * Only `npm run bench:plugins` sets it, to measure what they cost; never a configuration key.
   */
  plugins?: boolean;
}

export interface ServeOptions<Context extends object> {
  name: string;
  schema: GraphQLSchema;
  /** The HS256 key callers' tokens are verified with (the gateway's). */
  jwtSecret: string;
  /** The OpenID Connect provider whose access tokens are accepted too (the gateway's). */
  oidc?: OidcConfig;
  port?: number;
  host?: string;
  /** Builds the per-request context (DataLoaders are created here, one set per request). */
  /** `actor` is the caller's token subject as forwarded by the gateway ('' when unknown). */
  context(role: Role, actor: string): Context | Promise<Context>;
  onClose?(): Promise<void>;
  /**
   * Whether the subgraph should get traffic (/readyz; a load balancer or Kubernetes takes it
   * out of rotation otherwise), e.g. once its views are built; absent: once it listens.
   */
  readiness?(): { ready: boolean; detail?: Record<string, unknown> };
  server?: ServerSettings;
}

export async function serveSubgraph<Context extends object>(options: ServeOptions<Context>): Promise<RunningService> {
  const graphqlDev = options.server?.graphqlDev === true;
  const logInternal = (line: string) => log.error({ component: `subgraph ${options.name}`, requestId: currentRequestId() }, line);
  // The caller's role, kept beside the subgraph's own context for the error-exposure plugin.
  const roles = new WeakMap<object, Role>();
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    // Refused per role by errorExposurePlugin (the gateway composes from `_service`, not introspection).
    introspection: true,
    includeStacktraceInErrorResponses: graphqlDev,
    // The process that starts the servers owns the signals and closes everything in order.
    stopOnTerminationSignals: false,
    // The gateway sends the queries of one plan step to this subgraph in one HTTP request (a JSON
    // array, answered in order); they share the request's context, so its DataLoaders batch across them.
    allowBatchedHttpRequests: true,
    // No Apollo Studio here: skip per-request trace building.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ...noVendorPlugins<Context>(),
      ...(options.server?.plugins === false
        ? []
        : [
            errorExposurePlugin<Context>({ graphqlDev, roleOf: (context) => roles.get(context) ?? { kind: 'public' } }),
            argumentGuardPlugin<Context>(),
            metricsPlugin<Context>(`subgraph ${options.name}`),
          ]),
    ],
    // A failing agency platform surfaces with its own stable code and the platform's name;
    // anything uncoded is logged and answered generically.
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      if (!(original instanceof PlatformError)) return hideInternalError(options.name, formatted, original, logInternal);
      return { ...formatted, message: original.message, extensions: { ...formatted.extensions, ...original.extensions() } };
    },
  });
  return startGraphQLServer<Context>({
    name: `subgraph ${options.name}`,
    apollo,
    port: options.port,
    host: options.host ?? options.server?.host,
    metrics: options.server?.metrics,
    maxBodyBytes: options.server?.maxBodyBytes,
    // The gateway forwards the caller's token; it is verified here again, so reaching a subgraph
    // directly gives no more than the token allows (none: public; a bad one: HTTP 401).
    context: async (headers) => {
      const caller = await authenticate(headers, options.jwtSecret, options.oidc);
      const context = await options.context(caller.role, caller.subject);
      roles.set(context, caller.role);
      return context;
    },
    routes: {
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok', subgraph: options.name }),
      '/readyz': (_req, res) => {
        const { ready, detail } = options.readiness?.() ?? { ready: true };
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'starting', subgraph: options.name, ...detail });
      },
    },
    onClose: options.onClose,
  });
}
