// GB/T 2260 divisions of the jurisdictions this project ships.

export interface Division {
  code: string;
  name: string;
}

export const ZHANJIANG = { code: '440800', name: '湛江市' } as const;

/** Zhanjiang's nine county-level divisions. */
export const ZHANJIANG_DIVISIONS: readonly Division[] = [
  { code: '440802', name: '赤坎区' },
  { code: '440803', name: '霞山区' },
  { code: '440804', name: '坡头区' },
  { code: '440811', name: '麻章区' },
  { code: '440823', name: '遂溪县' },
  { code: '440825', name: '徐闻县' },
  { code: '440881', name: '廉江市' },
  { code: '440882', name: '雷州市' },
  { code: '440883', name: '吴川市' },
];

/** Suizhou's three county-level divisions. */
export const SUIZHOU = { code: '421300', name: '随州市' } as const;
export const SUIZHOU_DIVISIONS: readonly Division[] = [
  { code: '421303', name: '曾都区' },
  { code: '421321', name: '随县' },
  { code: '421381', name: '广水市' },
];

export const LUANZHOU_DIVISIONS: readonly Division[] = [{ code: '130284', name: '滦州市' }];

const NAMES = new Map([...ZHANJIANG_DIVISIONS, ...SUIZHOU_DIVISIONS, ...LUANZHOU_DIVISIONS].map((division) => [division.code, division.name]));

/** The name of a known county-level division; "区划未知" for the data's unknown bucket. */
export function divisionName(code: string): string | null {
  return code === 'unknown' ? '区划未知' : (NAMES.get(code) ?? null);
}
