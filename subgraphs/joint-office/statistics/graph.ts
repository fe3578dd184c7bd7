// GraphQL of the compliance statistics (issue 5), office side: the report per unit, per
// division and for the jurisdiction; the list behind a figure; a download link to the table.
// Office role only: lists name officers' certificate numbers and the statistics are the office's.
import type { MonthlyActivity } from '../../kit/statistics/monthly';
import type { IndicatorTarget } from '../../../config/jurisdictions';
import { forbidden } from '../../../lib/roles';
import { ErrorCode, graphError } from '../../../lib/errors';
import { downloadPath, signDownloadToken } from '../../../gateway/download-token';
import { builder, type OfficeContext } from '../builder';
import { complianceReport, indicatorDefinition, indicatorList, resolveScope, type ComplianceResult, type IndicatorListResult, type StatisticsDeps } from './compliance';
import { statisticsFileName, type Cell } from './export';
import type { FigureGroup, MissingUnit, SyncProgress } from './indicators';
import type { IndicatorFigure } from './targets';
import { IndicatorListType } from './list-types';
import { AlertsType } from './alerts-types';
import { complianceAlerts } from './alerts';
import { selects } from './selection';

/**
 * The units a caller may see: the office any (null: all, or those asked for); a department only
 * its own (asking for another is FORBIDDEN); nobody else anything.
 */
function visibleUnits(ctx: OfficeContext, asked: readonly string[] | null): readonly string[] | null {
  const { role } = ctx;
  if (role.kind === 'office') return asked;
  if (role.kind !== 'department') throw forbidden('read the compliance statistics', role);
  if (asked && asked.some((code) => code !== role.unitCode)) throw forbidden('read other units\' statistics', role);
  return [role.unitCode];
}

/** What the office's own findings (indicator 11) read: the graph, its store and the shared cache. */
const officeDeps = (ctx: OfficeContext): StatisticsDeps => ({ graph: ctx.graph, actor: ctx.actor, store: ctx.plans?.store, visits: ctx.visits, cache: ctx.cache });

const FigureStatusEnum = builder.enumType('FigureStatus', {
  description: 'How a figure stands against its target',
  values: {
    PASS: { value: 'pass', description: '达标' },
    FAIL: { value: 'fail', description: '未达标' },
    NOT_APPLICABLE: { value: 'not_applicable', description: '本辖区未设目标' },
    NO_DATA: { value: 'no_data', description: '暂无数据 (nothing to judge yet)' },
    INCOMPLETE: { value: 'incomplete', description: '数据不完整 (some unit did not answer or could not count it)' },
  } as const,
});

const TargetType = builder.objectRef<IndicatorTarget>('IndicatorTarget').implement({
  description: 'A target as the jurisdiction\'s document states it',
  fields: (t) => ({
    label: t.exposeString('label', { description: 'The seed document\'s wording (Chinese)' }),
    kind: t.string({ description: 'atLeast | all | atMost', resolve: (target) => target.comparison.kind }),
    percent: t.float({ nullable: true, resolve: (target) => (target.comparison.kind === 'atLeast' ? target.comparison.percent : null) }),
    count: t.int({ nullable: true, resolve: (target) => (target.comparison.kind === 'atMost' ? target.comparison.count : null) }),
  }),
});

const FigureType = builder.objectRef<IndicatorFigure>('IndicatorFigure').implement({
  fields: (t) => ({
    key: t.exposeString('key'),
    issueNumber: t.int({ resolve: (figure) => indicatorDefinition(figure.key).issueNumber }),
    label: t.exposeString('label', { description: 'Indicator name (Chinese)' }),
    numerator: t.exposeInt('numerator'),
    denominator: t.exposeInt('denominator', { nullable: true }),
    value: t.exposeFloat('value', { nullable: true, description: 'numerator/denominator (0..1); the count for plain counts' }),
    target: t.field({ type: TargetType, nullable: true, resolve: (figure) => figure.target }),
    status: t.field({ type: FigureStatusEnum, resolve: (figure) => figure.status }),
    uncountedUnits: t.stringList({ resolve: (figure) => figure.uncountedUnits ?? [] }),
    listLabel: t.exposeString('listLabel'),
  }),
});

const MonthType = builder.objectRef<MonthlyActivity>('ComplianceMonth').implement({
  fields: (t) => ({
    month: t.exposeString('month'),
    tasksPlanned: t.exposeInt('tasksPlanned'),
    tasksCompleted: t.exposeInt('tasksCompleted'),
    resultsPublished: t.exposeInt('resultsPublished'),
  }),
});

