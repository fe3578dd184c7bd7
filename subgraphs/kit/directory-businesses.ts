// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// `Department.directoryBusinesses`: the credit codes of a unit's directory (检查对象名录库), grouped
// by county-level division. The office needs DISTINCT businesses across units for indicator 8
// (a business in five units' directories is one business of the city), and a distinct count
// cannot be summed from per-unit counts; the registry (credit subgraph) does not know who may
// inspect whom. So each unit gives its set once, in columns (plain strings, no objects),
// kept in the unit's view; the office unions the sets and only counts leave it.
import { Ctx, Directive, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { forbidden } from '../../lib/roles';
import type { DirectoryEntry } from '../../platforms/data/model';
import type { DepartmentContext, DepartmentRoot } from './context';
import { Department } from './department';
import { forUnit } from './for-unit';
import type { DepartmentPlatform } from './platform';
import { TASK_PAGE } from './statistics/gather';

@ObjectType('DivisionBusinesses', { description: 'Credit codes of the businesses of one county-level division' })
@Directive('@shareable')
export class DivisionBusinessesType {
  @Field(() => String, { description: 'GB/T 2260 code' }) code!: string;
  @Field(() => [String]) usccs!: string[];
}

async function wholeDirectory(platform: DepartmentPlatform, unitCode: string): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = [];
  let after: string | undefined;
  do {
    const cursor = after;
    const page = await platform.directory(unitCode, { first: TASK_PAGE, after: cursor });
    entries.push(...page.nodes);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return entries;
}

export function byDivision(entries: readonly DirectoryEntry[]): DivisionBusinessesType[] {
  const groups = new Map<string, string[]>();
  for (const entry of entries) {
    const usccs = groups.get(entry.divisionCode) ?? [];
    usccs.push(entry.uscc);
    groups.set(entry.divisionCode, usccs);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([code, usccs]) => ({ code, usccs }));
}

@Resolver(() => Department)
export class DirectoryBusinessesResolver {
  @FieldResolver(() => [DivisionBusinessesType], {
    nullable: true,
    description: 'Credit codes of the unit’s directory by division, for distinct counts across units; for the office and the unit itself',
  })
  async directoryBusinesses(@Root() root: DepartmentRoot, @Ctx() ctx: DepartmentContext): Promise<DivisionBusinessesType[]> {
    const unitCode = root.code;
    if (!(ctx.role.kind === 'office' || (ctx.role.kind === 'department' && ctx.role.unitCode === unitCode))) {
      throw forbidden(`read the whole directory of unit ${unitCode}`, ctx.role);
    }
    // From the unit's view (the feed carries the whole directory); without views, walk the listing.
    if (ctx.statistics) return ctx.statistics.readyView(unitCode).directoryBusinesses();
    return byDivision(await forUnit(unitCode, () => wholeDirectory(ctx.platform, unitCode)));
  }
}
