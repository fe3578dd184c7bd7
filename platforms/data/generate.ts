// Entry point of the synthetic data generator: one deterministic Dataset per (scale, seed)
// with Zhanjiang's registry, every member unit's platform data for 2025, the credit system's
// publications and the ground truth of what was planted.

import { ZHANJIANG } from '../../config/divisions';
import { MEMBER_UNITS } from '../../config/units';
import { buildDirectories } from './directories';
import { generateEnterprises } from './enterprises';
import { generateHistory } from './history';
import { buildInspectors, type InspectorPool } from './inspectors';
import { equivalentItemGroups, unitItems } from './items';
import type { Dataset, GroundTruth, Item, Scale, UnitData } from './model';
import { generateOutcomes } from './outcomes';
import { YEAR } from './plans';
import { duplicateVisits, latePlanIds } from './truth';

/** Number of registered businesses per scale. */
export const SCALE_SIZES: Record<Scale, number> = { test: 2_000, default: 100_000, city: 600_000 };
export const DEFAULT_SEED = 20250101;

export function generateDataset(options: { scale?: Scale; seed?: number } = {}): Dataset {
  const scale = options.scale ?? 'default';
  const seed = options.seed ?? DEFAULT_SEED;
  const size = SCALE_SIZES[scale];
  if (size === undefined) throw new Error(`unknown scale ${String(scale)}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);

  const enterprises = generateEnterprises(seed, size);
  const directories = buildDirectories(seed, enterprises);
  const itemsByUnit = new Map<string, Item[]>(MEMBER_UNITS.map((unit) => [unit.code, unitItems(unit.code)]));
  const pools = new Map<string, InspectorPool>();
  for (const unit of MEMBER_UNITS) {
    const directory = directories.get(unit.code);
    if (directory) pools.set(unit.code, buildInspectors(seed, directory, itemsByUnit.get(unit.code) ?? []));
  }
  const history = generateHistory(seed, enterprises, directories, itemsByUnit, pools);
  const allTasks = MEMBER_UNITS.flatMap((unit) => history.tasks.get(unit.code) ?? []);
  const outcomes = generateOutcomes(
    seed,
    allTasks,
    new Map(enterprises.map((e) => [e.uscc, e])),
    new Map([...itemsByUnit.values()].flat().map((item) => [item.code, item])),
    history.upcoming,
  );

  const units: Record<string, UnitData> = {};
  for (const unit of MEMBER_UNITS) {
    const pool = pools.get(unit.code);
    units[unit.code] = {
      unitCode: unit.code,
      items: itemsByUnit.get(unit.code) ?? [],
      directory: directories.get(unit.code)?.entries ?? [],
      inspectors: pool?.inspectors ?? [],
      certifiedOfficers: pool?.certifiedOfficers ?? [],
      plans: (history.drafts.get(unit.code) ?? []).map((draft) => draft.plan),
      tasks: history.tasks.get(unit.code) ?? [],
      results: outcomes.results.filter((r) => r.unitCode === unit.code),
      followUps: outcomes.followUps.filter((f) => f.unitCode === unit.code),
    };
  }
  const truth: GroundTruth = {
    unpublishedTaskIds: outcomes.unpublishedTaskIds.sort(),
    latePublicationTaskIds: outcomes.latePublicationTaskIds.sort(),
    unfinishedTaskIds: outcomes.unfinishedTaskIds.sort(),
    findingsWithoutFollowUp: outcomes.findingsWithoutFollowUp.sort(),
    missingOfficers: [...pools.values()].flatMap((pool) => pool.missing),
    latePlanIds: latePlanIds(Object.values(units).flatMap((u) => u.plans)),
    duplicateVisits: duplicateVisits(allTasks),
    equivalentItems: equivalentItemGroups(),
  };
  return {
    seed,
    scale,
    jurisdiction: ZHANJIANG.code,
    year: YEAR,
    enterprises,
    publications: outcomes.publications,
    units,
    truth,
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
