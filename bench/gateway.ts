// Benchmark of the gateway's own overhead: representative queries through the gateway and the
// same queries straight to the subgraph that serves them, at a fixed concurrency.
// Run: npm run bench          (-- --replicas: 1, 2 and 4 gateway processes, bench/replicas.ts;
//                               -- --vs-hive: side by side with Hive Gateway, bench/vs-hive/run.ts)
//   BENCH_SCALE or DATA_SCALE = test | default | city   data size (BENCH_SCALE wins; default `default`, 100k businesses)
//   BENCH_CONNECTIONS = 20        concurrent connections of the load generator
//   BENCH_SECONDS = 10            measured seconds per run
//   BENCH_WARMUP_SECONDS = 3      warm-up seconds before each measured run (at most BENCH_SECONDS)
//   PLATFORM_TIMEOUT_MS = 10000, SUBGRAPH_TIMEOUT_MS = 15000   raised from 2000 / 5000 (see main)
//   LOG_LEVEL = warn              (request lines at info would fill the report)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import os from 'node:os';
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { log } from '../lib/log';
import { startSystem, type RunningSystem } from '../system';
import { runLoad, type LoadFigures, type LoadJob, positiveInteger } from './load';
import { benchCases, type BenchCase, type BenchTarget } from './queries';
import { runVsHive } from './vs-hive/run';

// A JSON line per request would fill the report; LOG_LEVEL still wins when set.
log.level = process.env.LOG_LEVEL || 'warn';

interface Settings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

interface Row {
  query: string;
  target: string;
  figures: LoadFigures;
  warmup: LoadFigures;
}

function readSettings(): Settings {
  const seconds = positiveInteger('BENCH_SECONDS', 10);
  return {
    connections: positiveInteger('BENCH_CONNECTIONS', 20),
    seconds,
    warmupSeconds: Math.min(seconds, positiveInteger('BENCH_WARMUP_SECONDS', 3)),
  };
}

/** Where a target's requests go and which headers prove the caller is the office. */
function endpoint(system: RunningSystem, target: BenchTarget, token: string): { url: string; headers: Record<string, string> } {
  // The gateway forwards the same token to the subgraph, which verifies it again.
  const headers = { authorization: `Bearer ${token}` };
  return { url: target.via === 'gateway' ? system.gateway.url : system.subgraphs[target.via].url, headers };
}

/** Sends every body of the target once and returns what was wrong with the answers. */
async function preflight(name: string, target: BenchTarget, url: string, headers: Record<string, string>): Promise<string[]> {
  const problems: string[] = [];
  for (const [index, body] of target.bodies.entries()) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const answer = (await response.json().catch(() => null)) as { data?: unknown; errors?: { message: string }[] } | null;
    const where = `${name} via ${target.via}, body ${index + 1}/${target.bodies.length}`;
    if (response.status !== 200) problems.push(`${where}: HTTP ${response.status}`);
    else if (!answer) problems.push(`${where}: the answer is not JSON`);
    else if (answer.errors?.length) problems.push(`${where}: ${answer.errors.map((e) => e.message).join('; ')}`);
    else {
      const problem = target.problem(answer.data);
      if (problem) problems.push(`${where}: ${problem}`);
    }
  }
  return problems;
}

const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const failures = (f: LoadFigures) => f.non2xx + f.socketErrors + f.graphqlErrors;
const ms = (value: number) => value.toFixed(2);
const signedMs = (value: number) => `${value >= 0 ? '+' : ''}${ms(value)}`;

