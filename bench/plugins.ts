// What the hardening and metrics plugins cost: the benchmark's queries against two copies of the
// system in this process, one as deployed and one whose servers run without those plugins (no
// query limits, rate limit, operation-name check, error exposure, argument guard or metrics).
// Runs are interleaved (with, without, then without, with in the next round). Each cost is the
// median over rounds of that round's own ratio (with ÷ without, measured back to back), so drift
// of a noisy machine falls on both sides of a ratio alike; the spread of those ratios (lowest to
// highest) is printed beside it, to tell a cost from noise.
// Besides req/s it reports CPU per request of this process: only the copy under load works, and
// CPU time is steadier than throughput when other work shares the machine. Each run starts after
// a full garbage collection (the copies share one heap), with the systems' timers (change-feed
// reads, dispatch retries) set to an hour unless the environment says otherwise.
// Run: npm run bench:plugins [-- --only=1,3] [-- --target=gateway]
//   --only=1,3           only the queries whose names start with these numbers (bench/queries.ts)
//   --target=gateway     only requests through the gateway (or: direct, straight to the subgraph)
//   BENCH_SCALE = default    data size (test | default | city)
//   BENCH_CONNECTIONS = 20   BENCH_SECONDS = 5   BENCH_WARMUP_SECONDS = 2   BENCH_ROUNDS = 5
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { log } from '../lib/log';
import { datasetFor } from '../platforms/data/generate';
import { startSystem, type RunningSystem } from '../system';
import { positiveInteger, runLoad, type LoadFigures } from './load';
import { benchCases, type BenchTarget } from './queries';

log.level = process.env.LOG_LEVEL || 'warn';

const connections = positiveInteger('BENCH_CONNECTIONS', 20);
const seconds = positiveInteger('BENCH_SECONDS', 5);
const warmupSeconds = Math.min(seconds, positiveInteger('BENCH_WARMUP_SECONDS', 2));
const rounds = positiveInteger('BENCH_ROUNDS', 5);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const targetFilter = process.argv.find((a) => a.startsWith('--target='))?.slice('--target='.length);
if (targetFilter !== undefined && targetFilter !== 'gateway' && targetFilter !== 'direct') throw new Error('--target= takes gateway or direct');