type Group = FigureGroup & { available?: boolean; trend?: MonthlyActivity[] | null };

const GroupType = builder.objectRef<Group>('FigureGroup').implement({
  description: 'The figures of a unit, a county-level division or the whole jurisdiction',
  fields: (t) => ({
    scope: t.exposeString('scope', { description: 'unit | division | jurisdiction' }),
    code: t.exposeID('code'),
    name: t.exposeString('name'),
    available: t.boolean({ description: 'false for a unit that did not answer', resolve: (group) => group.available ?? true }),
    complete: t.exposeBoolean('complete', { description: 'false when some unit behind the figures did not answer' }),
    missingUnits: t.exposeStringList('missingUnits'),
    figures: t.field({ type: [FigureType], resolve: (group) => group.figures }),
    trend: t.field({ type: [MonthType], nullable: true, description: 'Units only', resolve: (group) => group.trend ?? null }),
  }),
});

const SyncProgressType = builder.objectRef<SyncProgress>('UnitSyncProgress').implement({
  description: 'How far a unit’s view is while it is first built from its platform’s change feed',
  fields: (t) => ({
    applied: t.exposeInt('applied', { description: 'Changes applied so far' }),
    remaining: t.exposeInt('remaining', { description: 'Changes still waiting at the last page read' }),
  }),
});

const MissingUnitType = builder.objectRef<MissingUnit>('MissingUnit').implement({
  fields: (t) => ({
    unitCode: t.exposeID('unitCode'),
    name: t.exposeString('name'),
    reason: t.exposeString('reason'),
    syncing: t.field({ type: SyncProgressType, nullable: true, description: 'Set while the unit is SYNCING: its figures come once its view is built', resolve: (unit) => unit.syncing }),
  }),
});

const RowType = builder.objectRef<Cell[]>('StatisticsTableRow').implement({
  fields: (t) => ({
    cells: t.stringList({
      nullable: { list: false, items: true },
      description: 'Cells as text (numbers in plain notation; null when empty)',
      resolve: (row) => row.map((cell) => (cell === null ? null : String(cell))),
    }),
  }),
});

const TableType = builder.objectRef<ComplianceResult>('StatisticsTable').implement({
  description: '推进“双随机、一公开”统计表: one row per unit and a total row',
  fields: (t) => ({
    title: t.string({ resolve: (result) => result.table().title }),
    fileName: t.string({ description: 'Without extension', resolve: (result) => statisticsFileName(result.table(), 'csv').replace(/\.csv$/, '') }),
    headings: t.stringList({ resolve: (result) => result.table().headings }),
    rows: t.field({ type: [RowType], resolve: (result) => result.table().rows }),
  }),
});

const ReportType = builder.objectRef<ComplianceResult>('ComplianceReport').implement({
  fields: (t) => ({
    jurisdictionCode: t.id({ resolve: (r) => r.report.jurisdiction.code }),
    jurisdictionName: t.string({ resolve: (r) => r.report.jurisdiction.name }),
    document: t.string({ description: 'The document the targets come from', resolve: (r) => r.scope.judged.document }),
    year: t.int({ description: 'The year asked for (targets)', resolve: (r) => r.scope.judged.year }),
    dataJurisdiction: t.string({ description: 'Whose platform data was counted: the jurisdiction itself, or Zhanjiang 440800 for one without data of its own', resolve: (r) => r.scope.dataJurisdiction }),
    dataYear: t.int({ description: 'The year of data counted', resolve: (r) => r.scope.counting.year }),
    asOf: t.string({ resolve: (r) => r.report.asOf ?? r.scope.asOf }),
    planDeadline: t.string({ description: 'Plan deadline applied (moved into the data year)', resolve: (r) => r.scope.counting.planDeadline }),
    complete: t.boolean({ resolve: (r) => r.report.complete }),
    missingUnits: t.field({ type: [MissingUnitType], resolve: (r) => r.report.missingUnits }),
    units: t.field({ type: [GroupType], resolve: (r) => r.report.units.map((unit) => ({ ...unit, trend: r.unitTrends.get(unit.code) ?? null })) }),
    divisions: t.field({ type: [GroupType], resolve: (r) => r.report.divisions }),
    total: t.field({ type: GroupType, resolve: (r) => r.report.total }),
    trend: t.field({ type: [MonthType], description: 'Jurisdiction total per month', resolve: (r) => r.trend }),
    trendLastYear: t.field({ type: [MonthType], description: 'The same totals for the months of the year before (上年同期), for comparison', resolve: (r) => r.trendLastYear }),
    table: t.field({ type: TableType, resolve: (r) => r }),
  }),
});

