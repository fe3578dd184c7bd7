// The yearly compliance indicators of issue 5, shared by the unit-side counting (department
// subgraphs) and the office-side combination. A unit only ever ships COUNTS: a numerator, a
// denominator and, on request, the ids behind them; ratios and targets are the office's job.

export const INDICATOR_KEYS = [
  'itemCoverage',
  'jointTasks',
  'certifiedInDirectory',
  'drawnInspected',
  'resultsPublished',
  'publishedOnTime',
  'riskItems',
  'riskDraws',
  'businessesSampled',
  'findingsFollowedUp',
  'planPublishedOnTime',
  'unmergedDuplicates',
  'overVisitCap',
] as const;

export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export interface IndicatorDefinition {
  key: IndicatorKey;
  /** Number of the indicator in issue 5 (7 and 11 have two parts each). */
  issueNumber: number;
  /** Chinese label used on the dashboard and in the statistics table. */
  label: string;
  numeratorLabel: string;
  /** null for plain counts (no ratio): the value is the numerator itself. */
  denominatorLabel: string | null;
  /** What the list behind the figure holds. */
  listLabel: string;
  /**
   * `gap`: the list names what keeps the figure from 100% (late tasks, missing officers...);
   * `numerator`: the list names what was counted (joint tasks, sampled businesses).
   */
  listOf: 'gap' | 'numerator';
  /** Whether the count can be split by the county-level division of the business. */
  splitsByDivision: boolean;
}

const d = (def: IndicatorDefinition): IndicatorDefinition => def;

export const INDICATORS: Readonly<Record<IndicatorKey, IndicatorDefinition>> = {
  itemCoverage: d({ key: 'itemCoverage', issueNumber: 1, label: '抽查计划覆盖抽查事项比例',
    numeratorLabel: '计划覆盖事项数', denominatorLabel: '抽查事项数', listLabel: '未覆盖的抽查事项',
    listOf: 'gap', splitsByDivision: false }),
  jointTasks: d({ key: 'jointTasks', issueNumber: 2, label: '部门联合抽查任务占比',
    numeratorLabel: '部门联合抽查任务数', denominatorLabel: '双随机抽查任务数', listLabel: '联合抽查任务',
    listOf: 'numerator', splitsByDivision: true }),
  certifiedInDirectory: d({ key: 'certifiedInDirectory', issueNumber: 3, label: '已入库执法人员占具有执法资格人员比例',
    numeratorLabel: '已入库执法资格人员数', denominatorLabel: '具有执法资格人员数', listLabel: '未入库的执法证号',
    listOf: 'gap', splitsByDivision: false }),
  drawnInspected: d({ key: 'drawnInspected', issueNumber: 4, label: '抽取检查对象完成检查比例',
    numeratorLabel: '已完成检查对象数', denominatorLabel: '应完成检查对象数', listLabel: '未完成检查的任务',
    listOf: 'gap', splitsByDivision: true }),
  resultsPublished: d({ key: 'resultsPublished', issueNumber: 5, label: '检查结果公示率',
    numeratorLabel: '已公示结果数', denominatorLabel: '应公示结果数', listLabel: '未公示结果的任务',
    listOf: 'gap', splitsByDivision: true }),
  publishedOnTime: d({ key: 'publishedOnTime', issueNumber: 6, label: '20个工作日内公示比例',
    numeratorLabel: '按时公示结果数', denominatorLabel: '应公示结果数', listLabel: '逾期或未公示的任务',
    listOf: 'gap', splitsByDivision: true }),
  riskItems: d({ key: 'riskItems', issueNumber: 7, label: '应用信用风险分类结果的抽查事项占比',
    numeratorLabel: '应用信用风险分类的事项数', denominatorLabel: '抽查事项数', listLabel: '未应用信用风险分类的事项',
    listOf: 'gap', splitsByDivision: false }),
  riskDraws: d({ key: 'riskDraws', issueNumber: 7, label: '运用信用风险分类开展抽查次数占比',
    numeratorLabel: '运用信用风险分类的抽查次数', denominatorLabel: '抽查次数', listLabel: '未运用信用风险分类的抽查计划',
    listOf: 'gap', splitsByDivision: false }),
  businessesSampled: d({ key: 'businessesSampled', issueNumber: 8, label: '年度抽查企业占比',
    numeratorLabel: '年度抽查企业数', denominatorLabel: '检查对象名录库企业数', listLabel: '年度抽查的企业',
    listOf: 'numerator', splitsByDivision: true }),
  findingsFollowedUp: d({ key: 'findingsFollowedUp', issueNumber: 9, label: '发现问题后续处置比例',
    numeratorLabel: '已后续处置问题数', denominatorLabel: '发现问题数', listLabel: '未后续处置的问题',
    listOf: 'gap', splitsByDivision: true }),
  planPublishedOnTime: d({ key: 'planPublishedOnTime', issueNumber: 10, label: '年度抽查计划按时公示',
    numeratorLabel: '按时公示年度计划的单位数', denominatorLabel: '应公示年度计划的单位数', listLabel: '逾期或未公示的抽查计划',
    listOf: 'gap', splitsByDivision: false }),
  unmergedDuplicates: d({ key: 'unmergedDuplicates', issueNumber: 11, label: '未合并的重复检查',
    numeratorLabel: '未合并的重复检查数', denominatorLabel: null, listLabel: '未合并的重复检查',
    listOf: 'numerator', splitsByDivision: true }),
  overVisitCap: d({ key: 'overVisitCap', issueNumber: 11, label: '超过入企检查频次上限的企业',
    numeratorLabel: '超过检查频次上限的企业数', denominatorLabel: null, listLabel: '超过检查频次上限的企业',
    listOf: 'numerator', splitsByDivision: true }),
};

/** One indicator's counts for one unit (or one unit within one division). */
export interface Count {
  numerator: number;
  /** null for plain counts (indicator 11). */
  denominator: number | null;
  /** Ids behind the count (see IndicatorDefinition.listOf); only when lists were requested. */
  list?: string[];
}

export type IndicatorCounts = Record<IndicatorKey, Count>;

/** Division bucket for businesses whose county-level division is not known to the unit. */
export const UNKNOWN_DIVISION = 'unknown';

/** What a department subgraph returns for one unit: counts only, never per-task records. */
export interface UnitCounts {
  unitCode: string;
  year: number;
  /** The as-of day the counts were taken on (YYYY-MM-DD). */
  asOf: string;
  indicators: IndicatorCounts;
  /** Counts of the indicators that split by division, keyed by GB/T 2260 code (or UNKNOWN_DIVISION). */
  divisions: Record<string, Partial<IndicatorCounts>>;
  /**
   * Indicators this unit could not count (their count reads 0): indicator 11 when the
   * duplicates module runs at the office and has not been merged in yet (withDuplicateFigures).
   */
  notCounted?: IndicatorKey[];
}

/** Indicator 11, computed by the duplicates module rather than next to the unit's data. */
export const DUPLICATE_KEYS: readonly IndicatorKey[] = ['unmergedDuplicates', 'overVisitCap'];
