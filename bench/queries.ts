// The representative queries of the gateway benchmark, each in two forms: through the gateway
// (the federated graph) and straight to the one subgraph that serves it. Request bodies are
// picked from the dataset so that every request finds data at any scale.
import type { SubgraphName } from '../config/services';
import type { Dataset } from '../platforms/data/model';

/** One way of sending a query: where, which request bodies (cycled), and what a good answer holds. */
export interface BenchTarget {
  /** Where the requests go: the gateway, or the subgraph named. */
  via: 'gateway' | SubgraphName;
  bodies: string[];
  /** Describes what is wrong with one answer's `data`, or returns null when it is as expected. */
  problem(data: unknown): string | null;
}

export interface BenchCase {
  name: string;
  gateway: BenchTarget;
  /** Null when no single subgraph can answer the query. */
  direct: BenchTarget | null;
  /** Printed under the table: what the two forms do differently. */
  note: string;
}

const ENTERPRISE_CODES = 50;
const DIRECTORY_VARIANTS = 5;
const TASK_BUSINESSES = 20;
const TASK_SETS = 5;
/** Four units of the provincial platform with the most tasks: one subgraph serves all four. */
export const PROVINCIAL_UNITS = ['market', 'health', 'hrss', 'urban'] as const;
/** The same question over four platforms: only the gateway can answer it in one request. */
export const CROSS_PLATFORM_UNITS = ['market', 'ecology', 'emergency', 'fire'] as const;
const DIRECTORY_TAG = '餐饮服务';

const body = (query: string, variables?: Record<string, unknown>) => JSON.stringify({ query, variables });
// Answers are probed loosely by path; `any` keeps those probes short and they are null-safe.
type Json = Record<string, any>;

// 1. One enterprise by credit code: a cached lookup in the credit subgraph.
const ENTERPRISE = `query Enterprise($uscc: ID!) {
  enterprise(uscc: $uscc) { uscc name status industryCode riskClass riskClassifiedOn division { code name } }
}`;

function enterpriseCase(dataset: Dataset): BenchCase {
  const step = Math.max(1, Math.floor(dataset.enterprises.length / ENTERPRISE_CODES));
  const codes = dataset.enterprises.filter((_, i) => i % step === 0).slice(0, ENTERPRISE_CODES).map((e) => e.uscc);
  const bodies = codes.map((uscc) => body(ENTERPRISE, { uscc }));
  const problem = (data: unknown) => ((data as Json)?.enterprise?.name ? null : 'enterprise missing');
  return {
    name: '1 enterprise(uscc)',
    gateway: { via: 'gateway', bodies, problem },
    direct: { via: 'credit', bodies, problem },
    note: `${codes.length} credit codes cycled; after warm-up every lookup is a credit-cache hit`,
  };
}

// 2. One department's directory page, enterprises joined from the credit registry.
function directoryQuery(root: string, enterpriseFields: string): string {
  return `query Directory($filter: DirectoryFilter) {
  ${root}(code: "market") { code directory(first: 20, filter: $filter) { totalCount nodes { tags addedOn enterprise { ${enterpriseFields} } } } }
}`;
}

