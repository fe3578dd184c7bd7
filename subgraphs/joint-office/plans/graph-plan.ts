// The JointPlan type: what each role sees of a plan (rules in access.ts). The public sees the
// plan, the drawn businesses and the draw evidence; inspectors only reach the office and the
// participating units (each unit its own).
import { ErrorCode, graphError } from '../../../lib/errors';
import { builder, type OfficeContext } from '../builder';
import type { DrawRecord, JointPlanRecord } from '../store';
import { planAuditTrail } from '../store';
import { inspectorUnitsVisible, requireInsider, requireOffice } from './access';
import {
  AuditChainHeadType,
  AuditRecordType,
  DrawnBusinessType,
  JointPlanExclusionsType,
  JointPlanItemsType,
  JointPlanMilestonesType,
  JointPlanRatiosType,
  JointPlanScopeType,
  JointPlanStateEnum,
  JointPlanTaskType,
  UnitDispatchType,
  type PlanTaskView,
} from './graph-types';
import type { PlanRuntime } from './runtime';

export function runtimeOf(ctx: OfficeContext): PlanRuntime {
  if (!ctx.plans) throw graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'The joint-office store is not configured in this process');
  return ctx.plans;
}

interface ParsedDocument {
  drawSha256: string;
  matching?: { matchingSha256: string };
  chainHead?: { seq: number; sha256: string };
  drawn: { uscc: string; riskClass: string }[];
  candidates: unknown[];
}

// One read and parse of a plan's document per request, however many fields need it.
const documents = new WeakMap<JointPlanRecord, Promise<{ text: string; parsed: ParsedDocument } | null>>();

function documentOf(ctx: OfficeContext, plan: JointPlanRecord) {
  let loaded = documents.get(plan);
  if (!loaded) {
    loaded = runtimeOf(ctx)
      .store.draws.getDrawDocument(plan.id)
      .then((text) => (text === null ? null : { text, parsed: JSON.parse(text) as ParsedDocument }));
    documents.set(plan, loaded);
  }
  return loaded;
}

interface EvidenceRoot {
  plan: JointPlanRecord;
  draw: DrawRecord;
}

const DrawEvidenceType = builder.objectRef<EvidenceRoot>('DrawEvidence').implement({
  description: 'Everything needed to re-check the draw (npm run verify-draw -- FILE, or verifyDraw)',
  fields: (t) => ({
    document: t.string({
      description: 'The published draw document, byte for byte (JSON): save it to a file and re-check it',
      resolve: async (root, _args, ctx) => (await documentOf(ctx, root.plan))!.text,
    }),
    documentSha256: t.string({ description: 'SHA-256 of the document text', resolve: (root) => root.draw.documentSha256 }),
    drawSha256: t.string({ description: 'The seal over the draw and its inspector matching (publish it with the plan)', resolve: async (root, _a, ctx) => (await documentOf(ctx, root.plan))!.parsed.drawSha256 }),
    matchingSha256: t.string({
      nullable: true,
      description: 'The seal of the pseudonymous inspector matching in the document (null for a draw published without one)',
      resolve: async (root, _a, ctx) => (await documentOf(ctx, root.plan))!.parsed.matching?.matchingSha256 ?? null,
    }),
    candidateSha256: t.string({ resolve: (root) => root.draw.candidatesSha256 }),
    seed: t.string({ resolve: (root) => root.draw.seed }),
    algorithm: t.string({ resolve: (root) => root.draw.algorithm }),
    version: t.string({ resolve: (root) => root.draw.algorithmVersion }),
    candidateCount: t.int({ resolve: async (root, _a, ctx) => (await documentOf(ctx, root.plan))!.parsed.candidates.length }),
    drawnCount: t.int({ resolve: async (root, _a, ctx) => (await documentOf(ctx, root.plan))!.parsed.drawn.length }),
    drawnAt: t.string({ resolve: (root) => root.draw.drawnAt }),
    chainHead: t.field({
      type: AuditChainHeadType,
      nullable: true,
      description: "The head of the office's hash chain when the document was stored (in the document; its draw is the next row); null for draws from before the chain",
      resolve: async (root, _a, ctx) => (await documentOf(ctx, root.plan))!.parsed.chainHead ?? null,
    }),
  }),
});

interface VisitRoot {
  uscc: string;
  plannedOn: string;
  jointGroupId: string;
  units: PlanTaskView[];
}

const VisitUnitType = builder.objectRef<PlanTaskView>('JointVisitUnit').implement({
  fields: (t) => ({
    unitCode: t.exposeID('unitCode'),
    itemCodes: t.stringList({ resolve: (task) => task.items }),
    inspectorIds: t.stringList({ nullable: true, description: 'Null unless the caller may see this unit\'s inspectors', resolve: (task) => (task.inspectorsVisible ? task.inspectorIds : null) }),
  }),
});

const JointVisitType = builder.objectRef<VisitRoot>('JointVisit').implement({
  description: 'One drawn business: one date for all units (one joint visit) and each unit\'s matched inspectors',
  fields: (t) => ({
    uscc: t.exposeID('uscc'),
    plannedOn: t.exposeString('plannedOn'),
    jointGroupId: t.exposeString('jointGroupId'),
    units: t.field({ type: [VisitUnitType], resolve: (visit) => visit.units }),
  }),
});

