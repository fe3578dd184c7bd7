// End-to-end time of the office's duplicate findings through the gateway at `city` scale: the
// system started (BENCH_LAYOUT=one, as npm start, or processes), its views and the office's
// visit index built, then duplicateVisits and duplicateReport as the office: the first answer
// after the build (findings computed from the index) and warm (kept while no visit changes),
// and how soon a task written through the graph shows in them.
// Run: `npm run bench:duplicates -- --e2e [--scale=city] [--runs=20]`.
import { cpus, loadavg } from 'node:os';
import { ask, startBenchSystem, waitForViews, type Layout } from './city-system';
import { measureFreshness } from './freshness';

const QUERY = `query ($period: DuplicatePeriodInput!, $first: Int) {
  duplicateVisits(period: $period, first: $first) { totalCount visitsSaved edges { node { key uscc unitCodes visitsSaved business { name } } } } }`;
const REPORT = `query ($period: DuplicatePeriodInput!) { duplicateReport(period: $period) { duplicateGroups visitsSaved businessesOverCap } }`;

function argument(name: string, fallback: string): string {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function runEndToEnd(): Promise<void> {
  const scale = argument('scale', 'city');
  const runs = Number(argument('runs', '20'));
  const layout = (process.env.BENCH_LAYOUT || 'one') as Layout;
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_SCALE: scale };
  if (layout === 'processes') {
    env.REDIS_URL ||= 'redis://127.0.0.1:6379';
    env.CACHE_PREFIX = `ssj-bench-${Date.now()}:`;
  }
  const system = await startBenchSystem(layout, env, () => undefined);
  try {
    console.log(`system at ${scale} scale (${layout}) up in ${system.startedMs} ms; views built ${await waitForViews(system, console.log)} ms later`);
    const timed = async (query: string, variables: Record<string, unknown>) => {
      const answer = await ask(system, query, variables);
      if (answer.errors.length > 0) throw new Error(`query failed: ${JSON.stringify(answer.errors).slice(0, 500)}`);
      return answer;
    };
    const first = await timed(QUERY, { period: { year: 2025 }, first: 20 });
    const times: number[] = [];
    for (let run = 0; run < runs; run++) times.push((await timed(QUERY, { period: { year: 2025 }, first: 20 })).ms);
    const last = first.data.duplicateVisits;
    console.log(`duplicateVisits(year 2025, first 20): first after the build ${first.ms.toFixed(0)} ms; warm median of ${runs} ${median(times).toFixed(1)} ms`);
    console.log(`  groups ${last.totalCount}, visits saved ${last.visitsSaved}, top group ${last.edges[0]?.node.uscc} (${last.edges[0]?.node.business.name}) saves ${last.edges[0]?.node.visitsSaved}`);
    const quarter = await timed(QUERY, { period: { year: 2025, quarter: 3 }, first: 20 });
    console.log(`duplicateVisits(2025 Q3): ${quarter.ms.toFixed(0)} ms; groups ${quarter.data.duplicateVisits.totalCount}`);
    const reports: number[] = [];
    let report: any;
    for (let run = 0; run < runs; run++) {
      const answer = await timed(REPORT, { period: { year: 2025 } });
      reports.push(answer.ms);
      report = answer.data.duplicateReport;
    }
    console.log(`duplicateReport(2025): warm median of ${runs} ${median(reports).toFixed(1)} ms; unmerged ${report.duplicateGroups}, visits saved ${report.visitsSaved}, businesses over cap ${report.businessesOverCap}`);
    const fresh = await measureFreshness(system, 'graph', 15_000);
    console.log(`a task written through the graph shows in duplicateReport after ${fresh.duplicatesMs?.toFixed(0) ?? '—'} ms`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
  } finally {
    await system.close();
  }
}

if (process.argv[1]?.endsWith('duplicates-e2e.ts')) {
  runEndToEnd().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
