// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// What the visit's mutations of the department subgraphs take and answer.
import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';

@InputType('ItemResultInput', { description: 'The result of one item of a task (检查事项): the problems found, none when compliant' })
export class ItemResultInput {
  @Field(() => String) itemCode!: string;
  @Field(() => [String], { description: 'One description per problem found on this item; empty: no problem' })
  problems!: string[];
}

@ObjectType('ResultPublication', { description: 'A result published in the credit information system (公示)' })
@Directive('@shareable')
export class ResultPublicationType {
  @Field(() => ID) id!: string;
  @Field(() => String) taskId!: string;
  @Field(() => String) publishedAt!: string;
  @Field(() => String) summary!: string;
  @Field(() => Boolean, { description: 'False when the result had been published before (this is that publication)' })
  created!: boolean;
}