async function taskViews(ctx: OfficeContext, plan: JointPlanRecord, unitCode?: string | null): Promise<PlanTaskView[]> {
  requireInsider(ctx.role, plan, 'see the tasks of this plan');
  const visible = inspectorUnitsVisible(ctx.role, plan);
  const tasks = await runtimeOf(ctx).store.dispatch.listTasks(plan.id, unitCode ? { unitCode } : {});
  return tasks.map((task) => ({ ...task, inspectorsVisible: visible.has(task.unitCode) }));
}

export const JointPlanType = builder.objectRef<JointPlanRecord>('JointPlan').implement({
  description: '联合抽查计划 of the joint-meeting office',
  fields: (t) => ({
    id: t.exposeID('id'),
    year: t.exposeInt('year'),
    title: t.exposeString('title'),
    leadUnit: t.exposeID('leadUnit'),
    state: t.field({ type: JointPlanStateEnum, resolve: (plan) => plan.state }),
    participatingUnits: t.idList({ resolve: (plan) => plan.definition.participatingUnits }),
    items: t.field({ type: [JointPlanItemsType], resolve: (plan) => Object.entries(plan.definition.itemsByUnit).map(([unitCode, itemCodes]) => ({ unitCode, itemCodes })) }),
    scope: t.field({ type: JointPlanScopeType, resolve: (plan) => plan.definition.scope }),
    ratios: t.field({ type: JointPlanRatiosType, resolve: (plan) => plan.definition.ratios }),
    minTargets: t.int({ nullable: true, resolve: (plan) => plan.definition.minTargets ?? null }),
    maxTargets: t.int({ nullable: true, resolve: (plan) => plan.definition.maxTargets ?? null }),
    periodStart: t.string({ resolve: (plan) => plan.definition.periodStart }),
    periodEnd: t.string({ resolve: (plan) => plan.definition.periodEnd }),
    inspectorsPerUnit: t.int({ resolve: (plan) => plan.definition.inspectorsPerUnit }),
    workloadCap: t.int({ description: 'Most businesses one inspector gets in this plan', resolve: (plan) => plan.definition.workloadCap }),
    exclusions: t.field({ type: JointPlanExclusionsType, resolve: (plan) => plan.definition.exclusions }),
    milestones: t.field({ type: JointPlanMilestonesType, resolve: (plan) => plan.milestones }),
    version: t.exposeInt('version'),
    createdAt: t.exposeString('createdAt'),
    updatedAt: t.exposeString('updatedAt'),
    draw: t.field({
      type: DrawEvidenceType,
      nullable: true,
      description: 'The draw evidence; null before the draw',
      resolve: async (plan, _args, ctx) => {
        const draw = await runtimeOf(ctx).store.draws.getDraw(plan.id);
        return draw ? { plan, draw } : null;
      },
    }),
    drawnBusinesses: t.field({
      type: [DrawnBusinessType],
      description: 'The drawn businesses, by credit code (empty before the draw)',
      resolve: async (plan, _args, ctx) => (await documentOf(ctx, plan))?.parsed.drawn ?? [],
    }),
    visits: t.field({
      type: [JointVisitType],
      nullable: true,
      description: 'The joint visits with the matched inspectors (office and participating units only)',
      resolve: async (plan, _args, ctx) => {
        const visits = new Map<string, VisitRoot>();
        for (const task of await taskViews(ctx, plan)) {
          const visit = visits.get(task.uscc) ?? { uscc: task.uscc, plannedOn: task.plannedOn, jointGroupId: `${plan.id}/${task.uscc}`, units: [] };
          visit.units.push(task);
          visits.set(task.uscc, visit);
        }
        return [...visits.values()].sort((a, b) => (a.uscc < b.uscc ? -1 : 1));
      },
    }),
    tasks: t.field({
      type: [JointPlanTaskType],
      nullable: true,
      description: 'Tasks with their dispatch state (office and participating units only)',
      args: { unitCode: t.arg.id({ required: false }) },
      resolve: (plan, args, ctx) => taskViews(ctx, plan, args.unitCode ? String(args.unitCode) : null),
    }),
    dispatch: t.field({
      type: [UnitDispatchType],
      nullable: true,
      description: 'Per unit: tasks created on its platform and tasks still waiting',
      resolve: async (plan, _args, ctx) => {
        requireInsider(ctx.role, plan, 'see the dispatch of this plan');
        const store = runtimeOf(ctx).store;
        const [progress, waiting] = await Promise.all([store.dispatch.progress(plan.id), store.dispatch.tasksWaiting(plan.id)]);
        return progress.map((unit) => ({ ...unit, lastError: waiting.find((t) => t.unitCode === unit.unitCode && t.lastError)?.lastError ?? null }));
      },
    }),
    auditTrail: t.field({
      type: [AuditRecordType],
      nullable: true,
      description: 'Every state change of the plan, its draw and its tasks (office only)',
      resolve: async (plan, _args, ctx) => {
        requireOffice(ctx.role, 'read the audit trail');
        return planAuditTrail(runtimeOf(ctx).store.db, plan.id);
      },
    }),
  }),
});
