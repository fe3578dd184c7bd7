// The one HTTP front of every GraphQL server here (gateway and subgraphs): POST/GET /graphql
// through Apollo Server, plus plain routes such as /healthz. Node's http, no framework.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { quickenApolloQueryHashes } from './apollo-hash';
import { listen, urlHost } from './listen';
import { log, REQUEST_ID_HEADER, requestIdFrom, withRequestId } from './log';
import { httpRefusals, registry } from './metrics';
import { traceRequest } from './tracing';

export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Thrown by a context factory to answer with an HTTP error instead of running the operation. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After of a rate-limit refusal. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface GraphQLServerOptions<Context extends BaseContext> {
  /** The component, in logs, metrics and start-up errors (e.g. `gateway`, `subgraph credit`). */
  name: string;
  apollo: ApolloServer<Context>;
  port?: number;
  host?: string;
  /** `requestId`: the request's id (the caller's x-request-id if usable, else a new one). */
  context(headers: HeaderMap, request: IncomingMessage, requestId: string): Context | Promise<Context>;
  /**
   * Keep the request id in AsyncLocalStorage while the request is served (default true), for code
   * that is not handed it (lib/log.ts currentRequestId: a subgraph's calls to its platform).
   * false: only the context factory gets it. On Node 20 a store makes every promise of the
   * process pay an async hook (8% of the gateway's CPU), so a server that needs none goes without.
   */
  requestIdInAsyncContext?: boolean;
  /** Largest request body read (HTTP 413 above); default 1 MiB. */
  maxBodyBytes?: number;
  /** Answers a browser's GET /graphql (Accept: text/html); absent: Apollo answers it (no landing page). */
  landingPage?: RouteHandler;
  /** Extra routes by exact path, e.g. /healthz; a path ending in `/` (e.g. /check/) also serves every path below it. */
  routes?: Record<string, RouteHandler>;
  /** Serve this process's Prometheus metrics at GET /metrics (default true; METRICS=0 turns it off). */
  metrics?: boolean;
  /** Called once the server is closed (e.g. to stop the Apollo server or a cache). */
  onClose?(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(value));
}

const tooLarge = (limit: number) => new HttpError(413, 'PAYLOAD_TOO_LARGE', `请求体超过 ${limit} 字节 (request body over ${limit} bytes)`, { connection: 'close' });

/** Reads the body into memory up to `limit` bytes; beyond it, rejects with HTTP 413 and discards the rest. */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limit) {
      request.resume(); // drain, so the client reads our answer instead of a reset
      return reject(tooLarge(limit));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      request.off('data', onData);
      request.resume();
      chunks.length = 0;
      reject(tooLarge(limit));
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const errorBody = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

function refuse(server: string, res: ServerResponse, error: HttpError): void {
  httpRefusals.inc({ server, code: error.code });
  sendJson(res, error.status, errorBody(error.code, error.message), error.headers);
}

async function sendMetrics(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(text);
}

async function handleGraphQL<Context extends BaseContext>(options: GraphQLServerOptions<Context>, req: IncomingMessage, res: ServerResponse, search: string, requestId: string) {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let rawBody: string;
  try {
    rawBody = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof HttpError) return refuse(options.name, res, error);
    throw error;
  }
  let body: unknown;
  try {
    body = rawBody ? JSON.parse(rawBody) : undefined;
  } catch {
    return sendJson(res, 400, errorBody('BAD_REQUEST', 'Request body is not JSON'));
  }
  let context: Context;
  try {
    context = await options.context(headers, req, requestId);
  } catch (error) {
    if (error instanceof HttpError) return refuse(options.name, res, error);
    throw error;
  }
  const answer = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
    context: async () => context,
  });
  const responseHeaders: Record<string, string> = {};
  for (const [key, value] of answer.headers) responseHeaders[key] = value;
  res.writeHead(answer.status ?? 200, responseHeaders);
  if (answer.body.kind === 'complete') return res.end(answer.body.string);
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}

