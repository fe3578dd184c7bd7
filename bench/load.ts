// The load generator of the gateway benchmark: autocannon in a child process, so that it does
// not share the event loop (or the garbage collector) of the servers it measures. The parent
// calls `runLoad`; the same file, started with LOAD_CHILD_FLAG, is the child.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';

const LOAD_CHILD_FLAG = '--load-child';

/** A positive integer setting of a benchmark from the environment (e.g. BENCH_SECONDS), or `fallback`. */
export function positiveInteger(key: string, fallback: number): number {
  const text = process.env[key];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${key} must be a positive integer, got "${text}"`);
  return value;
}

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  /** POST bodies; each connection cycles through them in order. */
  bodies: string[];
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface LoadFigures {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  socketErrors: number;
  /** 2xx answers that carry GraphQL `errors` or no `data`. */
  graphqlErrors: number;
  /** The start of the first such answer, to say what went wrong. */
  firstBadAnswer?: string;
}

export interface LoadReport {
  warmup: LoadFigures;
  measured: LoadFigures;
}

/** A good answer starts with data and has no errors; checked on every response, cheaply. */
function isCleanAnswer(body: string): boolean {
  return body.startsWith('{"data":') && !body.includes('"errors":');
}

const BAD_ANSWER_SAMPLE = 400;

/** Nearest-rank percentile of ascending values. */
function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

// autocannon's latency histogram keeps whole milliseconds; the figures use the exact
// latencies of the 2xx responses (what the histogram records too), for sub-ms differences.
function figures(result: Result, latencies: number[], firstBadAnswer: string | undefined): LoadFigures {
  const sorted = Float64Array.from(latencies).sort();
  const mean = latencies.reduce((sum, ms) => sum + ms, 0) / Math.max(1, latencies.length);
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    meanMs: mean,
    non2xx: result.non2xx,
    socketErrors: result.errors,
    graphqlErrors: result.mismatches,
    ...(firstBadAnswer === undefined ? {} : { firstBadAnswer }),
  };
}

async function hammer(job: LoadJob, seconds: number): Promise<LoadFigures> {
  const headers = { 'content-type': 'application/json', ...job.headers };
  const latencies: number[] = [];
  let firstBadAnswer: string | undefined;
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    timeout: 30,
    requests: job.bodies.map((body) => ({ method: 'POST', headers, body })),
    verifyBody: (body) => {
      const clean = isCleanAnswer(body);
      if (!clean) firstBadAnswer ??= body.slice(0, BAD_ANSWER_SAMPLE);
      return clean;
    },
  });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  return figures(await instance, latencies, firstBadAnswer);
}

async function child(): Promise<void> {
  const job = await new Promise<LoadJob>((resolve) => process.once('message', (message) => resolve(message as LoadJob)));
  const warmup = await hammer(job, job.warmupSeconds);
  // The parent samples the servers' CPU time between these two messages.
  process.send?.({ phase: 'measuring' });
  const measured = await hammer(job, job.seconds);
  const report: LoadReport = { warmup, measured };
  process.send?.(report, () => process.exit(0));
}

/** Runs a warm-up then a measured run of the job in a fresh child process; `onMeasuring` is called as the measured run starts. */
export function runLoad(job: LoadJob, onMeasuring?: () => void): Promise<LoadReport> {
  // The child inherits the parent's execArgv, so it runs under tsx like the parent.
  const worker = fork(fileURLToPath(import.meta.url), [LOAD_CHILD_FLAG], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<LoadReport>((resolve, reject) => {
    let report: LoadReport | undefined;
    worker.on('message', (message) => {
      if ((message as { phase?: string }).phase === 'measuring') onMeasuring?.();
      else report = message as LoadReport;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (report ? resolve(report) : reject(new Error(`load generator exited with code ${code} before reporting`))));
    worker.send(job);
  });
}

if (process.argv[2] === LOAD_CHILD_FLAG) {
  child().catch((error: unknown) => {
    console.error('load generator failed:', error);
    process.exit(1);
  });
}
