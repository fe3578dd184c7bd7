// Shapes of the duplicate-inspection core: its inputs, its options and the groups it reports.
// Pure data; the joint-office subgraph gathers the inputs through the federated graph.
import type { Item, Plan, Task, TaskStatus } from '../../../platforms/data/model';

/** Where a business sits, for the division and industry filters. */
export interface BusinessInfo {
  divisionCode: string;
  /** GB/T 4754-2017 four-digit class. */
  industryCode: string;
}

export interface DuplicateInput {
  /** Tasks of every unit (cancelled ones are ignored). */
  tasks: readonly Task[];
  /** Plans of every unit, for the periods a merge date must fall in. */
  plans: readonly Plan[];
  /** Items of every unit; used for names in overlap reports (optional). */
  items?: readonly Item[];
  /** Confirmed cross-unit catalogue: each entry lists item codes that are the same check. */
  catalogue?: readonly (readonly string[])[];
  businesses?: ReadonlyMap<string, BusinessInfo>;
}

/** A year, a quarter of a year, or inclusive ISO dates. */
export type PeriodInput = { year: number; quarter?: 1 | 2 | 3 | 4 } | { from: string; to: string };

/** 'month': same calendar month of plannedOn; {days}: visits chained at most n days apart. */
export type WindowInput = 'month' | { days: number };

export interface CapOptions {
  /** Visits one unit may pay one business in a calendar year (default 2). */
  perUnitPerYear?: number;
  /** Visits all units together may pay one business in a calendar year (no cap when absent). */
  totalPerYear?: number;
}

export interface DuplicateFilters {
  /** Only findings that involve this unit. */
  unitCode?: string;
  /** County code (440802) or a city/province code (440800, 440000) meaning all below it. */
  divisionCode?: string;
  /** GB/T 4754 digits prefix of the business's industry class, e.g. `62`. */
  industryPrefix?: string;
}

export interface DetectOptions {
  period: PeriodInput;
  window?: WindowInput;
  caps?: CapOptions;
  filters?: DuplicateFilters;
}

/** One door opening: a lone task, or all tasks of one joint inspection (same jointGroupId). */
export interface Visit {
  uscc: string;
  /** Earliest plannedOn of its tasks. */
  date: string;
  /** Days since 1970-01-01 of `date`, for day windows. */
  day: number;
  tasks: Task[];
  /** Distinct, sorted; read-only (one-unit lists are shared between visits). */
  unitCodes: readonly string[];
  jointGroupId?: string;
}

export interface GroupTask {
  id: string;
  unitCode: string;
  planId: string;
  plannedOn: string;
  status: TaskStatus;
  itemCodes: string[];
  inspectorIds: string[];
  jointGroupId?: string;
}

export interface GroupVisit {
  date: string;
  taskIds: string[];
  unitCodes: string[];
  jointGroupId?: string;
}

/** Items that two or more units of a group would each check: one check, done once if merged. */
export interface ItemOverlap {
  /** The catalogue entry's id (`catalogue:<first code>`) or `item:<code>` for identical codes. */
  checkKey: string;
  itemCodes: string[];
  itemNames: string[];
  unitCodes: string[];
  taskIds: string[];
}

export interface PlanPeriod {
  planId: string;
  unitCode: string;
  start: string;
  end: string;
}

export interface DateRange {
  start: string;
  end: string;
}

export interface DuplicateGroup {
  /** Stable across queries: hash of the credit code and the sorted task ids. */
  key: string;
  uscc: string;
  /** 'YYYY-MM' for the month window; the month of the first visit for day windows. */
  month: string;
  firstDate: string;
  lastDate: string;
  /** All tasks of the group's visits, sorted. */
  taskIds: string[];
  /** Distinct, sorted. */
  unitCodes: string[];
  visits: GroupVisit[];
  tasks: GroupTask[];
  overlappingItems: ItemOverlap[];
  /** Visits merging would save: visits − 1. */
  visitsSaved: number;
  planPeriods: PlanPeriod[];
  /** Intersection of the plans' periods, or null when they share no day (or none is known). */
  commonPeriod: DateRange | null;
  /**
   * The days of the common period inside the group's window (its calendar month, or its first
   * to last date for day windows): a merge date there moves no visit into another window.
   * Null when there is none; a merge then needs a date of `commonPeriod` elsewhere.
   */
  mergeDates: DateRange | null;
  divisionCode?: string;
  industryCode?: string;
}

/** A business visited more often than the cap in one calendar year. */
export interface OverCap {
  uscc: string;
  /** The unit over its per-unit cap, or null for the total cap. */
  unitCode: string | null;
  year: number;
  visits: number;
  cap: number;
  /** The tasks of the counted visits (the unit's own tasks for a per-unit cap), sorted. */
  taskIds: string[];
  divisionCode?: string;
  industryCode?: string;
}
