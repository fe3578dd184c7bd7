// Typed errors of the draw engine. The engine stays free of GraphQL; the office's resolvers map
// `DrawError.code` onto `extensions.code` (the codes are stable and meant for clients).

export const DrawErrorCode = {
  /** The candidate population (or a business list to match) is empty. */
  EMPTY_POPULATION: 'EMPTY_POPULATION',
  /** The same credit code appears twice among the candidates. */
  DUPLICATE_CANDIDATE: 'DUPLICATE_CANDIDATE',
  /** A candidate's credit code fails GB 32100-2015. */
  INVALID_USCC: 'INVALID_USCC',
  /** A candidate's risk class is not A, B, C or D. */
  INVALID_RISK_CLASS: 'INVALID_RISK_CLASS',
  /** A sampling ratio is not a finite number in [0, 1]. */
  RATIO_OUT_OF_RANGE: 'RATIO_OUT_OF_RANGE',
  /** A sampling ratio has more than 6 decimals (ratios are exact parts per million). */
  RATIO_TOO_PRECISE: 'RATIO_TOO_PRECISE',
  /** Minimum / maximum target counts that are not integers ≥ 0 with min ≤ max. */
  BAD_TARGET_COUNTS: 'BAD_TARGET_COUNTS',
  /** A seed that is empty, too long, or holds `|` or control characters. */
  BAD_SEED: 'BAD_SEED',
  /** Fewer than 2 inspectors per business and unit (the legal minimum). */
  TOO_FEW_INSPECTORS: 'TOO_FEW_INSPECTORS',
  /** Any other matching parameter out of its domain (cap, date, unit code, duplicate id). */
  BAD_MATCHING_INPUT: 'BAD_MATCHING_INPUT',
  /** Some business cannot get enough inspectors from some unit; nothing is returned. */
  INFEASIBLE_MATCHING: 'INFEASIBLE_MATCHING',
} as const;

export type DrawErrorCode = (typeof DrawErrorCode)[keyof typeof DrawErrorCode];

export class DrawError extends Error {
  readonly code: DrawErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: DrawErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DrawError';
    this.code = code;
    this.details = details;
  }
}

/** One business that one unit cannot staff. */
export interface MatchingShortfall {
  uscc: string;
  unitCode: string;
  needed: number;
  /** Inspectors still assignable when the business came up (all filters, workload included). */
  eligible: number;
  /** Active, certified and qualified for the unit's items (before per-business filters). */
  qualified: number;
  /** Of the qualified: excluded for a recorded conflict with the business. */
  conflicted: number;
  /** Of the qualified: excluded because they inspected the business last time. */
  inspectedLastTime: number;
  /** Of the qualified: excluded because they already reached the workload cap. */
  atWorkloadCap: number;
}

export class InfeasibleMatchingError extends DrawError {
  readonly shortfalls: readonly MatchingShortfall[];

  constructor(shortfalls: readonly MatchingShortfall[]) {
    const head = shortfalls
      .slice(0, 5)
      .map((s) => `${s.uscc}/${s.unitCode}: ${s.eligible} eligible, ${s.needed} needed`)
      .join('; ');
    const more = shortfalls.length > 5 ? `; and ${shortfalls.length - 5} more` : '';
    super(DrawErrorCode.INFEASIBLE_MATCHING, `Cannot staff ${shortfalls.length} business/unit pair(s): ${head}${more}`, {
      shortfalls,
    });
    this.name = 'InfeasibleMatchingError';
    this.shortfalls = shortfalls;
  }
}

export function isDrawError(error: unknown): error is DrawError {
  return error instanceof DrawError;
}
