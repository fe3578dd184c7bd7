// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// The Department interface every department subgraph implements with its own entity type
// (ProvincialDepartment, EcologyDepartment, ...). Its methods are the field resolvers every
// implementation inherits: `this` is the unit ({ code }), data comes from the unit's platform
// through the per-request DataLoaders. Fields are nullable so that a failing platform nulls
// only that unit's data, with an error, instead of the whole answer.
import { Arg, Ctx, Field, ID, InterfaceType, Int } from 'type-graphql';
import { findUnit } from '../../config/units';
import type { DirectoryEntry, Inspector, Item, Plan, Task } from '../../platforms/data/model';
import type { DepartmentContext } from './context';
import { forUnit } from './for-unit';
import { decodeCursor, encodeCursor } from './cursor';
import type { PlatformPage } from './platform';
import { DirectoryConnection, DirectoryEntryType } from './types/directory';
import { DirectoryFilter, TaskFilter } from './types/inputs';
import { InspectorType } from './types/inspector';
import { ItemType } from './types/item';
import { PlanType } from './types/plan';
import { TaskConnection, TaskType } from './types/task';
import { checkPageSize, checkTaskFilter, checkUsccs } from './validate';
import { checkYear } from '../../lib/input-checks';
import { rethrowFirst } from './for-unit';
import { resolveUnitStatistics } from './statistics/field';
import { UnitStatisticsType } from './statistics/types';
import type { UnitStatisticsService } from './statistics/service';
import { UnitSyncType } from './views/types';

export const DEFAULT_PAGE_SIZE = 20;

interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Reference data (item lists, plans) from the unit's view once it is built, else from the platform. */
function viewOrRead<T>(ctx: DepartmentContext, unitCode: string, fromView: (service: UnitStatisticsService) => T, read: () => Promise<T>): Promise<T> {
  const service = ctx.statistics;
  return service.isReady(unitCode) ? Promise.resolve(fromView(service)) : read();
}

@InterfaceType('Department', {
  description: 'A member unit (成员单位) of the joint meeting, served by the subgraph of its platform',
  // Each subgraph registers only its own implementation; the others live in other subgraphs.
  autoRegisterImplementations: false,
  resolveType: (value: { __typename: string }) => value.__typename,
})
export abstract class Department {
  @Field(() => ID, { description: 'Unit code, e.g. market' })
  code!: string;

  @Field(() => String, { description: 'Official short name (简称)' })
  name(): string {
    return findUnit(this.code)?.name ?? this.code;
  }

  @Field(() => [ItemType], { nullable: true, description: '抽查事项清单' })
  items(@Ctx() ctx: DepartmentContext): Promise<Item[]> {
    return forUnit(this.code, () => viewOrRead(ctx, this.code, (service) => service.items(this.code), () => ctx.loaders.items.load(this.code)));
  }

