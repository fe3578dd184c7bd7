// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EnterpriseRef } from './enterprise-ref';
import { PageInfo } from './page-info';

export enum TaskStatus {
  PENDING = 'pending',
  IN_PROGRESS = 'in_progress',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
}
registerEnumType(TaskStatus, { name: 'TaskStatus' });

export enum Conclusion {
  NO_PROBLEM = 'no_problem',
  PROBLEM_FOUND = 'problem_found',
  NOT_FOUND = 'not_found',
  CLOSED = 'closed',
}
registerEnumType(Conclusion, { name: 'Conclusion', description: '未发现问题 / 发现问题 / 查无下落 / 已关停' });

export enum FollowUpAction {
  RECTIFIED = 'rectified',
  PENALIZED = 'penalized',
  TRANSFERRED = 'transferred',
  REFERRED_TO_POLICE = 'referred_to_police',
}
registerEnumType(FollowUpAction, { name: 'FollowUpAction' });

@ObjectType('Finding')
@Directive('@shareable')
export class FindingType {
  @Field(() => String) code!: string;
  @Field(() => String) itemCode!: string;
  @Field(() => String) description!: string;
}

@ObjectType('InspectionResult', { description: '检查结果' })
@Directive('@shareable')
export class ResultType {
  @Field(() => String) taskId!: string;
  @Field(() => String) inspectedOn!: string;
  @Field(() => Conclusion) conclusion!: Conclusion;
  @Field(() => [FindingType]) findings!: FindingType[];
}

@ObjectType('FollowUp', { description: '后续处置 of one finding' })
@Directive('@shareable')
export class FollowUpType {
  @Field(() => String) taskId!: string;
  @Field(() => String) findingCode!: string;
  @Field(() => FollowUpAction) action!: FollowUpAction;
  @Field(() => String) handledOn!: string;
  @Field(() => String) note!: string;
}

@ObjectType('Task', { description: '抽查任务: one drawn business for one unit' })
@Directive('@shareable')
export class TaskType {
  @Field(() => ID) id!: string;
  @Field(() => String) planId!: string;
  @Field(() => String) unitCode!: string;
  @Field(() => EnterpriseRef) enterprise!: EnterpriseRef;
  @Field(() => [String]) itemCodes!: string[];
  @Field(() => [String], { nullable: true, description: 'Office and the task\'s own unit only (others: null and FORBIDDEN)' })
  inspectorIds!: string[] | null;
  @Field(() => String, { nullable: true, description: 'The public sees it once the task is completed (others: null and FORBIDDEN)' })
  plannedOn!: string | null;
  @Field(() => TaskStatus) status!: TaskStatus;
  @Field(() => String, { nullable: true }) jointGroupId?: string;
  @Field(() => String, { nullable: true, description: '检查码 of a task created through the graph; office and the task\'s own unit only (the business gets it from the inspectors)' })
  inspectionCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Day of the check-in with the code; office and the task\'s own unit only' })
  checkedInOn?: string | null;
}

@ObjectType('TaskConnection')
@Directive('@shareable')
export class TaskConnection {
  @Field(() => [TaskType]) nodes!: TaskType[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
