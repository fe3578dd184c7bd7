// End-to-end time of the office's duplicateVisits query through the gateway (issue 4): the
// whole system in this process at `city` scale (platform stand-ins, subgraphs, gateway, office
// with an in-memory store), then the query as the office, timed from request to answer. The
// office reads every unit's tasks of the year through the graph (Department.visits), detects,
// and answers one page. Run: `npm run bench:duplicates -- --e2e [--scale=city] [--runs=3]`
// or `npx tsx bench/duplicates-e2e.ts`.
import { cpus, loadavg } from 'node:os';
import { readConfig } from '../config/env';
import { signToken } from '../lib/auth';
import { startSystem } from '../system';
import { openOfficeStore } from '../subgraphs/joint-office/store';

const QUERY = `query ($period: DuplicatePeriodInput!, $first: Int) {
  duplicateVisits(period: $period, first: $first) { totalCount visitsSaved edges { node { key uscc unitCodes visitsSaved business { name } } } } }`;
const REPORT = `query ($period: DuplicatePeriodInput!) { duplicateReport(period: $period) { duplicateGroups visitsSaved businessesOverCap } }`;

function argument(name: string, fallback: string): string {
  return process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

export async function runEndToEnd(): Promise<void> {
  const scale = argument('scale', 'city');
  const runs = Number(argument('runs', '3'));
  const started = Date.now();
  // Generous timeouts: this measures the query, not the bounds the gateway puts on it.
  const config = readConfig({ ...process.env, DATA_SCALE: scale, PLATFORM_TIMEOUT_MS: '60000', SUBGRAPH_TIMEOUT_MS: '120000', REDIS_URL: '' });
  const officeStore = await openOfficeStore({ backend: 'pglite', dataDir: 'memory://' });
  const system = await startSystem({ config, fixedPorts: false, officeStore });
  console.log(`system at ${scale} scale up in ${Date.now() - started} ms`);
  const token = await signToken({ kind: 'office' }, config.jwtSecret);
  const ask = async (query: string, variables: Record<string, unknown>) => {
    const begin = performance.now();
    const response = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
    if (body.errors?.length) throw new Error(`query failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    return { ms: performance.now() - begin, data: body.data! };
  };
  try {
    const times: number[] = [];
    let last: Record<string, any> = {};
    for (let run = 0; run < runs; run++) {
      const { ms, data } = await ask(QUERY, { period: { year: 2025 }, first: 20 });
      times.push(ms);
      last = data.duplicateVisits;
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`duplicateVisits(year 2025, first 20) through the gateway: runs ${times.map((t) => t.toFixed(0)).join(', ')} ms; median ${sorted[Math.floor(runs / 2)].toFixed(0)} ms`);
    console.log(`  groups ${last.totalCount}, visits saved ${last.visitsSaved}, top group ${last.edges[0]?.node.uscc} (${last.edges[0]?.node.business.name}) saves ${last.edges[0]?.node.visitsSaved}`);
    const quarter = await ask(QUERY, { period: { year: 2025, quarter: 3 }, first: 20 });
    console.log(`duplicateVisits(2025 Q3): ${quarter.ms.toFixed(0)} ms; groups ${quarter.data.duplicateVisits.totalCount}`);
    const report = await ask(REPORT, { period: { year: 2025 } });
    const r = report.data.duplicateReport;
    console.log(`duplicateReport(2025): ${report.ms.toFixed(0)} ms; unmerged ${r.duplicateGroups}, visits saved ${r.visitsSaved}, businesses over cap ${r.businessesOverCap}`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((v) => v.toFixed(1)).join(' ')}`);
  } finally {
    await system.close();
    await officeStore.close();
  }
}

if (process.argv[1]?.endsWith('duplicates-e2e.ts')) {
  runEndToEnd().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
