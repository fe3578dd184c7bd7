// The gateway replicated: the same mix of queries through 1, 2 and 4 gateway processes behind a
// round-robin proxy, with two replicas of every subgraph, each a process, on one PostgreSQL and
// one Redis (system/topology.ts). Prints req/s and p99 per gateway count, side by side, so how
// far the gateway scales on this machine is measured, not assumed (on 2 cores, processes
// compete for the same CPUs as the subgraphs and the load generator).
// Run: npm run bench -- --replicas   (or npm run bench:replicas); REDIS_URL and DATABASE_URL required
//   BENCH_SCALE or DATA_SCALE = test | default | city   (default `default`)
//   BENCH_CONNECTIONS = 20, BENCH_SECONDS = 10, BENCH_WARMUP_SECONDS = 3
//   BENCH_ROUNDS = 2: rounds over the gateway counts, in turn forwards and backwards (1 2 4, 4 2 1),
//   so a gateway count is not favoured by coming first; each figure is the median of its rounds
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { datasetFor } from '../platforms/data/generate';
import { startProxy } from '../system/proxy';
import { startTopology, type Replica } from '../system/topology';
import { runLoad, positiveInteger } from './load';
import { benchCases } from './queries';

const GATEWAY_COUNTS = [1, 2, 4];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function onServer(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** CPU seconds a process has used so far (Linux /proc; clock ticks of 1/100 s), NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of a process in MB (Linux /proc), NaN elsewhere. */
function residentMb(pid: number | undefined): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return Number(line?.split(/\s+/)[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory per component: each replica's, in MB. */
function memoryLine(replicas: Replica[]): string {
  const byComponent = new Map<string, number[]>();
  for (const r of replicas) byComponent.set(r.component, [...(byComponent.get(r.component) ?? []), residentMb(r.child.pid)]);
  return [...byComponent].map(([component, mbs]) => `${component} ${mbs.map((mb) => mb.toFixed(0)).join('/')}`).join(', ');
}

const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

export async function benchReplicas(): Promise<void> {
  const { REDIS_URL, DATABASE_URL } = process.env;
  if (!REDIS_URL || !DATABASE_URL) throw new Error('the replicated topology shares PostgreSQL and Redis: set REDIS_URL and DATABASE_URL');
  const scale = process.env.BENCH_SCALE || process.env.DATA_SCALE || 'default';
  const connections = positiveInteger('BENCH_CONNECTIONS', 20);
  const seconds = positiveInteger('BENCH_SECONDS', 10);
  const warmupSeconds = Math.min(seconds, positiveInteger('BENCH_WARMUP_SECONDS', 3));
  const rounds = positiveInteger('BENCH_ROUNDS', 2);
  const config = readConfig({ ...process.env, DATA_SCALE: scale });
  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}; load average at start ${loadAverage()}`);
  console.log(`scale: ${scale}; ${Math.max(...GATEWAY_COUNTS)} gateways and 2 replicas of every subgraph started, each a process; ${connections} connections, ${seconds} s after ${warmupSeconds} s warm-up per run`);

  // The office's tables in a database of their own, dropped at the end.
  const database = `bench_replicas_${randomBytes(4).toString('hex')}`;
  const url = new URL(DATABASE_URL);
  await onServer(DATABASE_URL, `CREATE DATABASE ${database}`);
  url.pathname = `/${database}`;
  const started = Date.now();
  const topology = await startTopology({
    gateways: Math.max(...GATEWAY_COUNTS),
    replicas: 2,
    env: { ...process.env, DATA_SCALE: scale, PLATFORM_DATA_DIR: mkdtempSync(join(os.tmpdir(), 'ssj-bench-platforms-')), DATABASE_URL: url.toString(), CACHE_PREFIX: `ssj-bench-${randomBytes(4).toString('hex')}:`, LOG_LEVEL: 'warn', PLATFORM_TIMEOUT_MS: '10000', SUBGRAPH_TIMEOUT_MS: '15000', RATE_LIMIT_REQUESTS: '0' },
    log: () => undefined,
    startTimeoutMs: 600_000,
  });
  try {
    const ready = async () => (await Promise.all(topology.replicas.map((r) => fetch(`${r.url}/readyz`).then((a) => a.ok, () => false)))).every(Boolean);
    while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 1000));
    console.log(`topology ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${topology.replicas.length} replica processes and the platforms`);
    console.log(`resident memory per replica, MB: ${memoryLine(topology.replicas)}`);

    const token = await signToken({ kind: 'office' }, config.jwtSecret, { subject: 'bench', expiresIn: '2h' });
    const cases = benchCases(datasetFor(config.dataScale, config.dataSeed));
    const bodies = cases.flatMap((c) => c.gateway.bodies);
    const gateways = topology.replicas.filter((r) => r.component === 'gateway').map((r) => r.url);
    const samples = new Map<number, { rps: number; p50: number; p99: number; requests: number; errors: number; spread: string }[]>();
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? GATEWAY_COUNTS : [...GATEWAY_COUNTS].reverse();
      for (const count of order) {
        // A proxy over the first `count` gateways: the subgraphs and their replicas stay the same.
        const proxy = await startProxy(`gateway x${count}`, gateways.slice(0, count), 0);
        try {
          process.stdout.write(`round ${round + 1}: ${count} gateway(s) ... `);
          // Where the CPU went during the run: the gateways, the subgraph replicas, and this
          // process (the proxies in front of every component).
          const cpuOf = (component: 'gateway' | 'subgraph') => topology.replicas.filter((r) => (r.component === 'gateway') === (component === 'gateway')).reduce((sum, r) => sum + cpuSeconds(r.child.pid), 0);
          const before = { gateway: cpuOf('gateway'), subgraph: cpuOf('subgraph'), proxies: process.cpuUsage() };
          const report = await runLoad({ url: `${proxy.url}/graphql`, headers: { authorization: `Bearer ${token}` }, bodies, connections, seconds, warmupSeconds });
          const m = report.measured;
          const proxies = process.cpuUsage(before.proxies);
          const cpu = `CPU s: gateways ${(cpuOf('gateway') - before.gateway).toFixed(1)}, subgraphs ${(cpuOf('subgraph') - before.subgraph).toFixed(1)}, proxies ${((proxies.user + proxies.system) / 1e6).toFixed(1)}`;
          console.log(`${m.requestsPerSecond.toFixed(0)} req/s, p99 ${m.p99Ms.toFixed(1)} ms; ${cpu} in ${seconds + warmupSeconds} s on ${os.cpus().length} cores; load average ${loadAverage()}`);
          // Requests per gateway, to show the proxy spread them evenly.
          const spread = Object.values(proxy.counts()).join('/');
          samples.set(count, [...(samples.get(count) ?? []), { rps: m.requestsPerSecond, p50: m.p50Ms, p99: m.p99Ms, requests: m.requests, errors: m.non2xx + m.socketErrors + m.graphqlErrors, spread }]);
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 2 * m.p99Ms)));
        } finally {
          await proxy.close();
        }
      }
    }
    const rows = GATEWAY_COUNTS.map((count) => {
      const runs = samples.get(count) ?? [];
      const pick = (f: (r: (typeof runs)[number]) => number) => median(runs.map(f));
      return [String(count), pick((r) => r.rps).toFixed(0), pick((r) => r.p50).toFixed(2), pick((r) => r.p99).toFixed(2), String(runs.reduce((n, r) => n + r.requests, 0)), String(runs.reduce((n, r) => n + r.errors, 0)), runs.map((r) => r.spread).join(' ')];
    });
    const header = ['gateways', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'requests per gateway'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    console.log(`\nresident memory per replica after the runs, MB: ${memoryLine(topology.replicas)}`);
    console.log(`load average at end ${loadAverage()}\n`);
    console.log(header.map((h, i) => h.padStart(widths[i])).join('  '));
    for (const row of rows) console.log(row.map((c, i) => c.padStart(widths[i])).join('  '));
    console.log(`\nmedians of ${rounds} round(s); requests and errors summed over them`);
    console.log(`queries: the gateway forms of ${cases.map((c) => c.name).join(', ')}, cycled per connection`);
    console.log('through one extra round-robin proxy in this process (what a load balancer adds); the load generator is a child process');
  } finally {
    await topology.close();
    await onServer(DATABASE_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}
