// Benchmark of the office's views at `city` scale (issue 8): the dashboard's main query and the
// duplicate findings, served from views kept up to date from the platforms' change feeds.
//   npm run bench:stats                      both layouts, city scale, 50 clients, 20 s
//   BENCH_LAYOUT=one|processes BENCH_SCALE=test|default|city BENCH_CONNECTIONS=50 BENCH_SECONDS=20 npm run bench:stats
// For each layout (everything in this process, as `npm start`; or platforms, subgraphs and
// gateway in processes of their own sharing Redis, as a deployment) it prints:
//   - the dashboard's main query right after start-up (complete, or SYNCING per unit; never a timeout);
//   - the first full build of the views (units' views and the office's visit index);
//   - memory once they are built;
//   - the dashboard's main query warm, 50 clients (and the same query on /graphql, where no
//     whole answer is kept, for comparison);
//   - duplicateVisits(year) and duplicateReport warm (one client, 20 requests each);
//   - freshness: a task written through the graph, and on a platform directly, until it shows in
//     the statistics and in the duplicate findings (SYNC_INTERVAL_MS, default 10 s, bounds the second).
import os from 'node:os';
import { ask, dashboardReport, startBenchSystem, waitForViews, type BenchSystem, type Layout } from './city-system';
import { measureFreshness } from './freshness';
import { runStatsLoad, type StatsLoadFigures } from './stats-load';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const scale = process.env.BENCH_SCALE || 'city';
const layouts: Layout[] = process.env.BENCH_LAYOUT ? [process.env.BENCH_LAYOUT as Layout] : ['one', 'processes'];
const DUPLICATES = `query { duplicateVisits(period: { year: 2025 }, first: 20) { totalCount visitsSaved edges { node { key uscc visitsSaved } } } }`;
const REPORT = `query { duplicateReport(period: { year: 2025 }) { duplicateGroups visitsSaved businessesOverCap } }`;

const log = (line: string) => console.log(line);
const ms = (value: number | null) => (value === null || Number.isNaN(value) ? '—' : `${value.toFixed(1)} ms`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const loadLine = (f: StatsLoadFigures) =>
  `${f.requests} requests, ${f.requestsPerSecond.toFixed(0)} req/s, p50 ${ms(f.p50Ms)}, p99 ${ms(f.p99Ms)}, max ${ms(f.maxMs)}, ${f.failures} failures${f.firstBadAnswer ? ` (first: ${f.firstBadAnswer.slice(0, 120)})` : ''}`;

function describeReport(body: string): string {
  const parsed = JSON.parse(body);
  const report = parsed.data?.complianceStatistics;
  if (!report) return `error ${JSON.stringify(parsed.errors?.[0]?.extensions?.code ?? parsed.errors?.[0]?.message)}`;
  const syncing = report.missingUnits.filter((unit: { syncing: unknown }) => unit.syncing).length;
  return report.complete ? 'complete' : `incomplete: ${syncing} of ${report.missingUnits.length} missing units SYNCING with progress`;
}

async function timed(system: BenchSystem, query: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const answer = await ask(system, query);
    if (answer.errors.length > 0) throw new Error(`${query.slice(0, 40)} failed: ${answer.errors[0].message}`);
    times.push(answer.ms);
  }
  return median(times);
}

async function measure(layout: Layout): Promise<void> {
  console.log(`\n=== layout: ${layout === 'one' ? 'one process (npm start)' : 'separate processes (platforms, each subgraph, gateway; shared Redis)'} ===`);
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_SCALE: scale };
  if (layout === 'processes') {
    env.REDIS_URL ||= 'redis://127.0.0.1:6379';
    env.CACHE_PREFIX = `ssj-bench-${Date.now()}:`;
  }
  const begin = Date.now();
  const system = await startBenchSystem(layout, env, (line) => (/built|restored|expired|did not answer/.test(line) ? log(`  ${line}`) : undefined));
  try {
    console.log(`started in ${(system.startedMs / 1000).toFixed(1)} s (scale ${scale}; sync interval ${system.config.syncIntervalMs} ms; cache ${env.REDIS_URL ? 'Redis' : 'in-process'})`);
    const first = await dashboardReport(system);
    console.log(`dashboard main query right after start-up: ${ms(first.ms)}, ${describeReport(first.body)}`);
    const buildMs = await waitForViews(system, log);
    console.log(`first full build of the views: ${(buildMs / 1000).toFixed(1)} s after start-up (${((Date.now() - begin) / 1000).toFixed(1)} s after the start command)`);
    const afterBuild = await dashboardReport(system);
    console.log(`dashboard main query once built: ${ms(afterBuild.ms)}, ${describeReport(afterBuild.body)}, answer ${(afterBuild.body.length / 1024).toFixed(0)} KiB`);
    console.log(`memory once built: RSS ${system.rssMb().toFixed(0)} MB`);

    const url = `${system.origin}/dashboard/graphql`;
    const headers = { authorization: `Bearer ${system.token}` };
    const body = JSON.stringify({ operationName: 'DashboardReport', variables: { jurisdiction: '440800', year: 2025 } });
    const cpuBefore = system.cpuMs();
    const warm = await runStatsLoad({ url, headers, body, connections, seconds });
    const cpuPerRequest = (system.cpuMs() - cpuBefore) / Math.max(1, warm.requests);
    console.log(`dashboard main query warm, ${connections} clients, ${seconds} s: ${loadLine(warm)}; system CPU ${cpuPerRequest.toFixed(2)} ms/request`);
    const { DASHBOARD_OPERATIONS } = await import('../gateway/dashboard/operations');
    const graphBody = JSON.stringify({ query: DASHBOARD_OPERATIONS.DashboardReport, variables: { jurisdiction: '440800', year: 2025 } });
    const direct = await runStatsLoad({ url: `${system.origin}/graphql`, headers, body: graphBody, connections, seconds: Math.min(seconds, 10) });
    console.log(`  the same query on /graphql (executed by the gateway each time): ${loadLine(direct)}`);

    console.log(`memory after the warm runs: RSS ${system.rssMb().toFixed(0)} MB`);
    await ask(system, DUPLICATES);
    console.log(`duplicateVisits(year 2025, first 20) warm, median of 20: ${ms(await timed(system, DUPLICATES, 20))}`);
    console.log(`duplicateReport(year 2025) warm, median of 20: ${ms(await timed(system, REPORT, 20))}`);

    const graph = await measureFreshness(system, 'graph', 15_000);
    console.log(`a task written through the graph → statistics ${ms(graph.statisticsMs)}, duplicates ${ms(graph.duplicatesMs)}`);
    const platform = await measureFreshness(system, 'platform', system.config.syncIntervalMs * 3);
    console.log(`a task written on the platform directly → statistics ${ms(platform.statisticsMs)}, duplicates ${ms(platform.duplicatesMs)} (sync interval ${system.config.syncIntervalMs} ms)`);
  } finally {
    await system.close();
  }
}

async function main(): Promise<void> {
  console.log(`machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const layout of layouts) await measure(layout);
  console.log(`\nload average at end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`BENCH FAILED: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