interface Sample {
  figures: LoadFigures;
  cpuMsPerRequest: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const percent = (ratio: number) => `${(100 * ratio).toFixed(1)}%`;
/** The median of per-round costs and their spread, e.g. `3.1% (-2.0…7.4)`. */
function cost(costs: number[]): string {
  return `${percent(median(costs))} (${(100 * Math.min(...costs)).toFixed(1)}…${(100 * Math.max(...costs)).toFixed(1)})`;
}
const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(url: string, token: string, target: BenchTarget): Promise<Sample> {
  // Both systems share this heap: the garbage of the previous run is collected now, not in this one.
  collectGarbage();
  const before = process.cpuUsage();
  const report = await runLoad({ url, headers: { authorization: `Bearer ${token}` }, bodies: target.bodies, connections, seconds, warmupSeconds });
  const cpu = process.cpuUsage(before);
  const failures = report.measured.non2xx + report.measured.socketErrors + report.measured.graphqlErrors;
  if (failures > 0) throw new Error(`${failures} failed requests at ${url}`);
  // Let the servers finish what autocannon left in flight before the next run.
  await sleep(Math.min(5000, 2 * report.measured.p99Ms));
  const requests = report.measured.requests + report.warmup.requests;
  return { figures: report.measured, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / requests };
}

/** A full collection when node runs with --expose-gc (npm run bench:plugins does). */
const collectGarbage = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Where a target's requests go in one system: its gateway, or the subgraph asked directly. */
const urlOf = (system: RunningSystem, target: BenchTarget): string => (target.via === 'gateway' ? system.gateway.url : system.subgraphs[target.via].url);

async function main(): Promise<void> {
  // The views' change-feed reads and the office's dispatch retries run on timers; the data does
  // not change here, and a timer's work falling into one run and not the other was noise.
  const env = { PLATFORM_TIMEOUT_MS: '10000', SUBGRAPH_TIMEOUT_MS: '15000', SYNC_INTERVAL_MS: '3600000', DISPATCH_RETRY_INTERVAL_MS: '3600000', ...process.env, REDIS_URL: '', DATABASE_URL: '' };
  const scale = process.env.BENCH_SCALE || 'default';
  console.log(`machine: ${os.cpus().length} cores, node ${process.version}; load average ${loadAverage()}`);
  console.log(`scale ${scale}; ${connections} connections; ${rounds} interleaved rounds of ${seconds} s (+${warmupSeconds} s warm-up) per figure; medians`);
  const folders = [mkdtempSync(join(os.tmpdir(), 'bench-plugins-')), mkdtempSync(join(os.tmpdir(), 'bench-plugins-'))];
  const base = readConfig({ ...env, DATA_SCALE: scale });
  const dataset = datasetFor(base.dataScale, base.dataSeed);
  const start = (plugins: boolean, folder: string) =>
    startSystem({ config: readConfig({ ...env, DATA_SCALE: scale, OFFICE_DATA_DIR: join(folder, 'office'), PLATFORM_DATA_DIR: join(folder, 'platforms') }), fixedPorts: false, dataset, plugins });
  const systems: Record<'with' | 'without', RunningSystem> = { with: await start(true, folders[0]), without: await start(false, folders[1]) };
  try {
    await Promise.all(Object.values(systems).map((s) => s.viewsReady(600_000)));
    const token = await signToken({ kind: 'office' }, base.jwtSecret, { subject: 'bench', expiresIn: '2h' });
    // Both systems share this process's compiled code: whichever runs first pays for compiling it
    // (and the first query for the caches), which once showed as a 30% "cost" on the first query.
    // Every query runs on both systems first, unmeasured.
    const targets = benchCases(dataset)
      .filter((c) => !only || only.some((prefix) => c.name.startsWith(prefix)))
      .flatMap((c) => [c.gateway, c.direct].flatMap((target) => (target && (!targetFilter || (targetFilter === 'gateway') === (target.via === 'gateway')) ? [{ name: c.name, target }] : [])));
    if (targets.length === 0) throw new Error('--only / --target leave no query to measure');
    for (const { target } of targets) {
      for (const variant of ['with', 'without'] as const) {
        const url = urlOf(systems[variant], target);
        await runLoad({ url, headers: { authorization: `Bearer ${token}` }, bodies: target.bodies, connections, seconds: warmupSeconds, warmupSeconds });
      }
    }
    const rows: string[][] = [];
    for (const { name, target } of targets) {
      const samples: Record<'with' | 'without', Sample[]> = { with: [], without: [] };
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? (['with', 'without'] as const) : (['without', 'with'] as const);
        for (const variant of order) {
          samples[variant].push(await measure(urlOf(systems[variant], target), token, target));
        }
      }
      const rps = (v: 'with' | 'without') => median(samples[v].map((s) => s.figures.requestsPerSecond));
      const cpu = (v: 'with' | 'without') => median(samples[v].map((s) => s.cpuMsPerRequest));
      const p50 = (v: 'with' | 'without') => median(samples[v].map((s) => s.figures.p50Ms ?? Number.NaN));
      // Each round's own costs: the share of throughput lost and the CPU per request added.
      const throughputCosts = samples.with.map((s, i) => 1 - s.figures.requestsPerSecond / samples.without[i].figures.requestsPerSecond);
      const cpuCosts = samples.with.map((s, i) => s.cpuMsPerRequest / samples.without[i].cpuMsPerRequest - 1);
      const row = [
        name,
        target.via,
        rps('with').toFixed(0),
        rps('without').toFixed(0),
        cost(throughputCosts),
        cpu('with').toFixed(3),
        cpu('without').toFixed(3),
        cost(cpuCosts),
        `${p50('with').toFixed(2)} / ${p50('without').toFixed(2)}`,
        loadAverage().split(' ')[0],
      ];
      console.log(row.join('  '));
      rows.push(row);
    }
    const header = ['query', 'target', 'req/s with', 'req/s without', 'throughput cost (spread)', 'CPU ms/req with', 'without', 'CPU cost (spread)', 'p50 ms with / without', 'load'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    console.log(`\n${header.map((h, i) => h.padEnd(widths[i])).join('  ')}`);
    for (const row of rows) console.log(row.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
    console.log(`\nCosts: median over ${rounds} rounds of each round's own cost (throughput: 1 − req/s with ÷ without; CPU: with ÷ without − 1), lowest…highest round in brackets; load: 1-minute load average after the query.`);
    console.log(`load average at end: ${loadAverage()}`);
  } finally {
    await Promise.all(Object.values(systems).map((s) => s.close()));
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`\nBENCH FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
