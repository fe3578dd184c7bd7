// The business's side of 一公开 in the graph: `inspectionCheck(code)` (public: what the code
// says about the visit), `rateInspection` (public, with the code, after the result: a score and
// maybe a complaint, never who gave it), `visitRatings` (the office: aggregates per unit and per
// inspector, groups below the minimum size withheld), `setJointPlanNotice` and `upcomingVisits`
// (检查预告). The inspecting units get none of the ratings.
import { ErrorCode, graphError } from '../../../lib/errors';
import { forbidden } from '../../../lib/roles';
import { checkUsccs } from '../../kit/validate';
import { builder, type OfficeContext } from '../builder';
import { requireComposer } from '../plans/access';
import { asGraphErrors } from '../plans/errors';
import { runtimeOf } from '../plans/graph-plan';
import type { RatingGroup } from '../store';
import { checkInspectionCode, type CheckedUnit, type InspectionCheck } from './lookup';
import { upcomingVisits, type UpcomingVisit } from './notice';

const MAX_COMMENT = 500;

const CodeStateEnum = builder.enumType('InspectionCodeState', {
  description: 'ACTIVE: the visit is due or under way; CLOSED: its result is recorded; EXPIRED: the task was cancelled (e.g. merged into a joint visit)',
  values: ['ACTIVE', 'CLOSED', 'EXPIRED'] as const,
});

const CheckedItem = builder.objectRef<{ code: string; name: string; legalBasis: string }>('InspectionCheckItem').implement({
  fields: (t) => ({ code: t.exposeString('code'), name: t.exposeString('name'), legalBasis: t.exposeString('legalBasis', { description: '检查依据' }) }),
});

const CheckedInspector = builder.objectRef<{ name: string; certificateNo: string }>('InspectionCheckInspector').implement({
  fields: (t) => ({ name: t.exposeString('name'), certificateNo: t.exposeString('certificateNo', { description: '执法证号' }) }),
});

const CheckedFinding = builder.objectRef<{ itemName: string; description: string }>('InspectionCheckFinding').implement({
  fields: (t) => ({ itemName: t.exposeString('itemName'), description: t.exposeString('description') }),
});

const CheckedResult = builder.objectRef<NonNullable<CheckedUnit['result']>>('InspectionCheckResult').implement({
  fields: (t) => ({
    inspectedOn: t.exposeString('inspectedOn'),
    conclusion: t.string({ description: 'no_problem, problem_found, not_found or closed', resolve: (root) => root.conclusion.toUpperCase() }),
    findings: t.field({ type: [CheckedFinding], resolve: (root) => root.findings }),
  }),
});

const CheckedUnitType = builder.objectRef<CheckedUnit>('InspectionCheckUnit').implement({
  fields: (t) => ({
    unitCode: t.exposeString('unitCode'),
    unitName: t.exposeString('unitName'),
    items: t.field({ type: [CheckedItem], resolve: (root) => root.items }),
    inspectors: t.field({ type: [CheckedInspector], nullable: true, description: 'From the planned day until the task closes; null otherwise', resolve: (root) => root.inspectors }),
    result: t.field({ type: CheckedResult, nullable: true, resolve: (root) => root.result }),
  }),
});

const CheckedPlan = builder.objectRef<NonNullable<InspectionCheck['plan']>>('InspectionCheckPlan').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    kind: t.exposeString('kind', { description: 'JOINT (a joint plan of the office) or UNIT (the unit’s own plan)' }),
    periodStart: t.exposeString('periodStart'),
    periodEnd: t.exposeString('periodEnd'),
    publishedOn: t.exposeString('publishedOn', { nullable: true }),
  }),
});

const CheckedDraw = builder.objectRef<NonNullable<InspectionCheck['draw']>>('InspectionCheckDraw').implement({
  description: 'The published draw the visit came from: re-check it with verifyDraw or npm run verify-draw',
  fields: (t) => ({ seed: t.exposeString('seed'), documentSha256: t.exposeString('documentSha256'), drawnAt: t.exposeString('drawnAt') }),
});

