// GraphQL types of joint plans that hold no access rules: definitions, evidence, reports.
// (JointPlan itself, whose fields are role-dependent, is in graph-plan.ts.)
import { builder } from '../builder';
import type { VerifyProblem } from '../draw';
import type { AuditEntry, DateOverride, PlanTaskRecord } from '../store';
import { DateOverrideType } from '../date-rules-graph';
import type { JointPlanDefinition } from '../store';
import type { PopulationReport } from './population';
import type { UnitProgress } from './progress';

export const JointPlanStateEnum = builder.enumType('JointPlanState', {
  values: {
    DRAFT: { value: 'draft', description: '草案' },
    DRAWN: { value: 'drawn', description: '已抽取 (businesses drawn, inspectors matched)' },
    PUBLISHED: { value: 'published', description: '已公示' },
    DISPATCHED: { value: 'dispatched', description: '已下发 (tasks sent to the units\' platforms)' },
    IN_PROGRESS: { value: 'in_progress', description: '实施中' },
    COMPLETED: { value: 'completed', description: '已完成' },
    WITHDRAWN: { value: 'withdrawn', description: '已撤回 (replaced by another plan; reason in milestones)' },
  } as const,
});

export const TaskDispatchStateEnum = builder.enumType('TaskDispatchState', {
  values: {
    WAITING: { value: 'waiting', description: 'Not yet sent to the unit\'s platform' },
    CREATED: { value: 'created', description: 'Created on the unit\'s platform' },
    FAILED: { value: 'failed', description: 'The last attempt failed; retried later' },
  } as const,
});

export const JointPlanItemsType = builder.objectRef<{ unitCode: string; itemCodes: string[] }>('JointPlanItems').implement({
  fields: (t) => ({ unitCode: t.exposeID('unitCode'), itemCodes: t.exposeStringList('itemCodes') }),
});

export const JointPlanScopeType = builder.objectRef<JointPlanDefinition['scope']>('JointPlanScope').implement({
  description: 'Empty lists mean "any"',
  fields: (t) => ({
    divisionCodes: t.exposeStringList('divisionCodes'),
    industryCodes: t.exposeStringList('industryCodes', { description: 'GB/T 4754 code prefixes, e.g. 62' }),
    tags: t.exposeStringList('tags', { description: 'Directory tags; a business needs at least one' }),
  }),
});

export const JointPlanRatiosType = builder.objectRef<JointPlanDefinition['ratios']>('JointPlanRatios').implement({
  description: 'Sampling ratio per credit-risk class',
  fields: (t) => ({ A: t.exposeFloat('A'), B: t.exposeFloat('B'), C: t.exposeFloat('C'), D: t.exposeFloat('D') }),
});

export const JointPlanExclusionsType = builder.objectRef<JointPlanDefinition['exclusions']>('JointPlanExclusions').implement({
  fields: (t) => ({
    inspectedWithinDays: t.int({ nullable: true, resolve: (e) => e.inspectedWithinDays ?? null }),
    statuses: t.stringList({ description: 'Registration statuses left out', resolve: (e) => e.statuses }),
  }),
});

const override = (key: string) => (m: Record<string, unknown>) => (m[key] && typeof m[key] === 'object' ? (m[key] as DateOverride) : null);
const milestone = (key: string) => (m: Record<string, unknown>) => (typeof m[key] === 'string' ? (m[key] as string) : null);

export const JointPlanMilestonesType = builder.objectRef<Record<string, unknown>>('JointPlanMilestones').implement({
  description: 'When each state was reached (ISO 8601 instants), and the facts recorded with it',
  fields: (t) => ({
    draftAt: t.string({ nullable: true, resolve: milestone('draftAt') }),
    drawnAt: t.string({ nullable: true, resolve: milestone('drawnAt') }),
    publishedAt: t.string({ nullable: true, resolve: milestone('publishedAt') }),
    publishedOn: t.string({ nullable: true, description: 'Day of publication (Beijing)', resolve: milestone('publishedOn') }),
    dispatchedAt: t.string({ nullable: true, resolve: milestone('dispatchedAt') }),
    inProgressAt: t.string({ nullable: true, resolve: milestone('in_progressAt') }),
    completedAt: t.string({ nullable: true, resolve: milestone('completedAt') }),
    withdrawnAt: t.string({ nullable: true, resolve: milestone('withdrawnAt') }),
    withdrawnReason: t.string({ nullable: true, description: 'Why the plan was withdrawn (published)', resolve: milestone('withdrawnReason') }),
    replacedBy: t.string({ nullable: true, description: 'The plan that replaced it', resolve: milestone('replacedBy') }),
    publishOverride: t.field({ type: DateOverrideType, nullable: true, description: 'Published after its period ended: why (public)', resolve: override('publishOverride') }),
    dispatchOverride: t.field({ type: DateOverrideType, nullable: true, description: 'Dispatched after its period ended: why (public)', resolve: override('dispatchOverride') }),
  }),
});

export const DrawnBusinessType = builder.objectRef<{ uscc: string; riskClass: string }>('DrawnBusiness').implement({
  fields: (t) => ({ uscc: t.exposeID('uscc'), riskClass: t.exposeString('riskClass', { description: 'A–D at draw time' }) }),
});

