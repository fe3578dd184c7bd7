// Entry point of the synthetic data generator: one deterministic Dataset per (scale, seed)
// with the registries of every place (places.ts: Zhanjiang, then Suizhou), every member unit's
// platform data for the data year (2025) and the year before, the credit system's
// publications and the ground truth of what was planted in the data year.

import { jurisdictionConfig } from '../../config/jurisdictions';
import { MEMBER_UNITS } from '../../config/units';
import { buildDirectories, type UnitDirectory } from './directories';
import { generateEnterprises } from './enterprises';
import { generateHistory } from './history';
import { buildInspectors, recruitInspectors, type InspectorPool } from './inspectors';
import { equivalentItemGroups, unitItems } from './items';
import type { Dataset, Enterprise, GroundTruth, Item, Publication, Scale, Task, UnitData } from './model';
import { generateOutcomes, type Outcomes } from './outcomes';
import { PLACES, ZHANJIANG_PLACE, type Place } from './places';
import { YEAR, type DraftPlan, type PlanYear } from './plans';
import { duplicateVisits, latePlanIds } from './truth';

/** Number of Zhanjiang's registered businesses per scale (Suizhou's: places.ts). */
export const SCALE_SIZES: Record<Scale, number> = ZHANJIANG_PLACE.sizes;
export const DEFAULT_SEED = 20250101;

/** One place's year: plans (drafts), tasks and what became of them. */
interface YearOfPlace {
  batch: PlanYear;
  drafts: Map<string, DraftPlan[]>;
  tasks: Map<string, Task[]>;
  outcomes: Outcomes;
}

interface PlaceData {
  place: Place;
  enterprises: Enterprise[];
  directories: Map<string, UnitDirectory>;
  pools: Map<string, InspectorPool>;
  /** The data year first, then the year before. */
  years: YearOfPlace[];
}

/** The annual plan deadline of a place in a year: its rule (config/jurisdictions.ts), moved to that year. */
function deadlineIn(place: Place, year: number): string {
  return `${year}${jurisdictionConfig(place.code, YEAR).planDeadline.slice(4)}`;
}

function generatePlace(seed: number, place: Place, size: number, itemsByUnit: ReadonlyMap<string, Item[]>): PlaceData {
  const enterprises = generateEnterprises(seed, place, size);
  const directories = buildDirectories(seed, place, enterprises);
  const pools = new Map<string, InspectorPool>();
  for (const unit of MEMBER_UNITS) {
    const directory = directories.get(unit.code);
    if (directory) pools.set(unit.code, buildInspectors(seed, place, directory, itemsByUnit.get(unit.code) ?? []));
  }
  const registry = new Map(enterprises.map((e) => [e.uscc, e]));
  const items = new Map([...itemsByUnit.values()].flat().map((item) => [item.code, item]));
  // The year before carries no planted duplicates: it is there for the trend beside this year's.
  const years = [YEAR, YEAR - 1].map((year): YearOfPlace => {
    const batch: PlanYear = { place, year, deadline: deadlineIn(place, year) };
    const history = generateHistory(seed, batch, enterprises, directories, itemsByUnit, pools, { plantDuplicates: year === YEAR });
    const tasks = MEMBER_UNITS.flatMap((unit) => history.tasks.get(unit.code) ?? []);
    const outcomes = generateOutcomes(seed, batch, tasks, registry, items, history.upcoming);
    return { batch, drafts: history.drafts, tasks: history.tasks, outcomes };
  });
  for (const [unitCode, pool] of pools) recruitInspectors(seed, place, pool, unitCode, itemsByUnit.get(unitCode) ?? []);
  return { place, enterprises, directories, pools, years };
}

/** Records of one unit in every place and year (Zhanjiang's data year first, as before). */
function unitData(unitCode: string, items: Item[], places: readonly PlaceData[]): UnitData {
  const byYear = places.flatMap((data) => data.years);
  return {
    unitCode,
    items,
    directory: places.flatMap((data) => data.directories.get(unitCode)?.entries ?? []),
    inspectors: places.flatMap((data) => data.pools.get(unitCode)?.inspectors ?? []),
    certifiedOfficers: places.flatMap((data) => data.pools.get(unitCode)?.certifiedOfficers ?? []),
    plans: byYear.flatMap((year) => (year.drafts.get(unitCode) ?? []).map((draft) => draft.plan)),
    tasks: byYear.flatMap((year) => year.tasks.get(unitCode) ?? []),
    results: byYear.flatMap((year) => year.outcomes.results.filter((r) => r.unitCode === unitCode)),
    followUps: byYear.flatMap((year) => year.outcomes.followUps.filter((f) => f.unitCode === unitCode)),
  };
}

/** What was planted in the data year, over every place. */
function groundTruth(places: readonly PlaceData[]): GroundTruth {
  const dataYears = places.map((data) => data.years[0]);
  const all = <T>(pick: (outcomes: Outcomes) => T[]): T[] => dataYears.flatMap((year) => pick(year.outcomes));
  return {
    unpublishedTaskIds: all((o) => o.unpublishedTaskIds).sort(),
    latePublicationTaskIds: all((o) => o.latePublicationTaskIds).sort(),
    unfinishedTaskIds: all((o) => o.unfinishedTaskIds).sort(),
    findingsWithoutFollowUp: all((o) => o.findingsWithoutFollowUp).sort(),
    missingOfficers: places.flatMap((data) => [...data.pools.values()].flatMap((pool) => pool.missing)),
    latePlanIds: dataYears
      .flatMap((year) => latePlanIds([...year.drafts.values()].flat().map((draft) => draft.plan), year.batch.deadline))
      .sort(),
    duplicateVisits: duplicateVisits(dataYears.flatMap((year) => [...year.tasks.values()].flat())),
    equivalentItems: equivalentItemGroups(),
  };
}

export function generateDataset(options: { scale?: Scale; seed?: number } = {}): Dataset {
  const scale = options.scale ?? 'default';
  const seed = options.seed ?? DEFAULT_SEED;
  if (SCALE_SIZES[scale] === undefined) throw new Error(`unknown scale ${String(scale)}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);

  const itemsByUnit = new Map<string, Item[]>(MEMBER_UNITS.map((unit) => [unit.code, unitItems(unit.code)]));
  const places = PLACES.map((place) => generatePlace(seed, place, place.sizes[scale], itemsByUnit));
  const units: Record<string, UnitData> = {};
  for (const unit of MEMBER_UNITS) units[unit.code] = unitData(unit.code, itemsByUnit.get(unit.code) ?? [], places);
  const publications: Publication[] = places.flatMap((data) => data.years.flatMap((year) => year.outcomes.publications));
  return {
    seed,
    scale,
    jurisdiction: ZHANJIANG_PLACE.code,
    jurisdictions: PLACES.map((place) => place.code),
    year: YEAR,
    enterprises: places.flatMap((data) => data.enterprises),
    publications,
    units,
    truth: groundTruth(places),
  };
}

const cache = new Map<string, Dataset>();

/** The dataset of a scale and seed, generated once per process and shared afterwards. */
export function datasetFor(scale: Scale, seed = DEFAULT_SEED): Dataset {
  const key = `${scale}:${seed}`;
  let dataset = cache.get(key);
  if (!dataset) {
    dataset = generateDataset({ scale, seed });
    cache.set(key, dataset);
  }
  return dataset;
}
