import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { jurisdictionConfig } from '../config/jurisdictions';
import { countUnit, countingRules } from '../subgraphs/kit/statistics/unit-counts';
import { buildStatisticsReport, type UnitOutcome } from '../subgraphs/joint-office/statistics/indicators';
import {
  statisticsFileName, statisticsTable, tableToCsv, tableToXlsx, type Cell,
} from '../subgraphs/joint-office/statistics/export';
import { FIXTURE_AS_OF, statisticsFixture } from './fixtures/statistics-fixture';

const ZHANJIANG = jurisdictionConfig('440800', 2025);
// A reason with a comma, quotes and a line break: the CSV must quote it.
const DOWN = 'fire platform timed out,\n"503 Service Unavailable"';

function report() {
  const rules = countingRules(ZHANJIANG, FIXTURE_AS_OF);
  const outcomes: UnitOutcome[] = statisticsFixture()
    .filter((input) => input.unitCode !== 'fire')
    .map((input) => ({ unitCode: input.unitCode, counts: countUnit(input, rules) }));
  outcomes.push({ unitCode: 'fire', error: DOWN });
  return buildStatisticsReport(ZHANJIANG, outcomes, ['market', 'ecology', 'fire']);
}

/** Minimal RFC 4180 reader, independent of the writer under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), (i += 1);
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), (i += 1);
    } else field += char;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

const asText = (cell: Cell): string => (cell === null ? '' : String(cell));

const HEADINGS = [
  '序号', '成员单位',
  '抽查事项数', '计划覆盖事项数', '抽查计划覆盖抽查事项比例（%）',
  '双随机抽查任务数', '部门联合抽查任务数', '部门联合抽查任务占比（%）',
  '具有执法资格人员数', '已入库执法资格人员数', '已入库执法人员占具有执法资格人员比例（%）',
  '应完成检查对象数', '已完成检查对象数', '抽取检查对象完成检查比例（%）',
  '应公示结果数', '已公示结果数', '检查结果公示率（%）',
  '按时公示结果数', '20个工作日内公示比例（%）',
  '应用信用风险分类的事项数', '应用信用风险分类结果的抽查事项占比（%）',
  '抽查次数', '运用信用风险分类的抽查次数', '运用信用风险分类开展抽查次数占比（%）',
  '检查对象名录库企业数', '年度抽查企业数', '年度抽查企业占比（%）',
  '发现问题数', '已后续处置问题数', '发现问题后续处置比例（%）',
  '应公示年度计划的单位数', '按时公示年度计划的单位数', '年度抽查计划按时公示（%）',
  '未合并的重复检查数', '超过检查频次上限的企业数', '未达标指标', '备注',
];

describe('statistics table (推进“双随机、一公开”统计表)', () => {
  const table = statisticsTable(report());

  it('has one row per unit, missing ones included, and a total row', () => {
    expect(table.title).toBe('湛江市2025年推进“双随机、一公开”统计表');
    expect(table.headings).toEqual(HEADINGS);
    expect(table.rows.map((row) => row[1])).toEqual(['市场监督管理局', '生态环境局', '消防救援支队', '合计']);
    // market, by hand (see test/indicators.test.ts): shared denominators appear once.
    expect(table.rows[0]).toEqual([
      1, '市场监督管理局', 5, 4, 80, 8, 3, 37.5, 4, 3, 75, 8, 6, 75, 5, 4, 80, 3, 60, 4, 80, 2, 1, 50,
      50, 5, 10, 4, 2, 50, 1, 1, 100, 1, 0,
      '已入库执法人员占具有执法资格人员比例、抽取检查对象完成检查比例、检查结果公示率、20个工作日内公示比例、发现问题后续处置比例、未合并的重复检查',
      '',
    ]);
    const fire = table.rows[2];
    expect(fire.slice(2, -2).every((cell) => cell === null)).toBe(true);
    expect(fire.at(-1)).toBe(`数据缺失：${DOWN}`);
    const total = table.rows[3];
    expect(total[0]).toBeNull();
    expect(total.slice(2, 5)).toEqual([6, 5, 83.33]); // market 4/5 + ecology 1/1
    expect(total.at(-2)).toBe(''); // nothing judged on an incomplete total
    expect(total.at(-1)).toBe('合计不完整，缺少：消防救援支队');
  });

  it('CSV: UTF-8 with BOM, CRLF, quoted where needed, parses back to the same rows', () => {
    const csv = tableToCsv(table);
    expect(csv.startsWith('\uFEFF序号,成员单位,')).toBe(true);
    expect(csv).toContain('"数据缺失：fire platform timed out,\n""503 Service Unavailable"""');
    const parsed = parseCsv(csv.slice(1));
    expect(parsed).toEqual([table.headings, ...table.rows.map((row) => row.map(asText))]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(statisticsFileName(table, 'csv')).toBe('湛江市2025年推进双随机一公开统计表.csv');
  });

  it('xlsx: bold header row, sized columns, same rows when read back', async () => {
    const buffer = await tableToXlsx(table);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip container
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('统计表')!;
    expect(sheet.rowCount).toBe(1 + table.rows.length);
    const values = (index: number): Cell[] =>
      (sheet.getRow(index).values as Cell[]).slice(1).map((value) => value ?? null);
    expect(values(1)).toEqual(table.headings);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).font?.bold).toBeFalsy();
    table.rows.forEach((row, index) => {
      const read = values(index + 2);
      // exceljs drops trailing empty cells; pad before comparing (empty strings read back as empty cells).
      const padded = table.headings.map((_, column) => read[column] ?? null);
      expect(padded).toEqual(row.map((cell) => (cell === '' ? null : cell)));
    });
    expect(sheet.getColumn(2).width).toBeGreaterThanOrEqual(16); // 市场监督管理局: 7 CJK = 14 + 2
    expect(sheet.getColumn(1).width).toBeGreaterThanOrEqual(6);
  });
});
