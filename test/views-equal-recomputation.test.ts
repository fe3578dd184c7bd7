// Issue 8, "Done when": the incremental views (each unit's view, the office's visit index) equal a
// full recomputation after any sequence of writes, cancels, merges and platform-side changes,
// including restarts of the readers in the middle. Seeded generated sequences run on one test
// system; after every step each unit's statistics are compared with countUnit over the unit's
// whole year read straight from its platform and the credit system (the old computation), and
// the office's duplicate findings with the detection core over every unit's tasks read the same
// way. Writes through the graph (and merges) are also compared BEFORE syncNow: they show at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_IDS, findUnit, type PlatformId } from '../config/units';
import { dataCityOf, dataCityOfUscc } from '../config/divisions';
import { datasetFor } from '../platforms/data/generate';
import type { Task } from '../platforms/data/model';
import { DEPARTMENT_CLIENTS } from '../system/departments';
import { CreditPlatformClient } from '../subgraphs/credit/client';
import { unmergedReport } from '../subgraphs/joint-office/duplicates';
import { isMergeable } from '../subgraphs/joint-office/merging/findings';
import { confirmedCatalogue } from '../subgraphs/joint-office/merging/gather';
import { DUPLICATE_KEYS, type UnitCounts } from '../subgraphs/kit/statistics/catalog';
import { gatherUnitInput } from './helpers/full-recount';
import { statisticsScope } from '../subgraphs/kit/statistics/scope';
import { countUnit, countingRules, type UnitStatisticsInput } from '../subgraphs/kit/statistics/unit-counts';
import type { DepartmentPlatform } from '../subgraphs/kit/platform';
import { MERGE, REPORT, ok, plantVisits, unvisitedBusinesses, workdaysIn } from './helpers/duplicates';
import { startTestSystem, type TestSystem } from './helpers/system';

const SEEDS = [20250801, 20250802, 20250803];
const STEPS = 12;
const ASOF = '2025-12-31';
const YEAR = 2025;
const scope = statisticsScope('440800', YEAR, ASOF);
const dataset = datasetFor('test');
const UNITS = Object.keys(dataset.units);
// The platforms hold Zhanjiang's and Suizhou's records; this test counts Zhanjiang's.
const ENTERPRISES = dataset.enterprises.filter((enterprise) => dataCityOfUscc(enterprise.uscc) === '440800');
const ownPlans = (unitCode: string) => dataset.units[unitCode].plans.filter((plan) => dataCityOf(plan.scope.divisionCodes[0]) === '440800');

// ---------------------------------------------------------------------------------------------
// A small deterministic PRNG (mulberry32): the same seed gives the same sequence of steps.

