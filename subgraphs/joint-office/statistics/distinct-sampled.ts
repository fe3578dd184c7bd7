// Indicator 8 (年度抽查企业占比) for the jurisdiction and its divisions counts DISTINCT businesses:
// a business in several units' directories is one business of the city, and a business two
// units inspected is one business sampled. Per-unit counts cannot be summed into that, so the
// office takes the units' sets and unions them:
// - sampled businesses: each unit's list behind its indicator 8 (the businesses of its tasks up
//   to asOf; a few percent of its directory), fetched with the counts in the same operation;
// - directory businesses: Department.directoryBusinesses, each unit's directory by division,
//   from its view. This is the one large set that crosses the gateway; the registry cannot
//   answer it (it does not know who may inspect whom), and it only changes when a directory
//   does, so the office keeps the union under the directories' versions. Only the counts leave
//   the office.
// The units' own figures stay per unit.
import { dataCityOf } from '../../../config/divisions';
import { UNKNOWN_DIVISION } from '../../kit/statistics/catalog';
import type { GraphClient } from '../graph-client';
import type { OfficeVisits } from '../visit-index/runtime';
import type { Combination } from './indicators';
import type { CombinedCount } from './targets';
import { unitErrors } from './unit-fetch';

const DIRECTORY_VERSIONS_QUERY = `query OfficeDirectoryVersions { departments { code sync { state directoryVersion } } }`;
const UNIT_DIRECTORY_QUERY = `query OfficeUnitDirectory($code: ID!) { department(code: $code) { directoryBusinesses { code usccs } } }`;

type Directory = { code: string; usccs: string[] }[];

/** Every business in any of the units' directories, with its division; units whose directory could not be read. */
export interface DirectoryUnion {
  divisionOf: Map<string, string>;
  missing: string[];
  /** Businesses per division, counted once per union (it is kept, the sampled sets change). */
  sizes?: Map<string, number>;
}

function sizesOf(union: DirectoryUnion): Map<string, number> {
  if (!union.sizes) {
    const sizes = new Map<string, number>();
    for (const division of union.divisionOf.values()) sizes.set(division, (sizes.get(division) ?? 0) + 1);
    union.sizes = sizes;
  }
  return union.sizes;
}

function addTo(union: DirectoryUnion, unitCode: string, directory: Directory | string): void {
  if (typeof directory === 'string') union.missing.push(unitCode);
  else for (const division of directory) for (const uscc of division.usccs) union.divisionOf.set(uscc, division.code);
}

async function readDirectory(graph: GraphClient, code: string, actor?: string): Promise<Directory | string> {
  const answer = await graph.query<{ department: { directoryBusinesses: Directory | null } | null }>(UNIT_DIRECTORY_QUERY, { code }, actor);
  return answer.data?.department?.directoryBusinesses ?? unitErrors(answer.errors).get(code) ?? answer.errors[0]?.message ?? 'no answer';
}

/**
 * The union of the units' directories, kept with the office's values under the units' directory
 * versions (Department.sync.directoryVersion, a few bytes per unit): the directories (1.4M credit
 * codes at city scale) cross the gateway again only after one changed, one unit after another so
 * that only the union stays in memory, not eighteen lists.
 */
export async function directoryUnion(graph: GraphClient, unitCodes: readonly string[], actor: string | undefined, kept: OfficeVisits): Promise<DirectoryUnion> {
  const union: DirectoryUnion = { divisionOf: new Map(), missing: [] };
  const versions = await graph.query<{ departments: { code: string; sync: { state: string; directoryVersion: string } | null }[] }>(DIRECTORY_VERSIONS_QUERY, {}, actor);
  const syncs = new Map(versions.data?.departments.map((department) => [department.code, department.sync]) ?? []);
  // While a unit's view is being built the figure is incomplete anyway: no directory is read yet.
  const notReady = unitCodes.filter((code) => syncs.get(code)?.state !== 'READY');
  if (notReady.length > 0) return { divisionOf: new Map(), missing: notReady };
  const versionOf = new Map([...syncs].map(([code, sync]) => [code, sync?.directoryVersion]));
  const version = unitCodes.map((code) => `${code}=${versionOf.get(code) ?? '?'}`).join(',');
  const build = async (): Promise<DirectoryUnion> => {
    for (const code of unitCodes) addTo(union, code, await readDirectory(graph, code, actor));
    return union;
  };
  return unitCodes.every((code) => versionOf.get(code)) ? kept.memo(`directories|${unitCodes.join(',')}`, version, build, (built) => built.missing.length === 0) : build();
}

/** A unit's sampled businesses; no list when the unit did not answer. */
export interface SampledList {
  unitCode: string;
  list?: readonly string[];
}

export interface DistinctSampled {
  total: CombinedCount;
  divisions: Map<string, CombinedCount>;
}

/**
 * Distinct businesses sampled / distinct businesses in any directory of the city counted
 * (`jurisdiction`: the directories hold every city's businesses), for the whole and per
 * division (a sampled business in no directory counts under UNKNOWN_DIVISION). Units whose
 * set is missing are named in uncountedUnits, so the figure reads incomplete, not low.
 */
export function distinctSampled(union: DirectoryUnion, sampled: readonly SampledList[], jurisdiction: string): DistinctSampled {
  const uncounted = new Set<string>(union.missing);
  const { divisionOf } = union;
  const businesses = new Set<string>();
  for (const unit of sampled) {
    if (unit.list === undefined) uncounted.add(unit.unitCode);
    else for (const uscc of unit.list) businesses.add(uscc);
  }
  const divisions = new Map<string, CombinedCount>();
  const bucket = (code: string) => divisions.get(code) ?? divisions.set(code, { numerator: 0, denominator: 0 }).get(code)!;
  let listed = 0;
  for (const [division, size] of sizesOf(union)) {
    bucket(division).denominator = size;
    if (dataCityOf(division) === jurisdiction) listed += size;
  }
  for (const uscc of businesses) bucket(divisionOf.get(uscc) ?? UNKNOWN_DIVISION).numerator += 1;
  const total: CombinedCount = { numerator: businesses.size, denominator: listed };
  if (uncounted.size > 0) {
    const units = [...uncounted].sort();
    total.uncountedUnits = units;
    for (const count of divisions.values()) count.uncountedUnits = units;
  }
  return { total, divisions };
}

/** The combination with indicator 8's jurisdiction and division counts made distinct. */
export function withDistinctSampled(combination: Combination, distinct: DistinctSampled): Combination {
  const divisions = new Map(combination.divisions);
  for (const [code, counts] of divisions) divisions.set(code, { ...counts, businessesSampled: distinct.divisions.get(code) ?? { numerator: 0, denominator: 0 } });
  for (const [code, count] of distinct.divisions) if (!divisions.has(code)) divisions.set(code, { businessesSampled: count });
  return { ...combination, divisions, total: { ...combination.total, businessesSampled: distinct.total } };
}
