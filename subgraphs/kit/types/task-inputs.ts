// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// What the task-writing mutations of the department subgraphs take and answer.
import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import { TaskType } from './task';

@InputType('NewTaskInput', { description: 'A task (抽查任务) to create in a unit’s platform' })
export class NewTaskInput {
  @Field(() => String, {
    description: 'Chosen by the caller, unique within the unit (e.g. planId/unitCode/uscc): the same key again answers the task created the first time',
  })
  externalKey!: string;

  @Field(() => String) planId!: string;
  @Field(() => String, { description: '统一社会信用代码 of the business' }) uscc!: string;
  @Field(() => [String], { description: 'Items on the unit’s item list (抽查事项清单)' }) itemCodes!: string[];
  @Field(() => [String], { description: 'At least two officers of the unit’s inspector directory' }) inspectorIds!: string[];
  @Field(() => String, { description: 'Planned day, YYYY-MM-DD' }) plannedOn!: string;
  @Field(() => String, { nullable: true, description: 'Shared by the tasks of one joint visit' }) jointGroupId?: string | null;
}

@ObjectType('CreatedTask', { description: 'The answer for one NewTaskInput' })
@Directive('@shareable')
export class CreatedTaskType {
  @Field(() => String) externalKey!: string;
  @Field(() => TaskType) task!: TaskType;
  @Field(() => Boolean, { description: 'True when the key was known already: this is the task created before, nothing new was made' })
  existed!: boolean;
}
