// Per-request DataLoaders: every key asked for by any resolver in one request is collected
// and sent to the platform in as few batch calls as its maximum batch size allows.
import DataLoader from 'dataloader';
import type { DirectoryEntry, FollowUp, Inspector, Item, Plan, Result, Task } from '../../platforms/data/model';
import type { DepartmentPlatform } from './platform';

export interface DepartmentLoaders {
  items: DataLoader<string, Item[]>;
  inspectors: DataLoader<string, Inspector[]>;
  /** Key: `${unitCode}|${year ?? ''}` */
  plans: DataLoader<string, Plan[]>;
  directoryEntry: DataLoader<string, DirectoryEntry | null>;
  tasksOfBusiness: DataLoader<string, Task[]>;
  result: DataLoader<string, Result | null>;
  followUps: DataLoader<string, FollowUp[]>;
}

/** Key is `${unitCode}|${id}`; loads all keys of one unit with one batch call. */
function perUnitBatch<V>(platform: DepartmentPlatform, load: (unit: string, ids: string[]) => Promise<V[]>) {
  return new DataLoader<string, V>(
    async (keys) => {
      const byUnit = new Map<string, string[]>();
      for (const key of keys) {
        const [unit, id] = key.split('|');
        byUnit.set(unit, [...(byUnit.get(unit) ?? []), id]);
      }
      const answers = new Map<string, V>();
      await Promise.all(
        [...byUnit].map(async ([unit, ids]) => {
          const values = await load(unit, ids);
          ids.forEach((id, i) => answers.set(`${unit}|${id}`, values[i]));
        }),
      );
      return keys.map((key) => answers.get(key) as V);
    },
    // The platform adapters split batches above their own maximum.
    { maxBatchSize: Number.MAX_SAFE_INTEGER },
  );
}

export function createDepartmentLoaders(platform: DepartmentPlatform): DepartmentLoaders {
  return {
    items: new DataLoader(async (units) => Promise.all(units.map((unit) => platform.items(unit)))),
    inspectors: new DataLoader(async (units) => Promise.all(units.map((unit) => platform.inspectors(unit)))),
    plans: new DataLoader(async (keys) =>
      Promise.all(
        keys.map((key) => {
          const [unit, year] = key.split('|');
          return platform.plans(unit, year ? Number(year) : undefined);
        }),
      ),
    ),
    directoryEntry: perUnitBatch(platform, (unit, usccs) => platform.directoryEntries(unit, usccs)),
    tasksOfBusiness: perUnitBatch(platform, (unit, usccs) => platform.tasksOfBusinesses(unit, usccs)),
    result: perUnitBatch(platform, (unit, taskIds) => platform.results(unit, taskIds)),
    followUps: perUnitBatch(platform, (unit, taskIds) => platform.followUps(unit, taskIds)),
  };
}
