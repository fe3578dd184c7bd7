// Realistic Chinese names and addresses for Zhanjiang: business names in the registered form
// (行政区划 + 字号 + 行业 + 组织形式), person names weighted by common western-Guangdong
// surnames, and addresses on real streets and towns of each division.

import type { Division } from '../../config/divisions';
import type { Industry } from './industries';
import { Rng, weightedPicker } from './random';

const SURNAMES: [string, number][] = [
  ['陈', 12], ['李', 8], ['黄', 8], ['林', 6], ['梁', 6], ['吴', 5], ['王', 5], ['张', 5],
  ['杨', 4], ['莫', 3], ['邓', 3], ['庞', 2], ['谢', 3], ['何', 3], ['刘', 4], ['周', 3],
  ['钟', 2], ['蔡', 2], ['许', 2], ['冯', 2], ['揭', 1], ['窦', 1], ['苏', 2], ['郑', 2],
  ['罗', 2], ['叶', 2], ['彭', 1], ['詹', 1], ['麦', 1], ['全', 1], ['欧阳', 0.5], ['司徒', 0.3],
];
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英文华建国志强海燕晓东家豪俊杰宇航嘉欣思敏梓涵子轩雨桐浩然晓玲春梅冬梅永康德明锦辉振华少华国栋汉文伟民丽萍美玲金凤';
const pickSurname = weightedPicker(SURNAMES);

export function personName(rng: Rng): string {
  const parts = [pickSurname(rng), GIVEN[rng.int(0, GIVEN.length - 1)]];
  if (!rng.chance(0.25)) parts.push(GIVEN[rng.int(0, GIVEN.length - 1)]);
  return parts.join('');
}

export function mobilePhone(rng: Rng): string {
  const prefix = rng.pick(['133', '135', '136', '137', '138', '139', '150', '155', '158', '159', '177', '180', '186', '188', '189', '199']);
  return prefix + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

// 字号: two characters from two pools (~2,000 trade names), three on request (`long`) when a
// name is taken, which widens the space to ~80,000 per trade word.
const BRAND_FIRST = '海港湾粤南鸿嘉兴金恒宝新椰雷祥瑞盛旺富达华和丰利安汇佳源宏泰裕隆广荣锦东启宁聚永德';
const BRAND_SECOND = '湾城海景丰达盛源兴泰隆发鑫辉宇信诚昌顺福祥明华和通佳润荣晟昇鹏腾越凯博晖';
const BRAND_THIRD = '记号行坊轩居阁苑园堂';

function brand(rng: Rng, long = false): string {
  const base = BRAND_FIRST[rng.int(0, BRAND_FIRST.length - 1)] + BRAND_SECOND[rng.int(0, BRAND_SECOND.length - 1)];
  return long ? base + BRAND_SECOND[rng.int(0, BRAND_SECOND.length - 1)] + (rng.chance(0.3) ? BRAND_THIRD[rng.int(0, BRAND_THIRD.length - 1)] : '') : base;
}

/** Districts (区) are written after the city name; county-level cities and counties stand alone. */
function placePrefix(division: Division): string {
  return division.name.endsWith('区') ? `湛江市${division.name}` : division.name;
}

export type EntityForm = 'company' | 'individual' | 'cooperative';

/** A registered name; `long` asks for a rarer three-character trade name. */
export function businessName(rng: Rng, division: Division, industry: Industry, form: EntityForm, long = false): string {
  const place = placePrefix(division);
  if (form === 'company') {
    const suffix = rng.chance(0.85) ? '有限公司' : rng.pick(['有限责任公司', '股份有限公司']);
    return [place, brand(rng, long), rng.pick(industry.companyWords), suffix].join('');
  }
  const shopWord = rng.pick(industry.shopWords.length ? industry.shopWords : industry.companyWords);
  if (form === 'cooperative') return [division.name, brand(rng, long), shopWord, '专业合作社'].join('');
  // 个体工商户 often carry the owner's name instead of a trade name.
  const trade = !long && rng.chance(0.3) ? `${pickSurname(rng)}记` : brand(rng, long);
  return [division.name, trade, shopWord].join('');
}

// Real streets of the urban districts and towns (镇/街道) of the counties.
const STREETS: Record<string, readonly string[]> = {
  '440802': ['中山一路', '中山二路', '人民大道北', '海滨大道北', '康宁路', '南桥南路', '跃进路', '寸金路', '军民大道', '福建路', '九二一路', '椹川大道北', '海田路', '百园路'],
  '440803': ['人民大道南', '人民大道中', '解放西路', '海滨大道南', '椹川大道南', '绿塘路', '洪屋路', '东堤路', '逸仙路', '海宁路', '友谊路', '建新东路', '新兴路', '民有路'],
  '440804': ['南调街道', '麻斜街道', '坡头镇', '龙头镇', '乾塘镇', '官渡镇', '南三镇'],
  '440811': ['麻章镇', '太平镇', '湖光镇', '瑞云北路', '金康东路', '赤岭街道'],
  '440823': ['遂城镇', '黄略镇', '洋青镇', '界炮镇', '乐民镇', '江洪镇', '杨柑镇', '城月镇', '岭北镇', '北坡镇', '港门镇', '草潭镇', '河头镇'],
  '440825': ['徐城街道', '下洋镇', '锦和镇', '和安镇', '新寮镇', '前山镇', '西连镇', '迈陈镇', '海安镇', '曲界镇', '龙塘镇', '下桥镇', '南山镇', '角尾乡'],
  '440881': ['罗州街道', '城北街道', '城南街道', '石城镇', '新民镇', '吉水镇', '河唇镇', '石角镇', '良垌镇', '横山镇', '安铺镇', '营仔镇', '车板镇', '高桥镇', '石岭镇', '雅塘镇', '青平镇'],
  '440882': ['雷城街道', '新城街道', '西湖街道', '白沙镇', '沈塘镇', '客路镇', '杨家镇', '唐家镇', '企水镇', '纪家镇', '松竹镇', '南兴镇', '龙门镇', '英利镇', '北和镇', '乌石镇', '覃斗镇', '附城镇'],
  '440883': ['梅菉街道', '博铺街道', '海滨街道', '塘缀镇', '长岐镇', '浅水镇', '覃巴镇', '吴阳镇', '黄坡镇', '兰石镇', '王村港镇', '振文镇'],
};
const TOWN_ROADS = ['人民路', '建设路', '解放路', '新华路', '中山路', '文明路', '圩镇大道', '商业街', '环城路', '工业大道'];

/** A street address. Built with join() so that the stored string is flat, not a rope. */
export function address(rng: Rng, division: Division): string {
  const streets = STREETS[division.code] ?? TOWN_ROADS;
  const street = rng.pick(streets);
  const number = `${rng.int(1, 399)}号`;
  const base = ['广东省湛江市', division.name, street];
  if (street.endsWith('镇') || street.endsWith('街道') || street.endsWith('乡')) {
    const rest = rng.chance(0.4)
      ? [rng.pick(['东', '西', '南', '北', '新', '上', '下']), rng.pick(['村', '坡村', '塘村']), number]
      : [rng.pick(TOWN_ROADS), number];
    return [...base, ...rest].join('');
  }
  const rest = rng.chance(0.3) ? [number, `${rng.int(1, 30)}栋${rng.int(1, 6)}01房`] : [number];
  return [...base, ...rest].join('');
}
