// The side-by-side benchmark: our gateway and Hive Gateway (defaults) on the same committed
// supergraph, the same subgraphs and platforms (one process), each gateway in a process of its
// own, the load generator in another. Checks both answer the same `data` for every request body,
// then runs the four representative queries in interleaved rounds at 20 and 50 connections and
// prints per query the median over rounds of: req/s of each, ours ÷ Hive, and the gateway
// process's CPU milliseconds per request (/proc/PID/stat). Then, at 1 connection, each gateway's
// p50 overhead over a replay of its own subgraph calls straight to the subgraphs.
// Run: npm run bench -- --vs-hive   (or npm run bench:hive)
//   BENCH_SCALE / DATA_SCALE = default   BENCH_ROUNDS = 3   BENCH_SECONDS = 5   BENCH_WARMUP_SECONDS = 2
//   BENCH_CONNECTIONS = 20,50   BENCH_REPLAY_ITERATIONS = 200 (per query, at 1 connection)
//   --merge-off   a third contender: ours with GATEWAY_DEDUPE_INFLIGHT=0 (the effect of merging)
//   --only=1,4    only the queries whose names start with these numbers
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { readConfig } from '../../config/env';
import { signToken } from '../../lib/auth';
import { datasetFor } from '../../platforms/data/generate';
import { SUBGRAPH_SERVICES } from '../../config/services';
import { runLoad, type LoadFigures } from '../load';
import { comparisonCases, type BenchCase } from '../queries';
import { replay, startRecorder, waves, type RecordedCall } from './recorder';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const COMPONENT = here('../../scripts/component.ts');
const HIVE = here('./hive-gateway.ts');
const BACKENDS = here('./backends.ts');
const CLOCK_TICKS = 100; // USER_HZ of /proc/PID/stat on Linux

interface Contender {
  name: string;
  start(subgraphUrls: Record<string, string>): Promise<Gateway>;
  /**
   * The instance whose subgraph calls are recorded for the replay, when it differs: ours without
   * its entity cache, so a request the cache answers alone is still compared with the calls a
   * client would have to make without a gateway (not with an empty replay).
   */
  startForRecording?(subgraphUrls: Record<string, string>): Promise<Gateway>;
}

interface Gateway {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const positive = (key: string, fallback: number) => {
  const value = Number(process.env[key] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${key} must be a positive integer`);
  return value;
};

/** CPU time (user + system) of a process so far, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of proc(5); the slice starts at field 3.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Starts a node child (under tsx) and resolves with it once it prints a line matching `ready`. */
function startChild(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, name: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // nothing may outlive the bench
      reject(new Error(`${name} did not start within 180 s`));
    }, 180_000);
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((l) => ready.test(l));
      if (line) {
        clearTimeout(timer);
        resolve({ child, line });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString('utf8')}`));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before it listened:\n${output.slice(-2000)}`));
    });
  });
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
}

const originOf = (url: string) => new URL(url).origin;

function ours(name: string, extraEnv: NodeJS.ProcessEnv = {}): Contender {
  const start = async (subgraphUrls: Record<string, string>, moreEnv: NodeJS.ProcessEnv = {}): Promise<Gateway> => {
    const urlEnv = Object.fromEntries(SUBGRAPH_SERVICES.map((s) => [s.urlEnv, originOf(subgraphUrls[s.name])]));
    // A rate limit high enough never to refuse, so its cost is still paid as in production.
    const env = { ...urlEnv, PORT: '0', LOG_LEVEL: 'warn', RATE_LIMIT_REQUESTS: '100000000', SUBGRAPH_TIMEOUT_MS: '15000', ...extraEnv, ...moreEnv };
    const { child, line } = await startChild([COMPONENT, 'gateway'], env, /Gateway at http/, name);
    return { url: /(http:\S+)/.exec(line)![1], pid: child.pid!, stop: stopper(child) };
  };
  return { name, start: (urls) => start(urls), startForRecording: (urls) => start(urls, { GATEWAY_ENTITY_CACHE: '0' }) };
}

const hive: Contender = {
  name: 'Hive',
  async start(subgraphUrls) {
    const { child, line } = await startChild([HIVE], { HIVE_SUBGRAPH_URLS: JSON.stringify(subgraphUrls), PORT: '0' }, /Hive Gateway at http/, 'Hive');
    return { url: /(http:\S+)/.exec(line)![1], pid: child.pid!, stop: stopper(child) };
  },
};

function startBackends(scale: string): Promise<{ child: ChildProcess; subgraphs: Record<string, string> }> {
  const child = fork(BACKENDS, [], { env: { ...process.env, DATA_SCALE: scale, PLATFORM_TIMEOUT_MS: '10000', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve({ child, subgraphs: (message as { subgraphs: Record<string, string> }).subgraphs }));
    child.once('exit', (code) => reject(new Error(`the subgraphs' process exited with code ${code}`)));
  });
}

