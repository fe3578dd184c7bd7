// Accumulates one unit's counts, for the unit as a whole and per division of the business,
// so that the division split always sums to the unit's figure.
import { INDICATORS, INDICATOR_KEYS, type Count, type IndicatorCounts, type IndicatorKey } from './catalog';

interface MutableCount {
  numerator: number;
  denominator: number | null;
  list: string[];
}

function emptyCount(key: IndicatorKey): MutableCount {
  return { numerator: 0, denominator: INDICATORS[key].denominatorLabel === null ? null : 0, list: [] };
}

export class CountTally {
  private readonly unit = new Map<IndicatorKey, MutableCount>();
  private readonly divisions = new Map<string, Map<IndicatorKey, MutableCount>>();

  constructor(private readonly includeLists: boolean) {
    for (const key of INDICATOR_KEYS) this.unit.set(key, emptyCount(key));
  }

  /**
   * One case of a ratio indicator: adds 1 to the denominator and, when `counted`, 1 to the
   * numerator. The ids go to the list when the case matches the indicator's `listOf`
   * (a gap list names the cases not counted; a numerator list the cases counted).
   */
  record(key: IndicatorKey, counted: boolean, ids: readonly string[], division?: string): void {
    const listed = INDICATORS[key].listOf === 'gap' ? !counted : counted;
    for (const count of this.targets(key, division)) {
      count.denominator = (count.denominator ?? 0) + 1;
      if (counted) count.numerator += 1;
      if (listed && this.includeLists) count.list.push(...ids);
    }
  }

  /** Adds 1 to a numerator whose denominator is counted apart (e.g. the directory size). */
  countIn(key: IndicatorKey, id: string, division?: string): void {
    for (const count of this.targets(key, division)) {
      count.numerator += 1;
      if (this.includeLists) count.list.push(id);
    }
  }

  private targets(key: IndicatorKey, division: string | undefined): MutableCount[] {
    const unit = this.unit.get(key)!;
    return division === undefined ? [unit] : [unit, this.divisionCount(division, key)];
  }

  /** Adds to a denominator without a case (e.g. a directory size per division). */
  addToDenominator(key: IndicatorKey, amount: number, division?: string): void {
    const count = division === undefined ? this.unit.get(key)! : this.divisionCount(division, key);
    count.denominator = (count.denominator ?? 0) + amount;
  }

  /** Sets a plain count computed elsewhere (the duplicates module's figures). */
  setCount(key: IndicatorKey, numerator: number, list: readonly string[] = [], division?: string): void {
    const count = division === undefined ? this.unit.get(key)! : this.divisionCount(division, key);
    count.numerator = numerator;
    if (this.includeLists) count.list = [...list];
  }

  private divisionCount(division: string, key: IndicatorKey): MutableCount {
    let counts = this.divisions.get(division);
    if (!counts) {
      counts = new Map();
      this.divisions.set(division, counts);
    }
    let count = counts.get(key);
    if (!count) {
      count = emptyCount(key);
      counts.set(key, count);
    }
    return count;
  }

  private freeze(count: MutableCount): Count {
    const out: Count = { numerator: count.numerator, denominator: count.denominator };
    if (this.includeLists) out.list = [...count.list].sort();
    return out;
  }

  unitCounts(): IndicatorCounts {
    const entries = INDICATOR_KEYS.map((key) => [key, this.freeze(this.unit.get(key)!)] as const);
    return Object.fromEntries(entries) as IndicatorCounts;
  }

  divisionCounts(): Record<string, Partial<IndicatorCounts>> {
    const out: Record<string, Partial<IndicatorCounts>> = {};
    for (const division of [...this.divisions.keys()].sort()) {
      const counts = this.divisions.get(division)!;
      const entries = INDICATOR_KEYS.filter((key) => counts.has(key)).map((key) => [key, this.freeze(counts.get(key)!)]);
      out[division] = Object.fromEntries(entries) as Partial<IndicatorCounts>;
    }
    return out;
  }
}
