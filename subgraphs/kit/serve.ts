// Serves a built subgraph schema over HTTP: POST/GET /graphql, /healthz. Every subgraph uses
// this one function; the schema module stays free of I/O.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLSchema } from 'graphql';
import { PlatformError } from '../../lib/platform-http';
import { ROLE_HEADER, parseRole, PUBLIC_ROLE, type Role } from '../../lib/roles';

export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions<Context extends object> {
  name: string;
  schema: GraphQLSchema;
  port?: number;
  host?: string;
  /** Builds the per-request context (DataLoaders are created here, one set per request). */
  context(role: Role): Context | Promise<Context>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function serveSubgraph<Context extends object>(options: ServeOptions<Context>): Promise<RunningService> {
  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: true,
    // A failing agency platform surfaces with its own stable code and the platform's name.
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      if (!(original instanceof PlatformError)) return formatted;
      return { ...formatted, message: original.message, extensions: { ...formatted.extensions, code: original.code, platform: original.platform } };
    },
  });
  await apollo.start();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://subgraph');
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ status: 'ok', subgraph: options.name }));
    }
    if (url.pathname !== '/graphql') {
      res.writeHead(404);
      return res.end();
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const rawBody = await readBody(req);
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ errors: [{ message: 'Request body is not JSON', extensions: { code: 'BAD_REQUEST' } }] }));
    }
    const role = parseRole(headers.get(ROLE_HEADER)) ?? PUBLIC_ROLE;
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'GET',
        headers,
        search: url.search,
        body,
      },
      context: async () => options.context(role),
    });
    const responseHeaders: Record<string, string> = {};
    for (const [key, value] of answer.headers) responseHeaders[key] = value;
    res.writeHead(answer.status ?? 200, responseHeaders);
    if (answer.body.kind === 'complete') return res.end(answer.body.string);
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}
