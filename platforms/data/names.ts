// Realistic Chinese names and addresses for a generated city: business names in the registered form
// (行政区划 + 字号 + 行业 + 组织形式), person names weighted by common western-Guangdong
// surnames, and addresses on real streets and towns of each division.

import type { Division } from '../../config/divisions';
import type { Industry } from './industries';
import type { Place } from './places';
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
function placePrefix(place: Place, division: Division): string {
  return division.name.endsWith('区') ? `${place.name}${division.name}` : division.name;
}

export type EntityForm = 'company' | 'individual' | 'cooperative';

/** A registered name; `long` asks for a rarer three-character trade name. */
export function businessName(rng: Rng, where: Place, division: Division, industry: Industry, form: EntityForm, long = false): string {
  const place = placePrefix(where, division);
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

// Streets and towns of each division: the place's own (places.ts); elsewhere these.
const TOWN_ROADS = ['人民路', '建设路', '解放路', '新华路', '中山路', '文明路', '圩镇大道', '商业街', '环城路', '工业大道'];

/** A street address. Built with join() so that the stored string is flat, not a rope. */
export function address(rng: Rng, place: Place, division: Division): string {
  const streets = place.streets[division.code] ?? TOWN_ROADS;
  const street = rng.pick(streets);
  const number = `${rng.int(1, 399)}号`;
  const base = [place.province, place.name, division.name, street];
  if (street.endsWith('镇') || street.endsWith('街道') || street.endsWith('乡')) {
    const rest = rng.chance(0.4)
      ? [rng.pick(['东', '西', '南', '北', '新', '上', '下']), rng.pick(['村', '坡村', '塘村']), number]
      : [rng.pick(TOWN_ROADS), number];
    return [...base, ...rest].join('');
  }
  const rest = rng.chance(0.3) ? [number, `${rng.int(1, 30)}栋${rng.int(1, 6)}01房`] : [number];
  return [...base, ...rest].join('');
}
