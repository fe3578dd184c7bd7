// Load generator of the statistics benchmark: autocannon in a child process (it must not share
// the event loop of the servers it measures). One run per call; the parent decides what the
// cache holds before it (cold: cleared, warm: filled).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request } from 'autocannon';

const CHILD_FLAG = '--stats-load-child';

export interface StatsLoadJob {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Bodies sent in turn instead of `body` (e.g. one per business), so no answer repeats. */
  bodies?: string[];
  connections: number;
  seconds: number;
}

export interface StatsLoadFigures {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** non-2xx, socket errors/timeouts and answers with GraphQL errors. */
  failures: number;
  firstBadAnswer?: string;
}

function percentile(sorted: Float64Array, fraction: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

async function child(): Promise<void> {
  const job = await new Promise<StatsLoadJob>((resolve) => process.once('message', (message) => resolve(message as StatsLoadJob)));
  const latencies: number[] = [];
  let next = 0;
  let firstBadAnswer: string | undefined;
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    timeout: 120,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...job.headers },
        body: job.body,
        ...(job.bodies ? { setupRequest: (request: Request) => ({ ...request, body: job.bodies![next++ % job.bodies!.length] }) } : {}),
      },
    ],
    verifyBody: (body) => {
      const clean = body.startsWith('{"data":') && !body.includes('"errors":');
      if (!clean) firstBadAnswer ??= body.slice(0, 300);
      return clean;
    },
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const figures: StatsLoadFigures = {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
    failures: result.non2xx + result.errors + result.mismatches,
    ...(firstBadAnswer === undefined ? {} : { firstBadAnswer }),
  };
  process.send?.(figures, () => process.exit(0));
}

export function runStatsLoad(job: StatsLoadJob): Promise<StatsLoadFigures> {
  const worker = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let figures: StatsLoadFigures | undefined;
    worker.once('message', (message) => (figures = message as StatsLoadFigures));
    worker.once('error', reject);
    worker.once('exit', (code) => (figures ? resolve(figures) : reject(new Error(`load generator exited with code ${code}`))));
    worker.send(job);
  });
}

if (process.argv[2] === CHILD_FLAG) {
  child().catch((error: unknown) => {
    console.error('load generator failed:', error);
    process.exit(1);
  });
}
