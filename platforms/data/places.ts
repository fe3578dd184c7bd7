// The jurisdictions the generator makes data for: Zhanjiang (the first, whose data predates the
// others and is generated exactly as before) and Suizhou, a smaller one. Each has its own
// county-level divisions, businesses, directories, inspectors, plans and tasks; the member
// units are the same eighteen kinds of body in both, so a unit's platform holds both
// jurisdictions' records, told apart by the division codes they carry (config/divisions.ts).

import { SUIZHOU, SUIZHOU_DIVISIONS, ZHANJIANG, ZHANJIANG_DIVISIONS, type Division } from '../../config/divisions';
import type { Scale } from './model';

export interface Place {
  code: string;
  name: string;
  /** The province, first part of every address. */
  province: string;
  divisions: readonly Division[];
  /** Relative share of the businesses per division. */
  shares: Readonly<Record<string, number>>;
  /** Registered businesses per scale. */
  sizes: Readonly<Record<Scale, number>>;
  /**
   * Put in every id after the unit code (plan, task, inspector, joint group, publication) and
   * appended to every random stream's name. Empty for Zhanjiang, so its data is unchanged.
   */
  tag: string;
  /** Real streets and towns (镇/街道) per division. */
  streets: Readonly<Record<string, readonly string[]>>;
}

export const ZHANJIANG_PLACE: Place = {
  code: ZHANJIANG.code,
  name: ZHANJIANG.name,
  province: '广东省',
  divisions: ZHANJIANG_DIVISIONS,
  shares: {
    '440802': 14, '440803': 18, '440804': 6, '440811': 9, '440823': 10,
    '440825': 7, '440881': 14, '440882': 12, '440883': 10,
  },
  sizes: { test: 2_000, default: 100_000, city: 600_000 },
  tag: '',
  streets: {
    '440802': ['中山一路', '中山二路', '人民大道北', '海滨大道北', '康宁路', '南桥南路', '跃进路', '寸金路', '军民大道', '福建路', '九二一路', '椹川大道北', '海田路', '百园路'],
    '440803': ['人民大道南', '人民大道中', '解放西路', '海滨大道南', '椹川大道南', '绿塘路', '洪屋路', '东堤路', '逸仙路', '海宁路', '友谊路', '建新东路', '新兴路', '民有路'],
    '440804': ['南调街道', '麻斜街道', '坡头镇', '龙头镇', '乾塘镇', '官渡镇', '南三镇'],
    '440811': ['麻章镇', '太平镇', '湖光镇', '瑞云北路', '金康东路', '赤岭街道'],
    '440823': ['遂城镇', '黄略镇', '洋青镇', '界炮镇', '乐民镇', '江洪镇', '杨柑镇', '城月镇', '岭北镇', '北坡镇', '港门镇', '草潭镇', '河头镇'],
    '440825': ['徐城街道', '下洋镇', '锦和镇', '和安镇', '新寮镇', '前山镇', '西连镇', '迈陈镇', '海安镇', '曲界镇', '龙塘镇', '下桥镇', '南山镇', '角尾乡'],
    '440881': ['罗州街道', '城北街道', '城南街道', '石城镇', '新民镇', '吉水镇', '河唇镇', '石角镇', '良垌镇', '横山镇', '安铺镇', '营仔镇', '车板镇', '高桥镇', '石岭镇', '雅塘镇', '青平镇'],
    '440882': ['雷城街道', '新城街道', '西湖街道', '白沙镇', '沈塘镇', '客路镇', '杨家镇', '唐家镇', '企水镇', '纪家镇', '松竹镇', '南兴镇', '龙门镇', '英利镇', '北和镇', '乌石镇', '覃斗镇', '附城镇'],
    '440883': ['梅菉街道', '博铺街道', '海滨街道', '塘缀镇', '长岐镇', '浅水镇', '覃巴镇', '吴阳镇', '黄坡镇', '兰石镇', '王村港镇', '振文镇'],
  },
};

/** About a sixth of Zhanjiang's businesses (a city of some two million people). */
export const SUIZHOU_PLACE: Place = {
  code: SUIZHOU.code,
  name: SUIZHOU.name,
  province: '湖北省',
  divisions: SUIZHOU_DIVISIONS,
  shares: { '421303': 40, '421321': 25, '421381': 35 },
  sizes: { test: 400, default: 20_000, city: 100_000 },
  tag: 'SZ',
  streets: {
    '421303': ['西城街道', '东城街道', '南郊街道', '北郊街道', '何店镇', '洛阳镇', '府河镇', '万店镇', '烈山大道', '交通大道', '沿江大道', '舜井大道', '清河路', '解放路'],
    '421321': ['厉山镇', '高城镇', '殷店镇', '草店镇', '小林镇', '淮河镇', '万和镇', '尚市镇', '唐县镇', '吴山镇', '新街镇', '安居镇', '环潭镇', '洪山镇', '长岗镇', '三里岗镇', '柳林镇', '均川镇'],
    '421381': ['应山街道', '十里街道', '广水街道', '城郊街道', '武胜关镇', '杨寨镇', '陈巷镇', '长岭镇', '马坪镇', '关庙镇', '余店镇', '吴店镇', '郝店镇', '蔡河镇', '李店镇', '太平镇', '骆店镇'],
  },
};

/** Zhanjiang first: its records come first on every platform, as before Suizhou was added. */
export const PLACES: readonly Place[] = [ZHANJIANG_PLACE, SUIZHOU_PLACE];

/** A random stream's name for a place (Zhanjiang's names are the original ones). */
export function stream(place: Place, name: string): string {
  return place.tag ? `${name}@${place.tag}` : name;
}

/** The part of an id after the unit code: "" for Zhanjiang, "SZ-" for Suizhou. */
export function idTag(place: Place): string {
  return place.tag ? `${place.tag}-` : '';
}
