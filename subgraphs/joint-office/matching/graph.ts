// Matching before the visit in the graph: visitProposals (the office: all; a unit: those it takes
// part in), acceptVisitProposal (the office or the proposal's lead unit) and visitCheck (the
// office or the unit asking). Inspectors are never shown here: other units see the visits only.
import { builder } from '../builder';
import { overrideReason } from '../date-rules';
import { DateOverrideInputType } from '../date-rules-graph';
import { paginate } from '../duplicates';
import { EnterpriseRef, DateRangeType, MergeType, OverlapType, PlanPeriodType, VisitType, connectionType } from '../merging/graph-types';
import { mergeDeps, outcomeView, storeOf, withDeps } from '../merging/graph';
import type { GroupTask } from '../duplicates';
import { VISIT_PROPOSALS, type VisitProposal } from './proposals';
import { acceptProposal, findProposals, proposalsFor, visitCheck } from './service';
import type { CapExceeded, JoinableVisit, VisitCaps, VisitCheckAnswer } from './visit-check';

const ProposalTaskType = builder.objectRef<GroupTask>('VisitProposalTask').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    unitCode: t.exposeString('unitCode'),
    planId: t.exposeString('planId'),
    plannedOn: t.exposeString('plannedOn'),
    itemCodes: t.exposeStringList('itemCodes'),
    jointGroupId: t.exposeString('jointGroupId', { nullable: true }),
  }),
});

const ProposalType = builder.objectRef<VisitProposal>('VisitProposal').implement({
  description: 'Planned visits of two or more units to one business that can become one joint visit (撮合): accepting saves visitsSaved visits',
  fields: (t) => ({
    key: t.exposeID('key', { description: 'Stable while its tasks are; give it to acceptVisitProposal' }),
    business: t.field({ type: EnterpriseRef, resolve: (proposal) => ({ uscc: proposal.uscc }) }),
    uscc: t.exposeString('uscc'),
    year: t.exposeInt('year'),
    leadUnit: t.exposeString('leadUnit', { description: 'The unit of the earliest visit; it (or the office) may accept' }),
    unitCodes: t.exposeStringList('unitCodes'),
    taskIds: t.exposeIDList('taskIds'),
    visits: t.field({ type: [VisitType], resolve: (proposal) => proposal.visits }),
    tasks: t.field({ type: [ProposalTaskType], resolve: (proposal) => proposal.tasks }),
    overlappingItems: t.field({ type: [OverlapType], description: 'Checks two units would each do: done once in the joint visit', resolve: (p) => p.overlappingItems }),
    visitsSaved: t.exposeInt('visitsSaved'),
    planPeriods: t.field({ type: [PlanPeriodType], resolve: (proposal) => proposal.planPeriods }),
    allowedDates: t.field({ type: DateRangeType, description: 'Days every plan of the proposal allows, in its year', resolve: (p) => p.allowedDates }),
    proposedDate: t.exposeString('proposedDate', { description: 'A working day: a visit’s own day where possible; never in a month with another visit of the business' }),
  }),
});

const ProposalConnection = connectionType<VisitProposal>('VisitProposal', ProposalType);

const ProposalFilterType = builder.inputType('VisitProposalFilterInput', {
  fields: (t) => ({ unitCode: t.id({ description: 'Only proposals this unit takes part in (a unit’s own role: always its own)' }) }),
});

const CapsType = builder.objectRef<VisitCaps>('VisitCaps').implement({
  fields: (t) => ({
    jurisdiction: t.exposeString('jurisdiction'),
    perUnitPerYear: t.exposeInt('perUnitPerYear'),
    totalPerYear: t.exposeInt('totalPerYear'),
    fromSeed: t.exposeBoolean('fromSeed', { description: 'False: no document of the jurisdiction gives the number; a default is used' }),
  }),
});

const CapScopeEnum = builder.enumType('VisitCapScope', {
  values: { UNIT: { value: 'unit', description: 'Visits of the unit' }, TOTAL: { value: 'total', description: 'Visits of all units' } } as const,
});

const ExceededType = builder.objectRef<CapExceeded>('VisitCapExceeded').implement({
  fields: (t) => ({
    scope: t.field({ type: CapScopeEnum, resolve: (entry) => entry.scope }),
    cap: t.exposeInt('cap'),
    visits: t.exposeInt('visits', { description: 'Visits of the year with the new one' }),
    taskIds: t.exposeIDList('taskIds', { description: 'The tasks already counted' }),
  }),
});

