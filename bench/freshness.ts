// Freshness of the office's views: how long from a task written (through the graph, or on the
// unit's platform directly) until it shows in the dashboard's statistics and in the office's
// duplicate findings. The task is a fire-and-rescue visit to a business that market regulation
// visits the same day, so it is both a new task of the year and a new duplicate visit.
import { DEPARTMENT_CLIENTS } from '../system/departments';
import type { NewTask } from '../subgraphs/kit/platform';
import { ask, dashboardReport, type BenchSystem } from './city-system';

const TEMPLATE = `{
  market: department(code: "market") { tasks(filter: { year: 2025, from: "2025-11-03", to: "2025-11-28" }, first: 100) { nodes { enterprise { uscc } plannedOn status } } }
  fire: department(code: "fire") { plans(year: 2025) { id periodStart periodEnd } items { code } inspectors { id active } }
}`;
const REPORT = `query { duplicateReport(period: { year: 2025 }) { visitsSaved } }`;

export interface Freshness {
  statisticsMs: number | null;
  duplicatesMs: number | null;
}

let written = 0;

/** A new fire task on a business market visits, planned the same day (another each call). */
async function newTask(system: BenchSystem): Promise<NewTask> {
  const { data, errors } = await ask(system, TEMPLATE);
  if (!data) throw new Error(`template query failed: ${errors[0]?.message}`);
  const visits = data.market.tasks.nodes.filter((task: { status: string }) => task.status !== 'CANCELLED' && task.status !== 'cancelled');
  const chosen = visits[written % visits.length];
  const visit = { uscc: chosen.enterprise.uscc as string, plannedOn: chosen.plannedOn as string };
  const plan = data.fire.plans.find((p: { periodStart: string; periodEnd: string }) => p.periodStart <= visit.plannedOn && visit.plannedOn <= p.periodEnd) ?? data.fire.plans[0];
  const inspectors = data.fire.inspectors.filter((inspector: { active: boolean }) => inspector.active).slice(0, 2).map((inspector: { id: string }) => inspector.id);
  written += 1;
  return { externalKey: `bench-freshness/${Date.now()}/${written}`, planId: plan.id, uscc: visit.uscc, itemCodes: [data.fire.items[0].code], inspectorIds: inspectors, plannedOn: visit.plannedOn };
}

function drawnDenominator(body: string): number {
  const report = JSON.parse(body).data.complianceStatistics;
  return report.total.figures.find((figure: { key: string }) => figure.key === 'drawnInspected').denominator;
}

/** Writes one task (`how`), then polls the dashboard and the duplicate report until both show it. */
export async function measureFreshness(system: BenchSystem, how: 'graph' | 'platform', timeoutMs: number): Promise<Freshness> {
  const task = await newTask(system);
  const statisticsBefore = drawnDenominator((await dashboardReport(system)).body);
  const duplicatesBefore = (await ask(system, REPORT)).data.duplicateReport.visitsSaved;
  const begin = performance.now();
  if (how === 'graph') {
    const answer = await ask(system, `mutation ($t: [NewTaskInput!]!) { fireCreateTasks(unitCode: "fire", tasks: $t) { task { id } } }`, { t: [task] });
    if (answer.errors.length > 0) throw new Error(`write failed: ${answer.errors[0].message}`);
  } else {
    await DEPARTMENT_CLIENTS.fire(system.platformUrl('fire'), system.config).createTasks('fire', [task]);
  }
  const result: Freshness = { statisticsMs: null, duplicatesMs: null };
  while ((result.statisticsMs === null || result.duplicatesMs === null) && performance.now() - begin < timeoutMs) {
    const [statistics, duplicates] = await Promise.all([dashboardReport(system), ask(system, REPORT)]);
    const now = performance.now() - begin;
    if (result.statisticsMs === null && drawnDenominator(statistics.body) === statisticsBefore + 1) result.statisticsMs = now;
    if (result.duplicatesMs === null && duplicates.data?.duplicateReport.visitsSaved !== duplicatesBefore) result.duplicatesMs = now;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return result;
}
