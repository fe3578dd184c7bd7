// The list of differences a verification reports: each with where (a path in the document),
// what was expected and what is there; long families of differences are summed up.
export type ProblemValue = string | number | boolean | null;

export interface VerifyProblem {
  /** Path of the field in the document, e.g. `ratios.B`, `candidates[12].uscc`, `drawn[3]`. */
  field: string;
  expected: ProblemValue;
  actual: ProblemValue;
}

export interface VerifyResult {
  match: boolean;
  problems: VerifyProblem[];
}

/** Differences listed per family of fields (e.g. `drawn`); the rest are summed up. */
const MAX_LISTED = 20;

export class ProblemList {
  readonly problems: VerifyProblem[] = [];
  private readonly unlisted = new Map<string, number>();
  private readonly listed = new Map<string, number>();

  add(field: string, expected: ProblemValue, actual: ProblemValue): void {
    const family = field.replace(/\[.*$/, '');
    const listed = this.listed.get(family) ?? 0;
    if (listed < MAX_LISTED) {
      this.listed.set(family, listed + 1);
      this.problems.push({ field, expected, actual });
    } else this.unlisted.set(family, (this.unlisted.get(family) ?? 0) + 1);
  }

  result(): VerifyResult {
    for (const [family, n] of this.unlisted) this.problems.push({ field: family, expected: 'no further differences', actual: `${n} more not listed` });
    return { match: this.problems.length === 0, problems: this.problems };
  }
}

export type Doc = Record<string, unknown>;

export function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): ProblemValue {
  if (value === undefined) return null;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

