// Filters by unit, division and industry, validated once per query.
import { findUnit } from '../../../config/units';
import { ErrorCode } from '../../../lib/errors';
import { badInput, DuplicatesError } from './errors';
import type { BusinessInfo, DuplicateFilters } from './types';

export interface CompiledFilters {
  unitCode?: string;
  /** Null when neither division nor industry is filtered: every business passes. */
  business: ((uscc: string) => boolean) | null;
}

/**
 * GB/T 2260 codes end in 00 at city level and 0000 at province level; a filter on such a code
 * means every county below it, so it becomes a prefix.
 */
export function divisionPrefix(code: string): string {
  if (!/^\d{6}$/.test(code)) throw badInput(`divisionCode must be a 6-digit GB/T 2260 code (got ${code})`);
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

export function compileFilters(
  filters: DuplicateFilters = {},
  businesses: ReadonlyMap<string, BusinessInfo> | undefined,
): CompiledFilters {
  const { unitCode, divisionCode, industryPrefix } = filters;
  if (unitCode !== undefined && !findUnit(unitCode)) {
    throw new DuplicatesError(ErrorCode.UNKNOWN_UNIT, `unit ${unitCode} is not a member unit`);
  }
  if (industryPrefix !== undefined && !/^\d{1,4}$/.test(industryPrefix)) {
    throw badInput(`industryPrefix must be 1 to 4 digits of a GB/T 4754 class (got ${industryPrefix})`);
  }
  const division = divisionCode === undefined ? undefined : divisionPrefix(divisionCode);
  if (division === undefined && industryPrefix === undefined) return { unitCode, business: null };
  // A business the office knows nothing about cannot be said to lie in a division or industry.
  const business = (uscc: string): boolean => {
    const info = businesses?.get(uscc);
    if (!info) return false;
    if (division !== undefined && !info.divisionCode.startsWith(division)) return false;
    return industryPrefix === undefined || info.industryCode.startsWith(industryPrefix);
  };
  return { unitCode, business };
}