const InspectionCheckType = builder.objectRef<InspectionCheck>('InspectionCheck').implement({
  description: 'What an inspection code (检查码) tells the business: who comes, for what, on which legal basis',
  fields: (t) => ({
    code: t.exposeString('formattedCode'),
    state: t.field({ type: CodeStateEnum, resolve: (root) => root.state }),
    businessName: t.exposeString('businessName', { nullable: true }),
    plannedOn: t.exposeString('plannedOn'),
    units: t.field({ type: [CheckedUnitType], resolve: (root) => root.units }),
    inspectorsShown: t.exposeBoolean('inspectorsShown'),
    plan: t.field({ type: CheckedPlan, nullable: true, resolve: (root) => root.plan }),
    draw: t.field({ type: CheckedDraw, nullable: true, resolve: (root) => root.draw }),
    ratingOpen: t.exposeBoolean('ratingOpen', { description: 'The result is recorded: the business may rate the visit once' }),
    rated: t.boolean({ resolve: (root, _args, ctx) => (ctx.plans ? ctx.plans.store.voice.isRated(root.code) : false) }),
  }),
});

interface RatingFigure {
  key: string;
  unitCode: string;
  count: number;
  averageScore: number | null;
  complaints: number | null;
  withheld: boolean;
}

const RatingFigureType = builder.objectRef<RatingFigure>('RatingFigure').implement({
  description: 'Ratings of one unit or inspector; below the minimum group size only withheld: true (a single rating must not be traceable)',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The unit code, or the inspector id' }),
    unitCode: t.exposeString('unitCode'),
    count: t.int({ nullable: true, resolve: (root) => (root.withheld ? null : root.count) }),
    averageScore: t.float({ nullable: true, resolve: (root) => root.averageScore }),
    complaints: t.int({ nullable: true, resolve: (root) => root.complaints }),
    withheld: t.exposeBoolean('withheld'),
  }),
});

const ComplaintType = builder.objectRef<{ unitCode: string; text: string; ratedOn: string }>('VisitComplaint').implement({
  fields: (t) => ({ unitCode: t.exposeString('unitCode'), text: t.exposeString('text'), ratedOn: t.exposeString('ratedOn') }),
});

const RatingsType = builder.objectRef<{ minGroupSize: number; units: RatingFigure[]; inspectors: RatingFigure[] }>('VisitRatings').implement({
  fields: (t) => ({
    minGroupSize: t.exposeInt('minGroupSize'),
    units: t.field({ type: [RatingFigureType], resolve: (root) => root.units }),
    inspectors: t.field({ type: [RatingFigureType], resolve: (root) => root.inspectors }),
    complaints: t.field({
      type: [ComplaintType],
      args: { unitCode: t.arg.string({ required: true }) },
      description: 'Complaint texts of a unit with the day only, when the unit has at least the minimum number of ratings',
      resolve: async (root, args, ctx) => {
        const unit = root.units.find((figure) => figure.key === args.unitCode);
        return !unit || unit.withheld ? [] : runtimeOf(ctx).store.voice.complaints(args.unitCode);
      },
    }),
  }),
});

const UpcomingUnit = builder.objectRef<UpcomingVisit['units'][number]>('UpcomingVisitUnit').implement({
  fields: (t) => ({ unitCode: t.exposeString('unitCode'), unitName: t.exposeString('unitName'), items: t.field({ type: [CheckedItem], resolve: (root) => root.items }) }),
});

const UpcomingVisitType = builder.objectRef<UpcomingVisit>('UpcomingVisit').implement({
  description: '检查预告: a joint visit announced in advance',
  fields: (t) => ({
    planId: t.exposeID('planId'),
    planTitle: t.exposeString('planTitle'),
    plannedOn: t.exposeString('plannedOn'),
    units: t.field({ type: [UpcomingUnit], resolve: (root) => root.units }),
    materials: t.exposeStringList('materials', { description: 'What to have at hand, per item' }),
  }),
});

function figure(group: RatingGroup, minGroupSize: number): RatingFigure {
  const withheld = group.count < minGroupSize;
  return {
    key: group.key,
    unitCode: group.unitCode,
    count: group.count,
    averageScore: withheld ? null : Math.round((group.scoreSum / group.count) * 100) / 100,
    complaints: withheld ? null : group.complaints,
    withheld,
  };
}

