// A loopback HTTP proxy put between a gateway and one real subgraph: counts the calls that reach
// it, and can hold them back, drop them (as a subgraph that is down) or keep them past a timeout.
import { createServer, type Server } from 'node:http';
import { request } from 'undici';

export type ProxyMode = { kind: 'pass'; delayMs?: number } | { kind: 'down' } | { kind: 'hang' };

export interface SubgraphProxy {
  url: string;
  /** Bodies of the calls received since the last reset, in order. */
  bodies: string[];
  setMode(mode: ProxyMode): void;
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSubgraphProxy(target: string): Promise<SubgraphProxy> {
  let mode: ProxyMode = { kind: 'pass' };
  const bodies: string[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    bodies.push(body);
    const current = mode;
    if (current.kind === 'down') return void req.socket.destroy();
    if (current.kind === 'hang') return; // never answers; closed with the server
    if (current.delayMs) await sleep(current.delayMs);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const answer = await request(target, { method: 'POST', headers, body });
    const text = await answer.body.text();
    res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    bodies,
    setMode: (next) => void (mode = next),
    reset: () => void (bodies.length = 0),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
