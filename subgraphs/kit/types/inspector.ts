// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Inspector', {
  description: '执法检查人员. name, phone, certificateNo and conflicts are personal data: only the own unit and the office see them.',
})
@Directive('@shareable')
export class InspectorType {
  @Field(() => ID) id!: string;
  @Field(() => String) unitCode!: string;
  @Field(() => Boolean, { description: 'Holds a law-enforcement certificate valid today' }) certified!: boolean;
  @Field(() => Boolean) active!: boolean;
  @Field(() => [String]) specialties!: string[];
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => String, { nullable: true }) certificateNo!: string | null;
  @Field(() => String, { nullable: true }) certificateValidUntil!: string | null;
  @Field(() => [String], { nullable: true, description: 'Credit codes of businesses with a recorded conflict of interest' })
  conflicts!: string[] | null;
}
