// Benchmark of the dashboard's main query (persisted operation DashboardReport: the whole
// jurisdiction's compliance report) through the gateway's /dashboard/graphql, at `city` scale:
//   npm run bench:stats                 (BENCH_SCALE=test|default|city, default city)
//   BENCH_CONNECTIONS=50 BENCH_SECONDS=20 npm run bench:stats
// Runs: one cold request alone (cache cleared: every unit counts from its platforms), then
// 50 clients for BENCH_SECONDS with the cache cleared before (cold), then with it warm.
import os from 'node:os';
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { startSystem } from '../system';
import { runStatsLoad, type StatsLoadFigures } from './stats-load';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
// Counting the city cold takes longer than the production bounds (2 s platform, 5 s subgraph):
// the bench raises them unless the environment sets them (see bench-stats.md).
const env = { PLATFORM_TIMEOUT_MS: '60000', SUBGRAPH_TIMEOUT_MS: '120000', ...process.env };
const config = readConfig({ ...env, DATA_SCALE: process.env.BENCH_SCALE || process.env.DATA_SCALE || 'city' });
const body = JSON.stringify({ operationName: 'DashboardReport', variables: { jurisdiction: '440800', year: 2025 } });

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
const settle = (figures: StatsLoadFigures) => sleep(Math.min(30_000, 2 * (figures.maxMs || 1000)));
const ms = (value: number | null) => (value ?? Number.NaN).toFixed(1).padStart(9);
const line = (name: string, f: StatsLoadFigures) =>
  `${name.padEnd(6)} ${String(f.requests).padStart(8)} ${f.requestsPerSecond.toFixed(1).padStart(9)} ${ms(f.p50Ms)} ${ms(f.p99Ms)} ${ms(f.maxMs)} ${String(f.failures).padStart(7)}`;

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`scale ${config.dataScale}, ${connections} connections, ${seconds} s per run; cache ${config.redisUrl ? 'Redis' : 'in-process LRU'}; timeouts platform ${config.platformTimeoutMs} ms, subgraph ${config.subgraphTimeoutMs} ms`);
  const started = Date.now();
  const system = await startSystem({ config, fixedPorts: false });
  try {
    console.log(`system started in ${((Date.now() - started) / 1000).toFixed(1)} s (${system.dataset.enterprises.length} businesses)`);
    const token = await signToken({ kind: 'office' }, config.jwtSecret, { subject: 'bench', expiresIn: '2h' });
    const url = `${new URL(system.gateway.url).origin}/dashboard/graphql`;
    const headers = { authorization: `Bearer ${token}` };

    
    const first = Date.now();
    const answer = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    const text = await answer.text();
    const firstMs = Date.now() - first;
    if (!text.startsWith('{"data":') || text.includes('"errors":')) throw new Error(`Cold request failed: ${text.slice(0, 400)}`);
    const report = JSON.parse(text).data.complianceStatistics;
    console.log(`one cold request: ${firstMs} ms (${report.units.length} units, complete ${report.complete}, answer ${(text.length / 1024).toFixed(0)} KiB)`);

    
    // The cold run lasts as long as one cold computation plus the normal run, so that it
    // measures the wait for the first counts and the serving that follows.
    const coldSeconds = seconds + Math.ceil(firstMs / 1000);
    const cold = await runStatsLoad({ url, headers, body, connections, seconds: coldSeconds });
    // autocannon stops mid-flight: let the servers finish those requests before the next run.
    await settle(cold);
    const warm = await runStatsLoad({ url, headers, body, connections, seconds });
    await settle(warm);
    console.log('\nrun    requests   req/s    p50 ms    p99 ms    max ms  errors');
    console.log(line('cold', cold), `(${coldSeconds} s, cache cleared before)`);
    console.log(line('warm', warm), `(${seconds} s)`);
    for (const [name, figures] of [['cold', cold], ['warm', warm]] as const) {
      if (figures.failures > 0) console.log(`${name}: ${figures.failures} failures; first: ${figures.firstBadAnswer ?? '(socket errors)'}`);
    }
    console.log(`\nload average at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await system.close();
  }
}

main().catch((error: unknown) => {
  console.error(`BENCH FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
