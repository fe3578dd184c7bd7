// Duplicate inspections in the graph (office role): find them (duplicateVisits, overVisitCap,
// duplicateReport), keep the cross-unit item catalogue, merge a group into one joint visit and
// resume a merge an outage cut short. Typed errors of the core and the store become stable codes.
import { ErrorCode, graphError } from '../../../lib/errors';
import { forbidden } from '../../../lib/roles';
import { builder, type OfficeContext } from '../builder';
import { DUPLICATE_GROUPS, DuplicatesError, OVER_CAP, paginate, type DuplicateFilters, type PeriodInput, type WindowInput } from '../duplicates';
import { toGraphError } from '../plans/errors';
import { overrideReason } from '../date-rules';
import { DateOverrideInputType } from '../date-rules-graph';
import type { OfficeStore } from '../store';
import { listCatalogue, proposeCatalogue } from './catalogue';
import { findDuplicates, isMergeable } from './findings';
import type { GatherDeps } from './gather';
import { CatalogueEntryType, CatalogueStatusEnum, DateRangeType, DuplicateGroupType, MergeStateEnum, MergeType, OverCapType, connectionType, type MergeView } from './graph-types';
import { mergeDuplicateGroup, resumeMerge } from './merge';
import type { MergeDeps, MergeOutcome } from './merge-steps';
import type { DuplicateGroup, OverCap } from '../duplicates';
import type { MergeRecord } from '../store';

const PeriodInputType = builder.inputType('DuplicatePeriodInput', {
  description: 'A year, a quarter of a year, or from..to (inclusive YYYY-MM-DD days)',
  fields: (t) => ({ year: t.int(), quarter: t.int(), from: t.string(), to: t.string() }),
});
const WindowInputType = builder.inputType('DuplicateWindowInput', {
  description: 'Visits chained at most `days` apart; without days, the same calendar month',
  fields: (t) => ({ days: t.int() }),
});
const FilterInputType = builder.inputType('DuplicateFilterInput', {
  fields: (t) => ({
    unitCode: t.id(),
    divisionCode: t.string({ description: 'GB/T 2260; a city or province code means every county below it' }),
    industryPrefix: t.string({ description: 'Leading digits of the GB/T 4754 class, e.g. 62' }),
    mergeable: t.boolean({ description: 'Only groups that can (true) or can no longer (false) become one visit; duplicateVisits only' }),
  }),
});
const CapsInputType = builder.inputType('VisitCapInput', {
  fields: (t) => ({ perUnitPerYear: t.int({ description: 'Default 2' }), totalPerYear: t.int({ description: 'Default: no total cap' }) }),
});

type PeriodArg = { year?: number | null; quarter?: number | null; from?: string | null; to?: string | null };

function periodOf(arg: PeriodArg): PeriodInput {
  if (arg.from != null || arg.to != null) {
    if (arg.from == null || arg.to == null || arg.year != null) throw graphError(ErrorCode.BAD_INPUT, 'Give a period as year (and quarter) or as both from and to');
    return { from: arg.from, to: arg.to };
  }
  if (arg.year == null) throw graphError(ErrorCode.BAD_INPUT, 'Give a period as year (and quarter) or as both from and to');
  return arg.quarter == null ? { year: arg.year } : { year: arg.year, quarter: arg.quarter as 1 | 2 | 3 | 4 };
}

const windowOf = (arg?: { days?: number | null } | null): WindowInput | undefined => (arg?.days == null ? undefined : { days: arg.days });
const capsOf = (arg?: { perUnitPerYear?: number | null; totalPerYear?: number | null } | null) => ({
  perUnitPerYear: arg?.perUnitPerYear ?? undefined,
  totalPerYear: arg?.totalPerYear ?? undefined,
});
const filtersOf = (arg?: { unitCode?: string | null; divisionCode?: string | null; industryPrefix?: string | null } | null): DuplicateFilters => ({
  unitCode: arg?.unitCode ?? undefined,
  divisionCode: arg?.divisionCode ?? undefined,
  industryPrefix: arg?.industryPrefix ?? undefined,
});

/** The office only: findings span every unit. */
async function asOffice<T>(ctx: OfficeContext, what: string, work: (deps: GatherDeps) => Promise<T>): Promise<T> {
  if (ctx.role.kind !== 'office') throw forbidden(what, ctx.role);
  return withDeps(ctx, work);
}

/** Runs `work` with the request's gather dependencies; errors come out with their stable codes. */
export async function withDeps<T>(ctx: OfficeContext, work: (deps: GatherDeps) => Promise<T>): Promise<T> {
  try {
    return await work({ graph: ctx.graph, actor: ctx.actor, store: ctx.plans?.store, visits: ctx.visits, cache: ctx.cache });
  } catch (error) {
    if (error instanceof DuplicatesError) throw graphError(error.code, error.message, error.details);
    throw toGraphError(error);
  }
}

