// The office's answer to "were repeated checks merged?": for a period, how many duplicate
// groups are still unmerged, how many visits merging them would save, and which businesses are
// over the visit cap, with the lists behind each number.
import { overCapFromPrepared, resolveCaps } from './caps';
import { groupContext, groupsFromPrepared, prepare } from './detect';
import { windowDays } from './period';
import type { DateRange, DetectOptions, DuplicateGroup, DuplicateInput, OverCap } from './types';

export interface UnmergedReport {
  period: DateRange;
  /** Null for the calendar-month window. */
  windowDays: number | null;
  duplicateGroups: number;
  visitsSaved: number;
  /** Distinct businesses over at least one cap (per unit or total). */
  businessesOverCap: number;
  groups: DuplicateGroup[];
  overCap: OverCap[];
}

export function unmergedReport(input: DuplicateInput, options: DetectOptions): UnmergedReport {
  const days = windowDays(options.window);
  resolveCaps(options.caps);
  const prepared = prepare(input, options);
  const groups = groupsFromPrepared(prepared, days, groupContext(input));
  const overCap = overCapFromPrepared(prepared, options.caps, input.businesses);
  return {
    period: { start: prepared.period.start, end: prepared.period.end },
    windowDays: days,
    duplicateGroups: groups.length,
    visitsSaved: groups.reduce((sum, group) => sum + group.visitsSaved, 0),
    businessesOverCap: new Set(overCap.map((entry) => entry.uscc)).size,
    groups,
    overCap,
  };
}
