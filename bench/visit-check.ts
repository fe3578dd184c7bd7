// Benchmark of visitCheck at `city` scale (issue 12: under 20 ms p99): the check a unit's platform
// asks before it creates a task, answered by the office from its visit index.
//   npm run bench:visit-check
//   BENCH_SCALE=test|default|city BENCH_CONNECTIONS=10 BENCH_SECONDS=15 BENCH_REQUESTS=2000 npm run bench:visit-check
// Starts the whole system in this process (as `npm start`), waits until the units' views and the
// office's index are built, then asks visitCheck for businesses with visits (most of them) and
// without, a random member unit each, a day of 2025 and one of the unit's items:
//   - one client, BENCH_REQUESTS requests in turn: p50, p99, max (latency alone);
//   - BENCH_CONNECTIONS clients for BENCH_SECONDS (autocannon in a child process): req/s, p50, p99;
// each through the gateway and straight to the joint-office subgraph, side by side, and the
// decisions the checks gave.
import os from 'node:os';
import { MEMBER_UNITS } from '../config/units';
import { datasetFor } from '../platforms/data/generate';
import { ask, startBenchSystem, waitForViews, type BenchSystem } from './city-system';
import { runStatsLoad, type StatsLoadFigures } from './stats-load';

const scale = (process.env.BENCH_SCALE || 'city') as 'test' | 'default' | 'city';
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const sequential = Number(process.env.BENCH_REQUESTS ?? 2000);
const CHECK = `query ($uscc: ID!, $unit: ID!, $date: String!, $items: [ID!]) { visitCheck(uscc: $uscc, unit: $unit, date: $date, items: $items) {
  decision allowed unitVisits totalVisits exceeded { scope cap visits } joinable { date unitCodes taskIds daysApart withinCaps planId } } }`;

const ms = (value: number) => (Number.isNaN(value) ? '—' : `${value.toFixed(2)} ms`);
const percentile = (sorted: number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
const loadLine = (f: StatsLoadFigures) =>
  `${f.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(f.p50Ms)}, p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)}, ${f.requests} requests, ${f.failures} failures${f.firstBadAnswer ? ` (first: ${f.firstBadAnswer.slice(0, 160)})` : ''}`;

/** Deterministic variety: 4 in 5 checks on businesses some unit visits, the rest on any business. */
function variables(count: number): Record<string, unknown>[] {
  const dataset = datasetFor(scale);
  const tasks = Object.values(dataset.units).flatMap((unit) => unit.tasks);
  const units = MEMBER_UNITS.map((unit) => unit.code);
  let seed = 20251129;
  const next = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  return Array.from({ length: count }, (_, i) => {
    const uscc = i % 5 === 4 ? dataset.enterprises[next(dataset.enterprises.length)].uscc : tasks[next(tasks.length)].uscc;
    const unit = units[next(units.length)];
    const items = dataset.units[unit].items;
    const month = String(1 + next(12)).padStart(2, '0');
    const day = String(1 + next(28)).padStart(2, '0');
    return { uscc, unit, date: `2025-${month}-${day}`, items: [items[next(items.length)].code] };
  });
}

async function sequentialRun(url: string, token: string, bodies: string[]): Promise<{ p50: number; p99: number; max: number; decisions: Map<string, number> }> {
  const times: number[] = [];
  const decisions = new Map<string, number>();
  for (const body of bodies) {
    const begin = performance.now();
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    const answer = (await response.json()) as { data?: { visitCheck: { decision: string } }; errors?: { message: string }[] };
    times.push(performance.now() - begin);
    if (answer.errors?.length || !answer.data) throw new Error(`visitCheck failed: ${JSON.stringify(answer.errors?.[0])}`);
    decisions.set(answer.data.visitCheck.decision, (decisions.get(answer.data.visitCheck.decision) ?? 0) + 1);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times[times.length - 1], decisions };
}

async function measure(system: BenchSystem): Promise<void> {
  const all = variables(sequential + 5000).map((vars) => JSON.stringify({ query: CHECK, variables: vars }));
  const warmup = all.slice(sequential, sequential + 200);
  const targets = [
    ['through the gateway', `${system.origin}/graphql`],
    ['joint-office subgraph directly', system.subgraphUrl('joint-office')],
  ] as const;
  for (const [, url] of targets) await sequentialRun(url, system.token, warmup);
  for (const [label, url] of targets) {
    const run = await sequentialRun(url, system.token, all.slice(0, sequential));
    const decisions = [...run.decisions].map(([decision, count]) => `${decision} ${count}`).join(', ');
    console.log(`visitCheck, 1 client, ${sequential} requests, ${label}: p50 ${ms(run.p50)}, p99 ${ms(run.p99)}, max ${ms(run.max)} (decisions: ${decisions})`);
  }
  const headers = { authorization: `Bearer ${system.token}` };
  for (const [label, url] of targets) {
    const load = await runStatsLoad({ url, headers, body: all[0], bodies: all.slice(sequential), connections, seconds });
    console.log(`visitCheck, ${connections} clients, ${seconds} s, ${label}: ${loadLine(load)}`);
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const system = await startBenchSystem('one', { ...process.env, DATA_SCALE: scale }, (line) => (/built|restored/.test(line) ? console.log(`  ${line}`) : undefined));
  try {
    console.log(`started in ${(system.startedMs / 1000).toFixed(1)} s (scale ${scale}, one process)`);
    const buildMs = await waitForViews(system, console.log);
    const index = await ask<{ visitProposals: { totalCount: number; visitsSaved: number } }>(system, `{ visitProposals(year: 2025, first: 1) { totalCount visitsSaved } }`);
    console.log(`views and the office's visit index built ${(buildMs / 1000).toFixed(1)} s after start-up; RSS ${system.rssMb().toFixed(0)} MB; proposals for 2025: ${JSON.stringify(index.data?.visitProposals ?? index.errors)} (${index.ms.toFixed(0)} ms)`);
    await measure(system);
    console.log(`RSS at end ${system.rssMb().toFixed(0)} MB; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await system.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`BENCH FAILED: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