  @Field(() => DirectoryConnection, { nullable: true, description: '检查对象名录库, paginated' })
  directory(
    @Ctx() ctx: DepartmentContext,
    @Arg('filter', () => DirectoryFilter, { nullable: true }) filter?: DirectoryFilter,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<DirectoryEntry>> {
    const plainFilter = { ...filter };
    return this.page('directory', plainFilter, first, after, (query) => ctx.platform.directory(this.code, { ...plainFilter, ...query }));
  }

  @Field(() => [DirectoryEntryType], { nullable: 'itemsAndList', description: 'Directory entries of these businesses (null where not listed)' })
  directoryEntries(@Ctx() ctx: DepartmentContext, @Arg('usccs', () => [ID]) usccs: string[]): Promise<(DirectoryEntry | null)[]> {
    const keys = checkUsccs(usccs).map((uscc) => `${this.code}|${uscc}`);
    return forUnit(this.code, () => ctx.loaders.directoryEntry.loadMany(keys).then(rethrowFirst));
  }

  @Field(() => [InspectorType], { nullable: true, description: '执法检查人员名录库' })
  inspectors(@Ctx() ctx: DepartmentContext): Promise<Inspector[]> {
    return forUnit(this.code, () => ctx.loaders.inspectors.load(this.code));
  }

  @Field(() => [PlanType], { nullable: true, description: '抽查计划' })
  plans(@Ctx() ctx: DepartmentContext, @Arg('year', () => Int, { nullable: true }) year?: number): Promise<Plan[]> {
    checkYear('year', year);
    return forUnit(this.code, () => viewOrRead(ctx, this.code, (service) => service.plans(this.code, year ?? undefined), () => ctx.loaders.plans.load(`${this.code}|${year ?? ''}`)));
  }

  @Field(() => TaskConnection, { nullable: true, description: '抽查任务, paginated' })
  tasks(
    @Ctx() ctx: DepartmentContext,
    @Arg('filter', () => TaskFilter, { nullable: true }) filter?: TaskFilter,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<Connection<Task>> {
    const plainFilter = { ...filter };
    checkTaskFilter(plainFilter);
    return this.page('tasks', plainFilter, first, after, (query) => ctx.platform.tasks(this.code, { ...plainFilter, ...query }));
  }

  @Field(() => [TaskType], { nullable: true, description: 'All tasks of these businesses, in one batch' })
  async tasksOf(@Ctx() ctx: DepartmentContext, @Arg('usccs', () => [ID]) usccs: string[]): Promise<Task[]> {
    const keys = checkUsccs(usccs).map((uscc) => `${this.code}|${uscc}`);
    const lists = await forUnit(this.code, () => ctx.loaders.tasksOfBusiness.loadMany(keys).then(rethrowFirst));
    return lists.flat();
  }

  @Field(() => UnitSyncType, { nullable: true, description: 'How far the unit’s view is built' })
  sync(@Ctx() ctx: DepartmentContext): UnitSyncType | null {
    return ctx.statistics.syncStatus(this.code);
  }

  @Field(() => UnitStatisticsType, {
    nullable: true,
    description: 'Yearly compliance COUNTS of this unit (numerator/denominator per indicator and division); lists only withLists',
  })
  statistics(
    @Ctx() ctx: DepartmentContext,
    @Arg('jurisdiction', () => ID) jurisdiction: string,
    @Arg('year', () => Int) year: number,
    @Arg('asOf', () => String, { nullable: true, description: 'YYYY-MM-DD; default today (Beijing), at most the year\'s end' }) asOf?: string | null,
    @Arg('withLists', () => Boolean, { defaultValue: false }) withLists?: boolean,
    @Arg('indicator', () => String, { nullable: true, description: 'With withLists: only this indicator\'s list, with its work-list rows' }) indicator?: string | null,
    @Arg('publicationsDueWithin', () => Int, { nullable: true, description: 'Also list results whose publication limit passes within this many working days (0..20)' }) publicationsDueWithin?: number | null,
  ): Promise<UnitStatisticsType> {
    return resolveUnitStatistics(ctx, this.code, { jurisdiction, year, asOf, withLists, indicator, publicationsDueWithin });
  }

  /** One page of a platform list, with cursors bound to this unit, list and filter. */
  private async page<T>(
    list: string,
    filter: object,
    first: number | undefined,
    after: string | null | undefined,
    fetchPage: (query: { after?: string; first: number }) => Promise<PlatformPage<T>>,
  ): Promise<Connection<T>> {
    const size = checkPageSize(first);
    const platformCursor = after == null ? undefined : decodeCursor(after, list, this.code, filter);
    const page = await forUnit(this.code, () => fetchPage({ after: platformCursor, first: size }));
    const endCursor = page.next === null ? null : encodeCursor(list, this.code, filter, page.next);
    return { nodes: page.nodes, pageInfo: { hasNextPage: page.next !== null, endCursor }, totalCount: page.totalCount };
  }
}