async function post(url: string, body: string, token: string): Promise<{ status: number; text: string; ms: number }> {
  const started = performance.now();
  const answer = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  const text = await answer.body.text();
  return { status: answer.statusCode, text, ms: performance.now() - started };
}

/** Every body through every gateway: 200, data, no errors, and the same `data` as the first gateway's. */
async function checkSameData(cases: BenchCase[], gateways: [string, Gateway][], token: string): Promise<number> {
  const problems: string[] = [];
  let bodies = 0;
  for (const benchCase of cases) {
    for (const [index, body] of benchCase.gateway.bodies.entries()) {
      bodies++;
      let reference: string | undefined;
      for (const [name, gateway] of gateways) {
        const where = `${benchCase.name} body ${index + 1} via ${name}`;
        const { status, text } = await post(gateway.url, body, token);
        const answer = JSON.parse(text) as { data?: unknown; errors?: { message: string }[] };
        if (status !== 200 || answer.errors?.length) {
          problems.push(`${where}: HTTP ${status} ${text.slice(0, 300)}`);
          continue;
        }
        const problem = benchCase.gateway.problem(answer.data);
        if (problem) problems.push(`${where}: ${problem}`);
        const data = JSON.stringify(answer.data);
        if (reference === undefined) reference = data;
        else if (data !== reference) problems.push(`${where}: data differs from ${gateways[0][0]}'s`);
      }
    }
  }
  if (problems.length) throw new Error(`The gateways' answers differ or fail, nothing measured:\n  ${problems.slice(0, 20).join('\n  ')}`);
  return bodies;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fixed = (value: number, digits: number, suffix = '') => (Number.isFinite(value) ? `${value.toFixed(digits)}${suffix}` : value === Infinity ? '∞' : 'n/a');
const failures = (f: LoadFigures) => f.non2xx + f.socketErrors + f.graphqlErrors;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  rps: number;
  cpuPerRequest: number;
  subgraphCallsPerRequest?: number;
}

/** Fetches made by our gateway so far, from its /metrics (Hive has none of ours). */
async function subgraphFetches(gatewayUrl: string): Promise<number | undefined> {
  try {
    const answer = await request(new URL('/metrics', gatewayUrl).toString());
    const text = await answer.body.text();
    let total = 0;
    for (const match of text.matchAll(/^gateway_subgraph_fetch_duration_seconds_count\{[^}]*\} (\d+)/gm)) total += Number(match[1]);
    return total;
  } catch {
    return undefined;
  }
}

