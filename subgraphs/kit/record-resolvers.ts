// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// Field resolvers of the shared value types: links to the credit subgraph's Enterprise,
// batched result and follow-up lookups, and the guard on inspectors' personal data.
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { DirectoryEntry, FollowUp, Inspector, Result, Task } from '../../platforms/data/model';
import { forbidden, isOfficeOrUnit } from '../../lib/roles';
import type { DepartmentContext } from './context';
import { forUnit } from './for-unit';
import { DirectoryEntryType } from './types/directory';
import { EnterpriseRef, enterpriseRef } from './types/enterprise-ref';
import { InspectorType } from './types/inspector';
import { FollowUpType, ResultType, TaskType } from './types/task';

@Resolver(() => TaskType)
export class TaskFieldsResolver {
  @FieldResolver(() => EnterpriseRef)
  enterprise(@Root() task: Task): EnterpriseRef {
    return enterpriseRef(task.uscc);
  }

  @FieldResolver(() => ResultType, { nullable: true, description: '检查结果, null until inspected' })
  result(@Root() task: Task, @Ctx() ctx: DepartmentContext): Promise<Result | null> {
    return forUnit(task.unitCode, () => ctx.loaders.result.load(`${task.unitCode}|${task.id}`));
  }

  // Who inspects whom is for the office and the unit itself, like its inspectors' personal data.
  @FieldResolver(() => [String], { nullable: true })
  inspectorIds(@Root() task: Task, @Ctx() ctx: DepartmentContext): string[] {
    if (!isOfficeOrUnit(ctx.role, task.unitCode)) throw forbidden(`see the inspectors of tasks of unit ${task.unitCode}`, ctx.role);
    return task.inspectorIds;
  }

  // Random inspections are unannounced: the public learns the day only once the visit took place.
  @FieldResolver(() => String, { nullable: true })
  plannedOn(@Root() task: Task, @Ctx() ctx: DepartmentContext): string {
    if (ctx.role.kind === 'public' && task.status !== 'completed') throw forbidden('see the planned day of a task not yet completed', ctx.role);
    return task.plannedOn;
  }

  @FieldResolver(() => String, { nullable: true })
  inspectionCode(@Root() task: Task, @Ctx() ctx: DepartmentContext): string | null {
    if (!isOfficeOrUnit(ctx.role, task.unitCode)) throw forbidden(`see the inspection codes of unit ${task.unitCode}`, ctx.role);
    return task.inspectionCode ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  checkedInOn(@Root() task: Task, @Ctx() ctx: DepartmentContext): string | null {
    if (!isOfficeOrUnit(ctx.role, task.unitCode)) throw forbidden(`see the check-ins of unit ${task.unitCode}`, ctx.role);
    return task.checkedInOn ?? null;
  }

  @FieldResolver(() => [FollowUpType], { description: '后续处置 of the findings' })
  followUps(@Root() task: Task, @Ctx() ctx: DepartmentContext): Promise<FollowUp[]> {
    return forUnit(task.unitCode, () => ctx.loaders.followUps.load(`${task.unitCode}|${task.id}`));
  }
}

@Resolver(() => DirectoryEntryType)
export class DirectoryEntryFieldsResolver {
  @FieldResolver(() => EnterpriseRef)
  enterprise(@Root() entry: DirectoryEntry): EnterpriseRef {
    return enterpriseRef(entry.uscc);
  }
}

function personal<T>(ctx: DepartmentContext, inspector: Inspector, field: string, value: T): T {
  if (!isOfficeOrUnit(ctx.role, inspector.unitCode)) throw forbidden(`see inspector ${field} of unit ${inspector.unitCode}`, ctx.role);
  return value;
}

@Resolver(() => InspectorType)
export class InspectorFieldsResolver {
  @FieldResolver(() => Boolean)
  certified(@Root() inspector: Inspector): boolean {
    return inspector.certificateNo !== '' && inspector.certificateValidUntil >= new Date().toISOString().slice(0, 10);
  }

  @FieldResolver(() => String, { nullable: true })
  name(@Root() inspector: Inspector, @Ctx() ctx: DepartmentContext): string {
    return personal(ctx, inspector, 'name', inspector.name);
  }

  @FieldResolver(() => String, { nullable: true })
  phone(@Root() inspector: Inspector, @Ctx() ctx: DepartmentContext): string {
    return personal(ctx, inspector, 'phone', inspector.phone);
  }

  @FieldResolver(() => String, { nullable: true })
  certificateNo(@Root() inspector: Inspector, @Ctx() ctx: DepartmentContext): string | null {
    return personal(ctx, inspector, 'certificateNo', inspector.certificateNo || null);
  }

  @FieldResolver(() => String, { nullable: true })
  certificateValidUntil(@Root() inspector: Inspector, @Ctx() ctx: DepartmentContext): string | null {
    return personal(ctx, inspector, 'certificateValidUntil', inspector.certificateValidUntil || null);
  }

  @FieldResolver(() => [String], { nullable: true })
  conflicts(@Root() inspector: Inspector, @Ctx() ctx: DepartmentContext): string[] {
    return personal(ctx, inspector, 'conflicts', inspector.conflicts);
  }
}
