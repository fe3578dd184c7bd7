// Matching before the visit at run time: proposals and the visit check computed from the office's
// visit index (merging/findings.gatherInput: every unit's tasks, plans, items, the confirmed
// catalogue), and accepting a proposal through the merge procedure of duplicate inspections.
import { findUnit } from '../../../config/units';
import { ErrorCode, graphError } from '../../../lib/errors';
import { checkIdLength, checkYear } from '../../../lib/input-checks';
import type { Role } from '../../../lib/roles';
import { forbidden } from '../../../lib/roles';
import { USCC_PROBLEM_TEXT, usccProblem } from '../../../lib/uscc';
import { buildCatalogueIndex } from '../duplicates';
import { isIsoDay } from '../duplicates/period';
import { gatherInput } from '../merging/findings';
import type { GatherDeps } from '../merging/gather';
import { existingMerge, mergeGroup } from '../merging/merge';
import type { MergeDeps, MergeOutcome } from '../merging/merge-steps';
import { proposeJointVisits, type VisitProposal } from './proposals';
import { capsFor, checkVisit, type VisitCheckAnswer } from './visit-check';

/** Years matching answers about (as joint plans). */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
/** Items one visit check may name. */
export const MAX_CHECK_ITEMS = 50;

function checkMatchingYear(name: string, year: number): void {
  checkYear(name, year);
  if (year < MIN_YEAR || year > MAX_YEAR) throw graphError(ErrorCode.BAD_INPUT, `"${name}" must be a year in ${MIN_YEAR}..${MAX_YEAR}, got ${year}`, { argument: name });
}

function checkDate(name: string, date: string): number {
  if (!isIsoDay(date)) throw graphError(ErrorCode.BAD_INPUT, `"${name}" must be a calendar day as YYYY-MM-DD, got "${date.slice(0, 40)}"`, { argument: name });
  const year = Number(date.slice(0, 4));
  checkMatchingYear(name, year);
  return year;
}

/** A member unit of the jurisdiction whose caps apply in `year`. */
function checkUnit(unitCode: string, year: number): void {
  const { config } = capsFor(year);
  if (!findUnit(unitCode) || !config.unitCodes.includes(unitCode)) {
    throw graphError(ErrorCode.UNKNOWN_UNIT, `${unitCode.slice(0, 40)} is not a member unit of ${config.name}`, { unitCode: unitCode.slice(0, 128) });
  }
}

/** Every proposal of the year, kept while the office's input (the visit index) stays the same. */
export async function findProposals(deps: GatherDeps, year: number, fresh = false): Promise<VisitProposal[]> {
  checkMatchingYear('year', year);
  const input = await gatherInput(deps, { year }, fresh);
  const { unitCodes } = capsFor(year).config;
  return deps.visits.memo(`proposals|${year}`, deps.visits.keyOf(input), async () => proposeJointVisits(input, { year, unitCodes }));
}

/** Only the office lists every proposal; a unit lists those it takes part in. */
export function proposalsFor(role: Role, unitCode: string | undefined): string | undefined {
  if (unitCode !== undefined && !findUnit(unitCode)) throw graphError(ErrorCode.UNKNOWN_UNIT, `${unitCode.slice(0, 40)} is not a member unit`, { unitCode: unitCode.slice(0, 128) });
  if (role.kind === 'office') return unitCode;
  if (role.kind === 'department' && (unitCode === undefined || unitCode === role.unitCode)) return role.unitCode;
  throw forbidden(unitCode === undefined ? 'list visit proposals' : `list visit proposals of ${unitCode}`, role);
}

export interface AcceptRequest {
  key: string;
  year: number;
  /** Default: the proposal's proposedDate. */
  date?: string;
  /** Default: the proposal's lead unit. Only the office may choose another. */
  leadUnit?: string;
  /** The office's today, and an override's reason: the date rules of merges (date-rules.ts). */
  today: string;
  overrideReason?: string;
}

/**
 * Accepts a proposal found on the units' current tasks: it becomes one joint visit through the
 * merge procedure (joint tasks first, originals cancelled after), recorded under the proposal's
 * key. The office, or the proposal's lead unit, may accept.
 */