/** The path and query of a request target; the plain `/graphql` of nearly every request without parsing a URL. */
function target(url = '/'): { pathname: string; search: string } {
  if (url === '/graphql') return { pathname: url, search: '' };
  const parsed = new URL(url, 'http://localhost');
  return { pathname: parsed.pathname, search: parsed.search };
}

/** The routes of `…/` keys, longest key first: a path below one of them is served by the first that holds it. */
function prefixRoutes(routes: Record<string, RouteHandler>): [string, RouteHandler][] {
  return Object.entries(routes)
    .filter(([prefix]) => prefix.endsWith('/'))
    .sort(([a], [b]) => b.length - a.length);
}

/** Starts Apollo and listens; `port` 0 picks a free port (tests). */
export async function startGraphQLServer<Context extends BaseContext>(options: GraphQLServerOptions<Context>): Promise<RunningService> {
  quickenApolloQueryHashes();
  await options.apollo.start();
  const routes: Record<string, RouteHandler> = { ...(options.metrics === false ? {} : { '/metrics': sendMetrics }), ...options.routes };
  const prefixes = prefixRoutes(routes);
  const inAsyncContext = options.requestIdInAsyncContext ?? true;
  const server = createServer((req, res) => {
    // One id per request, the caller's if given: answered in the header, logged, and forwarded
    // by the outgoing calls made while serving it (lib/log.ts keeps it for them).
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // The request line is logged at info (probes and scrapes at debug): nothing to do below that.
    if (log.isLevelEnabled('info')) logWhenFinished(req, res, requestId);
    const traced = () => traceRequest(options.name, () => spanName(req), req, res, () => serve(req, res, requestId));
    void (inAsyncContext ? withRequestId(requestId, traced) : traced());
  });
  const logWhenFinished = (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const started = performance.now();
    res.once('finish', () => {
      const line = { component: options.name, requestId, method: req.method, path: req.url, status: res.statusCode, ms: Math.round(performance.now() - started) };
      // Probes and scrapes would drown the requests that matter.
      if (line.path === '/metrics' || line.path === '/healthz' || line.path === '/readyz') log.debug(line, 'request');
      else log.info(line, 'request');
    });
  };
  // Span names stay few: a known path, or `other` (a 404's path is the client's choice).
  const spanName = (req: IncomingMessage): string => {
    const path = URL.canParse(req.url ?? '/', 'http://localhost') ? target(req.url).pathname : '';
    return `${req.method ?? 'GET'} ${path === '/graphql' || routes[path] ? path : 'other'}`;
  };
  const serve = async (req: IncomingMessage, res: ServerResponse, requestId: string) => {
    let pathname = req.url ?? '/';
    try {
      const parsed = target(req.url);
      pathname = parsed.pathname;
      const search = parsed.search;
      const route = routes[pathname] ?? prefixes.find(([prefix]) => pathname.startsWith(prefix) && pathname.length > prefix.length)?.[1];
      if (route) return await route(req, res);
      if (pathname === '/graphql' && options.landingPage && req.method === 'GET' && !search && (req.headers.accept ?? '').includes('text/html')) {
        return await options.landingPage(req, res);
      }
      if (pathname === '/graphql') return await handleGraphQL(options, req, res, search, requestId);
      sendJson(res, 404, errorBody('NOT_FOUND', `No route ${pathname}`));
    } catch (error) {
      log.error({ err: error, component: options.name, requestId, path: pathname }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', 'Internal server error'));
      else res.end();
    }
  };
  server.keepAliveTimeout = 65_000;
  const host = options.host ?? '127.0.0.1';
  let port: number;
  try {
    port = await listen(server, options.name, options.port ?? 0, host);
  } catch (error) {
    // Started above: its timers (and the caller's resources) would keep the process alive.
    await options.apollo.stop();
    await options.onClose?.();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(host)}:${port}/graphql`,
    port,
    // Idempotent: tests stop a service on purpose and the system closes it again at the end.
    close: () =>
      (closing ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await options.apollo.stop();
        await options.onClose?.();
      })()),
  };
}
