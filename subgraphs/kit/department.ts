// The Department interface every department subgraph implements with its own entity type
// (ProvincialDepartment, EcologyDepartment, ...). Fields are nullable so that a failing
// platform nulls only that unit's data, with an error, instead of the whole answer.
import { Arg, Field, ID, InterfaceType, Int } from 'type-graphql';
import { DirectoryConnection, DirectoryEntryType } from './types/directory';
import { DirectoryFilter, TaskFilter } from './types/inputs';
import { InspectorType } from './types/inspector';
import { ItemType } from './types/item';
import { PlanType } from './types/plan';
import { TaskConnection, TaskType } from './types/task';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

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
  name!: string;

  @Field(() => [ItemType], { nullable: true, description: '抽查事项清单' })
  items?: ItemType[];

  @Field(() => DirectoryConnection, { nullable: true, description: '检查对象名录库, paginated' })
  directory(
    @Arg('filter', () => DirectoryFilter, { nullable: true }) _filter?: DirectoryFilter,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) _first?: number,
    @Arg('after', () => String, { nullable: true }) _after?: string,
  ): DirectoryConnection | null {
    return null;
  }

  @Field(() => [DirectoryEntryType], { nullable: 'itemsAndList', description: 'Directory entries of these businesses (null where not listed)' })
  directoryEntries(@Arg('usccs', () => [ID]) _usccs: string[]): (DirectoryEntryType | null)[] | null {
    return null;
  }

  @Field(() => [InspectorType], { nullable: true, description: '执法检查人员名录库' })
  inspectors?: InspectorType[];

  @Field(() => [PlanType], { nullable: true, description: '抽查计划' })
  plans(@Arg('year', () => Int, { nullable: true }) _year?: number): PlanType[] | null {
    return null;
  }

  @Field(() => TaskConnection, { nullable: true, description: '抽查任务, paginated' })
  tasks(
    @Arg('filter', () => TaskFilter, { nullable: true }) _filter?: TaskFilter,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) _first?: number,
    @Arg('after', () => String, { nullable: true }) _after?: string,
  ): TaskConnection | null {
    return null;
  }

  @Field(() => [TaskType], { nullable: true, description: 'All tasks of these businesses, in one batch' })
  tasksOf(@Arg('usccs', () => [ID]) _usccs: string[]): TaskType[] | null {
    return null;
  }
}