function prng(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(values: readonly T[]): T => values[int(values.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
function dayBetween(rng: Rng, from: string, to: string): string {
  const span = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  return addDays(from, rng.int(span + 1));
}

// ---------------------------------------------------------------------------------------------
// The oracle: everything read straight from the platforms, counted by the old full computation.

interface Oracle {
  inputs: Map<string, UnitStatisticsInput>;
  counts: Map<string, UnitCounts>;
  duplicates: DuplicateSummary;
}

interface DuplicateSummary {
  totalCount: number;
  visitsSaved: number;
  /** key, visits saved and mergeable of every group, by key. */
  groups: string[];
  report: { duplicateGroups: number; visitsSaved: number; businessesOverCap: number };
}

let system: TestSystem;
let clients: Record<PlatformId, DepartmentPlatform>;
let credit: CreditPlatformClient;

const platformOf = (unitCode: string): PlatformId => findUnit(unitCode)!.platform;

async function recompute(): Promise<Oracle> {
  const divisions = scope.counting.divisions;
  const inputs = new Map(
    await Promise.all(UNITS.map(async (unitCode) => [unitCode, await gatherUnitInput(clients[platformOf(unitCode)], credit, { unitCode, year: YEAR, divisions, jurisdiction: '440800' })] as const)),
  );
  const counts = new Map([...inputs].map(([unitCode, input]) => [unitCode, countUnit(input, countingRules(scope.counting, ASOF))]));
  // The detection core over every unit's tasks of the year, plans and items from the platforms.
  // (The office's own joint plans would join the plans; this test creates none.)
  const all = [...inputs.values()];
  const report = unmergedReport(
    {
      tasks: all.flatMap((input) => input.every.tasks).filter((task) => task.plannedOn.startsWith(`${YEAR}-`)),
      plans: all.flatMap((input) => input.every.plans),
      items: all.flatMap((input) => input.items),
      catalogue: await confirmedCatalogue(system.officeStore),
    },
    { period: { year: YEAR }, caps: {}, filters: {} },
  );
  const duplicates: DuplicateSummary = {
    totalCount: report.groups.length,
    visitsSaved: report.visitsSaved,
    groups: report.groups.map((group) => `${group.key} saved=${group.visitsSaved} mergeable=${isMergeable(group)}`).sort(),
    report: { duplicateGroups: report.duplicateGroups, visitsSaved: report.visitsSaved, businessesOverCap: report.businessesOverCap },
  };
  return { inputs, counts, duplicates };
}

// ---------------------------------------------------------------------------------------------
// What the graph answers from the views and the visit index.

type GraphCount = { key: string; numerator: number; denominator: number | null };
type GraphStatistics = { indicators: GraphCount[]; divisions: { code: string; indicators: GraphCount[] }[] };

const STATISTICS = `{ departments { code statistics(jurisdiction: "440800", year: ${YEAR}, asOf: "${ASOF}") {
  indicators { key numerator denominator } divisions { code indicators { key numerator denominator } } } } }`;

const GROUPS = `query ($after: String) { duplicateVisits(period: { year: ${YEAR} }, first: 100, after: $after) {
  totalCount visitsSaved pageInfo { hasNextPage endCursor } edges { node { key visitsSaved mergeable } } } }`;

async function viewStatistics(): Promise<Map<string, GraphStatistics>> {
  const data = await ok<{ departments: { code: string; statistics: GraphStatistics }[] }>(system, STATISTICS, {});
  return new Map(data.departments.map((unit) => [unit.code, unit.statistics]));
}

async function viewDuplicates(): Promise<DuplicateSummary> {
  const groups: string[] = [];
  let after: string | null = null;
  let totals = { totalCount: 0, visitsSaved: 0 };
  do {
    type Page = { duplicateVisits: { totalCount: number; visitsSaved: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { key: string; visitsSaved: number; mergeable: boolean } }[] } };
    const page: Page = await ok<Page>(system, GROUPS, { after });
    const found = page.duplicateVisits;
    totals = { totalCount: found.totalCount, visitsSaved: found.visitsSaved };
    groups.push(...found.edges.map(({ node }) => `${node.key} saved=${node.visitsSaved} mergeable=${node.mergeable}`));
    after = found.pageInfo.hasNextPage ? found.pageInfo.endCursor : null;
  } while (after);
  const report = (await ok(system, REPORT, { period: { year: YEAR } })).duplicateReport;
  return {
    ...totals,
    groups: groups.sort(),
    report: { duplicateGroups: report.duplicateGroups, visitsSaved: report.visitsSaved, businessesOverCap: report.businessesOverCap },
  };
}

/** Every count as "indicator" or "indicator@division" → "numerator/denominator"; indicator 11 is the office's, not the unit's. */
function flatten(indicators: Iterable<[string, GraphCount | { numerator: number; denominator: number | null }]>, division?: string): [string, string][] {
  return [...indicators]
    .filter(([key]) => !DUPLICATE_KEYS.includes(key as never))
    .map(([key, count]) => [division ? `${key}@${division}` : key, `${count.numerator}/${count.denominator}`]);
}
const fromGraph = (s: GraphStatistics) =>
  new Map([
    ...flatten(s.indicators.map((count) => [count.key, count])),
    ...s.divisions.flatMap((d) => flatten(d.indicators.map((count) => [count.key, count]), d.code)),
  ]);
const fromCounts = (c: UnitCounts) =>
  new Map([...flatten(Object.entries(c.indicators)), ...Object.entries(c.divisions).flatMap(([code, byKey]) => flatten(Object.entries(byKey), code))]);

/** The counts where a unit's view and the recomputation differ, as readable lines. */
function countDifferences(views: Map<string, GraphStatistics>, oracle: Oracle): string[] {
  const lines: string[] = [];
  for (const unitCode of UNITS) {
    const view = views.get(unitCode);
    if (!view) {
      lines.push(`unit ${unitCode}: no statistics from its view`);
      continue;
    }
    const got = fromGraph(view);
    const want = fromCounts(oracle.counts.get(unitCode)!);
    for (const key of new Set([...got.keys(), ...want.keys()])) {
      if (got.get(key) !== want.get(key)) lines.push(`unit ${unitCode}, ${key}: view ${got.get(key) ?? '—'}, recomputed ${want.get(key) ?? '—'}`);
    }
  }
  return lines;
}

async function expectViewsEqual(oracle: Oracle, where: string): Promise<void> {
  expect(countDifferences(await viewStatistics(), oracle), `${where}: unit statistics differ from the recomputation`).toEqual([]);
  expect(await viewDuplicates(), `${where}: the office's duplicate findings differ from the recomputation`).toEqual(oracle.duplicates);
}

// ---------------------------------------------------------------------------------------------
// The steps. Each picks its target from the oracle's last reading of the platforms, so a seed
// always gives the same sequence; each answers a line for the log, or null when it has no target.

type StepKind = 'plant' | 'graphCancel' | 'platformCreate' | 'platformCancel' | 'directoryPut' | 'directoryRemove' | 'publish' | 'merge' | 'restart';
/** Steps made through the graph: they must show without syncNow. */
const THROUGH_GRAPH: readonly StepKind[] = ['plant', 'graphCancel', 'merge'];
const WEIGHTS: [StepKind, number][] = [
  ['plant', 3],
  ['graphCancel', 2],
  ['platformCreate', 2],
  ['platformCancel', 1],
  ['directoryPut', 1],
  ['directoryRemove', 1],
  ['publish', 2],
  ['merge', 2],
];

function chooseKind(rng: Rng): StepKind {
  let roll = rng.int(WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0));
  for (const [kind, weight] of WEIGHTS) if ((roll -= weight) < 0) return kind;
  return 'plant';
}

interface Context {
  rng: Rng;
  tag: string;
  oracle: Oracle;
  /** Businesses planted by this run: further visits of them grow or start duplicate groups. */
  planted: string[];
  fresh: string[];
}

/** Units with a plan covering 1–15 December: planted visits there can be merged. */
const DECEMBER_UNITS = UNITS.filter((code) => ownPlans(code).some((plan) => plan.periodStart <= '2025-12-01' && plan.periodEnd >= '2025-12-15'));

const openTasks = (ctx: Context): Task[] =>
  [...ctx.oracle.inputs.values()].flatMap((input) => input.tasks).filter((task) => task.status === 'pending' || task.status === 'in_progress').sort((a, b) => a.id.localeCompare(b.id));

/** Pending tasks of planted businesses first (they dissolve groups), otherwise any open task. */
function cancelTarget(ctx: Context): Task | undefined {
  const open = openTasks(ctx);
  const planted = open.filter((task) => ctx.planted.includes(task.uscc));
  return ctx.rng.pick(planted.length > 0 && ctx.rng.next() < 0.7 ? planted : open);
}

async function plant(ctx: Context): Promise<string> {
  const { rng } = ctx;
  // A new business visited by two units in the same month, or one more unit visiting a planted one.
  const again = ctx.planted.length > 0 && rng.next() < 0.3;
  const uscc = again ? rng.pick(ctx.planted) : ctx.fresh.shift()!;
  if (!again) ctx.planted.push(uscc);
  const first = rng.pick(DECEMBER_UNITS);
  const second = rng.pick(DECEMBER_UNITS.filter((code) => code !== first));
  const visits = (again ? [first] : [first, second]).map((unitCode) => ({ unitCode, plannedOn: dayBetween(rng, '2025-12-01', '2025-12-15') }));
  const ids = await plantVisits(system, uscc, visits, ctx.tag);
  return `planted through the graph: ${uscc} visited by ${visits.map((v) => `${v.unitCode} on ${v.plannedOn}`).join(', ')} (${ids.join(', ')})`;
}

async function graphCancel(ctx: Context): Promise<string | null> {
  const task = cancelTarget(ctx);
  if (!task) return null;
  const mutation = `mutation ($c: ID!, $ids: [ID!]!) { ${platformOf(task.unitCode)}CancelTasks(unitCode: $c, taskIds: $ids) { id status } }`;
  await ok(system, mutation, { c: task.unitCode, ids: [task.id] });
  return `cancelled through the graph: ${task.id} (${task.unitCode}, ${task.uscc})`;
}

async function platformCreate(ctx: Context): Promise<string> {
  const { rng } = ctx;
  const unitCode = rng.pick(DECEMBER_UNITS);
  const unit = dataset.units[unitCode];
  const plan = rng.pick(ownPlans(unitCode).filter((candidate) => candidate.periodEnd >= '2025-12-15'));
  // A planted business (a duplicate made on the platform) or any business, in December or earlier.
  const uscc = ctx.planted.length > 0 && rng.next() < 0.6 ? rng.pick(ctx.planted) : rng.pick(ENTERPRISES).uscc;
  const plannedOn = rng.next() < 0.6 ? dayBetween(rng, '2025-12-01', plan.periodEnd) : dayBetween(rng, plan.periodStart, plan.periodEnd);
  const inspectorIds = unit.inspectors.filter((inspector) => inspector.active).slice(0, 2).map((inspector) => inspector.id);
  const [created] = await clients[platformOf(unitCode)].createTasks(unitCode, [
    { externalKey: `direct/${ctx.tag}`, planId: plan.id, uscc, itemCodes: [plan.itemCodes[rng.int(plan.itemCodes.length)]], inspectorIds, plannedOn },
  ]);
  return `created on the platform: ${created.task.id} (${unitCode}, ${uscc}, ${plannedOn})`;
}

async function platformCancel(ctx: Context): Promise<string | null> {
  const task = cancelTarget(ctx);
  if (!task) return null;
  await clients[platformOf(task.unitCode)].cancelTasks(task.unitCode, [task.id]);
  return `cancelled on the platform: ${task.id} (${task.unitCode}, ${task.uscc})`;
}

async function admin(unitCode: string, method: 'PUT' | 'DELETE', uscc: string, body?: unknown): Promise<void> {
  const url = `${system.platforms[platformOf(unitCode)].url}/__admin/units/${unitCode}/directory/${uscc}`;
  const response = await fetch(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status !== 200) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
}

async function directoryPut(ctx: Context): Promise<string> {
  const { rng } = ctx;
  const unitCode = rng.pick(UNITS);
  const input = ctx.oracle.inputs.get(unitCode)!;
  // A business the unit visited but does not list (its visits move out of "unknown"), else any.
  const visitedUnlisted = [...new Set(input.tasks.map((task) => task.uscc))].filter((uscc) => !input.businessDivisions?.has(uscc)).sort();
  const uscc = visitedUnlisted.length > 0 && rng.next() < 0.6 ? rng.pick(visitedUnlisted) : rng.pick(ENTERPRISES).uscc;
  const enterprise = ENTERPRISES.find((e) => e.uscc === uscc)!;
  // Sometimes in another division than the registry's: a clerk's entry is what the unit counts by.
  const divisionCode = rng.next() < 0.3 ? rng.pick(scope.counting.divisions).code : enterprise.divisionCode;
  await admin(unitCode, 'PUT', uscc, { tags: [], divisionCode, industryCode: enterprise.industryCode, addedOn: '2025-11-20' });
  return `directory entry put on the platform: ${unitCode} lists ${uscc} in ${divisionCode}`;
}

async function directoryRemove(ctx: Context): Promise<string | null> {
  const { rng } = ctx;
  const unitCode = rng.pick(UNITS.filter((code) => (ctx.oracle.inputs.get(code)!.businessDivisions?.size ?? 0) > 0));
  // A business the unit visited: its counts move to the "unknown" division.
  const listed = [...ctx.oracle.inputs.get(unitCode)!.businessDivisions!.keys()].sort();
  const uscc = rng.pick(listed);
  await admin(unitCode, 'DELETE', uscc);
  return `directory entry removed on the platform: ${unitCode} no longer lists ${uscc}`;
}

async function publish(ctx: Context): Promise<string | null> {
  const { rng } = ctx;
  const candidates = [...ctx.oracle.inputs.values()].flatMap((input) => {
    const inspected = new Map(input.results.map((result) => [result.taskId, result.inspectedOn]));
    return input.tasks
      .filter((task) => task.status === 'completed' && !input.publishedAtByTaskId.has(task.id))
      .map((task) => ({ task, inspectedOn: inspected.get(task.id) ?? task.plannedOn }));
  });
  if (candidates.length === 0) return null;
  const { task, inspectedOn } = rng.pick(candidates.sort((a, b) => a.task.id.localeCompare(b.task.id)));
  // On time, late, or after the as-of day (then it does not count yet).
  const day = dayBetween(rng, inspectedOn, '2026-01-10');
  const response = await fetch(new URL('/api/publications', system.platforms.credit.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ uniscid: task.uscc, deptCode: task.unitCode, taskId: task.id, pubContent: '检查结果公示', pubTime: `${day}T10:00:00+08:00` }),
  });
  if (response.status >= 300) throw new Error(`publication of ${task.id}: ${response.status} ${await response.text()}`);
  return `published on the credit platform: ${task.id} (${task.unitCode}) on ${day}`;
}