async function measure(gateway: Gateway, bodies: string[], token: string, connections: number, seconds: number, warmupSeconds: number): Promise<Sample> {
  let cpuBefore = 0;
  let fetchesBefore: number | undefined;
  let measuring: Promise<void> = Promise.resolve();
  const report = await runLoad({ url: gateway.url, headers: { authorization: `Bearer ${token}` }, bodies, connections, seconds, warmupSeconds }, () => {
    cpuBefore = cpuMs(gateway.pid);
    measuring = subgraphFetches(gateway.url).then((n) => void (fetchesBefore = n));
  });
  const cpuAfter = cpuMs(gateway.pid);
  await measuring;
  const fetchesAfter = fetchesBefore === undefined ? undefined : await subgraphFetches(gateway.url);
  const figures = report.measured;
  if (failures(figures) + failures(report.warmup) > 0) throw new Error(`requests failed: ${JSON.stringify(figures)}`);
  // autocannon stops mid-flight: let the gateway finish those before the next run.
  await sleep(Math.min(5000, 2 * figures.p99Ms));
  return {
    rps: figures.requestsPerSecond,
    // NaN when nothing was answered in the run (printed as n/a).
    cpuPerRequest: figures.requests ? (cpuAfter - cpuBefore) / figures.requests : Number.NaN,
    // The /metrics read itself makes no subgraph call; the count includes the run's in-flight tail.
    subgraphCallsPerRequest: fetchesAfter === undefined || fetchesBefore === undefined ? undefined : (fetchesAfter - fetchesBefore) / figures.requests,
  };
}

/** Records the subgraph calls each body causes through a throwaway gateway of the contender. */
async function recordCalls(contender: Contender, subgraphUrls: Record<string, string>, cases: BenchCase[], token: string): Promise<Map<string, RecordedCall[][]>> {
  const recorder = await startRecorder(subgraphUrls);
  const gateway = await (contender.startForRecording ?? contender.start)(recorder.urls).catch(async (error: unknown) => {
    await recorder.close();
    throw error;
  });
  try {
    const plans = new Map<string, RecordedCall[][]>();
    for (const benchCase of cases) {
      for (const body of benchCase.gateway.bodies) {
        await post(gateway.url, body, token); // plans and caches warm
        recorder.take();
        await post(gateway.url, body, token);
        plans.set(body, waves(recorder.take()));
      }
    }
    return plans;
  } finally {
    await gateway.stop();
    await recorder.close();
  }
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  console.log(pad(header, widths));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(pad(row, widths));
}

