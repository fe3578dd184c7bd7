// The subgraph calls a gateway makes for one request, recorded by loopback proxies put between a
// throwaway gateway and the subgraphs, so they can be replayed straight to the subgraphs: the
// replay is what the request costs without a gateway, and the difference is the gateway's overhead.
import { createServer, type Server } from 'node:http';
import { request } from 'undici';

export interface RecordedCall {
  /** The subgraph's own URL (not the proxy's). */
  url: string;
  body: string;
  authorization?: string;
  start: number;
  end: number;
}

export interface Recorder {
  /** Proxy URL per subgraph name, for the gateway under record. */
  urls: Record<string, string>;
  /** Calls recorded since the last take, and a fresh start. */
  take(): RecordedCall[];
  close(): Promise<void>;
}

export async function startRecorder(subgraphUrls: Record<string, string>): Promise<Recorder> {
  let calls: RecordedCall[] = [];
  const servers: Server[] = [];
  const urls: Record<string, string> = {};
  for (const [name, target] of Object.entries(subgraphUrls)) {
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const authorization = req.headers.authorization;
      const start = performance.now();
      const answer = await request(target, {
        method: (req.method ?? 'POST') as 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: req.method === 'GET' ? undefined : body,
      });
      const text = await answer.body.text();
      calls.push({ url: target, body, authorization, start, end: performance.now() });
      res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
      res.end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    urls[name] = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
    servers.push(server);
  }
  return {
    urls,
    take: () => {
      const taken = calls;
      calls = [];
      return taken;
    },
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

/**
 * The calls grouped into waves the way the gateway ran them: a call that started before every
 * earlier call had ended ran alongside them; one that started after all of them ended waited for
 * them (the next step of the query plan).
 */
export function waves(calls: RecordedCall[]): RecordedCall[][] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const result: RecordedCall[][] = [];
  let lastEnd = -Infinity;
  for (const call of sorted) {
    if (call.start >= lastEnd || result.length === 0) result.push([call]);
    else result[result.length - 1].push(call);
    lastEnd = Math.max(lastEnd, call.end);
  }
  return result;
}

/** Sends the recorded calls straight to the subgraphs, wave after wave, each wave in parallel. */
export async function replay(plan: RecordedCall[][]): Promise<void> {
  for (const wave of plan) {
    await Promise.all(
      wave.map(async (call) => {
        const answer = await request(call.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(call.authorization ? { authorization: call.authorization } : {}) },
          body: call.body,
        });
        await answer.body.text();
        if (answer.statusCode !== 200) throw new Error(`replay of a call to ${call.url}: HTTP ${answer.statusCode}`);
      }),
    );
  }
}
