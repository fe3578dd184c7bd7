// Shared by the joint-plan suites: the catering plan of 赤坎区 (market, fire, health), the
// GraphQL operations, and an independent computation of the eligible population from the dataset.
import type { Dataset, RiskClass } from '../../platforms/data/model';
import { OFFICE, type GraphResponse, type TestSystem } from './system';
import type { Role } from '../../lib/roles';

/**
 * Catering (GB/T 4754 62xx) in 赤坎区 440802 across market regulation, fire & rescue and health.
 * The test dataset lists 5 such businesses in all three directories (A, A, B, C, D), so the
 * A class is sampled at 50% to make the seed matter; the period (2026-01-05 – 2026-02-13) keeps
 * four health officers' certificates valid (two expire on 2026-02-25 and 2026-03-15).
 */
export function cateringPlan(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    year: 2026,
    title: '赤坎区餐饮单位跨部门联合抽查',
    leadUnit: 'market',
    participatingUnits: ['market', 'fire', 'health'],
    items: [
      { unitCode: 'market', itemCodes: ['market-I11'] },
      { unitCode: 'fire', itemCodes: ['fire-I02'] },
      { unitCode: 'health', itemCodes: ['health-I01'] },
    ],
    scope: { divisionCodes: ['440802'], industryCodes: ['62'] },
    ratios: { A: 0.5, B: 1, C: 1, D: 1 },
    periodStart: '2026-01-05',
    periodEnd: '2026-02-13',
    inspectorsPerUnit: 2,
    ...overrides,
  };
}

export const PLAN_FIELDS = `id state title leadUnit participatingUnits periodStart periodEnd workloadCap
  ratios { A B C D } milestones { drawnAt publishedOn dispatchedAt inProgressAt completedAt }`;

export const CREATE = `mutation ($input: JointPlanInput!, $key: String!) { createJointPlan(input: $input, idempotencyKey: $key) { ${PLAN_FIELDS} } }`;
export const DRAW = `mutation ($id: ID!, $seed: String) { drawJointPlan(id: $id, seed: $seed) {
  seedGenerated population { inScope notInEveryDirectory excludedStatus unclassified recentlyInspected candidates }
  plan { ${PLAN_FIELDS} draw { seed drawSha256 documentSha256 candidateSha256 candidateCount drawnCount document } drawnBusinesses { uscc riskClass } } } }`;
export const PUBLISH = `mutation ($id: ID!) { publishJointPlan(id: $id) { ${PLAN_FIELDS} } }`;
export const DISPATCH = `mutation ($id: ID!) { dispatchJointPlan(id: $id) { ${PLAN_FIELDS} dispatch { unitCode waiting created failed done lastError } } }`;
export const VISITS = `query ($id: ID!) { jointPlan(id: $id) { id visits { uscc plannedOn jointGroupId units { unitCode itemCodes inspectorIds } } } }`;
export const TASKS = `query ($id: ID!) { jointPlan(id: $id) { tasks { taskKey unitCode uscc dispatchState platformTaskId attempts lastError plannedOn jointGroupId } } }`;

export type Answer<T = any> = GraphResponse<T>;

export async function call<T = any>(system: TestSystem, query: string, variables: Record<string, unknown>, role: Role = OFFICE): Promise<Answer<T>> {
  return system.query<T>(query, { role, variables });
}

/** The data of an answer that must have no errors. */
export async function ok<T = any>(system: TestSystem, query: string, variables: Record<string, unknown>, role: Role = OFFICE): Promise<T> {
  const answer = await call<T>(system, query, variables, role);
  if (answer.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(answer.errors)}`);
  return answer.data as T;
}

export function errorCode(answer: Answer): unknown {
  return answer.errors?.[0]?.extensions?.code;
}

/**
 * Week i (0–5) of the catering period: disjoint periods, so plans that differ only in what the
 * duplicate rule ignores (ratios, caps, title) are not duplicates of each other.
 */
export function week(i: number): { periodStart: string; periodEnd: string } {
  const day = (offset: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i + offset)).toISOString().slice(0, 10);
  return { periodStart: day(0), periodEnd: day(4) };
}

const REPLACING = `mutation ($input: JointPlanInput!, $key: String!, $replaces: JointPlanReplacementInput) {
  createJointPlan(input: $input, idempotencyKey: $key, replaces: $replaces) { ${PLAN_FIELDS} } }`;

/**
 * Composes a plan; when a live duplicate exists (DUPLICATE_PLAN), composes it again as that
 * plan's replacement, so a scenario can start afresh (the old plan is withdrawn, on the record).
 */
export async function composeFresh(system: TestSystem, input: Record<string, unknown>, key: string, role: Role = OFFICE) {
  const first = await call(system, CREATE, { input, key }, role);
  if (errorCode(first) !== 'DUPLICATE_PLAN') {
    if (first.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(first.errors)}`);
    return first.data.createJointPlan;
  }
  const replaces = { planId: first.errors![0].extensions!.existingPlanId, reason: '测试：新场景 (test: a new scenario)' };
  return (await ok(system, REPLACING, { input, key, replaces }, role)).createJointPlan;
}

/** Composes, draws (with `seed`) and publishes the catering plan; returns its id and draw. */
export async function publishedPlan(system: TestSystem, key: string, seed: string, overrides: Record<string, unknown> = {}) {
  const created = await composeFresh(system, cateringPlan(overrides), key);
  const drawn = await ok(system, DRAW, { id: created.id, seed });
  await ok(system, PUBLISH, { id: created.id });
  return { id: created.id as string, draw: drawn.drawJointPlan };
}

/**
 * The eligible population computed from the dataset itself (not through the system): in the
 * market directory in 440802 with a 62xx industry, in the fire and health directories, not
 * deregistered/revoked/abnormal, with a risk class. Ordered by credit code.
 */
export function expectedCandidates(dataset: Dataset): { uscc: string; riskClass: RiskClass }[] {
  const units = dataset.units;
  const listed = (code: string) => new Set(units[code].directory.map((d) => d.uscc));
  const fire = listed('fire');
  const health = listed('health');
  const enterprises = new Map(dataset.enterprises.map((e) => [e.uscc, e]));
  const scoped = new Set(units.market.directory.filter((d) => d.divisionCode === '440802' && d.industryCode.startsWith('62')).map((d) => d.uscc));
  return [...scoped]
    .filter((uscc) => fire.has(uscc) && health.has(uscc))
    .map((uscc) => enterprises.get(uscc)!)
    .filter((e) => e.status === 'operating' && e.riskHistory.length > 0)
    .map((e) => ({ uscc: e.uscc, riskClass: e.riskHistory.at(-1)!.riskClass }))
    .sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
}

/** Tasks of a plan on a unit's platform, read through the graph. */
export async function platformTasks(system: TestSystem, unitCode: string, planId: string, usccs: string[]) {
  const data = await ok(system, `query ($unit: ID!, $usccs: [ID!]!) { department(code: $unit) { tasksOf(usccs: $usccs) { id planId status jointGroupId plannedOn inspectorIds enterprise { uscc } } } }`, { unit: unitCode, usccs });
  return (data.department.tasksOf as { id: string; planId: string; status: string; jointGroupId: string; plannedOn: string; inspectorIds: string[]; enterprise: { uscc: string } }[]).filter((t) => t.planId === planId);
}