/** The divisions where the market directory has the most catering businesses. */
function busiestDivisions(dataset: Dataset): string[] {
  const counts = new Map<string, number>();
  for (const entry of dataset.units.market.directory) {
    if (entry.tags.includes(DIRECTORY_TAG)) counts.set(entry.divisionCode, (counts.get(entry.divisionCode) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, DIRECTORY_VARIANTS).map(([code]) => code);
}

function directoryCase(dataset: Dataset): BenchCase {
  const filters = busiestDivisions(dataset).map((divisionCode) => ({ divisionCode, tag: DIRECTORY_TAG }));
  const pageOf = (root: string, needsName: boolean) => (data: unknown) => {
    const nodes = (data as Json)?.[root]?.directory?.nodes as Json[] | undefined;
    if (!nodes?.length) return 'empty directory page';
    if (needsName && nodes.some((n) => !n.enterprise?.name)) return 'enterprise not joined from credit';
    return null;
  };
  return {
    name: '2 department.directory',
    gateway: {
      via: 'gateway',
      bodies: filters.map((filter) => body(directoryQuery('department', 'uscc name riskClass'), { filter })),
      problem: pageOf('department', true),
    },
    direct: {
      via: 'provincial',
      bodies: filters.map((filter) => body(directoryQuery('provincialDepartment', 'uscc'), { filter })),
      problem: pageOf('provincialDepartment', false),
    },
    note:
      `first: 20, tag ${DIRECTORY_TAG}, ${filters.length} divisions cycled. Gateway: joint-office + provincial + credit ` +
      '(name, riskClass); direct: provincialDepartment only, enterprise { uscc } (a subgraph alone cannot join credit)',
  };
}

// 3. The tasks of 20 businesses in four departments, with their results.
function tasksQuery(root: string, units: readonly string[]): string {
  const fields = units.map((unit) => `${unit}: ${root}(code: "${unit}") { ...Visits }`).join('\n  ');
  return `query Tasks($usccs: [ID!]!) {
  ${fields}
}
fragment Visits on Department {
  code tasksOf(usccs: $usccs) { id plannedOn status enterprise { uscc } result { conclusion inspectedOn findings { code itemCode } } }
}`;
}

/** Sets of businesses with results in as many of the units as possible, busiest first. */
function businessSets(dataset: Dataset, units: readonly string[]): string[][] {
  const score = new Map<string, number>();
  for (const unit of units) {
    const inspected = new Set(dataset.units[unit].results.map((r) => r.taskId));
    for (const task of dataset.units[unit].tasks) if (inspected.has(task.id)) score.set(task.uscc, (score.get(task.uscc) ?? 0) + 1);
  }
  const ranked = [...score.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([uscc]) => uscc);
  const sets: string[][] = [];
  for (let i = 0; i < TASK_SETS && (i + 1) * TASK_BUSINESSES <= ranked.length; i++) sets.push(ranked.slice(i * TASK_BUSINESSES, (i + 1) * TASK_BUSINESSES));
  if (sets.length === 0) throw new Error(`Fewer than ${TASK_BUSINESSES} businesses have results in ${units.join(', ')}`);
  return sets;
}

function tasksProblem(units: readonly string[]) {
  return (data: unknown) => {
    const answers = units.map((unit) => (data as Json)?.[unit]?.tasksOf as Json[] | undefined);
    if (answers.some((tasks) => !Array.isArray(tasks))) return 'a department answered no task list';
    if (!answers.flat().some((task) => task?.result?.conclusion)) return 'no task with a result';
    return null;
  };
}

function tasksCase(dataset: Dataset): BenchCase {
  const sets = businessSets(dataset, PROVINCIAL_UNITS);
  return {
    name: '3 tasksOf x4 departments',
    gateway: { via: 'gateway', bodies: sets.map((usccs) => body(tasksQuery('department', PROVINCIAL_UNITS), { usccs })), problem: tasksProblem(PROVINCIAL_UNITS) },
    direct: { via: 'provincial', bodies: sets.map((usccs) => body(tasksQuery('provincialDepartment', PROVINCIAL_UNITS), { usccs })), problem: tasksProblem(PROVINCIAL_UNITS) },
    note:
      `${TASK_BUSINESSES} businesses (${sets.length} sets cycled) in ${PROVINCIAL_UNITS.join(', ')}: same fields both ways, ` +
      'all four units on the provincial platform so one subgraph can answer; the gateway adds joint-office + the entity fetch',
  };
}

function crossPlatformCase(dataset: Dataset): BenchCase {
  const sets = businessSets(dataset, CROSS_PLATFORM_UNITS);
  return {
    name: '3b tasksOf x4 platforms',
    gateway: { via: 'gateway', bodies: sets.map((usccs) => body(tasksQuery('department', CROSS_PLATFORM_UNITS), { usccs })), problem: tasksProblem(CROSS_PLATFORM_UNITS) },
    direct: null,
    note: `as 3 over ${CROSS_PLATFORM_UNITS.join(', ')}: four subgraphs in parallel; no single subgraph can answer it, so gateway only`,
  };
}

// 4. Every member unit with its item list: the office's list, each unit's fields from its own subgraph.
const DEPARTMENTS = `query Departments {
  departments { code name items { code } }
}`;

function departmentsCase(): BenchCase {
  const problem = (data: unknown) => {
    const units = (data as Json)?.departments as Json[] | undefined;
    if (!units?.length) return 'no departments';
    if (units.some((unit) => !unit?.name || !Array.isArray(unit.items))) return 'a unit without name or items';
    return null;
  };
  return {
    name: '4 departments.items',
    gateway: { via: 'gateway', bodies: [body(DEPARTMENTS)], problem },
    direct: null,
    note: 'every member unit: joint-office lists them, each department subgraph answers its units (one entity fetch per subgraph); gateway only',
  };
}

export function benchCases(dataset: Dataset): BenchCase[] {
  return [enterpriseCase(dataset), directoryCase(dataset), tasksCase(dataset), crossPlatformCase(dataset), departmentsCase()];
}

/** The four representative queries the gateway is compared with Hive Gateway on (issue: 61 request bodies). */
export function comparisonCases(dataset: Dataset): BenchCase[] {
  return [enterpriseCase(dataset), directoryCase(dataset), tasksCase(dataset), departmentsCase()];
}
