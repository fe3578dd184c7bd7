// A small round-robin HTTP proxy for the local multi-process topology (system/topology.ts):
// what a load balancer or a Kubernetes Service does in a deployment. Each request goes to the
// next backend; a backend that refuses the connection (its process is gone) is skipped for a
// second and the request goes to the next one, since nothing reached the dead one. A backend
// that dies while answering gives the caller HTTP 502, as a real load balancer does (the
// request may have run: callers retry idempotent operations). Node's http only: the bodies are
// small GraphQL requests, buffered so a refused request can be sent again.
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { listen } from '../lib/listen';

export interface RunningProxy {
  url: string;
  port: number;
  /** Requests sent to each backend (by URL). */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

const SKIP_MS = 1000;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** `backends` may grow after the start (replicas started later are added to the same array). */
export async function startProxy(name: string, backends: readonly string[], port: number, host = '127.0.0.1'): Promise<RunningProxy> {
  let next = 0;
  const skipUntil = new Map<string, number>();
  const counts: Record<string, number> = {};

  const pick = (tried: Set<string>): string | undefined => {
    const now = Date.now();
    for (let i = 0; i < backends.length; i++) {
      const backend = backends[next++ % backends.length];
      if (!tried.has(backend) && (skipUntil.get(backend) ?? 0) <= now) return backend;
    }
    // Every backend was refused lately: try the untried ones anyway (one may be back).
    return backends.find((backend) => !tried.has(backend));
  };

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req).catch(() => undefined);
    if (body === undefined) return res.destroy();
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([key]) => !HOP_BY_HOP.has(key)));
    const tried = new Set<string>();
    const attempt = (): void => {
      const backend = pick(tried);
      if (!backend) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: `no ${name} replica answered`, extensions: { code: 'BAD_GATEWAY' } }] }));
        return;
      }
      tried.add(backend);
      counts[backend] = (counts[backend] ?? 0) + 1;
      const target = new URL(req.url ?? '/', backend);
      const upstream = httpRequest(target, { method: req.method, headers: { ...headers, host: target.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, Object.fromEntries(Object.entries(answer.headers).filter(([key]) => !HOP_BY_HOP.has(key))));
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      });
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') {
          // Nothing reached it: skip it for a while and send the request to the next one.
          skipUntil.set(backend, Date.now() + SKIP_MS);
          return attempt();
        }
        if (res.headersSent) return res.destroy();
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: `${name} replica failed while answering`, extensions: { code: 'BAD_GATEWAY' } }] }));
      });
      upstream.end(body);
    };
    attempt();
  });
  server.keepAliveTimeout = 30_000;
  const bound = await listen(server, `proxy ${name}`, port, host);
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    counts: () => ({ ...counts }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
