// Joint plans in the graph: compose, draw, publish, dispatch, follow; read plans and their draw
// evidence; re-check any published draw document. Typed engine/store errors become stable
// codes in errors.ts; who may do what is in access.ts.
import { checkYear } from '../../../lib/input-checks';
import { ErrorCode, graphError } from '../../../lib/errors';
import { builder } from '../builder';
import { decide, overrideReason, planPeriodRefusals } from '../date-rules';
import { DateOverrideInputType } from '../date-rules-graph';
import type { PlanState } from '../store';
import { maySeePlan, requireComposer, visiblePlan } from './access';
import { checkItemsOnLists, normaliseDraft, type JointPlanInput } from './draft';
import { drawPlan } from './draw-plan';
import { markDispatched } from './dispatch';
import { asGraphErrors, invalidState } from './errors';
import { JointPlanType, runtimeOf } from './graph-plan';
import { JointPlanStateEnum, PopulationReportType, UnitProgressType, VerifyDrawResultType } from './graph-types';
import { refreshProgress } from './progress';

const ItemsInput = builder.inputType('JointPlanItemsInput', {
  fields: (t) => ({ unitCode: t.id({ required: true }), itemCodes: t.stringList({ required: true }) }),
});

const ScopeInput = builder.inputType('JointPlanScopeInput', {
  description: 'Who is in scope in the lead unit\'s directory; an empty or missing list means "any"',
  fields: (t) => ({
    divisionCodes: t.stringList({ required: false, description: 'GB/T 2260, e.g. 440802' }),
    industryCodes: t.stringList({ required: false, description: 'GB/T 4754 prefixes, e.g. 62 (catering)' }),
    tags: t.stringList({ required: false, description: 'Directory tags; at least one must match' }),
  }),
});

const RatiosInput = builder.inputType('JointPlanRatiosInput', {
  description: 'Each in [0, 1], at most 6 decimals; defaults A 0.05, B 0.2, C 0.6, D 1',
  fields: (t) => ({ A: t.float({ required: false }), B: t.float({ required: false }), C: t.float({ required: false }), D: t.float({ required: false }) }),
});

const ExclusionsInput = builder.inputType('JointPlanExclusionsInput', {
  fields: (t) => ({
    inspectedWithinDays: t.int({ required: false, description: 'Leave out businesses a participating unit inspected in the N days before the period' }),
    statuses: t.stringList({ required: false, description: 'Registration statuses left out; default deregistered, revoked, abnormal' }),
  }),
});

const PlanInput = builder.inputType('JointPlanInput', {
  fields: (t) => ({
    year: t.int({ required: true }),
    title: t.string({ required: true }),
    leadUnit: t.id({ required: true }),
    participatingUnits: t.idList({ required: true }),
    items: t.field({ type: [ItemsInput], required: true, description: 'The items each unit checks (each on its list)' }),
    scope: t.field({ type: ScopeInput, required: false }),
    ratios: t.field({ type: RatiosInput, required: false }),
    minTargets: t.int({ required: false }),
    maxTargets: t.int({ required: false }),
    periodStart: t.string({ required: true, description: 'YYYY-MM-DD' }),
    periodEnd: t.string({ required: true, description: 'YYYY-MM-DD' }),
    inspectorsPerUnit: t.int({ required: false, description: 'Per unit per business, at least 2 (default 2)' }),
    workloadCap: t.int({ required: false, description: 'Most businesses per inspector in this plan (default 30)' }),
    exclusions: t.field({ type: ExclusionsInput, required: false }),
  }),
});

const ReplacementInput = builder.inputType('JointPlanReplacementInput', {
  description: 'The duplicate plan (same lead, units, items, scope, overlapping period) this one replaces; it is withdrawn and published with the reason',
  fields: (t) => ({ planId: t.id({ required: true }), reason: t.string({ required: true }) }),
});

