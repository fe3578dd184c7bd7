// The documented rules of joint plans that need no running system: planned dates, scope,
// progress, retry backoff, and the one mapping of engine/store errors to graph codes.
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DrawError, InfeasibleMatchingError } from '../subgraphs/joint-office/draw';
import { toGraphError } from '../subgraphs/joint-office/plans/errors';
import { inScope, scopeFilters, daysBefore } from '../subgraphs/joint-office/plans/population';
import { decideProgress, type UnitProgress } from '../subgraphs/joint-office/plans/progress';
import { isDue, retryDelayMs } from '../subgraphs/joint-office/plans/retry-worker';
import { inspectionDays, spreadDates } from '../subgraphs/joint-office/plans/schedule';
import { StoreError } from '../subgraphs/joint-office/store';
import type { PlanTaskRecord } from '../subgraphs/joint-office/store';

describe('planned dates', () => {
  it('uses official working days: the 2026 Spring Festival and its make-up Saturday', () => {
    const days = inspectionDays('2026-02-13', '2026-02-28');
    // 2026-02-15 … 02-23 is the holiday; 02-14 and 02-28 are make-up workdays (调休).
    expect(days).toEqual(['2026-02-13', '2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28']);
  });

  it('spreads k businesses evenly: business i on day ⌊i·w/k⌋', () => {
    const days = inspectionDays('2026-01-05', '2026-01-16');
    expect(days).toHaveLength(10);
    expect(spreadDates(4, '2026-01-05', '2026-01-16')).toEqual([days[0], days[2], days[5], days[7]]);
    expect(spreadDates(12, '2026-01-05', '2026-01-16').filter((d) => d === days[0])).toHaveLength(2);
  });

  it('falls back to Monday–Friday beyond the calendar, and to every day when none is left', () => {
    expect(inspectionDays('2099-01-03', '2099-01-06')).toEqual(['2099-01-05', '2099-01-06']);
    expect(inspectionDays('2026-10-03', '2026-10-04')).toEqual(['2026-10-03', '2026-10-04']);
  });
});

describe('scope', () => {
  const scope = { divisionCodes: ['440802', '440803'], industryCodes: ['62'], tags: ['餐饮服务', '食品经营'] };
  it('queries every division × industry prefix, and filters tags (any of them) locally', () => {
    expect(scopeFilters(scope)).toEqual([
      { divisionCode: '440802', industryPrefix: '62' },
      { divisionCode: '440803', industryPrefix: '62' },
    ]);
    expect(scopeFilters({ divisionCodes: [], industryCodes: [], tags: ['餐饮服务'] })).toEqual([{ tag: '餐饮服务' }]);
    expect(inScope({ uscc: 'x', divisionCode: '440802', industryCode: '6210', tags: ['食品经营'] }, scope)).toBe(true);
    expect(inScope({ uscc: 'x', divisionCode: '440802', industryCode: '6110', tags: ['食品经营'] }, scope)).toBe(false);
    expect(inScope({ uscc: 'x', divisionCode: '440804', industryCode: '6210', tags: ['食品经营'] }, scope)).toBe(false);
    expect(inScope({ uscc: 'x', divisionCode: '440802', industryCode: '6210', tags: ['住宿'] }, scope)).toBe(false);
  });

  it('without divisions, takes the whole office city (湛江) and never the platforms\' other city (随州)', () => {
    const anyDivision = { divisionCodes: [], industryCodes: [], tags: [] };
    expect(inScope({ uscc: 'x', divisionCode: '440883', industryCode: '6210', tags: [] }, anyDivision)).toBe(true);
    expect(inScope({ uscc: 'x', divisionCode: '421303', industryCode: '6210', tags: [] }, anyDivision)).toBe(false);
  });

  it('counts the exclusion window back from the period start', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2026-01-05', 90)).toBe('2025-10-07');
  });
});

describe('progress', () => {
  const unit = (counts: Partial<UnitProgress>): UnitProgress => ({ unitCode: 'u', notDispatched: 0, pending: 0, inProgress: 0, completed: 0, cancelled: 0, missing: 0, ...counts });
  it.each([
    [[unit({ pending: 3 })], 'dispatched'],
    [[unit({ pending: 2, inProgress: 1 })], 'in_progress'],
    [[unit({ completed: 1, notDispatched: 1 })], 'dispatched'],
    [[unit({ completed: 1, missing: 1 })], 'dispatched'],
    [[unit({ completed: 2 }), unit({ pending: 1 })], 'in_progress'],
    [[unit({ completed: 2, cancelled: 1 }), unit({ completed: 1 })], 'completed'],
    [[unit({})], 'dispatched'],
  ])('%j → %s', (units, stage) => expect(decideProgress(units)).toBe(stage));
});

describe('retry backoff', () => {
  const options = { intervalMs: 1000, baseDelayMs: 2000, maxDelayMs: 60_000 };
  const task = (attempts: number, updatedAt: string) => ({ attempts, updatedAt }) as PlanTaskRecord;
  it('doubles from the base up to the maximum', () => {
    expect([0, 1, 2, 3, 10].map((n) => retryDelayMs(n, options))).toEqual([0, 2000, 4000, 8000, 60_000]);
  });
  it('is due once the delay since the last attempt has passed', () => {
    const at = Date.parse('2026-01-01T00:00:00Z');
    const waiting = [task(2, '2026-01-01T00:00:00Z'), task(0, '2025-12-31T00:00:00Z')];
    expect(isDue(waiting, options, at + 3999)).toBe(false);
    expect(isDue(waiting, options, at + 4000)).toBe(true);
    expect(isDue([], options, at)).toBe(false);
  });
});

describe('error codes', () => {
  const code = (error: unknown) => ((toGraphError(error) as GraphQLError).extensions.code);
  it('maps engine and store errors in one place', () => {
    expect(code(new DrawError('EMPTY_POPULATION', 'x'))).toBe('EMPTY_POPULATION');
    expect(code(new DrawError('RATIO_TOO_PRECISE', 'x'))).toBe('RATIO_OUT_OF_RANGE');
    expect(code(new DrawError('BAD_SEED', 'x'))).toBe('BAD_INPUT');
    expect(code(new StoreError('IDEMPOTENCY_CONFLICT', 'x'))).toBe('IDEMPOTENCY_CONFLICT');
    expect(code(new StoreError('INVALID_TRANSITION', 'x'))).toBe('INVALID_STATE');
    expect(code(new StoreError('NOT_FOUND', 'x'))).toBe('NOT_FOUND');
    const shortfall = { uscc: 'U', unitCode: 'fire', needed: 2, eligible: 1, qualified: 3, conflicted: 1, inspectedLastTime: 1, atWorkloadCap: 0 };
    const infeasible = toGraphError(new InfeasibleMatchingError([shortfall])) as GraphQLError;
    expect(infeasible.extensions).toMatchObject({ code: 'INFEASIBLE_MATCHING', shortfalls: [shortfall] });
    const other = new Error('boom');
    expect(toGraphError(other)).toBe(other);
  });
});
