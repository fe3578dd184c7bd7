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

/**
 * The cities whose own records the platforms hold (the generator's places,
 * platforms/data/places.ts), each with its county-level divisions. A record is told to be of a
 * city by the division codes it carries: a business by its credit code (positions 3-8 are the
 * registering authority's division, GB 32100-2015), a directory entry or plan scope by its
 * division codes, an officer's certificate number (执法证号) by its first four digits.
 */
const DATA_CITIES = [
  { city: ZHANJIANG, divisions: ZHANJIANG_DIVISIONS },
  { city: SUIZHOU, divisions: SUIZHOU_DIVISIONS },
] as const;

/** Codes of the cities with data of their own, Zhanjiang first. */
export const DATA_JURISDICTIONS: readonly string[] = DATA_CITIES.map(({ city }) => city.code);

const CITY_OF = new Map<string, string>(
  DATA_CITIES.flatMap(({ city, divisions }) => [[city.code, city.code] as const, ...divisions.map((division) => [division.code, city.code] as const)]),
);

/**
 * The city whose joint-meeting office this deployment is: its joint plans draw only its own
 * businesses and officers, although the units' platforms also hold Suizhou's (an empty division
 * scope means the whole city, never the platforms' other city).
 */
export const OFFICE_CITY: string = ZHANJIANG.code;

/** The data city of a county-level division code (or of the city's own code); undefined outside them. */
export function dataCityOf(divisionCode: string): string | undefined {
  return CITY_OF.get(divisionCode);
}

/** The data city of a business, by the division in its credit code. */
export function dataCityOfUscc(uscc: string): string | undefined {
  return CITY_OF.get(uscc.slice(2, 8));
}

/** The data city that issued an officer's certificate number. */
export function dataCityOfCertificate(certificateNo: string): string | undefined {
  return CITY_OF.get(`${certificateNo.slice(0, 4)}00`);
}

/** The name of a data city (湛江市, 随州市). */
export function dataCityName(code: string): string | undefined {
  return DATA_CITIES.find(({ city }) => city.code === code)?.city.name;
}

const NAMES = new Map([...ZHANJIANG_DIVISIONS, ...SUIZHOU_DIVISIONS, ...LUANZHOU_DIVISIONS].map((division) => [division.code, division.name]));

/** The name of a known county-level division; "区划未知" for the data's unknown bucket. */
export function divisionName(code: string): string | null {
  return code === 'unknown' ? '区划未知' : (NAMES.get(code) ?? null);
}