export interface PlanTaskView extends PlanTaskRecord {
  /** False when the caller may not see this unit's inspectors. */
  inspectorsVisible: boolean;
}

export const JointPlanTaskType = builder.objectRef<PlanTaskView>('JointPlanTask').implement({
  description: 'One drawn business for one unit, and where its creation on the unit\'s platform stands',
  fields: (t) => ({
    taskKey: t.exposeID('taskKey', { description: 'Sent to the platform as externalKey' }),
    unitCode: t.exposeID('unitCode'),
    uscc: t.exposeID('uscc'),
    itemCodes: t.stringList({ resolve: (task) => task.items }),
    inspectorIds: t.stringList({ nullable: true, description: 'Null unless the caller may see this unit\'s inspectors', resolve: (task) => (task.inspectorsVisible ? task.inspectorIds : null) }),
    plannedOn: t.exposeString('plannedOn'),
    jointGroupId: t.string({ description: 'Shared by all units of the joint visit', resolve: (task) => `${task.planId}/${task.uscc}` }),
    dispatchState: t.field({ type: TaskDispatchStateEnum, resolve: (task) => task.dispatchState }),
    platformTaskId: t.exposeString('platformTaskId', { nullable: true }),
    attempts: t.exposeInt('attempts'),
    lastError: t.exposeString('lastError', { nullable: true }),
    updatedAt: t.exposeString('updatedAt'),
  }),
});

export interface UnitDispatchView {
  unitCode: string;
  waiting: number;
  created: number;
  failed: number;
  lastError: string | null;
}

export const UnitDispatchType = builder.objectRef<UnitDispatchView>('JointPlanUnitDispatch').implement({
  fields: (t) => ({
    unitCode: t.exposeID('unitCode'),
    waiting: t.int({ description: 'Tasks not yet on the platform (never tried or failed)', resolve: (u) => u.waiting + u.failed }),
    created: t.exposeInt('created'),
    failed: t.exposeInt('failed', { description: 'Of the waiting: tasks whose last attempt failed' }),
    done: t.boolean({ resolve: (u) => u.waiting + u.failed === 0 }),
    lastError: t.exposeString('lastError', { nullable: true }),
  }),
});

export const AuditRecordType = builder.objectRef<AuditEntry>('JointPlanAuditEntry').implement({
  fields: (t) => ({
    id: t.id({ resolve: (e) => String(e.id) }),
    at: t.exposeString('at'),
    actor: t.exposeString('actor'),
    action: t.exposeString('action'),
    entity: t.exposeString('entity'),
    entityId: t.exposeString('entityId'),
    before: t.string({ nullable: true, description: 'JSON', resolve: (e) => (e.before == null ? null : JSON.stringify(e.before)) }),
    after: t.string({ nullable: true, description: 'JSON', resolve: (e) => (e.after == null ? null : JSON.stringify(e.after)) }),
  }),
});

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

export const DrawProblemType = builder.objectRef<VerifyProblem>('DrawProblem').implement({
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Path in the document, e.g. drawn[3] or ratios.B' }),
    expected: t.string({ nullable: true, resolve: (p) => text(p.expected) }),
    actual: t.string({ nullable: true, resolve: (p) => text(p.actual) }),
  }),
});

export const VerifyDrawResultType = builder.objectRef<{ match: boolean; problems: VerifyProblem[] }>('VerifyDrawResult').implement({
  fields: (t) => ({ match: t.exposeBoolean('match'), problems: t.field({ type: [DrawProblemType], resolve: (r) => r.problems }) }),
});

export const PopulationReportType = builder.objectRef<PopulationReport>('PopulationReport').implement({
  description: 'How the eligible population was gathered (see README, Joint plans)',
  fields: (t) => ({
    inScope: t.exposeInt('inScope'),
    notInEveryDirectory: t.exposeInt('notInEveryDirectory'),
    unknownToCredit: t.exposeInt('unknownToCredit'),
    excludedStatus: t.exposeInt('excludedStatus'),
    unclassified: t.exposeInt('unclassified'),
    recentlyInspected: t.exposeInt('recentlyInspected'),
    candidates: t.exposeInt('candidates'),
  }),
});

export const UnitProgressType = builder.objectRef<UnitProgress>('JointPlanUnitProgress').implement({
  fields: (t) => ({
    unitCode: t.exposeID('unitCode'),
    notDispatched: t.exposeInt('notDispatched'),
    pending: t.exposeInt('pending'),
    inProgress: t.exposeInt('inProgress'),
    completed: t.exposeInt('completed'),
    cancelled: t.exposeInt('cancelled'),
    missing: t.exposeInt('missing'),
  }),
});

export interface ChainHeadView {
  seq: number;
  sha256: string;
  at?: string | null;
}

export const AuditChainHeadType = builder.objectRef<ChainHeadView>('AuditChainHead').implement({
  description: 'The head of the office\'s hash chain (audit log, draws, task assignments): note it down, and `npm run verify-audit -- --head SEQ:SHA256` shows whether history up to it was rewritten',
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Number of the last chained row' }),
    sha256: t.exposeString('sha256', { description: 'Its chain hash' }),
    at: t.string({ nullable: true, description: 'When it was chained (database clock, UTC)', resolve: (h) => h.at ?? null }),
  }),
});