function optionalText(value: string | null | undefined, name: string): string | null {
  if (value == null || value.trim() === '') return null;
  if (value.length > MAX_COMMENT) throw graphError(ErrorCode.BAD_INPUT, `${name} must be at most ${MAX_COMMENT} characters`);
  return value;
}

builder.queryFields((t) => ({
  inspectionCheck: t.field({
    type: InspectionCheckType,
    description: 'Public: the visit an inspection code (检查码) stands for; UNKNOWN_CODE when no task has it',
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => checkInspectionCode(ctx.graph, ctx.plans?.store, args.code),
  }),
  visitRatings: t.field({
    type: RatingsType,
    description: 'The office: the businesses’ ratings per unit and per inspector, groups under the minimum size withheld',
    resolve: (_root, _args, ctx) =>
      asGraphErrors(async () => {
        if (ctx.role.kind !== 'office') throw forbidden('see the businesses’ ratings (they go to the office only)', ctx.role);
        const groups = await runtimeOf(ctx).store.voice.groups();
        const { minGroupSize } = ctx.voice;
        return { minGroupSize, units: groups.units.map((group) => figure(group, minGroupSize)), inspectors: groups.inspectors.map((group) => figure(group, minGroupSize)) };
      }),
  }),
  upcomingVisits: t.field({
    type: [UpcomingVisitType],
    description: '检查预告: the business’s visits of joint plans that announce them, within the plan’s notice (working days)',
    args: { uscc: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      checkUsccs([String(args.uscc)]);
      return asGraphErrors(() => upcomingVisits(runtimeOf(ctx).store, ctx.graph, String(args.uscc)));
    },
  }),
}));

builder.mutationFields((t) => ({
  rateInspection: t.boolean({
    description: 'Public, with the visit’s inspection code, once its result is recorded: a score 1–5, a comment, maybe a complaint. Who rated is not kept.',
    args: { code: t.arg.string({ required: true }), score: t.arg.int({ required: true }), comment: t.arg.string(), complaint: t.arg.string() },
    resolve: (_root, args, ctx) =>
      asGraphErrors(async () => {
        if (!Number.isInteger(args.score) || args.score < 1 || args.score > 5) throw graphError(ErrorCode.BAD_INPUT, 'score must be 1..5');
        const comment = optionalText(args.comment, 'comment') ?? '';
        const complaint = optionalText(args.complaint, 'complaint');
        const check = await checkInspectionCode(ctx.graph, ctx.plans?.store, args.code);
        if (!check.ratingOpen) throw graphError(ErrorCode.RATING_NOT_OPEN, '检查结果登记后才能评价: the visit can be rated once its result is recorded');
        const stored = await runtimeOf(ctx).store.voice.rate({ code: check.code, unitCode: check.unitCode, taskId: check.taskId, inspectorIds: check.inspectorIds, score: args.score, comment, complaint });
        if (!stored) throw graphError(ErrorCode.ALREADY_RATED, '该检查已评价: this visit has been rated with its code already');
        return true;
      }),
  }),
  setJointPlanNotice: t.boolean({
    description: '检查预告: the plan’s businesses see their visit this many working days before (default NOTICE_WORKING_DAYS); null workingDays with allow false: unannounced again',
    args: { id: t.arg.id({ required: true }), allow: t.arg.boolean({ required: true }), workingDays: t.arg.int() },
    resolve: (_root, args, ctx) =>
      asGraphErrors(async () => {
        const store = runtimeOf(ctx).store;
        const plan = await store.plans.getPlan(String(args.id));
        if (!plan) throw graphError(ErrorCode.NOT_FOUND, `No joint plan ${String(args.id)}`);
        requireComposer(ctx.role, plan.leadUnit, 'set the plan’s advance notice');
        await store.voice.setNotice(plan.id, args.allow ? (args.workingDays ?? ctx.voice.noticeWorkingDays) : null, ctx.actor);
        return args.allow;
      }),
  }),
}));

export type { OfficeContext };
