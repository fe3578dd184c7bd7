// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// GraphQL types of a unit's statistics: COUNTS only (numerator, denominator per indicator),
// never per-task records; the ids behind a count only when asked for. Every department
// subgraph defines the same value types, hence @shareable.
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('StatisticsListRow', { description: 'One entry of a work list: the business, the days that matter and the reason (Chinese)' })
@Directive('@shareable')
export class StatisticsListRowType {
  @Field(() => String, { description: 'The id the list names (task id, item code, certificate number, plan id, credit code, taskId/findingCode)' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Credit code of the business concerned' })
  uscc!: string | null;

  @Field(() => String, { nullable: true, description: 'GB/T 2260 county-level division of the business, or "unknown"' })
  divisionCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Item, plan or officer name, or the finding' })
  subject!: string | null;

  @Field(() => String, { nullable: true })
  plannedOn!: string | null;

  @Field(() => String, { nullable: true })
  inspectedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'Last day allowed (publication due day, plan deadline)' })
  dueOn!: string | null;

  @Field(() => String, { nullable: true })
  publishedOn!: string | null;

  @Field(() => Int, { nullable: true, description: 'Working days past dueOn (until publication, else until asOf); null when not late' })
  workdaysLate!: number | null;

  @Field(() => String, { description: 'Why the entry is listed (Chinese)' })
  reason!: string;
}

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

  @Field(() => [StatisticsListRowType], { nullable: true, description: 'The list as work-list rows; only with withLists and one indicator' })
  rows?: StatisticsListRowType[] | null;
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

  @Field(() => [MonthlyActivityType], { description: 'The months of the year before, for the trend\'s comparison (counted as of the year\'s end, or asOf if earlier)' })
  monthlyLastYear!: MonthlyActivityType[];

  @Field(() => [StatisticsListRowType], { nullable: true, description: 'With publicationsDueWithin: results to publish before their limit passes' })
  publicationsDue?: StatisticsListRowType[] | null;
}