async function merge(ctx: Context): Promise<string | null> {
  const query = `{ duplicateVisits(period: { year: ${YEAR} }, filter: { mergeable: true }, first: 100) { edges { node { key uscc mergeDates { start end } } } } }`;
  const groups = (await ok(system, query, {})).duplicateVisits.edges
    .map((edge: { node: { key: string; uscc: string; mergeDates: { start: string; end: string } } }) => edge.node)
    // A merge is refused on a day off: only groups with a working day to merge on.
    .filter((group: { mergeDates: { start: string; end: string } }) => workdaysIn(group.mergeDates).length > 0);
  if (groups.length === 0) return null;
  const group = ctx.rng.pick(groups.sort((a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key))) as (typeof groups)[number];
  const date = ctx.rng.pick(workdaysIn(group.mergeDates));
  const merged = (await ok(system, MERGE, { key: group.key, date, lead: null })).mergeDuplicateGroup;
  expect(merged.state, `merge of ${group.key}`).toBe('APPLIED');
  return `merged ${group.key} (${group.uscc}) into one visit on ${date}`;
}

/** A platform-side change the readers have not seen yet, then the restart: they resume with it unread. */
async function restart(ctx: Context): Promise<string> {
  const unread = (await platformCancel(ctx)) ?? (await platformCreate(ctx));
  await system.restartReaders();
  return `${unread}; then the readers restarted before reading it`;
}