export async function runVsHive(argv: string[]): Promise<void> {
  const rounds = positive('BENCH_ROUNDS', 3);
  const seconds = positive('BENCH_SECONDS', 5);
  const warmupSeconds = Math.min(seconds, positive('BENCH_WARMUP_SECONDS', 2));
  const connectionList = (process.env.BENCH_CONNECTIONS ?? '20,50').split(',').map(Number);
  const iterations = positive('BENCH_REPLAY_ITERATIONS', 200);
  const scale = process.env.BENCH_SCALE || process.env.DATA_SCALE || 'default';
  const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const config = readConfig({ ...process.env, DATA_SCALE: scale });

  const contenders: Contender[] = [ours('ours'), hive];
  if (argv.includes('--merge-off')) contenders.push(ours('ours, merge off', { GATEWAY_DEDUPE_INFLIGHT: '0' }));

  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), node ${process.version}; load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  console.log(`scale ${scale}; ${rounds} interleaved rounds; ${seconds} s measured after ${warmupSeconds} s warm-up per run; connections ${connectionList.join(', ')}`);
  console.log(`processes: subgraphs + platforms in one, each gateway in its own, autocannon in its own; contenders: ${contenders.map((c) => c.name).join(', ')}`);

  const cases = comparisonCases(datasetFor(config.dataScale, config.dataSeed)).filter((c) => !only || only.some((prefix) => c.name.startsWith(prefix)));
  const token = await signToken({ kind: 'office' }, config.jwtSecret, { subject: 'bench', expiresIn: '4h' });
  const started = Date.now();
  const backends = await startBackends(scale);
  const gateways: [string, Gateway][] = [];
  try {
    console.log(`subgraphs ready (views built) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const plans = new Map<string, Map<string, RecordedCall[][]>>();
    for (const contender of contenders) plans.set(contender.name, await recordCalls(contender, backends.subgraphs, cases, token));
    for (const contender of contenders) gateways.push([contender.name, await contender.start(backends.subgraphs)]);
    const checked = await checkSameData(cases, gateways, token);
    console.log(`same data: all ${checked} request bodies answered 200 with identical data and no errors by ${gateways.map(([n]) => n).join(', ')}\n`);

    // samples[case][connections][contender] = one Sample per round
    const samples = new Map<string, Sample[]>();
    const key = (c: string, n: number, g: string) => `${c}|${n}|${g}`;
    for (let round = 1; round <= rounds; round++) {
      for (const benchCase of cases) {
        for (const connections of connectionList) {
          // Interleaved: each round, the order of the gateways rotates.
          const order = gateways.map((_, i) => gateways[(i + round - 1) % gateways.length]);
          const line: string[] = [];
          for (const [name, gateway] of order) {
            const sample = await measure(gateway, benchCase.gateway.bodies, token, connections, seconds, warmupSeconds);
            const list = samples.get(key(benchCase.name, connections, name)) ?? [];
            list.push(sample);
            samples.set(key(benchCase.name, connections, name), list);
            line.push(`${name} ${sample.rps.toFixed(0)}`);
          }
          console.log(`round ${round}, ${benchCase.name}, c=${connections}: ${line.join(', ')} req/s`);
        }
      }
    }

    console.log(`\nMedian of ${rounds} rounds (ratio: median of each round's ours ÷ Hive; CPU: gateway process user+system ms per request; calls: our subgraph fetches per request):\n`);
    const header = ['query', 'c', ...contenders.map((c) => `${c.name} req/s`), 'ours/Hive', ...contenders.map((c) => `CPU ms ${c.name}`), 'calls/req ours'];
    const rows: string[][] = [];
    for (const benchCase of cases) {
      for (const connections of connectionList) {
        const of = (name: string) => samples.get(key(benchCase.name, connections, name))!;
        const ratios = of('ours').map((s, i) => s.rps / of('Hive')[i].rps);
        const calls = of('ours').map((s) => s.subgraphCallsPerRequest ?? Number.NaN);
        rows.push([
          benchCase.name,
          String(connections),
          ...contenders.map((c) => median(of(c.name).map((s) => s.rps)).toFixed(0)),
          fixed(median(ratios), 2, '×'),
          ...contenders.map((c) => fixed(median(of(c.name).map((s) => s.cpuPerRequest)), 2)),
          fixed(median(calls), 2),
        ]);
      }
    }
    printTable(header, rows);

    console.log(`\nOverhead at 1 connection: p50 of the request through the gateway minus p50 of a replay of the same gateway's subgraph calls straight to the subgraphs (${iterations} interleaved requests per query and gateway):\n`);
    const overheadRows: string[][] = [];
    for (const benchCase of cases) {
      const through = new Map<string, number[]>();
      const direct = new Map<string, number[]>();
      for (let i = 0; i < iterations; i++) {
        const body = benchCase.gateway.bodies[i % benchCase.gateway.bodies.length];
        for (const [name, gateway] of gateways) {
          const { ms } = await post(gateway.url, body, token);
          const replayStarted = performance.now();
          await replay(plans.get(name)!.get(body)!);
          const replayMs = performance.now() - replayStarted;
          if (i >= 10) {
            // The first ten warm connections and caches.
            through.set(name, [...(through.get(name) ?? []), ms]);
            direct.set(name, [...(direct.get(name) ?? []), replayMs]);
          }
        }
      }
      const callCount = (name: string) => plans.get(name)!.get(benchCase.gateway.bodies[0])!.flat().length;
      const waveCount = (name: string) => plans.get(name)!.get(benchCase.gateway.bodies[0])!.length;
      overheadRows.push([
        benchCase.name,
        ...gateways.flatMap(([name]) => {
          const p50 = median(through.get(name)!);
          const replayP50 = median(direct.get(name)!);
          return [`${p50.toFixed(2)} / ${replayP50.toFixed(2)}`, `${(p50 - replayP50).toFixed(2)}`, `${callCount(name)} in ${waveCount(name)}`];
        }),
      ]);
    }
    printTable(['query', ...gateways.flatMap(([name]) => [`${name} p50 / replay ms`, `${name} overhead ms`, `${name} calls in waves`])], overheadRows);
    console.log(`\nload average at end: ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  } finally {
    for (const [, gateway] of gateways) await gateway.stop();
    await stopper(backends.child)();
  }
}
