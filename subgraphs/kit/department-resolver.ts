// Field resolvers of the Department interface, inherited by every subgraph's implementation.
// Lists come from the unit's platform through the per-request DataLoaders.
import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import type { DirectoryEntry, Inspector, Item, Plan, Task } from '../../platforms/data/model';
import { findUnit } from '../../config/units';
import type { DepartmentContext, DepartmentRoot } from './context';
import { decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_PAGE_SIZE, Department } from './department';
import { DirectoryConnection, DirectoryEntryType } from './types/directory';
import { DirectoryFilter, TaskFilter } from './types/inputs';
import { InspectorType } from './types/inspector';
import { ItemType } from './types/item';
import { PlanType } from './types/plan';
import { TaskConnection, TaskType } from './types/task';
import { checkDay, checkPageSize, checkUsccs } from './validate';

@Resolver(() => Department)
export class DepartmentFieldsResolver {
  @FieldResolver(() => String)
  name(@Root() department: DepartmentRoot): string {
    return findUnit(department.code)?.name ?? department.code;
  }

  @FieldResolver(() => [ItemType], { nullable: true })
  items(@Root() department: DepartmentRoot, @Ctx() ctx: DepartmentContext): Promise<Item[]> {
    return ctx.loaders.items.load(department.code);
  }

  @FieldResolver(() => DirectoryConnection, { nullable: true })
  async directory(
    @Root() department: DepartmentRoot,
    @Ctx() ctx: DepartmentContext,
    @Arg('filter', () => DirectoryFilter, { nullable: true }) filter?: DirectoryFilter,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = checkPageSize(first);
    const plainFilter = { ...filter };
    const platformCursor = after === undefined || after === null ? undefined : decodeCursor(after, 'directory', department.code, plainFilter);
    const page = await ctx.platform.directory(department.code, { ...plainFilter, after: platformCursor, first: size });
    const endCursor = page.next === null ? null : encodeCursor('directory', department.code, plainFilter, page.next);
    return {
      nodes: page.nodes,
      pageInfo: { hasNextPage: page.next !== null, endCursor },
      totalCount: page.totalCount,
    };
  }

  @FieldResolver(() => [DirectoryEntryType], { nullable: 'itemsAndList' })
  directoryEntries(
    @Root() department: DepartmentRoot,
    @Ctx() ctx: DepartmentContext,
    @Arg('usccs', () => [ID]) usccs: string[],
  ): Promise<(DirectoryEntry | null)[]> {
    return ctx.loaders.directoryEntry.loadMany(checkUsccs(usccs).map((uscc) => `${department.code}|${uscc}`)) as Promise<(DirectoryEntry | null)[]>;
  }

  @FieldResolver(() => [InspectorType], { nullable: true })
  inspectors(@Root() department: DepartmentRoot, @Ctx() ctx: DepartmentContext): Promise<Inspector[]> {
    return ctx.loaders.inspectors.load(department.code);
  }

  @FieldResolver(() => [PlanType], { nullable: true })
  plans(
    @Root() department: DepartmentRoot,
    @Ctx() ctx: DepartmentContext,
    @Arg('year', () => Int, { nullable: true }) year?: number,
  ): Promise<Plan[]> {
    return ctx.loaders.plans.load(`${department.code}|${year ?? ''}`);
  }

  @FieldResolver(() => TaskConnection, { nullable: true })
  async tasks(
    @Root() department: DepartmentRoot,
    @Ctx() ctx: DepartmentContext,
    @Arg('filter', () => TaskFilter, { nullable: true }) filter?: TaskFilter,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = checkPageSize(first);
    const plainFilter = { ...filter };
    checkDay('from', plainFilter.from);
    checkDay('to', plainFilter.to);
    const platformCursor = after === undefined || after === null ? undefined : decodeCursor(after, 'tasks', department.code, plainFilter);
    const page = await ctx.platform.tasks(department.code, { ...plainFilter, after: platformCursor, first: size });
    const endCursor = page.next === null ? null : encodeCursor('tasks', department.code, plainFilter, page.next);
    return {
      nodes: page.nodes,
      pageInfo: { hasNextPage: page.next !== null, endCursor },
      totalCount: page.totalCount,
    };
  }

  @FieldResolver(() => [TaskType], { nullable: true })
  async tasksOf(
    @Root() department: DepartmentRoot,
    @Ctx() ctx: DepartmentContext,
    @Arg('usccs', () => [ID]) usccs: string[],
  ): Promise<Task[]> {
    const lists = await ctx.loaders.tasksOfBusiness.loadMany(checkUsccs(usccs).map((uscc) => `${department.code}|${uscc}`));
    for (const list of lists) if (list instanceof Error) throw list;
    return (lists as Task[][]).flat();
  }
}
