// Indicator 11 per unit for the statistics table: groups count for each of their units, a
// business over a per-unit cap for that unit, over the total cap for every unit that visited it.
import { describe, expect, it } from 'vitest';
import { duplicateFiguresOf } from '../subgraphs/joint-office/merging/figures';
import type { Findings } from '../subgraphs/joint-office/merging/findings';
import type { DuplicateGroup, OverCap } from '../subgraphs/joint-office/duplicates';
import type { Task } from '../platforms/data/model';

const task = (id: string, unitCode: string): Task => ({ id, unitCode, planId: 'P', uscc: 'B', itemCodes: ['x'], inspectorIds: ['a', 'b'], plannedOn: '2025-05-01', status: 'completed' });
const group = (key: string, uscc: string, unitCodes: string[]) => ({ key, uscc, unitCodes }) as DuplicateGroup;
const cap = (uscc: string, unitCode: string | null, taskIds: string[]): OverCap => ({ uscc, unitCode, year: 2025, visits: 3, cap: 2, taskIds });

const findings = {
  groups: [group('g1', 'B1', ['market', 'health']), group('g2', 'B2', ['market', 'fire'])],
  overCap: [cap('B3', 'fire', ['f1', 'f2', 'f3']), cap('B4', null, ['m1', 'h1', 'h2'])],
  input: { tasks: [task('f1', 'fire'), task('f2', 'fire'), task('f3', 'fire'), task('m1', 'market'), task('h1', 'health'), task('h2', 'health')], plans: [] },
  businesses: new Map([
    ['B1', { divisionCode: '440802', industryCode: '6210' }],
    ['B2', { divisionCode: '440803', industryCode: '6210' }],
    ['B3', { divisionCode: '440802', industryCode: '6210' }],
  ]),
} as unknown as Findings;

describe('duplicateFiguresOf', () => {
  it('splits groups and businesses over the cap by unit and division', () => {
    const figures = duplicateFiguresOf(findings, ['market', 'health', 'fire', 'tax']);
    expect(figures.get('market')).toEqual({
      unmergedDuplicates: 2,
      overVisitCap: 1,
      unmergedIds: ['g1', 'g2'],
      overCapUsccs: ['B4'],
      byDivision: { '440802': { unmergedDuplicates: 1, overVisitCap: 0 }, '440803': { unmergedDuplicates: 1, overVisitCap: 0 }, unknown: { unmergedDuplicates: 0, overVisitCap: 1 } },
    });
    expect(figures.get('fire')).toMatchObject({ unmergedDuplicates: 1, overVisitCap: 1, overCapUsccs: ['B3'] });
    expect(figures.get('health')).toMatchObject({ unmergedDuplicates: 1, overVisitCap: 1, overCapUsccs: ['B4'] });
    expect(figures.get('tax')).toEqual({ unmergedDuplicates: 0, overVisitCap: 0, unmergedIds: [], overCapUsccs: [], byDivision: {} });
  });
});
