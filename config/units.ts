// The member units (成员单位) of a city's joint meeting and the platform each one uses.
// This is configuration, read by the generator, the platform stand-ins and the joint-office
// registry alike: one list, nothing kept in step by hand.

export type PlatformId = 'provincial' | 'ecology' | 'emergency' | 'fire';

export interface MemberUnit {
  /** Stable unit code used across the graph, e.g. `market`. */
  code: string;
  /** Official short name (简称). */
  name: string;
  platform: PlatformId;
  /** Code of this unit in the provincial platform's code table (部门代码); provincial units only. */
  provincialCode?: number;
}

export const MEMBER_UNITS: readonly MemberUnit[] = [
  { code: 'market', name: '市场监督管理局', platform: 'provincial', provincialCode: 101 },
  { code: 'devreform', name: '发展和改革局', platform: 'provincial', provincialCode: 102 },
  { code: 'education', name: '教育局', platform: 'provincial', provincialCode: 103 },
  { code: 'police', name: '公安局', platform: 'provincial', provincialCode: 104 },
  { code: 'hrss', name: '人力资源和社会保障局', platform: 'provincial', provincialCode: 105 },
  { code: 'housing', name: '住房和城乡建设局', platform: 'provincial', provincialCode: 106 },
  { code: 'urban', name: '城市管理和综合执法局', platform: 'provincial', provincialCode: 107 },
  { code: 'transport', name: '交通运输局', platform: 'provincial', provincialCode: 108 },
  { code: 'agriculture', name: '农业农村局', platform: 'provincial', provincialCode: 109 },
  { code: 'commerce', name: '商务局', platform: 'provincial', provincialCode: 110 },
  { code: 'culture', name: '文化广电旅游体育局', platform: 'provincial', provincialCode: 111 },
  { code: 'health', name: '卫生健康局', platform: 'provincial', provincialCode: 112 },
  { code: 'tax', name: '税务局', platform: 'provincial', provincialCode: 113 },
  { code: 'statistics', name: '统计局', platform: 'provincial', provincialCode: 114 },
  { code: 'finance', name: '地方金融监督管理局', platform: 'provincial', provincialCode: 115 },
  { code: 'ecology', name: '生态环境局', platform: 'ecology' },
  { code: 'emergency', name: '应急管理局', platform: 'emergency' },
  { code: 'fire', name: '消防救援支队', platform: 'fire' },
];

export function findUnit(code: string): MemberUnit | undefined {
  return MEMBER_UNITS.find((unit) => unit.code === code);
}

export function unitsOnPlatform(platform: PlatformId): MemberUnit[] {
  return MEMBER_UNITS.filter((unit) => unit.platform === platform);
}

/** The entity type that implements Department in the subgraph of a platform, e.g. ProvincialDepartment. */
export function departmentTypeName(platform: PlatformId): string {
  return `${platform[0].toUpperCase()}${platform.slice(1)}Department`;
}

export const PLATFORM_IDS: readonly PlatformId[] = ['provincial', 'ecology', 'emergency', 'fire'];
