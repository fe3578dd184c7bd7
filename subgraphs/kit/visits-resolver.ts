// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// `Department.visits(from, to)`: every task a unit planned in a period, in one answer and in
// columns (one list per field, aligned by index). The office's duplicate finder reads all
// units' tasks of a year; through `tasks` (100 a page) that is thousands of round trips at city
// scale, and a list of scalars costs the gateway far less than a list of objects.
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root, Directive } from 'type-graphql';
import { ErrorCode, graphError } from '../../lib/errors';
import { forbidden, isOfficeOrUnit } from '../../lib/roles';
import type { Task } from '../../platforms/data/model';
import type { DepartmentContext, DepartmentRoot } from './context';
import { Department } from './department';
import { checkDay } from './validate';
import { decodeCursor, encodeCursor } from './cursor';

/** Longest period one call may cover: caps are counted over calendar years, two at most. */
export const MAX_VISIT_PERIOD_DAYS = 731;

@ObjectType('UnitVisits', { description: 'A unit’s tasks planned in a period, as aligned columns (index i is one task)' })
@Directive('@shareable')
export class UnitVisitsType {
  @Field(() => String) unitCode!: string;
  @Field(() => Int) count!: number;
  @Field(() => [ID]) taskIds!: string[];
  @Field(() => [String]) planIds!: string[];
  @Field(() => [String], { description: 'Credit code of each task’s business' }) usccs!: string[];
  @Field(() => [String]) plannedOn!: string[];
  @Field(() => [String], { description: 'pending | in_progress | completed | cancelled' }) statuses!: string[];
  @Field(() => [[String]]) itemCodes!: string[][];
  @Field(() => [[String]]) inspectorIds!: string[][];
  @Field(() => [String], { nullable: 'items' }) jointGroupIds!: (string | null)[];
}

export function toColumns(unitCode: string, tasks: readonly Task[]): UnitVisitsType {
  return {
    unitCode,
    count: tasks.length,
    taskIds: tasks.map((task) => task.id),
    planIds: tasks.map((task) => task.planId),
    usccs: tasks.map((task) => task.uscc),
    plannedOn: tasks.map((task) => task.plannedOn),
    statuses: tasks.map((task) => task.status),
    itemCodes: tasks.map((task) => task.itemCodes),
    inspectorIds: tasks.map((task) => task.inspectorIds),
    jointGroupIds: tasks.map((task) => task.jointGroupId ?? null),
  };
}

@Resolver(() => Department)
export class VisitsResolver {
  @FieldResolver(() => UnitVisitsType, {
    nullable: true,
    description: 'Every task planned in [from, to] (at most two years), in columns; for the office and the unit itself',
  })
  visits(
    @Root() root: DepartmentRoot,
    @Ctx() ctx: DepartmentContext,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
  ): UnitVisitsType {
    const unitCode = root.code;
    if (!isOfficeOrUnit(ctx.role, unitCode)) {
      throw forbidden(`read all visits of unit ${unitCode}`, ctx.role);
    }
    for (const [name, day] of [['from', from], ['to', to]] as const) {
      checkDay(name, day);
      // Date.parse takes 2025-02-30 for 2 March: the day must come back as written.
      if (new Date(Date.parse(day)).toISOString().slice(0, 10) !== day) throw graphError(ErrorCode.BAD_INPUT, `"${name}" is not a calendar day: ${day}`);
    }
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
    if (days < 0 || days > MAX_VISIT_PERIOD_DAYS) {
      throw graphError(ErrorCode.BAD_INPUT, `"from".."to" must be a period of 0..${MAX_VISIT_PERIOD_DAYS} days, got ${from}..${to}`, { from, to });
    }
    // From the unit's view (SYNCING while it is built).
    return toColumns(unitCode, ctx.statistics.tasksPlannedIn(unitCode, from, to));
  }
}

@ObjectType('UnitVisitChanges', { description: 'Tasks of a unit changed after a cursor of its view, each in its current state' })
@Directive('@shareable')
export class UnitVisitChangesType {
  @Field(() => String, { description: 'Pass back as `after` for the next page' }) cursor!: string;
  @Field(() => Boolean) hasMore!: boolean;
  @Field(() => Int, { description: 'Changes still waiting after this page' }) remaining!: number;
  @Field(() => UnitVisitsType) tasks!: UnitVisitsType;
}

/** Largest page of visitChanges: big pages, few round trips for the office's first build. */
export const MAX_VISIT_CHANGES_PAGE = 10_000;
const VISIT_CHANGES = 'visit-changes';

@Resolver(() => Department)
export class VisitChangesResolver {
  @FieldResolver(() => UnitVisitChangesType, {
    nullable: true,
    description:
      'Tasks changed after `after` in the unit’s view (absent: all), for the office’s visit index and the unit itself. SYNCING while the view is built; CURSOR_EXPIRED after the view was rebuilt: start over without `after`.',
  })
  async visitChanges(
    @Root() root: DepartmentRoot,
    @Ctx() ctx: DepartmentContext,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
  ): Promise<UnitVisitChangesType> {
    const unitCode = root.code;
    if (!isOfficeOrUnit(ctx.role, unitCode)) {
      throw forbidden(`read the visit changes of unit ${unitCode}`, ctx.role);
    }
    const size = first ?? MAX_VISIT_CHANGES_PAGE;
    if (!Number.isInteger(size) || size < 1 || size > MAX_VISIT_CHANGES_PAGE) {
      throw graphError(ErrorCode.PAGE_SIZE_TOO_LARGE, `"first" must be between 1 and ${MAX_VISIT_CHANGES_PAGE}, got ${size}`, { limit: MAX_VISIT_CHANGES_PAGE });
    }
    const viewCursor = after == null ? undefined : decodeCursor(after, VISIT_CHANGES, unitCode, null);
    let page = ctx.statistics.readyView(unitCode).visitChanges(viewCursor, size);
    // Another replica of this subgraph issued the cursor after reading more of the feed: catch up first.
    if (page === 'behind') {
      await ctx.statistics.refresh(unitCode);
      page = ctx.statistics.readyView(unitCode).visitChanges(viewCursor, size);
    }
    if (!page || page === 'behind') throw graphError(ErrorCode.CURSOR_EXPIRED, `The view of ${unitCode} no longer holds the feed this cursor was issued for: read again without "after"`, { unitCode });
    return { cursor: encodeCursor(VISIT_CHANGES, unitCode, null, page.cursor), hasMore: page.remaining > 0, remaining: page.remaining, tasks: toColumns(unitCode, page.tasks) };
  }
}
