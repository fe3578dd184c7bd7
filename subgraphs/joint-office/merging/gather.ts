// What the duplicate finder needs besides the units' tasks (those come from the office's visit
// index, visit-index/): every unit's plans and items and the registry's division and industry
// of the businesses found, read through the federated graph as the office; the office's joint
// plans (their periods) and the confirmed catalogue from its own store. A unit that cannot be
// read fails the whole read: a finding computed without it would be wrong.
import { MEMBER_UNITS } from '../../../config/units';
import { ErrorCode, graphError } from '../../../lib/errors';
import type { Item, Plan } from '../../../platforms/data/model';
import type { BusinessInfo } from '../duplicates';
import type { GraphClient, GraphError } from '../graph-client';
import type { OfficeStore } from '../store';
import type { OfficeVisits } from '../visit-index/runtime';
import type { Cache } from '../../../lib/cache';

/** What a gather needs: the graph, who asks (forwarded for the units' audit), the store if any, the visit index. */
export interface GatherDeps {
  graph: GraphClient;
  actor: string;
  store?: OfficeStore;
  /** The office's cross-unit visit index: the units' tasks come from it. */
  visits: OfficeVisits;
  /** The cache shared with the units (their data versions); absent when nothing is shared. */
  cache?: Cache;
}

const ALL_UNITS = MEMBER_UNITS.map((unit) => unit.code);
const USCCS_PER_CREDIT_CALL = 100;
const CREDIT_CALLS_PER_OPERATION = 20;
const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));

function failure(errors: readonly GraphError[], what: string) {
  const first = errors[0];
  const code = first?.extensions?.code && KNOWN_CODES.has(first.extensions.code) ? (first.extensions.code as ErrorCode) : ErrorCode.SUBGRAPH_UNAVAILABLE;
  const unitCode = first?.extensions?.unitCode;
  return graphError(code, `Reading ${what} through the graph failed: ${first?.message ?? 'no data'}`, unitCode ? { unitCode } : {});
}

async function read<T>(deps: GatherDeps, query: string, variables: Record<string, unknown>, what: string): Promise<T> {
  const answer = await deps.graph.query<T>(query, variables, deps.actor);
  if (answer.errors.length > 0 || !answer.data) throw failure(answer.errors, what);
  return answer.data;
}

/** One aliased operation over all units: `department(code) { <selection> }` each. */
async function perUnit<T>(deps: GatherDeps, selection: string, what: string, unitCodes: readonly string[] = ALL_UNITS): Promise<Map<string, T>> {
  const fields = unitCodes.map((code, i) => `u${i}: department(code: ${JSON.stringify(code)}) { ${selection} }`);
  const data = await read<Record<string, Record<string, T> | null>>(deps, `query { ${fields.join('\n')} }`, {}, what);
  const key = selection.trim().split(/[\s({]/)[0];
  return new Map(unitCodes.map((code, i) => [code, data[`u${i}`]?.[key] as T]));
}

type PlanRow = Pick<Plan, 'id' | 'unitCode' | 'year' | 'periodStart' | 'periodEnd'>;

/** Units' own plans (all years) and the office's joint plans, for the periods a merge date must fall in. */
export async function readPlans(deps: GatherDeps): Promise<Plan[]> {
  const byUnit = await perUnit<PlanRow[] | null>(deps, 'plans { id unitCode year periodStart periodEnd }', 'the units’ plans');
  const rows: PlanRow[] = [...byUnit.values()].flatMap((list) => list ?? []);
  for (const plan of (await deps.store?.plans.listPlans()) ?? []) {
    rows.push({ id: plan.id, unitCode: plan.leadUnit, year: plan.year, periodStart: plan.definition.periodStart, periodEnd: plan.definition.periodEnd });
  }
  // The finder reads only a plan's id and period; the other fields of Plan are not needed here.
  return rows as Plan[];
}

/** Every unit's item list (names for overlaps, legal basis and content for catalogue proposals). */
export async function readItems(deps: GatherDeps): Promise<Item[]> {
  const byUnit = await perUnit<Item[] | null>(deps, 'items { code unitCode name category subject content method legalBasis specialty riskBased }', 'the units’ item lists');
  return [...byUnit.values()].flatMap((list) => (list ?? []).map((item) => ({ ...item, category: String(item.category).toLowerCase() as Item['category'] })));
}

/** Division and industry of these businesses, from the credit registry (unknown ones left out). */
export async function readBusinesses(deps: GatherDeps, usccs: readonly string[]): Promise<Map<string, BusinessInfo>> {
  const info = new Map<string, BusinessInfo>();
  const chunks: string[][] = [];
  for (let i = 0; i < usccs.length; i += USCCS_PER_CREDIT_CALL) chunks.push(usccs.slice(i, i + USCCS_PER_CREDIT_CALL));
  for (let at = 0; at < chunks.length; at += CREDIT_CALLS_PER_OPERATION) {
    const group = chunks.slice(at, at + CREDIT_CALLS_PER_OPERATION);
    const declarations = group.map((_, i) => `$u${i}: [ID!]!`).join(', ');
    const fields = group.map((_, i) => `e${i}: enterprises(usccs: $u${i}) { uscc industryCode division { code } }`).join('\n');
    const variables = Object.fromEntries(group.map((part, i) => [`u${i}`, part]));
    type Row = { uscc: string; industryCode: string; division: { code: string } } | null;
    const data = await read<Record<string, Row[]>>(deps, `query (${declarations}) { ${fields} }`, variables, 'the credit registry');
    for (const list of Object.values(data)) for (const row of list ?? []) if (row) info.set(row.uscc, { divisionCode: row.division.code, industryCode: row.industryCode });
  }
  return info;
}

/** The confirmed cross-unit catalogue as lists of equivalent item codes. */
export async function confirmedCatalogue(store: OfficeStore | undefined): Promise<string[][]> {
  if (!store) return [];
  return (await store.catalogue.list('confirmed')).map((entry) => entry.entries.map((ref) => ref.itemCode));
}
