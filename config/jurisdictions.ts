// Yearly targets and deadlines of each jurisdiction, exactly as its seed document states them
// (each city's published notice, named beside its figures below). A statistics query names a jurisdiction and a year; everything that
// differs between jurisdictions lives here, nothing in the counting or combining code.
import type { IndicatorKey } from '../subgraphs/kit/statistics/catalog';
import { LUANZHOU_DIVISIONS, SUIZHOU, SUIZHOU_DIVISIONS, ZHANJIANG, ZHANJIANG_DIVISIONS, type Division } from './divisions';
import { MEMBER_UNITS } from './units';

/** How a figure is judged against its target. */
export type Comparison =
  /** value ≥ percent % (Chinese “以上 / 不低于” include the number itself). */
  | { kind: 'atLeast'; percent: number }
  /** value = 100%. `required` marks an obligation stated without a percentage (“在…内公示”). */
  | { kind: 'all'; required?: boolean }
  /** A plain count that must not exceed `count` (e.g. 0 duplicates left unmerged). */
  | { kind: 'atMost'; count: number };

export interface IndicatorTarget {
  comparison: Comparison;
  /** The seed's own wording of the target (Chinese), shown next to the figure. */
  label: string;
}

export interface JurisdictionConfig {
  /** GB/T 2260 code. */
  code: string;
  name: string;
  year: number;
  /** The document the targets come from. */
  document: string;
  /** County-level divisions, for the split by division of the business. */
  divisions: readonly Division[];
  /** Member units judged (codes of config/units.ts). */
  unitCodes: readonly string[];
  /** Last day (inclusive) a unit's annual plan may be made public. */
  planDeadline: string;
  /** Last day (inclusive) of the office's joint annual plan, where the seed sets one. */
  jointPlanDeadline?: string;
  /** Results are due this many working days after the inspection (see lib/workdays.ts). */
  publicationWorkdays: number;
  /**
   * Visits one business may receive in a calendar year: from each enforcement body
   * (`maxVisitsPerYear`), and from all bodies together (`totalVisitsPerYear`). A joint visit
   * counts once for each unit taking part and once in the total. Input of the duplicate
   * findings, indicator 11 and visitCheck.
   */
  visitCap: { maxVisitsPerYear: number; totalVisitsPerYear: number; fromSeed: boolean };
  /** Indicators without an entry have no target here: judged “not applicable”. */
  targets: Partial<Record<IndicatorKey, IndicatorTarget>>;
}

const ALL_UNITS = MEMBER_UNITS.map((unit) => unit.code);

/**
 * None of the seeds gives a number. Per body: the cap several cities set (“e.g. at most 2” a
 * year). In total: 4, so a business sees at most two bodies at their cap before further checks
 * must join a planned visit (visitCheck).
 */
const DEFAULT_VISIT_CAP = { maxVisitsPerYear: 2, totalVisitsPerYear: 4, fromSeed: false } as const;

// 湛随办字〔2025〕2号《湛江市2025年“双随机、一公开”监管工作方案》
const ZHANJIANG_2025: JurisdictionConfig = {
  code: ZHANJIANG.code,
  name: ZHANJIANG.name,
  year: 2025,
  document: '湛随办字〔2025〕2号',
  divisions: ZHANJIANG_DIVISIONS,
  unitCodes: ALL_UNITS,
  // “（责任单位：市、县（市、区）级成员单位，完成时限：计划公示于2025年3月30日前，结果公示于2025年11月1日前）”
  planDeadline: '2025-03-30',
  // “在本次抽查任务完成后 20 个工作日内，将抽查检查结果归集到经营主体名下，通过公示系统向社会公示。”
  publicationWorkdays: 20,
  visitCap: DEFAULT_VISIT_CAP,
  targets: {
    // “部门抽查工作计划需覆盖全部抽查事项 80%以上”
    itemCoverage: { comparison: { kind: 'atLeast', percent: 80 }, label: '部门抽查工作计划需覆盖全部抽查事项80%以上' },
    // “部门联合抽查任务占有所有双随机任务需达到 15%以上”
    jointTasks: { comparison: { kind: 'atLeast', percent: 15 }, label: '部门联合抽查任务占所有双随机任务15%以上' },
    // “已入库具有执法资格人员占全部具有执法资格人员的比例应为 100%”
    certifiedInDirectory: { comparison: { kind: 'all' }, label: '已入库具有执法资格人员比例应为100%' },
    // “对抽取的检查对象应 100%完成检查并将检查结果 100%对外公示”
    drawnInspected: { comparison: { kind: 'all' }, label: '对抽取的检查对象应100%完成检查' },
    resultsPublished: { comparison: { kind: 'all' }, label: '检查结果100%对外公示' },
    // “在本次抽查任务完成后 20 个工作日内……通过公示系统向社会公示”
    publishedOnTime: { comparison: { kind: 'all', required: true }, label: '抽查任务完成后20个工作日内公示' },
    // “应用信用风险分类结果的抽查事项需占 80%以上”
    riskItems: { comparison: { kind: 'atLeast', percent: 80 }, label: '应用信用风险分类结果的抽查事项需占80%以上' },
    // “发现问题的处理比例要达到100%”
    findingsFollowedUp: { comparison: { kind: 'all' }, label: '发现问题的处理比例要达到100%' },
    // “计划公示于2025年3月30日前”
    planPublishedOnTime: { comparison: { kind: 'all', required: true }, label: '计划公示于2025年3月30日前' },
    // “跨部门联合抽查与“综合查一次”联合检查的重复检查事项应当合并开展”
    unmergedDuplicates: { comparison: { kind: 'atMost', count: 0 }, label: '重复检查事项应当合并开展' },
  },
};

