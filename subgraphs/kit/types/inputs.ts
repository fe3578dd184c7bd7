// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
import { Field, InputType, Int } from 'type-graphql';
import { TaskStatus } from './task';

@InputType('DirectoryFilter')
export class DirectoryFilter {
  @Field(() => String, { nullable: true, description: 'GB/T 2260 county-level division, e.g. 440802' }) divisionCode?: string;
  @Field(() => String, { nullable: true, description: 'GB/T 4754 code prefix, e.g. 62 (catering)' }) industryPrefix?: string;
  @Field(() => String, { nullable: true, description: 'Directory tag, e.g. 餐饮服务' }) tag?: string;
}

@InputType('TaskFilter')
export class TaskFilter {
  @Field(() => Int, { nullable: true }) year?: number;
  @Field(() => String, { nullable: true }) planId?: string;
  @Field(() => TaskStatus, { nullable: true }) status?: TaskStatus;
  @Field(() => String, { nullable: true, description: 'Planned on or after this day (YYYY-MM-DD)' }) from?: string;
  @Field(() => String, { nullable: true, description: 'Planned on or before this day (YYYY-MM-DD)' }) to?: string;
}
