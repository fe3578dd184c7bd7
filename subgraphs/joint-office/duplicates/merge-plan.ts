// What merging one duplicate group into a single joint visit means, computed without I/O: the
// date (inside every plan period of the group), the lead unit, and per unit the tasks to cancel,
// the items it still checks and the inspectors it already matched. An item that repeats a check
// of another unit (same code, or the same catalogue entry) is checked once, by the lead when it
// carries that check, else by the first unit (in code order) that does.
import { buildCatalogueIndex, checkKeyOf, type CatalogueIndex } from './catalogue-index';
import { badInput } from './errors';
import { isIsoDay } from './period';
import type { DuplicateGroup } from './types';

export interface MergeUnit {
  unitCode: string;
  /** Every task of this unit in the group: all are replaced by the joint visit. */
  cancelTaskIds: string[];
  /** The unit's items left after removing checks another unit already does. */
  itemCodes: string[];
  /** The officers this unit had matched to the business, kept for the joint visit. */
  inspectorIds: string[];
  /** False when every item of the unit is done by another unit: it need not come. */
  joins: boolean;
}

export interface DroppedItem {
  unitCode: string;
  itemCode: string;
  /** The unit and item that do this check in the joint visit. */
  keptBy: { unitCode: string; itemCode: string };
}

export interface MergePlan {
  groupKey: string;
  uscc: string;
  date: string;
  leadUnit: string;
  units: MergeUnit[];
  dropped: DroppedItem[];
}

export interface MergeOptions {
  date: string;
  /** Default: the unit of the group's first visit (谁发起、谁牵头). */
  leadUnit?: string;
  catalogue?: CatalogueIndex | readonly (readonly string[])[];
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)];
}

export function planMerge(group: DuplicateGroup, options: MergeOptions): MergePlan {
  const { date } = options;
  if (!isIsoDay(date)) throw badInput(`merge date must be a valid YYYY-MM-DD day (got ${date})`, { date });
  for (const period of group.planPeriods) {
    if (date < period.start || date > period.end) {
      throw badInput(`merge date ${date} is outside plan ${period.planId} of ${period.unitCode} (${period.start} .. ${period.end})`, { ...period, date });
    }
  }
  const leadUnit = options.leadUnit ?? group.tasks.find((task) => task.id === group.visits[0].taskIds[0])!.unitCode;
  if (!group.unitCodes.includes(leadUnit)) {
    throw badInput(`unit ${leadUnit} is not in the group (units: ${group.unitCodes.join(', ')})`, { unitCode: leadUnit, unitCodes: group.unitCodes });
  }
  const catalogue = options.catalogue instanceof Map ? options.catalogue : buildCatalogueIndex(options.catalogue as readonly (readonly string[])[] | undefined);
  const order = [leadUnit, ...group.unitCodes.filter((unit) => unit !== leadUnit)];
  const keptBy = new Map<string, { unitCode: string; itemCode: string }>();
  const units: MergeUnit[] = [];
  const dropped: DroppedItem[] = [];
  for (const unitCode of order) {
    const tasks = group.tasks.filter((task) => task.unitCode === unitCode);
    const itemCodes: string[] = [];
    for (const itemCode of distinct(tasks.flatMap((task) => task.itemCodes)).sort()) {
      const check = checkKeyOf(catalogue, itemCode);
      const keeper = keptBy.get(check);
      if (keeper && keeper.unitCode !== unitCode) {
        dropped.push({ unitCode, itemCode, keptBy: keeper });
        continue;
      }
      if (!keeper) keptBy.set(check, { unitCode, itemCode });
      itemCodes.push(itemCode);
    }
    units.push({
      unitCode,
      cancelTaskIds: tasks.map((task) => task.id),
      itemCodes,
      inspectorIds: distinct(tasks.flatMap((task) => task.inspectorIds)),
      // A unit with no item of its own left still comes if it is the lead.
      joins: itemCodes.length > 0 || unitCode === leadUnit,
    });
  }
  return { groupKey: group.key, uscc: group.uscc, date, leadUnit, units, dropped };
}
