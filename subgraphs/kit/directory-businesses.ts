// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// `Department.directoryBusinesses`: the credit codes of a unit's directory (检查对象名录库), grouped
// by county-level division. The office needs DISTINCT businesses across units for indicator 8
// (a business in five units' directories is one business of the city), and a distinct count
// cannot be summed from per-unit counts; the registry (credit subgraph) does not know who may
// inspect whom. So each unit gives its set once, in columns (plain strings, no objects),
// kept in the unit's view; the office unions the sets and only counts leave it.
import { Ctx, Directive, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { forbidden, isOfficeOrUnit } from '../../lib/roles';
import type { DepartmentContext, DepartmentRoot } from './context';
import { Department } from './department';

@ObjectType('DivisionBusinesses', { description: 'Credit codes of the businesses of one county-level division' })
@Directive('@shareable')
export class DivisionBusinessesType {
  @Field(() => String, { description: 'GB/T 2260 code' }) code!: string;
  @Field(() => [String]) usccs!: string[];
}

@Resolver(() => Department)
export class DirectoryBusinessesResolver {
  @FieldResolver(() => [DivisionBusinessesType], {
    nullable: true,
    description: 'Credit codes of the unit’s directory by division, for distinct counts across units; for the office and the unit itself',
  })
  directoryBusinesses(@Root() root: DepartmentRoot, @Ctx() ctx: DepartmentContext): DivisionBusinessesType[] {
    const unitCode = root.code;
    if (!isOfficeOrUnit(ctx.role, unitCode)) {
      throw forbidden(`read the whole directory of unit ${unitCode}`, ctx.role);
    }
    // From the unit's view: the feed carries the whole directory.
    return ctx.statistics.readyView(unitCode).directoryBusinesses();
  }
}
