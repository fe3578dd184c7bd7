// The gateway replicated: the same mix of queries through 1, 2 and 4 gateway processes behind a
// round-robin proxy, with two replicas of every subgraph, each a process, on one PostgreSQL and
// one Redis (system/topology.ts). Prints req/s and p99 per gateway count, side by side, so how
// far the gateway scales on this machine is measured, not assumed (on 2 cores, processes
// compete for the same CPUs as the subgraphs and the load generator).
// Run: npm run bench -- --replicas   (or npm run bench:replicas); REDIS_URL and DATABASE_URL required
//   BENCH_SCALE or DATA_SCALE = test | default | city   (default `default`)
//   BENCH_CONNECTIONS = 20, BENCH_SECONDS = 10, BENCH_WARMUP_SECONDS = 3
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import pg from 'pg';
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { datasetFor } from '../platforms/data/generate';
import { startProxy } from '../system/proxy';
import { startTopology } from '../system/topology';
import { runLoad, positiveInteger } from './load';
import { benchCases } from './queries';

const GATEWAY_COUNTS = [1, 2, 4];

async function onServer(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

export async function benchReplicas(): Promise<void> {
  const { REDIS_URL, DATABASE_URL } = process.env;
  if (!REDIS_URL || !DATABASE_URL) throw new Error('the replicated topology shares PostgreSQL and Redis: set REDIS_URL and DATABASE_URL');
  const scale = process.env.BENCH_SCALE || process.env.DATA_SCALE || 'default';
  const connections = positiveInteger('BENCH_CONNECTIONS', 20);
  const seconds = positiveInteger('BENCH_SECONDS', 10);
  const warmupSeconds = Math.min(seconds, positiveInteger('BENCH_WARMUP_SECONDS', 3));
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

    const token = await signToken({ kind: 'office' }, config.jwtSecret, { subject: 'bench', expiresIn: '2h' });
    const cases = benchCases(datasetFor(config.dataScale, config.dataSeed));
    const bodies = cases.flatMap((c) => c.gateway.bodies);
    const gateways = topology.replicas.filter((r) => r.component === 'gateway').map((r) => r.url);
    const rows: string[][] = [];
    for (const count of GATEWAY_COUNTS) {
      // A proxy over the first `count` gateways: the subgraphs and their replicas stay the same.
      const proxy = await startProxy(`gateway x${count}`, gateways.slice(0, count), 0);
      try {
        process.stdout.write(`${count} gateway(s) ... `);
        const report = await runLoad({ url: `${proxy.url}/graphql`, headers: { authorization: `Bearer ${token}` }, bodies, connections, seconds, warmupSeconds });
        const m = report.measured;
        console.log(`${m.requestsPerSecond.toFixed(0)} req/s`);
        rows.push([String(count), m.requestsPerSecond.toFixed(0), m.p50Ms.toFixed(2), m.p99Ms.toFixed(2), String(m.requests), String(m.non2xx + m.socketErrors + m.graphqlErrors)]);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 2 * m.p99Ms)));
      } finally {
        await proxy.close();
      }
    }
    const header = ['gateways', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    console.log(`\nload average at end ${loadAverage()}\n`);
    console.log(header.map((h, i) => h.padStart(widths[i])).join('  '));
    for (const row of rows) console.log(row.map((c, i) => c.padStart(widths[i])).join('  '));
    console.log(`\nqueries: the gateway forms of ${cases.map((c) => c.name).join(', ')}, cycled per connection`);
    console.log('through one extra round-robin proxy in this process (what a load balancer adds); the load generator is a child process');
  } finally {
    await topology.close();
    await onServer(DATABASE_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}
