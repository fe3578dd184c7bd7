// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// GraphQL types of a unit's statistics: COUNTS only (numerator, denominator per indicator),
// never per-task records; the ids behind a count only when asked for. Every department
// subgraph defines the same value types, hence @shareable.
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('IndicatorCount', { description: 'One indicator counted for one unit (or one unit within one division)' })
@Directive('@shareable')
export class IndicatorCountType {
  @Field(() => String, { description: 'Indicator key, e.g. publishedOnTime' })
  key!: string;

  @Field(() => Int)
  numerator!: number;

  @Field(() => Int, { nullable: true, description: 'Null for plain counts (indicator 11)' })
  denominator!: number | null;

  @Field(() => [String], { nullable: true, description: 'Ids behind the count; only with withLists' })
  list?: string[] | null;
}

@ObjectType('DivisionCounts', { description: 'Counts of the indicators that split by the county-level division of the business' })
@Directive('@shareable')
export class DivisionCountsType {
  @Field(() => String, { description: 'GB/T 2260 code, or "unknown"' })
  code!: string;

  @Field(() => [IndicatorCountType])
  indicators!: IndicatorCountType[];
}

@ObjectType('MonthlyActivity', { description: 'A month of the unit\'s year, for the trend chart' })
@Directive('@shareable')
export class MonthlyActivityType {
  @Field(() => String, { description: 'YYYY-MM' })
  month!: string;

  @Field(() => Int, { description: 'Tasks planned in the month (cancelled ones excluded)' })
  tasksPlanned!: number;

  @Field(() => Int, { description: 'Tasks completed, by day of inspection' })
  tasksCompleted!: number;

  @Field(() => Int, { description: 'Results published in the credit publicity system (Beijing day), up to asOf' })
  resultsPublished!: number;
}

@ObjectType('UnitStatistics', { description: 'A unit\'s yearly compliance counts, computed next to its data' })
@Directive('@shareable')
export class UnitStatisticsType {
  @Field(() => ID)
  unitCode!: string;

  @Field(() => Int, { description: 'The year of data counted' })
  year!: number;

  @Field(() => String, { description: 'Day the counts were taken on' })
  asOf!: string;

  @Field(() => [IndicatorCountType])
  indicators!: IndicatorCountType[];

  @Field(() => [DivisionCountsType])
  divisions!: DivisionCountsType[];

  @Field(() => [String], { description: 'Indicators this unit cannot count (their counts read 0), e.g. indicator 11' })
  notCounted!: string[];

  @Field(() => [MonthlyActivityType])
  monthly!: MonthlyActivityType[];
}
