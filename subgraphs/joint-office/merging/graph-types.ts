// GraphQL types of duplicate inspections at the office: findings (groups, businesses over the
// visit cap, the unmerged report), the item catalogue and merges. Businesses are Enterprise
// references: the gateway fetches their name, division and credit data from the credit subgraph.
import { isMergeable } from './findings';
import type { DateRange, DuplicateGroup, GroupTask, GroupVisit, ItemOverlap, OverCap, PlanPeriod } from '../duplicates';
import type { AuditEntry, CatalogueEntry, CatalogueItemRef, MergeRecord } from '../store';
import { isStepComplete } from '../store';
import type { OutputRef } from '@pothos/core';
import { builder } from '../builder';
import { DateOverrideType } from '../date-rules-graph';
import { itemsOf } from './merge-steps';

export const EnterpriseRef = builder.externalRef('Enterprise', builder.keyDirective(builder.selection<{ uscc: string }>('uscc'), false)).implement({
  externalFields: (t) => ({ uscc: t.id() }),
});
const business = (uscc: string) => ({ uscc });

export const DateRangeType = builder.objectRef<DateRange>('DuplicateDateRange').implement({
  fields: (t) => ({ start: t.exposeString('start'), end: t.exposeString('end') }),
});

export const VisitType = builder.objectRef<GroupVisit>('DuplicateVisit').implement({
  description: 'One door opening: a lone task, or the tasks of one joint inspection',
  fields: (t) => ({
    date: t.exposeString('date'),
    taskIds: t.exposeIDList('taskIds'),
    unitCodes: t.exposeStringList('unitCodes'),
    jointGroupId: t.exposeString('jointGroupId', { nullable: true }),
  }),
});

const GroupTaskType = builder.objectRef<GroupTask>('DuplicateTask').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    unitCode: t.exposeString('unitCode'),
    planId: t.exposeString('planId'),
    plannedOn: t.exposeString('plannedOn'),
    status: t.exposeString('status', { description: 'pending | in_progress | completed' }),
    itemCodes: t.exposeStringList('itemCodes'),
    inspectorIds: t.exposeStringList('inspectorIds'),
    jointGroupId: t.exposeString('jointGroupId', { nullable: true }),
  }),
});

export const OverlapType = builder.objectRef<ItemOverlap>('ItemOverlap').implement({
  description: 'One check two or more units of the group would each do (same item, or one catalogue entry)',
  fields: (t) => ({
    checkKey: t.exposeString('checkKey'),
    itemCodes: t.exposeStringList('itemCodes'),
    itemNames: t.exposeStringList('itemNames'),
    unitCodes: t.exposeStringList('unitCodes'),
    taskIds: t.exposeIDList('taskIds'),
  }),
});

export const PlanPeriodType = builder.objectRef<PlanPeriod>('DuplicatePlanPeriod').implement({
  fields: (t) => ({ planId: t.exposeString('planId'), unitCode: t.exposeString('unitCode'), start: t.exposeString('start'), end: t.exposeString('end') }),
});

export const DuplicateGroupType = builder.objectRef<DuplicateGroup>('DuplicateGroup').implement({
  description: 'A business visited by two or more units within one window: merging saves visitsSaved visits',
  fields: (t) => ({
    key: t.exposeID('key', { description: 'Stable while the group’s tasks are; give it to mergeDuplicateGroup' }),
    business: t.field({ type: EnterpriseRef, resolve: (group) => business(group.uscc) }),
    uscc: t.exposeString('uscc'),
    month: t.exposeString('month'),
    firstDate: t.exposeString('firstDate'),
    lastDate: t.exposeString('lastDate'),
    unitCodes: t.exposeStringList('unitCodes'),
    taskIds: t.exposeIDList('taskIds'),
    visits: t.field({ type: [VisitType], resolve: (group) => group.visits }),
    tasks: t.field({ type: [GroupTaskType], resolve: (group) => group.tasks }),
    overlappingItems: t.field({ type: [OverlapType], resolve: (group) => group.overlappingItems }),
    visitsSaved: t.exposeInt('visitsSaved'),
    planPeriods: t.field({ type: [PlanPeriodType], resolve: (group) => group.planPeriods }),
    commonPeriod: t.field({ type: DateRangeType, nullable: true, description: 'Days every plan of the group allows', resolve: (group) => group.commonPeriod }),
    mergeDates: t.field({ type: DateRangeType, nullable: true, description: 'Merge dates that keep the visit in its window', resolve: (group) => group.mergeDates }),
    mergeable: t.boolean({ description: 'False when a visit already started or took place, or the units\' plans share no day in the window', resolve: isMergeable }),
  }),
});

export const OverCapType = builder.objectRef<OverCap>('OverVisitCap').implement({
  description: 'A business visited more often than the cap in a calendar year',
  fields: (t) => ({
    business: t.field({ type: EnterpriseRef, resolve: (entry) => business(entry.uscc) }),
    uscc: t.exposeString('uscc'),
    unitCode: t.exposeString('unitCode', { nullable: true, description: 'The unit over its cap; null for the total cap' }),
    year: t.exposeInt('year'),
    visits: t.exposeInt('visits'),
    cap: t.exposeInt('cap'),
    taskIds: t.exposeIDList('taskIds'),
  }),
});

const PageInfoType = builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('DuplicatePageInfo').implement({
  fields: (t) => ({ hasNextPage: t.exposeBoolean('hasNextPage'), endCursor: t.exposeString('endCursor', { nullable: true }) }),
});