const FilterInput = builder.inputType('JointPlanFilter', {
  fields: (t) => ({ year: t.int({ required: false }), state: t.field({ type: JointPlanStateEnum, required: false }), leadUnit: t.id({ required: false }) }),
});

const DrawResultType = builder.objectRef<{ plan: Awaited<ReturnType<typeof drawPlan>>['plan']; population: Awaited<ReturnType<typeof drawPlan>>['population']; seedGenerated: boolean; withheld: string[] }>('JointPlanDrawResult').implement({
  fields: (t) => ({
    plan: t.field({ type: JointPlanType, resolve: (r) => r.plan }),
    population: t.field({ type: PopulationReportType, resolve: (r) => r.population }),
    seedGenerated: t.exposeBoolean('seedGenerated', { description: 'True when no seed was given and the office generated one (recorded)' }),
    withheld: t.idList({ description: 'Units of a commit–reveal seal that did not reveal in time (the fallback rule applied)', resolve: (r) => r.withheld }),
  }),
});

const ProgressType = builder.objectRef<Awaited<ReturnType<typeof refreshProgress>>>('JointPlanProgress').implement({
  fields: (t) => ({
    plan: t.field({ type: JointPlanType, resolve: (r) => r.plan }),
    units: t.field({ type: [UnitProgressType], resolve: (r) => r.units }),
  }),
});

builder.queryFields((t) => ({
  jointPlan: t.field({
    type: JointPlanType,
    description: 'A joint plan; the public sees it once published',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => asGraphErrors(async () => visiblePlan(ctx.role, await runtimeOf(ctx).store.plans.getPlan(String(args.id)), String(args.id))),
  }),
  jointPlans: t.field({
    type: [JointPlanType],
    args: { filter: t.arg({ type: FilterInput, required: false }) },
    resolve: (_root, args, ctx) =>
      asGraphErrors(async () => {
        checkYear('filter.year', args.filter?.year);
        const filter = { year: args.filter?.year ?? undefined, state: (args.filter?.state ?? undefined) as PlanState | undefined, leadUnit: args.filter?.leadUnit ? String(args.filter.leadUnit) : undefined };
        return (await runtimeOf(ctx).store.plans.listPlans(filter)).filter((plan) => maySeePlan(ctx.role, plan));
      }),
  }),
  verifyDraw: t.field({
    type: VerifyDrawResultType,
    description: 'Re-checks a published draw document (its JSON text) alone: match, or every difference',
    args: { document: t.arg.string({ required: true }) },
    // Bounded in size and run in a worker thread (plans/draw-verifier.ts).
    resolve: (_root, args, ctx) => ctx.drawVerifier.verify(args.document),
  }),
}));

/** The plan, after checking the caller may act on it as the office or its lead unit. */
async function planToAct(ctx: Parameters<typeof runtimeOf>[0], id: string, what: string) {
  const plan = visiblePlan(ctx.role, await runtimeOf(ctx).store.plans.getPlan(id), id);
  requireComposer(ctx.role, plan.leadUnit, what);
  return plan;
}