const JoinableType = builder.objectRef<JoinableVisit>('JoinableVisit').implement({
  description: 'A planned visit of other units the unit could join instead of adding a visit',
  fields: (t) => ({
    date: t.exposeString('date'),
    unitCodes: t.exposeStringList('unitCodes'),
    taskIds: t.exposeIDList('taskIds'),
    jointGroupId: t.exposeString('jointGroupId', { nullable: true }),
    itemCodes: t.exposeStringList('itemCodes'),
    repeatedItems: t.exposeStringList('repeatedItems', { description: 'Items of the request this visit already checks' }),
    daysApart: t.exposeInt('daysApart'),
    withinCaps: t.exposeBoolean('withinCaps'),
    planId: t.exposeString('planId', { nullable: true, description: 'The unit’s plan covering the requested day and this visit; null: none, same month' }),
  }),
});

const DecisionEnum = builder.enumType('VisitCheckDecision', {
  values: {
    JOIN: { value: 'join', description: 'Join the first joinable visit within the caps instead of adding one' },
    NEW_VISIT: { value: 'new_visit', description: 'Nothing to join; a visit of its own stays within the caps' },
    REFUSE: { value: 'refuse', description: 'Over a cap and nothing to join within it: do not create the task' },
  } as const,
});

const VisitCheckType = builder.objectRef<VisitCheckAnswer>('VisitCheck').implement({
  fields: (t) => ({
    uscc: t.exposeString('uscc'),
    business: t.field({ type: EnterpriseRef, resolve: (answer) => ({ uscc: answer.uscc }) }),
    unitCode: t.exposeString('unitCode'),
    date: t.exposeString('date'),
    year: t.exposeInt('year'),
    decision: t.field({ type: DecisionEnum, resolve: (answer) => answer.decision }),
    allowed: t.exposeBoolean('allowed', { description: 'A visit of its own stays within every cap' }),
    caps: t.field({ type: CapsType, resolve: (answer) => answer.caps }),
    unitVisits: t.exposeInt('unitVisits', { description: 'Visits of the year the unit takes part in, before this one' }),
    totalVisits: t.exposeInt('totalVisits', { description: 'Visits of the year by all units, before this one' }),
    exceeded: t.field({ type: [ExceededType], resolve: (answer) => answer.exceeded }),
    joinable: t.field({ type: [JoinableType], description: 'Closest first', resolve: (answer) => answer.joinable }),
  }),
});

builder.queryFields((t) => ({
  visitProposals: t.field({
    type: ProposalConnection,
    description: 'Joint visits the office proposes from the units’ planned, not yet started tasks (most visits saved first)',
    args: { year: t.arg.int({ required: true }), filter: t.arg({ type: ProposalFilterType }), first: t.arg.int(), after: t.arg.string() },
    resolve: (_root, args, ctx) => {
      const unitCode = proposalsFor(ctx.role, args.filter?.unitCode == null ? undefined : String(args.filter.unitCode));
      return withDeps(ctx, async (deps) => {
        const all = await findProposals(deps, args.year);
        const proposals = unitCode === undefined ? all : all.filter((proposal) => proposal.unitCodes.includes(unitCode));
        const visitsSaved = proposals.reduce((sum, proposal) => sum + proposal.visitsSaved, 0);
        return { ...paginate(proposals, { first: args.first ?? undefined, after: args.after }, VISIT_PROPOSALS), visitsSaved };
      });
    },
  }),
  visitCheck: t.field({
    type: VisitCheckType,
    description: 'Before creating a task: would one more visit exceed the caps of the year, and which planned visits could it join',
    args: {
      uscc: t.arg.id({ required: true }),
      unit: t.arg.id({ required: true }),
      date: t.arg.string({ required: true, description: 'YYYY-MM-DD' }),
      items: t.arg.idList({ description: 'Item codes of the unit’s list the visit would check' }),
    },
    resolve: (_root, args, ctx) =>
      withDeps(ctx, (deps) => visitCheck(deps, ctx.role, { uscc: String(args.uscc), unit: String(args.unit), date: args.date, items: (args.items ?? []).map(String) })),
  }),
}));

builder.mutationFields((t) => ({
  acceptVisitProposal: t.field({
    type: MergeType,
    description: 'The proposal becomes one joint visit (merge procedure: joint tasks, then the originals cancelled); PENDING when a platform failed (resumeMerge)',
    args: {
      key: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      date: t.arg.string({ description: 'Default: proposedDate; inside allowedDates; today or later and a working day unless override' }),
      leadUnit: t.arg.id({ description: 'Default: the proposal’s lead unit (the office only may choose another of its units)' }),
      override: t.arg({ type: DateOverrideInputType, description: 'Accept despite MERGE_DATE_PAST / MERGE_DATE_NOT_WORKING_DAY; the reason is recorded' }),
    },
    resolve: (_root, args, ctx) =>
      withDeps(ctx, async (deps) => {
        const request = {
          key: String(args.key),
          year: args.year,
          date: args.date ?? undefined,
          leadUnit: args.leadUnit == null ? undefined : String(args.leadUnit),
          today: ctx.clock.today(),
          overrideReason: overrideReason(args.override),
        };
        return outcomeView(storeOf(deps), await acceptProposal(mergeDeps(deps), ctx.role, request));
      }),
  }),
}));