export function connectionType<T>(name: string, node: OutputRef<T>) {
  type Conn = { edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number; visitsSaved: number };
  const Edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    fields: (t) => ({ cursor: t.exposeString('cursor'), node: t.field({ type: node, resolve: (edge) => edge.node as never }) }),
  });
  return builder.objectRef<Conn>(`${name}Connection`).implement({
    fields: (t) => ({
      edges: t.field({ type: [Edge], resolve: (conn) => conn.edges }),
      pageInfo: t.field({ type: PageInfoType, resolve: (conn) => conn.pageInfo }),
      totalCount: t.exposeInt('totalCount', { description: 'Findings over all pages' }),
      visitsSaved: t.exposeInt('visitsSaved', { description: 'Visits merging every finding (all pages) would save' }),
    }),
  });
}

const CatalogueRefType = builder.objectRef<CatalogueItemRef>('ItemCatalogueItem').implement({
  fields: (t) => ({ unitCode: t.exposeString('unitCode'), itemCode: t.exposeString('itemCode') }),
});

export const CatalogueStatusEnum = builder.enumType('ItemCatalogueStatus', {
  values: { PROPOSED: { value: 'proposed' }, CONFIRMED: { value: 'confirmed' }, REJECTED: { value: 'rejected' } } as const,
});

export const CatalogueEntryType = builder.objectRef<CatalogueEntry>('ItemCatalogueEntry').implement({
  description: 'Items of different units that are the same check (跨部门同一检查事项)',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: CatalogueStatusEnum, resolve: (entry) => entry.status }),
    items: t.field({ type: [CatalogueRefType], resolve: (entry) => entry.entries }),
    basis: t.exposeString('basis', { description: 'Why it was proposed: shared legal basis and content similarity' }),
    version: t.exposeInt('version'),
    createdAt: t.exposeString('createdAt'),
    createdBy: t.exposeString('createdBy'),
    decidedAt: t.exposeString('decidedAt', { nullable: true }),
    decidedBy: t.exposeString('decidedBy', { nullable: true }),
  }),
});

export const MergeStateEnum = builder.enumType('DuplicateMergeState', {
  values: { PENDING: { value: 'pending', description: 'Some unit’s step is still to do (resumeMerge)' }, APPLIED: { value: 'applied' } } as const,
});

export interface MergeView {
  merge: MergeRecord;
  /** Last failure per unit whose step is not done, from the audit trail. */
  lastErrors: Map<string, string>;
  trail?: AuditEntry[];
}

interface MergeUnitView {
  merge: MergeRecord;
  unitCode: string;
  lastError: string | null;
}

const MergeUnitType = builder.objectRef<MergeUnitView>('DuplicateMergeUnit').implement({
  fields: (t) => ({
    unitCode: t.exposeString('unitCode'),
    lead: t.boolean({ resolve: (u) => u.merge.units[0] === u.unitCode }),
    originalTaskIds: t.idList({ resolve: (u) => u.merge.originalTaskIds[u.unitCode] ?? [] }),
    itemCodes: t.stringList({ description: 'Its items in the joint visit; empty when others do all its checks', resolve: (u) => itemsOf(u.merge, u.unitCode) }),
    inspectorIds: t.stringList({ resolve: (u) => u.merge.inspectors[u.unitCode] ?? [] }),
    jointTaskId: t.id({ nullable: true, description: 'The task doing its checks in the joint visit', resolve: (u) => u.merge.steps[u.unitCode]?.createdTaskId ?? null }),
    cancelled: t.boolean({ description: 'Its original tasks are cancelled', resolve: (u) => u.merge.steps[u.unitCode]?.cancelled === true }),
    done: t.boolean({ resolve: (u) => isStepComplete(u.merge.steps[u.unitCode]) }),
    lastError: t.exposeString('lastError', { nullable: true }),
  }),
});

const AuditType = builder.objectRef<AuditEntry>('DuplicateMergeAudit').implement({
  fields: (t) => ({ at: t.exposeString('at'), actor: t.exposeString('actor'), action: t.exposeString('action') }),
});

export const MergeType = builder.objectRef<MergeView>('DuplicateMerge').implement({
  description: 'One joint visit replacing a duplicate group’s visits on the units’ platforms',
  fields: (t) => ({
    id: t.id({ resolve: (v) => v.merge.id }),
    groupKey: t.id({ resolve: (v) => v.merge.groupKey }),
    state: t.field({ type: MergeStateEnum, resolve: (v) => v.merge.state }),
    business: t.field({ type: EnterpriseRef, resolve: (v) => business(v.merge.uscc) }),
    jointDate: t.string({ resolve: (v) => v.merge.jointDate }),
    jointGroupId: t.id({ description: 'jointGroupId of the joint tasks (the merge id)', resolve: (v) => v.merge.id }),
    leadUnit: t.string({ resolve: (v) => v.merge.units[0] }),
    units: t.field({
      type: [MergeUnitType],
      resolve: (v) => v.merge.units.map((unitCode) => ({ merge: v.merge, unitCode, lastError: v.lastErrors.get(unitCode) ?? null })),
    }),
    createdAt: t.string({ resolve: (v) => v.merge.createdAt }),
    createdBy: t.string({ resolve: (v) => v.merge.createdBy }),
    appliedAt: t.string({ nullable: true, resolve: (v) => v.merge.appliedAt }),
    dateOverride: t.field({ type: DateOverrideType, nullable: true, description: 'The date rules the merge went against (a past day, a day off) and why; null when none', resolve: (v) => v.merge.dateOverride }),
    auditTrail: t.field({ type: [AuditType], resolve: (v) => v.trail ?? [] }),
  }),
});