// 滦市监字（2024）44号《2024年滦州市市场监督管理局“双随机、一公开”监管工作实施方案》
const LUANZHOU_2024: JurisdictionConfig = {
  code: '130284',
  name: '滦州市',
  year: 2024,
  document: '滦市监字（2024）44号',
  // A county-level city: the division of its businesses is the city itself.
  divisions: LUANZHOU_DIVISIONS,
  unitCodes: ALL_UNITS,
  // The seed says only “年度抽查计划的制定、上报和公示。” with no date; the national 2024 rule
  // applies (DOMAIN.md: “national 2024 rule: end of March”).
  planDeadline: '2024-03-31',
  // “在检查结束后20个工作日内在监管平台中录入检查结果并向社会公示”
  publicationWorkdays: 20,
  visitCap: DEFAULT_VISIT_CAP,
  targets: {
    // “抽查结果及时公示率 100%”
    resultsPublished: { comparison: { kind: 'all' }, label: '抽查结果及时公示率100%' },
    // “在检查结束后20个工作日内在监管平台中录入检查结果并向社会公示”
    publishedOnTime: { comparison: { kind: 'all', required: true }, label: '检查结束后20个工作日内公示' },
    // “运用企业信用风险分类开展随机抽查次数占总抽查次数的比例不低 85%”
    riskDraws: { comparison: { kind: 'atLeast', percent: 85 }, label: '运用信用风险分类开展抽查次数占比不低于85%' },
    // “年度抽查企业占比不低于 3%”
    businessesSampled: { comparison: { kind: 'atLeast', percent: 3 }, label: '年度抽查企业占比不低于3%' },
    // “按时完成抽查检查中发现问题的后续处置”
    findingsFollowedUp: { comparison: { kind: 'all', required: true }, label: '按时完成发现问题的后续处置' },
    // National rule (see planDeadline).
    planPublishedOnTime: { comparison: { kind: 'all', required: true }, label: '年度抽查计划3月底前公示' },
  },
};

// 随政发〔2020〕8号《随州市在市场监管领域全面推行部门联合“双随机、一公开”监管实施方案》. Its rules
// are yearly (“每年1月底前”, “每年2月”): applied here to 2025, the year of Suizhou's data.
const SUIZHOU_2025: JurisdictionConfig = {
  code: SUIZHOU.code,
  name: SUIZHOU.name,
  year: 2025,
  document: '随政发〔2020〕8号',
  divisions: SUIZHOU_DIVISIONS,
  unitCodes: ALL_UNITS,
  // “合理制定部门年度“双随机、一公开”抽查计划……于每年1月底前向联席会议办公室备案，并通过门户网站、省级平台向社会公示”
  planDeadline: '2025-01-31',
  // “于每年2月统筹制定联合抽查年度计划，并通过省级平台向社会公开”
  jointPlanDeadline: '2025-02-28',
  // The seed sets no time limit for results; 20 working days are counted so the figure
  // exists, but no target judges it.
  publicationWorkdays: 20,
  visitCap: DEFAULT_VISIT_CAP,
  targets: {
    // “联合抽查计划应属于上级确定的联合抽查事项范围，达到部门年度抽查计划任务的10%以上”
    jointTasks: { comparison: { kind: 'atLeast', percent: 10 }, label: '联合抽查达到部门年度抽查计划任务的10%以上' },
    // “于每年1月底前向联席会议办公室备案，并通过门户网站、省级平台向社会公示”
    planPublishedOnTime: { comparison: { kind: 'all', required: true }, label: '年度抽查计划1月底前公示' },
  },
};

export const JURISDICTIONS: readonly JurisdictionConfig[] = [ZHANJIANG_2025, LUANZHOU_2024, SUIZHOU_2025];

export type StatisticsErrorCode = 'UNKNOWN_JURISDICTION' | 'NO_DATA_FOR_YEAR' | 'UNKNOWN_UNIT' | 'BAD_INPUT';

/** A typed failure of the statistics core; the GraphQL layer maps `code` to `extensions.code`. */
export class StatisticsError extends Error {
  constructor(
    readonly code: StatisticsErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'StatisticsError';
  }
}

/** The configuration of a jurisdiction (GB/T 2260 code) for a year, or a typed error. */
export function jurisdictionConfig(code: string, year: number): JurisdictionConfig {
  const years = JURISDICTIONS.filter((config) => config.code === code);
  if (years.length === 0) {
    throw new StatisticsError('UNKNOWN_JURISDICTION', `No jurisdiction with code ${code}`, {
      known: [...new Set(JURISDICTIONS.map((config) => config.code))],
    });
  }
  const config = years.find((candidate) => candidate.year === year);
  if (!config) {
    throw new StatisticsError('NO_DATA_FOR_YEAR', `${years[0].name} has no targets for ${year}`, {
      years: years.map((candidate) => candidate.year),
    });
  }
  return config;
}

/** The member unit, checked against the jurisdiction's list. */
export function assertUnitOf(config: JurisdictionConfig, unitCode: string): void {
  if (!config.unitCodes.includes(unitCode)) {
    throw new StatisticsError('UNKNOWN_UNIT', `${unitCode} is not a member unit of ${config.name}`, { unitCode });
  }
}
