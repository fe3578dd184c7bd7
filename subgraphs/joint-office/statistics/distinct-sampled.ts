// Indicator 8 (年度抽查企业占比) for the jurisdiction and its divisions counts DISTINCT businesses:
// a business in several units' directories is one business of the city, and a business two
// units inspected is one business sampled. Per-unit counts cannot be summed into that, so the
// office takes the units' sets and unions them:
// - sampled businesses: each unit's list behind its indicator 8 (the businesses of its tasks up
//   to asOf; a few percent of its directory), fetched with the counts in the same operation;
// - directory businesses: Department.directoryBusinesses, each unit's directory by division,
//   cached next to the unit. This is the one large set that crosses the gateway; the registry
//   cannot answer it (it does not know who may inspect whom), and it only changes when a
//   directory does. Only the counts leave the office.
// The units' own figures stay per unit.
import { UNKNOWN_DIVISION } from '../../kit/statistics/catalog';
import type { GraphClient } from '../graph-client';
import type { OfficeVisits } from '../visit-index/runtime';
import type { Combination } from './indicators';
import type { CombinedCount } from './targets';
import { unitErrors } from './unit-fetch';

export const DIRECTORY_BUSINESSES_QUERY = `query OfficeDirectoryBusinesses { departments { code directoryBusinesses { code usccs } } }`;
const DIRECTORY_VERSIONS_QUERY = `query OfficeDirectoryVersions { departments { code sync { directoryVersion } } }`;
const UNIT_DIRECTORY_QUERY = `query OfficeUnitDirectory($code: ID!) { department(code: $code) { directoryBusinesses { code usccs } } }`;

type Directory = { code: string; usccs: string[] }[];

/**
 * Each unit's directory by division, or the reason it is missing. With the office's kept values
 * (visits), a unit's directory crosses the gateway once per directory version: the versions are
 * asked first (a few bytes per unit), then only the directories that changed.
 */
export async function fetchDirectories(graph: GraphClient, unitCodes: readonly string[], actor?: string, kept?: OfficeVisits): Promise<Map<string, Directory | string>> {
  if (!kept) {
    const answer = await graph.query<{ departments: { code: string; directoryBusinesses: Directory | null }[] }>(DIRECTORY_BUSINESSES_QUERY, {}, actor);
    const reasons = unitErrors(answer.errors);
    const byUnit = new Map(answer.data?.departments.map((department) => [department.code, department.directoryBusinesses]) ?? []);
    return new Map(unitCodes.map((code) => [code, byUnit.get(code) ?? reasons.get(code) ?? 'no answer']));
  }
  const versions = await graph.query<{ departments: { code: string; sync: { directoryVersion: string } | null }[] }>(DIRECTORY_VERSIONS_QUERY, {}, actor);
  const versionOf = new Map(versions.data?.departments.map((department) => [department.code, department.sync?.directoryVersion]) ?? []);
  const directories = await Promise.all(
    unitCodes.map(async (code): Promise<Directory | string> => {
      const read = async () => {
        const answer = await graph.query<{ department: { directoryBusinesses: Directory | null } | null }>(UNIT_DIRECTORY_QUERY, { code }, actor);
        return answer.data?.department?.directoryBusinesses ?? unitErrors(answer.errors).get(code) ?? answer.errors[0]?.message ?? 'no answer';
      };
      const version = versionOf.get(code);
      return version ? kept.memo(`directory|${code}|${version}`, read, (value) => typeof value !== 'string') : read();
    }),
  );
  return new Map(unitCodes.map((code, index) => [code, directories[index]]));
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
 * Distinct businesses sampled / distinct businesses in any directory, for the whole and per
 * division (a sampled business in no directory counts under UNKNOWN_DIVISION). Units whose
 * set is missing are named in uncountedUnits, so the figure reads incomplete, not low.
 */
export function distinctSampled(directories: ReadonlyMap<string, Directory | string>, sampled: readonly SampledList[]): DistinctSampled {
  const uncounted = new Set<string>();
  const divisionOf = new Map<string, string>();
  for (const [unitCode, directory] of directories) {
    if (typeof directory === 'string') uncounted.add(unitCode);
    else for (const division of directory) for (const uscc of division.usccs) divisionOf.set(uscc, division.code);
  }
  const businesses = new Set<string>();
  for (const unit of sampled) {
    if (unit.list === undefined) uncounted.add(unit.unitCode);
    else for (const uscc of unit.list) businesses.add(uscc);
  }
  const divisions = new Map<string, CombinedCount>();
  const bucket = (code: string) => divisions.get(code) ?? divisions.set(code, { numerator: 0, denominator: 0 }).get(code)!;
  for (const division of divisionOf.values()) bucket(division).denominator! += 1;
  for (const uscc of businesses) bucket(divisionOf.get(uscc) ?? UNKNOWN_DIVISION).numerator += 1;
  const total: CombinedCount = { numerator: businesses.size, denominator: divisionOf.size };
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
