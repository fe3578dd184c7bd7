// The statistics table every member unit sends the office each November (Zhongshan's
// 中随办函[2022]4号 附件2 “推进‘双随机、一公开’统计表”): one row per unit plus the total, as
// CSV and as an .xlsx workbook. The seed names the table but not its columns, so the columns
// are the indicators' own Chinese names: for each ratio its denominator, numerator and
// percentage; for each plain count the count.
import ExcelJS from 'exceljs';
import { INDICATORS, INDICATOR_KEYS, type IndicatorKey } from '../../kit/statistics/catalog';
import type { FigureGroup, StatisticsReport } from './indicators';
import type { IndicatorFigure } from './targets';

export type Cell = string | number | null;

export interface StatisticsTable {
  title: string;
  headings: string[];
  rows: Cell[][];
  /** The official form's header block (jurisdiction, year, reporting unit, date), above the headings. */
  preamble?: string[][];
  /** Lines under the table (填报单位（盖章）, 审核人…). */
  signature?: string[][];
}

export interface HeaderInfo {
  jurisdictionName: string;
  year: number;
  asOf: string;
  /** Who reports: a member unit's name, or the office. */
  reportingUnit: string;
  /** Day the file is produced (Beijing). */
  producedOn: string;
  document?: string;
}

/** The form's header block and signature lines, as an official table has them. */
export function withHeaderBlock(table: StatisticsTable, info: HeaderInfo): StatisticsTable {
  const preamble = [
    [table.title],
    [`辖区：${info.jurisdictionName}`, `年度：${info.year}年`, `统计截至：${info.asOf}`],
    [`填报单位：${info.reportingUnit}`, `制表日期：${info.producedOn}`, ...(info.document ? [`依据：${info.document}`] : [])],
  ];
  const signature = [[`填报单位（盖章）：${info.reportingUnit}`, '填报人：', '审核人：', '联系电话：', `填报日期：${info.producedOn}`]];
  return { ...table, preamble, signature };
}

interface Column {
  heading: string;
  cell: (group: FigureGroup) => Cell;
}

export const TABLE_TITLE = '推进“双随机、一公开”统计表';
const TOTAL_LABEL = '合计';

function figureOf(group: FigureGroup, key: IndicatorKey): IndicatorFigure | undefined {
  return group.figures.find((figure) => figure.key === key);
}

/** A share as a percentage with two decimals (83.33), empty when there is nothing to divide. */
function percent(figure: IndicatorFigure | undefined): Cell {
  return figure?.value == null ? null : Math.round(figure.value * 10_000) / 100;
}

function indicatorColumns(): Column[] {
  const columns: Column[] = [];
  const seen = new Set<string>();
  const push = (column: Column): void => {
    // Two indicators share a denominator (抽查事项数, 应公示结果数): one column, same number.
    if (seen.has(column.heading)) return;
    seen.add(column.heading);
    columns.push(column);
  };
  for (const key of INDICATOR_KEYS) {
    const definition = INDICATORS[key];
    if (definition.denominatorLabel !== null) {
      push({ heading: definition.denominatorLabel, cell: (group) => figureOf(group, key)?.denominator ?? null });
      push({ heading: definition.numeratorLabel, cell: (group) => figureOf(group, key)?.numerator ?? null });
      push({ heading: `${definition.label}（%）`, cell: (group) => percent(figureOf(group, key)) });
    } else {
      push({ heading: definition.numeratorLabel, cell: (group) => figureOf(group, key)?.numerator ?? null });
    }
  }
  return columns;
}

function failing(group: FigureGroup): string {
  return group.figures
    .filter((figure) => figure.status === 'fail')
    .map((figure) => figure.label)
    .join('、');
}

function remark(report: StatisticsReport, group: FigureGroup): string {
  if (group.scope === 'unit' && group.figures.length === 0) {
    const missing = report.missingUnits.find((unit) => unit.unitCode === group.code);
    return `数据缺失：${missing?.reason ?? '未返回数据'}`;
  }
  if (!group.complete) {
    const names = report.missingUnits.map((unit) => unit.name).join('、');
    return `合计不完整，缺少：${names}`;
  }
  return '';
}

/** The table of a report: one row per selected unit (missing ones included) and a total row. */
export function statisticsTable(report: StatisticsReport): StatisticsTable {
  const columns = indicatorColumns();
  const headings = ['序号', '成员单位', ...columns.map((column) => column.heading), '未达标指标', '备注'];
  const row = (index: Cell, name: string, group: FigureGroup): Cell[] => [
    index,
    name,
    ...columns.map((column) => column.cell(group)),
    failing(group),
    remark(report, group),
  ];
  const rows = report.units.map((unit, index) => row(index + 1, unit.name, unit));
  rows.push(row(null, TOTAL_LABEL, report.total));
  return { title: `${report.jurisdiction.name}${report.year}年${TABLE_TITLE}`, headings, rows };
}

/** Download name, e.g. 湛江市2025年推进双随机一公开统计表.csv (no quotes: safe in headers). */
export function statisticsFileName(table: StatisticsTable, extension: 'csv' | 'xlsx'): string {
  return `${table.title.replace(/[“”"、,]/g, '')}.${extension}`;
}

function csvField(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV (CRLF, quoted where needed), UTF-8 with a byte-order mark so Excel reads the Chinese. */
export function tableToCsv(table: StatisticsTable): string {
  const blank = table.preamble || table.signature ? [[]] : [];
  const lines = [...(table.preamble ?? []), ...(table.preamble ? blank : []), table.headings, ...table.rows, ...(table.signature ? blank : []), ...(table.signature ?? [])].map((cells) =>
    cells.map(csvField).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Display width: CJK characters take two columns. */
function displayWidth(cell: Cell): number {
  const text = cell === null ? '' : String(cell);
  let width = 0;
  for (const char of text) width += char.codePointAt(0)! > 0x2e80 ? 2 : 1;
  return width;
}

/** The table as an .xlsx workbook: bold header row, frozen, columns sized to their content. */
export async function tableToXlsx(table: StatisticsTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '联席会议办公室';
  workbook.title = table.title;
  const above = table.preamble ? table.preamble.length + 1 : 0;
  const sheet = workbook.addWorksheet('统计表', { views: [{ state: 'frozen', ySplit: above + 1 }] });
  if (table.preamble) {
    for (const line of table.preamble) sheet.addRow(line);
    sheet.addRow([]);
    // The title spans the table, large and bold, as on the paper form.
    sheet.mergeCells(1, 1, 1, table.headings.length);
    sheet.getRow(1).font = { bold: true, size: 14 };
    sheet.getRow(1).alignment = { horizontal: 'center' };
  }
  sheet.addRow(table.headings);
  // Empty text becomes an empty cell rather than an empty string.
  for (const cells of table.rows) sheet.addRow(cells.map((cell) => (cell === '' ? null : cell)));
  if (table.signature) {
    sheet.addRow([]);
    for (const line of table.signature) sheet.addRow(line);
  }
  const header = sheet.getRow(above + 1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  table.headings.forEach((heading, index) => {
    const widest = Math.max(
      Math.min(displayWidth(heading), 24),
      ...table.rows.map((cells) => displayWidth(cells[index] ?? null)),
    );
    sheet.getColumn(index + 1).width = Math.min(Math.max(widest + 2, 6), 60);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