builder.mutationType({
  fields: (t) => ({
    createJointPlan: t.field({
      type: JointPlanType,
      description: 'Composes a draft; the same idempotencyKey with the same input returns the same plan; a duplicate of a live plan is DUPLICATE_PLAN unless it names that plan in replaces',
      args: { input: t.arg({ type: PlanInput, required: true }), idempotencyKey: t.arg.string({ required: true }), replaces: t.arg({ type: ReplacementInput, required: false }) },
      resolve: (_root, args, ctx) =>
        asGraphErrors(async () => {
          requireComposer(ctx.role, String(args.input.leadUnit), 'compose a joint plan');
          const draft = normaliseDraft(args.input as unknown as JointPlanInput);
          if (!args.idempotencyKey.trim()) throw graphError(ErrorCode.BAD_INPUT, 'idempotencyKey must not be empty');
          const runtime = runtimeOf(ctx);
          await checkItemsOnLists(runtime.reader(ctx.actor), draft.definition.itemsByUnit);
          const replaces = args.replaces ? { planId: String(args.replaces.planId), reason: args.replaces.reason } : undefined;
          const { plan } = await runtime.store.plans.createPlan(draft, { actor: ctx.actor || ctx.role.kind, idempotencyKey: args.idempotencyKey, refuseDuplicates: true, replaces });
          return plan;
        }),
    }),
    drawJointPlan: t.field({
      type: DrawResultType,
      description: 'Draws the businesses and matches the inspectors; without a seed, one is generated and recorded',
      args: { id: t.arg.id({ required: true }), seed: t.arg.string({ required: false }) },
      resolve: (_root, args, ctx) =>
        asGraphErrors(async () => {
          const plan = await planToAct(ctx, String(args.id), 'draw this plan');
          const runtime = runtimeOf(ctx);
          return drawPlan(runtime.store, runtime.reader(ctx.actor), plan.id, ctx.actor || ctx.role.kind, args.seed);
        }),
    }),
    publishJointPlan: t.field({
      type: JointPlanType,
      description: 'Publishes a drawn plan; PLAN_PERIOD_ENDED once its period is over, unless override gives a reason (recorded in milestones.publishOverride)',
      args: { id: t.arg.id({ required: true }), override: t.arg({ type: DateOverrideInputType, required: false }) },
      resolve: (_root, args, ctx) =>
        asGraphErrors(async () => {
          const reason = overrideReason(args.override);
          const plan = await planToAct(ctx, String(args.id), 'publish this plan');
          if (plan.state !== 'drawn') throw invalidState(`Plan ${plan.id} is ${plan.state}; only a drawn plan can be published`, { planId: plan.id, state: plan.state });
          const today = ctx.clock.today();
          const override = decide(planPeriodRefusals(plan, today), today, reason);
          return runtimeOf(ctx).store.plans.transitionPlan(plan.id, 'drawn', 'published', ctx.actor || ctx.role.kind, {
            expectedVersion: plan.version,
            patch: { publishedOn: today, ...(override ? { publishOverride: override } : {}) },
            dateOverride: override ? { step: 'publish', ...override } : undefined,
          });
        }),
    }),
    dispatchJointPlan: t.field({
      type: JointPlanType,
      description:
        'Creates the tasks on each unit\'s platform; idempotent; units whose platform is down wait and are retried. The first dispatch is PLAN_PERIOD_ENDED once the period is over, unless override gives a reason (milestones.dispatchOverride); completing a dispatch already accepted never is',
      args: { id: t.arg.id({ required: true }), override: t.arg({ type: DateOverrideInputType, required: false }) },
      resolve: (_root, args, ctx) =>
        asGraphErrors(async () => {
          const reason = overrideReason(args.override);
          const plan = await planToAct(ctx, String(args.id), 'dispatch this plan');
          const runtime = runtimeOf(ctx);
          const actor = ctx.actor || ctx.role.kind;
          const dispatched = await markDispatched(runtime.store, plan.id, actor, { today: ctx.clock.today(), reason });
          await Promise.all(dispatched.definition.participatingUnits.map((unit) => runtime.dispatchUnit(plan.id, unit, actor)));
          return runtime.store.plans.requirePlan(plan.id);
        }),
    }),
    refreshJointPlanProgress: t.field({
      type: ProgressType,
      description: 'Reads the tasks\' statuses from the units\' platforms and moves the plan to in_progress / completed',
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) =>
        asGraphErrors(async () => {
          const plan = await planToAct(ctx, String(args.id), 'follow this plan');
          const runtime = runtimeOf(ctx);
          return refreshProgress(runtime.store, runtime.reader(ctx.actor), plan.id, ctx.actor || ctx.role.kind);
        }),
    }),
  }),
});
