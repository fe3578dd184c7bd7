// Matching before the visit (撮合, 拼团): from every unit's planned tasks that have not started,
// the joint visits the office proposes. Pure functions over the duplicate finder's input.
//
// A proposal is a set of a business's planned visits (a visit: one task, or the tasks of one
// joint inspection, every task still pending) of two or more units, in one calendar year, that
// can become one door opening: every plan of its tasks allows a common day. Only units of the
// jurisdiction's joint meeting take part (the office matches only its member units).
//
// Choosing which visits go together is covering the visits' allowed days (intervals) with as
// few joint visits as possible. Per business, sorted by the last allowed day: the visit that
// must happen first fixes a day d (its last allowed day); every visit still open that allows d
// joins it. Any joint visit with that first visit happens by d and therefore also allows d, so
// taking all of them loses nothing; if they are all of one unit, that first visit has no
// partner of another unit and is left alone. This is the classic greedy cover of intervals by
// points, which uses the fewest points, i.e. saves the most visits.
import { collectVisits, intersect, type DateRange, type DuplicateGroup, type DuplicateInput, type Visit } from '../duplicates';
import { groupContext } from '../duplicates/detect';
import { buildGroup, type GroupContext } from '../duplicates/group';
import { compareKeys, type PagedList } from '../duplicates/paginate';
import { inspectionDays } from '../plans/schedule';
import { describeDay } from '../../../lib/workdays';

export interface VisitProposal extends DuplicateGroup {
  year: number;
  /** The unit of the earliest planned visit (谁发起、谁牵头); the merge's default lead. */
  leadUnit: string;
  /** Days every plan of the proposal allows, within its year. */
  allowedDates: DateRange;
  /**
   * The day proposed for the joint visit: a visit's own planned day where it is a working day
   * (accepting a day off is refused, date-rules.ts), else the first working day of a month of its
   * visits, never in a month where the business has another visit (which would make a new duplicate).
   */
  proposedDate: string;
}

export interface ProposalOptions {
  year: number;
  /** Member units of the joint meeting; tasks of other units are never matched. */
  unitCodes: readonly string[];
}

/** Sort: visits saved (most first), then credit code, first date and key; cursors say `visitProposals`. */
export const VISIT_PROPOSALS: PagedList<VisitProposal> = {
  name: 'visitProposals',
  sortKey: (proposal) => [-proposal.visitsSaved, proposal.uscc, proposal.firstDate, proposal.key],
  shape: ['number', 'string', 'string', 'string'],
};

interface Candidate {
  visit: Visit;
  allowed: DateRange;
}

const month = (day: string) => day.slice(0, 7);
const endOfMonth = (day: string) => new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0)).toISOString().slice(0, 10);

/** The days every known plan of the visit's tasks allows, within the year; null when none. */
function allowedDays(visit: Visit, context: GroupContext, year: DateRange): DateRange | null {
  const periods: DateRange[] = [year];
  for (const task of visit.tasks) {
    const plan = context.plansById.get(task.planId);
    // A task whose plan is unknown cannot be placed: merging needs the plan's period.
    if (!plan) return null;
    periods.push({ start: plan.periodStart, end: plan.periodEnd });
  }
  return intersect(periods);
}

/** The proposed day: see VisitProposal.proposedDate. */
export function chooseDate(allowed: DateRange, own: readonly Visit[], otherDates: readonly string[]): string {
  const blocked = new Set(otherDates.map(month));
  const inside = (day: string) => day >= allowed.start && day <= allowed.end;
  const ownDay = own.find((visit) => inside(visit.date) && !blocked.has(month(visit.date)) && describeDay(visit.date).workday);
  if (ownDay) return ownDay.date;
  // Months of the visits first, then every month the plans allow, in order.
  const months: string[] = own.map((visit) => month(visit.date));
  for (let day = allowed.start; day <= allowed.end; day = nextMonth(day)) months.push(month(day));
  for (const candidate of months) {
    if (blocked.has(candidate)) continue;
    const range = intersect([allowed, { start: `${candidate}-01`, end: endOfMonth(`${candidate}-01`) }]);
    if (range) return inspectionDays(range.start, range.end)[0];
  }
  return inspectionDays(allowed.start, allowed.end)[0];
}

function nextMonth(day: string): string {
  const year = Number(day.slice(0, 4));
  const next = Number(day.slice(5, 7)) + 1;
  return next > 12 ? `${year + 1}-01-01` : `${year}-${String(next).padStart(2, '0')}-01`;
}

function hasTwoUnits(candidates: readonly Candidate[]): boolean {
  const first = candidates[0].visit.unitCodes[0];
  return candidates.some((candidate) => candidate.visit.unitCodes.some((unit) => unit !== first));
}

/** The joint visits of one business (its visits of the year, sorted by date). */
function proposalsOf(visits: readonly Visit[], context: GroupContext, options: ProposalOptions, year: DateRange): VisitProposal[] {
  const members = new Set(options.unitCodes);
  const open: Candidate[] = [];
  for (const visit of visits) {
    if (!visit.tasks.every((task) => task.status === 'pending') || !visit.unitCodes.every((unit) => members.has(unit))) continue;
    const allowed = allowedDays(visit, context, year);
    if (allowed) open.push({ visit, allowed });
  }
  if (open.length < 2 || !hasTwoUnits(open)) return [];
  open.sort((a, b) => (a.allowed.end < b.allowed.end ? -1 : a.allowed.end > b.allowed.end ? 1 : a.visit.day - b.visit.day));
  const proposals: VisitProposal[] = [];
  while (open.length > 1) {
    const day = open[0].allowed.end;
    const together = open.filter((candidate) => candidate.allowed.start <= day);
    if (together.length < 2 || !hasTwoUnits(together)) {
      open.shift();
      continue;
    }
    const chosen = new Set(together);
    for (let i = open.length - 1; i >= 0; i--) if (chosen.has(open[i])) open.splice(i, 1);
    const own = together.map((candidate) => candidate.visit).sort((a, b) => a.day - b.day || (a.tasks[0].id < b.tasks[0].id ? -1 : 1));
    proposals.push(toProposal(own, together, visits, context, options.year));
  }
  return proposals;
}

function toProposal(own: Visit[], together: readonly Candidate[], all: readonly Visit[], context: GroupContext, year: number): VisitProposal {
  const units = [...new Set(own.flatMap((visit) => visit.unitCodes))].sort();
  const group = buildGroup(own, units, context, false);
  const allowed = intersect(together.map((candidate) => candidate.allowed))!;
  const mine = new Set(own);
  const otherDates = all.filter((visit) => !mine.has(visit)).map((visit) => visit.date);
  const leadUnit = group.tasks.find((task) => task.id === group.visits[0].taskIds[0])!.unitCode;
  return { ...group, year, leadUnit, allowedDates: allowed, proposedDate: chooseDate(allowed, own, otherDates) };
}

/** Every joint visit the office proposes for the year, sorted (see VISIT_PROPOSALS). */
export function proposeJointVisits(input: DuplicateInput, options: ProposalOptions): VisitProposal[] {
  const year: DateRange = { start: `${options.year}-01-01`, end: `${options.year}-12-31` };
  const context = groupContext(input);
  const proposals: VisitProposal[] = [];
  for (const visits of collectVisits(input.tasks, year, 2).values()) proposals.push(...proposalsOf(visits, context, options, year));
  return proposals.sort((a, b) => compareKeys(VISIT_PROPOSALS.sortKey(a), VISIT_PROPOSALS.sortKey(b)));
}
