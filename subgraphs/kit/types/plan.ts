// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum PlanKind {
  SINGLE = 'single',
  JOINT = 'joint',
}
registerEnumType(PlanKind, { name: 'PlanKind' });

@ObjectType('SamplingRatios', { description: 'Share of each credit-risk class drawn, 0..1' })
@Directive('@shareable')
export class SamplingRatiosType {
  @Field(() => Float) A!: number;
  @Field(() => Float) B!: number;
  @Field(() => Float) C!: number;
  @Field(() => Float) D!: number;
}

@ObjectType('PlanScope')
@Directive('@shareable')
export class PlanScopeType {
  @Field(() => [String]) divisionCodes!: string[];
  @Field(() => [String]) industryCodes!: string[];
  @Field(() => [String]) tags!: string[];
}

@ObjectType('Plan', { description: '抽查计划 held on a unit\'s platform' })
@Directive('@shareable')
export class PlanType {
  @Field(() => ID) id!: string;
  @Field(() => String) unitCode!: string;
  @Field(() => Int) year!: number;
  @Field(() => String) title!: string;
  @Field(() => PlanKind) kind!: PlanKind;
  @Field(() => String) leadUnit!: string;
  @Field(() => [String]) participatingUnits!: string[];
  @Field(() => [String]) itemCodes!: string[];
  @Field(() => PlanScopeType) scope!: PlanScopeType;
  @Field(() => SamplingRatiosType, { nullable: true }) ratios?: SamplingRatiosType;
  @Field(() => String) periodStart!: string;
  @Field(() => String) periodEnd!: string;
  @Field(() => String, { nullable: true, description: 'Day the plan was made public' }) publishedOn?: string;
  @Field(() => String, { nullable: true }) drawnOn?: string;
}
