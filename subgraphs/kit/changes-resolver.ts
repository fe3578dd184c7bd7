// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// `Department.changes(after, first)`: the unit's records changed since a cursor, read from its
// platform's change feed, in columns like `visits` so the office can keep its visit index up to
// date with a few big pages instead of re-reading every task. The cursor wraps the platform's
// own: a cursor of another unit or list is BAD_CURSOR; one the platform no longer knows (it
// restarted) is CURSOR_EXPIRED, and the reader starts over without `after`.
import { Arg, Ctx, Directive, Field, FieldResolver, ID, Int, ObjectType, Resolver, Root } from 'type-graphql';
import { ErrorCode, graphError } from '../../lib/errors';
import { forbidden, isOfficeOrUnit } from '../../lib/roles';
import type { FollowUp, Result } from '../../platforms/data/model';
import type { DepartmentContext, DepartmentRoot } from './context';
import { decodeCursor, encodeCursor } from './cursor';
import { Department } from './department';
import { forUnit } from './for-unit';
import { toColumns, UnitVisitsType } from './visits-resolver';

@ObjectType('UnitResultColumns', { description: 'Inspection results as aligned columns (index i is one result)' })
@Directive('@shareable')
export class UnitResultColumns {
  @Field(() => Int) count!: number;
  @Field(() => [ID]) taskIds!: string[];
  @Field(() => [String]) inspectedOn!: string[];
  @Field(() => [String], { description: 'no_problem | problem_found | not_found | closed' }) conclusions!: string[];
}

@ObjectType('UnitFollowUpColumns', { description: 'Follow-ups as aligned columns (index i is one follow-up)' })
@Directive('@shareable')
export class UnitFollowUpColumns {
  @Field(() => Int) count!: number;
  @Field(() => [ID]) taskIds!: string[];
  @Field(() => [String]) findingCodes!: string[];
  @Field(() => [String]) handledOn!: string[];
}

@ObjectType('UnitChangePage', { description: 'Records of a unit changed after a cursor, oldest first, each in its current state' })
@Directive('@shareable')
export class UnitChangePage {
  @Field(() => String, { description: 'Pass as `after` for the next page (also once caught up, to wait for new changes)' }) cursor!: string;
  @Field(() => Boolean) hasMore!: boolean;
  @Field(() => Int, { description: 'Changes still waiting after `cursor`' }) remaining!: number;
  @Field(() => UnitVisitsType) tasks!: UnitVisitsType;
  @Field(() => UnitResultColumns) results!: UnitResultColumns;
  @Field(() => UnitFollowUpColumns) followUps!: UnitFollowUpColumns;
}

const LIST = 'changes';

function resultColumns(results: readonly Result[]): UnitResultColumns {
  return {
    count: results.length,
    taskIds: results.map((result) => result.taskId),
    inspectedOn: results.map((result) => result.inspectedOn),
    conclusions: results.map((result) => result.conclusion),
  };
}

function followUpColumns(followUps: readonly FollowUp[]): UnitFollowUpColumns {
  return {
    count: followUps.length,
    taskIds: followUps.map((followUp) => followUp.taskId),
    findingCodes: followUps.map((followUp) => followUp.findingCode),
    handledOn: followUps.map((followUp) => followUp.handledOn),
  };
}

@Resolver(() => Department)
export class ChangesResolver {
  @FieldResolver(() => UnitChangePage, {
    nullable: true,
    description:
      'Records changed after `after` (absent: from the beginning), oldest first, at most `first` (default and limit: the platform’s largest page); for the office and the unit itself. CURSOR_EXPIRED: start over without `after`.',
  })
  async changes(
    @Root() root: DepartmentRoot,
    @Ctx() ctx: DepartmentContext,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
  ): Promise<UnitChangePage> {
    const unitCode = root.code;
    if (!isOfficeOrUnit(ctx.role, unitCode)) {
      throw forbidden(`read the changes of unit ${unitCode}`, ctx.role);
    }
    const limit = ctx.platform.maxChangesPage;
    const size = first ?? limit;
    if (!Number.isInteger(size) || size < 1 || size > limit) {
      throw graphError(ErrorCode.PAGE_SIZE_TOO_LARGE, `"first" must be between 1 and ${limit} for the changes of unit ${unitCode}, got ${size}`, { limit });
    }
    const platformCursor = after === undefined || after === null ? undefined : decodeCursor(after, LIST, unitCode, null);
    const page = await forUnit(unitCode, () => ctx.platform.changes(unitCode, platformCursor, size));
    return {
      cursor: encodeCursor(LIST, unitCode, null, page.cursor),
      hasMore: page.hasMore,
      remaining: page.remaining,
      tasks: toColumns(unitCode, page.tasks),
      results: resultColumns(page.results),
      followUps: followUpColumns(page.followUps),
    };
  }
}
