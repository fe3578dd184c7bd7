// Annual plans (年度抽查计划): single plans of each unit and the copies of joint plans that every
// participating unit's platform holds. A plan knows which directory entries it may draw from.

import { findUnit } from '../../config/units';
import { addDays, dayNumber, isoDay } from './dates';
import type { UnitDirectory } from './directories';
import { industriesMatching } from './industries';
import { itemCode } from './items';
import type { Item, Plan } from './model';
import { idTag, stream, type Place } from './places';
import { Rng } from './random';

/** The data year: the year of history the platforms are judged on (the year before comes too). */
export const YEAR = 2025;

/** One place's plans of one year, made public by that place's deadline (most of them). */
export interface PlanYear {
  place: Place;
  year: number;
  /** Last day the annual plan may be made public (the place's rule, in this year). */
  deadline: string;
}

/** A plan plus what the draw needs: its segments, divisions and the window for visits. */
export interface DraftPlan {
  plan: Plan;
  segments: Set<number>;
  divisions: Set<string>;
  /** Day numbers: the draw, and the first and last day a visit may be planned. */
  drawnDay: number;
  firstDay: number;
  lastDay: number;
}

export interface PlanSchedule {
  periodStart: string;
  periodEnd: string;
  publishedOn?: string;
  drawnOn: string;
}

/** A random stream of a place and year: the data year keeps the place's own names. */
export function batchStream(batch: PlanYear, name: string): string {
  return stream(batch.place, batch.year === YEAR ? name : `${name}:${batch.year}`);
}

export function planId(unitCode: string, number: number, batch: PlanYear): string {
  return `${unitCode}-${idTag(batch.place)}P${batch.year}-${String(number).padStart(2, '0')}`;
}

/**
 * Period, publication and draw days: most plans public in the 12 weeks before the deadline,
 * some late or never.
 */
export function planSchedule(rng: Rng, batch: PlanYear): PlanSchedule {
  const { year, deadline } = batch;
  const periodStart = `${year}-${String(rng.int(3, 7)).padStart(2, '0')}-01`;
  const periodEnd = rng.pick([`${year}-09-30`, `${year}-10-31`, `${year}-11-15`, `${year}-11-30`, `${year}-12-15`]);
  const roll = rng.next();
  const publishedOn =
    roll < 0.86 ? isoDay(dayNumber(deadline) - 83 + rng.int(0, 81)) : roll < 0.95 ? addDays(deadline, rng.int(2, 80)) : undefined;
  const beforeStart = addDays(periodStart, -rng.int(3, 15));
  const drawnOn = publishedOn && publishedOn >= beforeStart ? addDays(publishedOn, rng.int(1, 5)) : beforeStart;
  return { periodStart, periodEnd, publishedOn, drawnOn };
}

export function draftFor(plan: Plan, segments: Set<number>): DraftPlan {
  const drawnDay = dayNumber(plan.drawnOn ?? plan.periodStart);
  return {
    plan,
    segments,
    divisions: new Set(plan.scope.divisionCodes),
    drawnDay,
    firstDay: Math.max(dayNumber(plan.periodStart), drawnDay + 1),
    lastDay: dayNumber(plan.periodEnd),
  };
}

function scopeDivisions(rng: Rng, place: Place): string[] {
  const all = place.divisions.map((d) => d.code);
  if (rng.chance(0.75)) return all;
  return rng.sample(all, rng.int(2, Math.min(4, all.length))).sort();
}

/** 2-6 single plans per unit, each over one or two segments of the unit's directory. */
export function singlePlans(rng: Rng, batch: PlanYear, directory: UnitDirectory, items: readonly Item[]): DraftPlan[] {
  const { year } = batch;
  const unit = findUnit(directory.unitCode);
  const sizes = directory.segments.map(() => 0);
  for (const segment of directory.segmentOf) sizes[segment]++;
  const segmentIndexes = directory.segments.map((_, i) => i);
  const count = rng.int(2, 6);
  const drafts: DraftPlan[] = [];
  for (let n = 1; n <= count; n++) {
    const chosen = new Set([rng.weighted(segmentIndexes, sizes.map((s) => s + 1))]);
    if (segmentIndexes.length > 1 && rng.chance(0.35)) chosen.add(rng.pick(segmentIndexes));
    const segments = [...chosen].sort((a, b) => a - b).map((i) => directory.segments[i]);
    const itemNumbers = [...new Set(segments.flatMap((s) => s.items))].sort((a, b) => a - b);
    const itemCodes = itemNumbers.map((number) => itemCode(directory.unitCode, number));
    const riskBased = itemNumbers.some((number) => items[number - 1]?.riskBased);
    const tags = [...new Set(segments.flatMap((s) => s.tags))];
    const schedule = planSchedule(rng, batch);
    const plan: Plan = {
      id: planId(directory.unitCode, n, batch),
      unitCode: directory.unitCode,
      year,
      title: `${year}年${unit?.name ?? directory.unitCode}${tags.slice(0, 2).join('、')}“双随机、一公开”抽查计划`,
      kind: 'single',
      leadUnit: directory.unitCode,
      participatingUnits: [directory.unitCode],
      itemCodes,
      scope: { divisionCodes: scopeDivisions(rng, batch.place), industryCodes: industriesMatching(segments.flatMap((s) => s.prefixes)), tags },
      ...schedule,
    };
    // Ratios are filled in by the draw once the candidate pool is known.
    if (riskBased && rng.chance(0.85)) plan.ratios = { A: 0, B: 0, C: 0, D: 0 };
    if (!plan.publishedOn) delete plan.publishedOn;
    drafts.push(draftFor(plan, chosen));
  }
  return drafts;
}