const STEP: Record<StepKind, (ctx: Context) => Promise<string | null>> = {
  plant,
  graphCancel,
  platformCreate,
  platformCancel,
  directoryPut,
  directoryRemove,
  publish,
  merge,
  restart,
};

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  // A long sync interval: between steps nothing is read unless a write through the graph or
  // syncNow asks for it, so "shows without syncNow" means what it says.
  system = await startTestSystem({ SYNC_INTERVAL_MS: '600000', PLATFORM_TIMEOUT_MS: '10000', SUBGRAPH_TIMEOUT_MS: '20000' });
  const config = { ...system.config, platformTimeoutMs: 20_000 };
  clients = Object.fromEntries(PLATFORM_IDS.map((id) => [id, DEPARTMENT_CLIENTS[id](system.platforms[id].url, config)])) as Record<PlatformId, DepartmentPlatform>;
  credit = new CreditPlatformClient({ baseUrl: system.platforms.credit.url, timeoutMs: 20_000 });
}, 60_000);
afterAll(() => system?.close());

const fresh = unvisitedBusinesses();
const kindsRun = new Set<StepKind>();

describe('incremental views equal a full recomputation', () => {
  it('before any step', async () => {
    await expectViewsEqual(await recompute(), 'at start');
  });

  it.each(SEEDS)(`generated sequence, seed %i (${STEPS} steps, readers restarted in the middle)`, async (seed) => {
    const rng = prng(seed);
    const ctx: Context = { rng, tag: '', oracle: await recompute(), planted: [], fresh };
    const log: string[] = [];
    for (let step = 1; step <= STEPS; step++) {
      // The first step plants a duplicate (material for merges); the middle one restarts the readers.
      let kind: StepKind = step === 1 ? 'plant' : step === Math.ceil(STEPS / 2) ? 'restart' : chooseKind(rng);
      ctx.tag = `s${seed}-${step}`;
      let line = await STEP[kind](ctx);
      if (line === null) {
        kind = 'plant';
        line = await plant(ctx);
      }
      kindsRun.add(kind);
      const where = `seed ${seed}, step ${step} (${kind}: ${line})`;
      log.push(where);
      const oracle = await recompute();
      if (THROUGH_GRAPH.includes(kind)) await expectViewsEqual(oracle, `${where}, before syncNow`);
      await system.syncNow();
      await expectViewsEqual(oracle, `${where}, after syncNow`);
      ctx.oracle = oracle;
    }
    console.log(log.join('\n'));
  }, 120_000);

  it('the sequences covered every kind of step', () => {
    expect([...kindsRun].sort()).toEqual(Object.keys(STEP).sort());
  });
});
