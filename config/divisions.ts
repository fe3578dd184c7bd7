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
