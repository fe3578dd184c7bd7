// The member-unit registry: which units sit on the joint meeting and which platform each
// uses. `departments` returns references; each department subgraph resolves the rest.
import { PLATFORM_IDS, MEMBER_UNITS, departmentTypeName, findUnit, type MemberUnit, type PlatformId } from '../../config/units';
import { ZHANJIANG, ZHANJIANG_DIVISIONS } from '../../config/divisions';
import { ErrorCode, graphError } from '../../lib/errors';
import { builder } from './builder';

interface DepartmentRoot {
  __typename: string;
  code: string;
}

const rootOf = (unit: MemberUnit): DepartmentRoot => ({ __typename: departmentTypeName(unit.platform), code: unit.code });

export const PlatformEnum = builder.enumType('Platform', {
  description: 'The system a unit runs its checks on',
  values: {
    PROVINCIAL: { value: 'provincial', description: '省双随机平台' },
    ECOLOGY: { value: 'ecology', description: '生态环境部统一平台' },
    EMERGENCY: { value: 'emergency', description: '应急管理自建系统' },
    FIRE: { value: 'fire', description: '消防自建系统' },
  } as const,
});

const MemberUnitType = builder.objectRef<MemberUnit>('MemberUnit').implement({
  description: '成员单位 of the joint meeting',
  fields: (t) => ({
    code: t.exposeID('code'),
    name: t.exposeString('name'),
    platform: t.field({ type: PlatformEnum, resolve: (unit) => unit.platform }),
  }),
});

// Shared with the credit subgraph, which returns the division of each enterprise.
const DivisionType = builder.objectRef<{ code: string; name: string }>('Division').implement({
  description: 'GB/T 2260 county-level administrative division',
  shareable: true,
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name', { nullable: true, description: 'Null for a division outside the configured jurisdiction' }),
  }),
});

const JurisdictionType = builder.objectRef<typeof ZHANJIANG>('Jurisdiction').implement({
  fields: (t) => ({
    code: t.exposeID('code'),
    name: t.exposeString('name'),
    divisions: t.field({ type: [DivisionType], resolve: () => [...ZHANJIANG_DIVISIONS] }),
    memberUnits: t.field({ type: [MemberUnitType], resolve: () => [...MEMBER_UNITS] }),
  }),
});

export const DepartmentInterface = builder.interfaceRef<DepartmentRoot>('Department').implement({
  description: 'A member unit (成员单位) of the joint meeting, served by the subgraph of its platform',
  resolveType: (root) => root.__typename,
  fields: (t) => ({
    code: t.exposeID('code', { description: 'Unit code, e.g. market' }),
    name: t.string({ description: 'Official short name (简称)', resolve: (root) => findUnit(root.code)?.name ?? root.code }),
  }),
});

// One entity stub per department subgraph; the office knows only codes and names.
for (const platform of PLATFORM_IDS) {
  const typeName = departmentTypeName(platform);
  const ref = builder.objectRef<DepartmentRoot>(typeName).implement({
    interfaces: [DepartmentInterface],
    fields: (t) => ({
      code: t.exposeID('code'),
      name: t.string({ shareable: true, resolve: (root) => findUnit(root.code)?.name ?? root.code }),
    }),
  });
  builder.asEntity(ref, {
    key: builder.selection<{ code: string }>('code'),
    resolveReference: ({ code }) => {
      const unit = findUnit(code);
      return unit?.platform === (platform as PlatformId) ? rootOf(unit) : null;
    },
  });
}

export function requireUnit(code: string): MemberUnit {
  const unit = findUnit(code);
  if (!unit) {
    throw graphError(ErrorCode.UNKNOWN_UNIT, `Unit "${code}" is not a member unit; known units: ${MEMBER_UNITS.map((u) => u.code).join(', ')}`, {
      unitCode: code,
    });
  }
  return unit;
}

const MAX_DEPARTMENT_CODES = 100;

/** The units of `codes`, in their order, each once; UNKNOWN_UNIT for a code that is not a member unit. */
function unitsOf(codes: string[]): MemberUnit[] {
  if (codes.length > MAX_DEPARTMENT_CODES) {
    throw graphError(ErrorCode.BAD_INPUT, `"codes" has ${codes.length} entries; at most ${MAX_DEPARTMENT_CODES}`, { argument: 'codes', limit: MAX_DEPARTMENT_CODES });
  }
  return [...new Set(codes)].map(requireUnit);
}

builder.queryType({
  fields: (t) => ({
  jurisdiction: t.field({ type: JurisdictionType, description: 'The jurisdiction this joint meeting serves', resolve: () => ZHANJIANG }),
  memberUnits: t.field({ type: [MemberUnitType], resolve: () => [...MEMBER_UNITS] }),
  departments: t.field({
    type: [DepartmentInterface],
    description:
      'Every member unit, or those of `codes` in that order; the gateway fetches their data with one call per subgraph, in parallel ' +
      '(several units asked at once: one call, where aliased `department(code:)` fields make one call each)',
    args: {
      platform: t.arg({ type: PlatformEnum, required: false }),
      codes: t.arg.idList({ required: false, description: `Only these units (at most ${MAX_DEPARTMENT_CODES}; a code given twice counts once)` }),
    },
    resolve: (_root, args) => {
      const units = args.codes ? unitsOf(args.codes.map(String)) : MEMBER_UNITS;
      return units.filter((unit) => !args.platform || unit.platform === args.platform).map(rootOf);
    },
  }),
  department: t.field({
    type: DepartmentInterface,
    nullable: true,
    args: { code: t.arg.id({ required: true }) },
    resolve: (_root, args) => rootOf(requireUnit(String(args.code))),
  }),
  }),
});
