// Serves a built subgraph schema over HTTP. Every subgraph uses this one function; the schema
// module stays free of I/O.
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { startGraphQLServer, sendJson, type RunningService } from '../../lib/graphql-http';
import { PlatformError } from '../../lib/platform-http';
import { CALLER_HEADER, PUBLIC_ROLE, ROLE_HEADER, parseRole, type Role } from '../../lib/roles';

export type { RunningService };

export interface ServeOptions<Context extends object> {
  name: string;
  schema: GraphQLSchema;
  port?: number;
  host?: string;
  /** Builds the per-request context (DataLoaders are created here, one set per request). */
  /** `actor` is the caller's token subject as forwarded by the gateway ('' when unknown). */
  context(role: Role, actor: string): Context | Promise<Context>;
  onClose?(): Promise<void>;
}

export async function serveSubgraph<Context extends object>(options: ServeOptions<Context>): Promise<RunningService> {
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: true,
    // The process that starts the servers owns the signals and closes everything in order.
    stopOnTerminationSignals: false,
    // No Apollo Studio here: skip per-request trace building.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // A failing agency platform surfaces with its own stable code and the platform's name.
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      if (!(original instanceof PlatformError)) return formatted;
      return { ...formatted, message: original.message, extensions: { ...formatted.extensions, ...original.extensions() } };
    },
  });
  return startGraphQLServer<Context>({
    apollo,
    port: options.port,
    host: options.host,
    // The gateway forwards the caller's verified role; a direct caller without one is public.
    context: (headers) => options.context(parseRole(headers.get(ROLE_HEADER)) ?? PUBLIC_ROLE, headers.get(CALLER_HEADER) ?? ''),
    routes: { '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok', subgraph: options.name }) },
    onClose: options.onClose,
  });
}