function printTable(rows: Row[]): void {
  const header = ['query', 'target', 'req/s', 'p50 ms', 'p99 ms', 'mean ms', 'requests', 'errors'];
  const lines = rows.map((r) => [
    r.query,
    r.target,
    r.figures.requestsPerSecond.toFixed(0),
    ms(r.figures.p50Ms),
    ms(r.figures.p99Ms),
    ms(r.figures.meanMs),
    String(r.figures.requests),
    `${failures(r.figures)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
}

function printOverhead(cases: BenchCase[], rows: Row[]): void {
  console.log('\nGateway overhead (gateway minus direct):');
  for (const benchCase of cases) {
    const gateway = rows.find((r) => r.query === benchCase.name && r.target === 'gateway');
    const direct = rows.find((r) => r.query === benchCase.name && r.target !== 'gateway');
    if (!gateway || !direct) continue;
    const p50 = gateway.figures.p50Ms - direct.figures.p50Ms;
    const p99 = gateway.figures.p99Ms - direct.figures.p99Ms;
    const share = (100 * gateway.figures.requestsPerSecond) / direct.figures.requestsPerSecond;
    console.log(`  ${benchCase.name}: p50 ${signedMs(p50)} ms, p99 ${signedMs(p99)} ms; gateway throughput ${share.toFixed(0)}% of direct (${direct.target})`);
  }
}

async function main(): Promise<void> {
  const settings = readSettings();
  // The platform stand-ins share one event loop with the subgraphs and the gateway, so under
  // saturating load the queue in that loop, not a platform, would trip the production timeouts
  // (2 s / 5 s). The bench raises them unless the environment sets them.
  const env = { PLATFORM_TIMEOUT_MS: '10000', SUBGRAPH_TIMEOUT_MS: '15000', ...process.env };
  // The platforms' writes go to a throwaway store: a bench never meets the stores of npm start.
  const platformDir = mkdtempSync(join(tmpdir(), 'ssj-bench-platforms-'));
  const config = readConfig({ ...env, DATA_SCALE: process.env.BENCH_SCALE || process.env.DATA_SCALE || 'default', PLATFORM_DATA_DIR: platformDir });
  const cpus = os.cpus();
  console.log(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${os.platform()} ${os.arch()}`);
  console.log(`scale: ${config.dataScale}; concurrency: ${settings.connections} connections; duration: ${settings.seconds} s per run after ${settings.warmupSeconds} s warm-up`);
  console.log('load generator: autocannon 8 in a child process; the system (gateway, subgraphs, platform stand-ins) shares this one');
  console.log(`timeouts: platform ${config.platformTimeoutMs} ms, subgraph ${config.subgraphTimeoutMs} ms (PLATFORM_TIMEOUT_MS / SUBGRAPH_TIMEOUT_MS; bench defaults 10000 / 15000)`);
  console.log(`load average at start (1/5/15 min): ${loadAverage()}; other work on the machine skews the figures`);

  const started = Date.now();
  const system = await startSystem({ config, fixedPorts: false });
  try {
    console.log(`system started in ${((Date.now() - started) / 1000).toFixed(1)} s (${system.dataset.enterprises.length} businesses)\n`);
    const token = await signToken({ kind: 'office' }, config.jwtSecret, { subject: 'bench', expiresIn: '2h' });
    const cases = benchCases(system.dataset);
    const targets = cases.flatMap((c) => [c.gateway, c.direct].filter((t): t is BenchTarget => t !== null).map((target) => ({ benchCase: c, target })));

    const problems: string[] = [];
    for (const { benchCase, target } of targets) {
      const { url, headers } = endpoint(system, target, token);
      problems.push(...(await preflight(benchCase.name, target, url, headers)));
    }
    if (problems.length) throw new Error(`Preflight failed, nothing measured:\n  ${problems.join('\n  ')}`);
    console.log(`preflight: all ${targets.reduce((n, t) => n + t.target.bodies.length, 0)} request bodies answered 200 with data and no errors`);

    const rows: Row[] = [];
    for (const { benchCase, target } of targets) {
      const job: LoadJob = { ...endpoint(system, target, token), bodies: target.bodies, ...settings };
      process.stdout.write(`running ${benchCase.name} via ${target.via} ... `);
      const report = await runLoad(job);
      console.log(`${report.measured.requestsPerSecond.toFixed(0)} req/s`);
      rows.push({ query: benchCase.name, target: target.via, figures: report.measured, warmup: report.warmup });
      // autocannon stops mid-flight: let the servers finish those requests before the next run or the close.
      await sleep(Math.min(10_000, 2 * report.measured.p99Ms));
    }

    console.log(`\nload average at end (1/5/15 min): ${loadAverage()}\n`);
    printTable(rows);
    printOverhead(cases, rows);
    console.log('\nNotes:');
    for (const benchCase of cases) console.log(`  ${benchCase.name}: ${benchCase.note}`);
    console.log('  errors = non-2xx + connection errors/timeouts + answers with GraphQL errors, over every response of the run');
    console.log('  latencies are exact per-response times measured by the load generator (2xx responses)');

    const failed = rows.filter((r) => failures(r.figures) + failures(r.warmup) > 0);
    if (failed.length) {
      const detail = failed.map((r) => `${r.query} via ${r.target}: measured ${JSON.stringify(r.figures)}, warm-up ${JSON.stringify(r.warmup)}`);
      throw new Error(`Requests failed during the benchmark:\n  ${detail.join('\n  ')}`);
    }
  } finally {
    await system.close();
  }
}

// `npm run bench -- --replicas`: the gateway replicated (bench/replicas.ts); `-- --vs-hive`: beside Hive Gateway.
const run = process.argv.includes('--replicas')
  ? () => import('./replicas').then((m) => m.benchReplicas())
  : process.argv.includes('--vs-hive')
    ? () => runVsHive(process.argv.slice(2))
    : main;
run().catch((error: unknown) => {
  console.error(`\nBENCH FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