export function storeOf(deps: GatherDeps): OfficeStore {
  if (!deps.store) throw graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The joint-office store is not configured in this process');
  return deps.store;
}

export const mergeDeps = (deps: GatherDeps): MergeDeps => ({ ...deps, store: storeOf(deps) });

/** The merge with the last failure of each step still to do, and its audit trail. */
async function viewOf(store: OfficeStore, merge: MergeRecord): Promise<MergeView> {
  const trail = await store.auditTrail('merge', merge.id);
  const lastErrors = new Map<string, string>();
  for (const entry of trail) {
    const failure = entry.after as { unitCode?: string; phase?: string; error?: string } | null;
    if (entry.action !== 'merge.step_failed' || !failure?.unitCode) continue;
    const step = merge.steps[failure.unitCode];
    const open = failure.phase === 'create' ? !step?.createdTaskId : !step?.cancelled;
    if (open) lastErrors.set(failure.unitCode, `${failure.phase}: ${failure.error}`);
  }
  return { merge, lastErrors, trail };
}

export const outcomeView = (store: OfficeStore, outcome: MergeOutcome) => viewOf(store, outcome.merge);

const GroupConnection = connectionType<DuplicateGroup>('DuplicateGroup', DuplicateGroupType);
const OverCapConnection = connectionType<OverCap>('OverVisitCap', OverCapType);

const ReportType = builder
  .objectRef<Awaited<ReturnType<typeof findDuplicates>> & { pendingMerges: number; appliedMerges: number }>('DuplicateReport')
  .implement({
    description: '“Were repeated checks merged?”: what is still unmerged in the period, with the lists',
    fields: (t) => ({
      period: t.field({ type: DateRangeType, resolve: (r) => r.period }),
      windowDays: t.exposeInt('windowDays', { nullable: true, description: 'Null for the calendar-month window' }),
      duplicateGroups: t.exposeInt('duplicateGroups', { description: 'Duplicate groups still unmerged' }),
      visitsSaved: t.exposeInt('visitsSaved', { description: 'Visits merging them would save' }),
      businessesOverCap: t.exposeInt('businessesOverCap'),
      groups: t.field({ type: [DuplicateGroupType], resolve: (r) => r.groups }),
      overCap: t.field({ type: [OverCapType], resolve: (r) => r.overCap }),
      pendingMerges: t.exposeInt('pendingMerges', { description: 'Merges waiting for a platform (resumeMerge)' }),
      appliedMerges: t.exposeInt('appliedMerges'),
    }),
  });

const findArgs = (t: Parameters<Parameters<typeof builder.queryFields>[0]>[0]) => ({
  period: t.arg({ type: PeriodInputType, required: true }),
  filter: t.arg({ type: FilterInputType }),
  first: t.arg.int(),
  after: t.arg.string(),
});

builder.queryFields((t) => ({
  duplicateVisits: t.field({
    type: GroupConnection,
    description: 'Businesses visited by two or more units within a window (default the calendar month), most visits saved first',
    args: { ...findArgs(t), window: t.arg({ type: WindowInputType }) },
    resolve: (_root, args, ctx) =>
      asOffice(ctx, 'list duplicate visits', async (deps) => {
        const found = await findDuplicates(deps, { period: periodOf(args.period), window: windowOf(args.window), filters: filtersOf(args.filter) });
        const wanted = args.filter?.mergeable;
        const groups = wanted == null ? found.groups : found.groups.filter((group) => isMergeable(group) === wanted);
        // Totals describe the filtered set, not the whole period.
        const visitsSaved = groups.reduce((sum, group) => sum + group.visitsSaved, 0);
        return { ...paginate(groups, { first: args.first ?? undefined, after: args.after }, DUPLICATE_GROUPS), visitsSaved };
      }),
  }),
  overVisitCap: t.field({
    type: OverCapConnection,
    description: 'Businesses visited more often than the cap in a calendar year (per unit, or in total)',
    args: { ...findArgs(t), caps: t.arg({ type: CapsInputType }) },
    resolve: (_root, args, ctx) =>
      asOffice(ctx, 'list businesses over the visit cap', async (deps) => {
        const found = await findDuplicates(deps, { period: periodOf(args.period), caps: capsOf(args.caps), filters: filtersOf(args.filter) });
        return { ...paginate(found.overCap, { first: args.first ?? undefined, after: args.after }, OVER_CAP), visitsSaved: 0 };
      }),
  }),
  duplicateReport: t.field({
    type: ReportType,
    args: { period: t.arg({ type: PeriodInputType, required: true }), window: t.arg({ type: WindowInputType }), caps: t.arg({ type: CapsInputType }), filter: t.arg({ type: FilterInputType }) },
    resolve: (_root, args, ctx) =>
      asOffice(ctx, 'read the duplicate report', async (deps) => {
        const found = await findDuplicates(deps, { period: periodOf(args.period), window: windowOf(args.window), caps: capsOf(args.caps), filters: filtersOf(args.filter) });
        const merges = deps.store ? await deps.store.merges.list() : [];
        return { ...found, pendingMerges: merges.filter((m) => m.state === 'pending').length, appliedMerges: merges.filter((m) => m.state === 'applied').length };
      }),
  }),
  itemCatalogue: t.field({
    type: [CatalogueEntryType],
    args: { status: t.arg({ type: CatalogueStatusEnum }) },
    resolve: (_root, args, ctx) => asOffice(ctx, 'read the item catalogue', (deps) => listCatalogue(storeOf(deps), args.status ?? undefined)),
  }),
  duplicateMerge: t.field({
    type: MergeType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) =>
      asOffice(ctx, 'read merges', async (deps) => {
        const merge = await storeOf(deps).merges.get(String(args.id));
        if (!merge) throw graphError(ErrorCode.NOT_FOUND, `No merge ${args.id}`, { mergeId: args.id });
        return viewOf(storeOf(deps), merge);
      }),
  }),
  duplicateMerges: t.field({
    type: [MergeType],
    args: { state: t.arg({ type: MergeStateEnum }) },
    resolve: (_root, args, ctx) =>
      asOffice(ctx, 'read merges', async (deps) => {
        const store = storeOf(deps);
        return Promise.all((await store.merges.list(args.state ?? undefined)).map((merge) => viewOf(store, merge)));
      }),
  }),
}));

