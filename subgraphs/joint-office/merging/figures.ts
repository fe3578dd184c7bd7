// Indicator 11 for the statistics table: per unit, the duplicate visits left unmerged and the
// businesses over the visit cap, in the shape the unit counts take (DuplicateFigures), split by
// the county-level division of the business. The statistics module calls
// `duplicateFiguresForYear` (through the graph) or `duplicateFiguresOf` (on findings it has).
import { dataCityOfUscc } from '../../../config/divisions';
import type { DuplicateFigures } from '../../kit/statistics/unit-counts';
import type { CapOptions, WindowInput } from '../duplicates';
import { findDuplicates, unitOfTask, type Findings } from './findings';
import type { GatherDeps } from './gather';

/** Division used when the registry does not know the business (same label as the unit counts). */
const UNKNOWN_DIVISION = 'unknown';

interface Tally {
  groups: string[];
  overCap: Set<string>;
  byDivision: Map<string, { groups: number; overCap: Set<string> }>;
}

function tallyOf(tallies: Map<string, Tally>, unitCode: string): Tally {
  let tally = tallies.get(unitCode);
  if (!tally) tallies.set(unitCode, (tally = { groups: [], overCap: new Set(), byDivision: new Map() }));
  return tally;
}

function divisionOf(tally: Tally, division: string) {
  let entry = tally.byDivision.get(division);
  if (!entry) tally.byDivision.set(division, (entry = { groups: 0, overCap: new Set() }));
  return entry;
}

/**
 * Per-unit figures of some findings (found with `withBusinesses` for the split by division).
 * A group counts for every unit in it; a business over the total cap counts for every unit
 * that visited it that year, over a per-unit cap for that unit only. Units with nothing found
 * get zeros. With `jurisdiction`, only the businesses of that city count.
 */
export function duplicateFiguresOf(findings: Findings, unitCodes: readonly string[], jurisdiction?: string): Map<string, DuplicateFigures> {
  const tallies = new Map<string, Tally>();
  const division = (uscc: string) => findings.businesses.get(uscc)?.divisionCode ?? UNKNOWN_DIVISION;
  const outside = (uscc: string) => jurisdiction !== undefined && dataCityOfUscc(uscc) !== jurisdiction;
  for (const group of findings.groups) {
    if (outside(group.uscc)) continue;
    for (const unitCode of group.unitCodes) {
      const tally = tallyOf(tallies, unitCode);
      tally.groups.push(group.key);
      divisionOf(tally, division(group.uscc)).groups++;
    }
  }
  const unitOf = unitOfTask(findings.input.tasks);
  for (const entry of findings.overCap) {
    if (outside(entry.uscc)) continue;
    const units = entry.unitCode !== null ? [entry.unitCode] : [...new Set(entry.taskIds.map((id) => unitOf.get(id)!))];
    for (const unitCode of units) {
      const tally = tallyOf(tallies, unitCode);
      tally.overCap.add(entry.uscc);
      divisionOf(tally, division(entry.uscc)).overCap.add(entry.uscc);
    }
  }
  return new Map(
    unitCodes.map((unitCode) => {
      const tally = tallies.get(unitCode) ?? { groups: [], overCap: new Set<string>(), byDivision: new Map() };
      const byDivision = Object.fromEntries(
        [...tally.byDivision].map(([code, entry]) => [code, { unmergedDuplicates: entry.groups, overVisitCap: entry.overCap.size }]),
      );
      const figures: DuplicateFigures = {
        unmergedDuplicates: tally.groups.length,
        overVisitCap: tally.overCap.size,
        unmergedIds: [...tally.groups].sort(),
        overCapUsccs: [...tally.overCap].sort(),
        byDivision,
      };
      return [unitCode, figures];
    }),
  );
}

export interface FiguresOptions {
  year: number;
  /** The statistics' as-of day: visits planned after it do not count yet. */
  asOf?: string;
  window?: WindowInput;
  caps?: CapOptions;
}

/** Indicator 11 of every given unit for a calendar year (of one city's businesses), read through the graph as the office. */
export async function duplicateFiguresForYear(deps: GatherDeps, unitCodes: readonly string[], options: FiguresOptions, jurisdiction?: string): Promise<Map<string, DuplicateFigures>> {
  const findings = await findDuplicates(deps, { period: { year: options.year }, window: options.window, caps: options.caps, withBusinesses: true, until: options.asOf });
  return duplicateFiguresOf(findings, unitCodes, jurisdiction);
}
