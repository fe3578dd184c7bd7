// What every agency-platform stand-in shares: an HTTP server with configurable latency,
// fault injection and a request counter. The platform supplies only its routes and the way
// its wire format reports an error; `/__admin/*` is the test harness's side door.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen, urlHost } from '../../lib/listen';
import { log } from '../../lib/log';
import { traceRequest } from '../../lib/tracing';

export interface Faults {
  /** Added to every request, in milliseconds. */
  latencyMs: number;
  /** Share of requests, 0..1, answered with the platform's own error response. */
  errorRate: number;
  /** Outage: connections are reset without an answer. */
  down: boolean;
}

export const NO_FAULTS: Faults = { latencyMs: 0, errorRate: 0, down: false };

export interface PlatformRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface PlatformResponse {
  status: number;
  contentType: string;
  body: string;
}

export interface PlatformDefinition {
  name: string;
  /** Answers one request. `route` labels the request for the counter (e.g. `GET /items`). */
  handle(request: PlatformRequest): Promise<PlatformResponse> | PlatformResponse;
  /** Labels a request for the counter; defaults to `METHOD path`. */
  route?(request: PlatformRequest): string;
  /** The platform's own way of saying "internal error" (used by error-rate injection). */
  errorResponse(): PlatformResponse;
  /** Platform-specific side-door routes under `/__admin/`; undefined when not one of them. */
  admin?(request: PlatformRequest): PlatformResponse | undefined;
}

export interface RequestStats {
  total: number;
  byRoute: Record<string, number>;
}

export interface RunningPlatform {
  name: string;
  url: string;
  port: number;
  faults: Faults;
  stats(): RequestStats;
  /** The x-request-id headers of the latest requests (at most 100), oldest first. */
  recentRequestIds(): string[];
  resetStats(): void;
  setFaults(faults: Partial<Faults>): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: PlatformResponse): void {
  response.writeHead(answer.status, { 'content-type': answer.contentType });
  response.end(answer.body);
}

function json(status: number, value: unknown): PlatformResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

/** Starts a platform on `port` (0 picks a free one) on the loopback interface. */
export async function startPlatform(
  definition: PlatformDefinition,
  options: { port?: number; host?: string; faults?: Partial<Faults> } = {},
): Promise<RunningPlatform> {
  const faults: Faults = { ...NO_FAULTS, ...options.faults };
  let stats: RequestStats = { total: 0, byRoute: {} };
  // Error injection is deterministic: every (1/errorRate)-th request fails, so tests can rely on it.
  let errorBudget = 0;
  const requestIds: string[] = [];

  const server: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://platform');
      const request: PlatformRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: await readBody(req),
      };
      if (request.path.startsWith('/__admin/')) return send(res, admin(request));

      if (faults.down) return req.socket.destroy();
      const requestId = req.headers['x-request-id'];
      if (typeof requestId === 'string' && requestIds.push(requestId) > 100) requestIds.shift();
      const route = definition.route?.(request) ?? `${request.method} ${request.path}`;
      stats.total += 1;
      stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
      await traceRequest(`platform ${definition.name}`, route, req, res, async () => {
        if (faults.latencyMs > 0) await sleep(faults.latencyMs);
        errorBudget += faults.errorRate;
        if (errorBudget >= 1) {
          errorBudget -= 1;
          return send(res, definition.errorResponse());
        }
        send(res, await definition.handle(request));
      });
    } catch (error) {
      if (!res.headersSent) send(res, definition.errorResponse());
      log.error({ err: error, component: `platform ${definition.name}` }, 'platform stand-in failed');
    }
  });
  server.keepAliveTimeout = 30_000;

  function admin(request: PlatformRequest): PlatformResponse {
    if (request.path === '/__admin/stats') return json(200, stats);
    if (request.path === '/__admin/reset' && request.method === 'POST') {
      running.resetStats();
      return json(200, { ok: true });
    }
    if (request.path === '/__admin/faults' && request.method === 'POST') {
      running.setFaults(JSON.parse(request.body || '{}') as Partial<Faults>);
      return json(200, faults);
    }
    return definition.admin?.(request) ?? json(404, { error: 'unknown admin route' });
  }

  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, `platform ${definition.name}`, options.port ?? 0, host);
  const running: RunningPlatform = {
    name: definition.name,
    url: `http://${urlHost(host)}:${port}`,
    port,
    faults,
    stats: () => structuredClone(stats),
    recentRequestIds: () => [...requestIds],
    resetStats: () => {
      stats = { total: 0, byRoute: {} };
    },
    setFaults: (change) => {
      Object.assign(faults, change);
      errorBudget = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return running;
}