const ProposalRunType = builder.objectRef<Awaited<ReturnType<typeof proposeCatalogue>>>('ItemCatalogueProposalRun').implement({
  fields: (t) => ({
    entries: t.field({ type: [CatalogueEntryType], resolve: (run) => run.entries }),
    created: t.exposeInt('created', { description: 'Entries new in this run (the others were known, in any status)' }),
    itemsCompared: t.exposeInt('itemsCompared'),
  }),
});

builder.mutationFields((t) => ({
  proposeItemCatalogue: t.field({
    type: ProposalRunType,
    description: 'Compares every unit’s items (legal basis, content) and stores proposals for the office to confirm',
    args: { threshold: t.arg.float() },
    resolve: (_root, args, ctx) => asOffice(ctx, 'propose catalogue entries', (deps) => proposeCatalogue({ ...deps, store: storeOf(deps) }, args.threshold ?? undefined)),
  }),
  confirmCatalogueEntry: t.field({
    type: CatalogueEntryType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => asOffice(ctx, 'confirm catalogue entries', (deps) => storeOf(deps).catalogue.confirm(String(args.id), deps.actor)),
  }),
  rejectCatalogueEntry: t.field({
    type: CatalogueEntryType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => asOffice(ctx, 'reject catalogue entries', (deps) => storeOf(deps).catalogue.reject(String(args.id), deps.actor)),
  }),
  mergeDuplicateGroup: t.field({
    type: MergeType,
    description: 'One joint visit for the group: creates the joint tasks, then cancels the originals; PENDING when a platform failed (resumeMerge)',
    args: {
      groupKey: t.arg.id({ required: true }),
      date: t.arg.string({ required: true, description: 'YYYY-MM-DD, inside every plan period of the group; today or later and a working day (China\'s official calendar) unless override' }),
      leadUnit: t.arg.id({ description: 'Default: the unit of the first visit' }),
      period: t.arg({ type: PeriodInputType, description: 'Where the group was found; default the year of date' }),
      window: t.arg({ type: WindowInputType }),
      override: t.arg({ type: DateOverrideInputType, description: 'Merge despite MERGE_DATE_PAST / MERGE_DATE_NOT_WORKING_DAY; the reason is recorded (dateOverride, audit log)' }),
    },
    resolve: (_root, args, ctx) =>
      asOffice(ctx, 'merge duplicate visits', async (deps) => {
        const request = {
          groupKey: String(args.groupKey),
          date: args.date,
          leadUnit: args.leadUnit == null ? undefined : String(args.leadUnit),
          period: args.period ? periodOf(args.period) : undefined,
          window: windowOf(args.window),
          today: ctx.clock.today(),
          overrideReason: overrideReason(args.override),
        };
        return outcomeView(storeOf(deps), await mergeDuplicateGroup(mergeDeps(deps), request));
      }),
  }),
  resumeMerge: t.field({
    type: MergeType,
    description: 'Does the steps a platform outage held back; an applied merge is returned unchanged',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => asOffice(ctx, 'resume merges', async (deps) => outcomeView(storeOf(deps), await resumeMerge(mergeDeps(deps), String(args.id)))),
  }),
}));
