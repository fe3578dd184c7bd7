// Which data a statistics query counts and which rules judge it. Shared by the department
// subgraphs (counting) and the joint office (judging), so both sides agree on one answer.
//
// The platforms hold the data of two cities (platforms/data/places.ts): Zhanjiang 440800 and
// Suizhou 421300, each with its own businesses, directories, officers, plans and tasks in the
// same units' platforms (config/divisions.ts says how a record is told to be of a city). A
// query names a jurisdiction and a year, checked against config/jurisdictions.ts
// (UNKNOWN_JURISDICTION, NO_DATA_FOR_YEAR):
// - Zhanjiang 2025, Suizhou 2025: their own records, year and rules;
// - a jurisdiction without data of its own (Luanzhou 2024): its targets and rules are applied
//   to Zhanjiang's records of the data year (2025): its plan deadline is moved to that year
//   (same month and day) and its publication limit is used. The report says so
//   (dataJurisdiction, dataYear), so nobody mistakes it for that city's own figures.
import { MAX_YEAR, MIN_YEAR } from '../../../lib/input-checks';
import { JURISDICTIONS, StatisticsError, jurisdictionConfig, type JurisdictionConfig } from '../../../config/jurisdictions';
import { DATA_JURISDICTIONS, ZHANJIANG } from '../../../config/divisions';
import { chinaDay, isIsoDay } from '../../../lib/workdays';

/** Whose records a jurisdiction without data of its own is judged on. */
export const HOME_JURISDICTION: string = ZHANJIANG.code;

export interface StatisticsScope {
  /** The configuration asked for: its targets and labels judge the figures. */
  judged: JurisdictionConfig;
  /** The rules the units count with: year, plan deadline, publication limit, divisions. */
  counting: JurisdictionConfig;
  /** Day the counts are taken on. */
  asOf: string;
  /** The city whose records are counted (config/divisions.ts DATA_JURISDICTIONS). */
  dataJurisdiction: string;
}

function dataYear(): number {
  return Math.max(...JURISDICTIONS.filter((config) => config.code === HOME_JURISDICTION).map((config) => config.year));
}

function moveToYear(day: string, year: number): string {
  const moved = `${year}${day.slice(4)}`;
  // 02-29 of a leap year becomes 02-28 in a common year.
  return isIsoDay(moved) ? moved : `${year}-02-28`;
}

/**
 * The default as-of day: today in Beijing, but not after the end of the counted year (a past
 * year is counted as it stood at its end, so the answer no longer changes from day to day).
 */
export function defaultAsOf(year: number, now: Date = new Date()): string {
  const today = chinaDay(now);
  const yearEnd = `${year}-12-31`;
  return today < yearEnd ? today : yearEnd;
}

export function statisticsScope(jurisdiction: string, year: number, asOf?: string | null): StatisticsScope {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) throw new StatisticsError('BAD_INPUT', `year must be a whole number in ${MIN_YEAR}..${MAX_YEAR}, got ${year}`);
  const judged = jurisdictionConfig(jurisdiction, year);
  let counting = judged;
  const own = DATA_JURISDICTIONS.includes(judged.code);
  if (!own) {
    const home = jurisdictionConfig(HOME_JURISDICTION, dataYear());
    counting = {
      ...judged,
      year: home.year,
      divisions: home.divisions,
      planDeadline: moveToYear(judged.planDeadline, home.year),
      jointPlanDeadline: judged.jointPlanDeadline && moveToYear(judged.jointPlanDeadline, home.year),
    };
  }
  if (asOf != null && !isIsoDay(asOf)) throw new StatisticsError('BAD_INPUT', `asOf must be a day YYYY-MM-DD, got "${asOf}"`);
  return { judged, counting, asOf: asOf ?? defaultAsOf(counting.year), dataJurisdiction: own ? judged.code : HOME_JURISDICTION };
}