const ExportFormatEnum = builder.enumType('ExportFormat', {
  values: { CSV: { value: 'csv' }, XLSX: { value: 'xlsx' } } as const,
});

const DownloadLinkType = builder.objectRef<{ url: string; fileName: string; expiresAt: string }>('DownloadLink').implement({
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Path on the gateway, with a signed token valid for 5 minutes' }),
    fileName: t.exposeString('fileName'),
    expiresAt: t.exposeString('expiresAt'),
  }),
});

builder.queryFields((t) => ({
  complianceStatistics: t.field({
    type: ReportType,
    description: 'Yearly compliance indicators of a jurisdiction against its targets (issue 5)',
    args: {
      jurisdiction: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      asOf: t.arg.string({ required: false }),
      units: t.arg.idList({ required: false, description: 'Only these member units (a department: its own, always)' }),
      division: t.arg.id({ required: false, description: 'Only this county-level division: each unit\'s figures within it' }),
    },
    resolve: (_root, args, ctx, info) => {
      const units = visibleUnits(ctx, args.units ? args.units.map(String) : null);
      const parts = { divisions: selects(info, ['divisions']), monthly: selects(info, ['trend']) || selects(info, ['trendLastYear']) || selects(info, ['units', 'trend']) };
      const filter = { units, division: args.division == null ? null : String(args.division) };
      return complianceReport(ctx.graph, { jurisdiction: String(args.jurisdiction), year: args.year, asOf: args.asOf }, parts, officeDeps(ctx), filter);
    },
  }),
  indicatorList: t.field({
    type: IndicatorListType,
    description: 'The list behind a figure: of one unit, or of every unit when unit is omitted',
    args: {
      jurisdiction: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      indicator: t.arg.string({ required: true }),
      unit: t.arg.id({ required: false, description: 'Null: every unit (office only; a department gets its own)' }),
      asOf: t.arg.string({ required: false }),
      division: t.arg.id({ required: false, description: 'Only entries of businesses in this county-level division' }),
    },
    resolve: (_root, args, ctx): Promise<IndicatorListResult> => {
      const unit = visibleUnits(ctx, args.unit == null ? null : [String(args.unit)])?.[0] ?? null;
      const division = args.division == null ? null : String(args.division);
      return indicatorList(ctx.graph, { jurisdiction: String(args.jurisdiction), year: args.year, asOf: args.asOf, indicator: args.indicator, unit, division }, officeDeps(ctx));
    },
  }),
  complianceAlerts: t.field({
    type: AlertsType,
    description: '待办: what needs action now (results about to pass their publication limit, findings without follow-up, annual plans, visits planned past the cap, duplicates that can still be merged), most urgent first',
    args: {
      jurisdiction: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      asOf: t.arg.string({ required: false }),
      unit: t.arg.id({ required: false, description: 'Only this unit (a department: its own, always)' }),
    },
    resolve: async (_root, args, ctx) => {
      const asked = visibleUnits(ctx, args.unit == null ? null : [String(args.unit)]);
      const deps = officeDeps(ctx);
      const base = { jurisdiction: String(args.jurisdiction), year: args.year, asOf: args.asOf };
      const result = await complianceReport(ctx.graph, base, { divisions: false, monthly: false }, deps, { units: asked });
      const units = asked ?? result.scope.counting.unitCodes;
      return { asOf: result.scope.asOf, ...(await complianceAlerts(ctx.graph, result.scope, result.report, units, deps)) };
    },
  }),
  statisticsDownload: t.field({
    type: DownloadLinkType,
    description: 'A short-lived link to the statistics table as CSV or .xlsx',
    args: {
      jurisdiction: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      asOf: t.arg.string({ required: false }),
      format: t.arg({ type: ExportFormatEnum, required: true }),
    },
    resolve: async (_root, args, ctx) => {
      const unit = visibleUnits(ctx, null)?.[0] ?? null;
      if (!ctx.downloadSecret) throw graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, 'Downloads are not configured in this office subgraph');
      const scope = resolveScope({ jurisdiction: String(args.jurisdiction), year: args.year, asOf: args.asOf });
      const claims = { jurisdiction: scope.judged.code, year: scope.judged.year, asOf: args.asOf ?? null, unit };
      const { token, expiresAt } = await signDownloadToken(ctx.downloadSecret, claims, ctx.actor);
      const fileName = `${scope.judged.name}${scope.counting.year}年推进双随机一公开统计表.${args.format}`;
      return { url: downloadPath(args.format, claims, token), fileName, expiresAt };
    },
  }),
}));