export async function acceptProposal(deps: MergeDeps, role: Role, request: AcceptRequest): Promise<MergeOutcome> {
  if (role.kind === 'public') throw forbidden('accept visit proposals', role);
  checkIdLength('key', request.key);
  checkMatchingYear('year', request.year);
  if (request.date !== undefined && checkDate('date', request.date) !== request.year) {
    throw graphError(ErrorCode.DATE_OUTSIDE_PERIOD, `${request.date} is not in ${request.year}, the year of the proposal`, { date: request.date, year: request.year });
  }
  // Accepted before: applied is GROUP_ALREADY_MERGED, pending is resumed (its lead or the office).
  const recorded = await deps.store.merges.getByGroupKey(request.key);
  if (recorded) {
    if (role.kind === 'department' && recorded.units[0] !== role.unitCode) throw forbidden(`resume the merge of ${request.key} (led by ${recorded.units[0]})`, role);
    return (await existingMerge(deps, request.key))!;
  }
  const proposal = (await findProposals(deps, request.year, true)).find((candidate) => candidate.key === request.key);
  if (!proposal) {
    throw graphError(ErrorCode.UNKNOWN_PROPOSAL, `No open visit proposal ${request.key} in ${request.year}; list them with visitProposals`, { key: request.key });
  }
  if (role.kind === 'department' && (role.unitCode !== proposal.leadUnit || (request.leadUnit !== undefined && request.leadUnit !== role.unitCode))) {
    throw forbidden(`accept proposal ${proposal.key} (led by ${proposal.leadUnit})`, role);
  }
  const date = request.date ?? proposal.proposedDate;
  if (date < proposal.allowedDates.start || date > proposal.allowedDates.end) {
    throw graphError(ErrorCode.DATE_OUTSIDE_PERIOD, `${date} is outside the days every plan of the proposal allows (${proposal.allowedDates.start}..${proposal.allowedDates.end})`, {
      date,
      allowedDates: proposal.allowedDates,
    });
  }
  const input = await gatherInput(deps, { year: request.year });
  const { today, overrideReason } = request;
  return mergeGroup(deps, proposal, { groupKey: proposal.key, date, leadUnit: request.leadUnit, today, overrideReason }, input.catalogue ?? []);
}

export interface VisitCheckArgs {
  uscc: string;
  unit: string;
  date: string;
  items: readonly string[];
}

/** The visit check of the office or of the unit itself; bad input fails before anything is read. */
export async function visitCheck(deps: GatherDeps, role: Role, args: VisitCheckArgs): Promise<VisitCheckAnswer> {
  if (role.kind === 'public') throw forbidden('check visits', role);
  const problem = usccProblem(args.uscc);
  if (problem) throw graphError(ErrorCode.INVALID_USCC, `Credit code "${args.uscc.slice(0, 40)}" ${USCC_PROBLEM_TEXT[problem]}`, { uscc: args.uscc.slice(0, 40), problem });
  const year = checkDate('date', args.date);
  checkUnit(args.unit, year);
  if (!(role.kind === 'office' || (role.kind === 'department' && role.unitCode === args.unit))) throw forbidden(`check visits of ${args.unit}`, role);
  if (args.items.length > MAX_CHECK_ITEMS) throw graphError(ErrorCode.BAD_INPUT, `At most ${MAX_CHECK_ITEMS} items per visit check, got ${args.items.length}`, { argument: 'items' });
  for (const item of args.items) checkIdLength('items', item);

  const input = await gatherInput(deps, { year });
  const items = new Set((input.items ?? []).filter((item) => item.unitCode === args.unit).map((item) => item.code));
  const notListed = args.items.filter((code) => !items.has(code));
  if (notListed.length > 0) {
    throw graphError(ErrorCode.ITEM_NOT_ON_LIST, `Not on the item list of ${args.unit}: ${notListed.join(', ')}`, { unitCode: args.unit, itemCodes: notListed });
  }
  const { caps } = capsFor(year);
  const catalogue = await deps.visits.memo(`catalogue-index|${year}`, deps.visits.keyOf(input), async () => buildCatalogueIndex(input.catalogue));
  const unitPlans = input.plans.filter((plan) => plan.unitCode === args.unit);
  const request = { uscc: args.uscc, unitCode: args.unit, date: args.date, itemCodes: [...new Set(args.items)] };
  return checkVisit(deps.visits.index.tasksOf(args.uscc), request, { caps, unitPlans, catalogue });
}
