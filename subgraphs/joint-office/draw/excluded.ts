// Who is excluded from which business, for one unit, as two flat typed arrays instead of one
// array per business: the positions (in Q, match.ts) excluded for business b are
// list[start[b]] … list[start[b + 1] − 1].
//
// Why: matching builds and reads this for every drawn business of every unit (tens of thousands
// of businesses); one array per business, and Maps keyed by strings, cost more than the matching
// itself and keep the garbage collector busy while the million candidates are in memory.

export class ExcludedPositions {
  constructor(
    /** start[b] … start[b + 1] − 1: where business b's positions are in `list`; length businesses + 1. */
    readonly start: Int32Array,
    readonly list: Int32Array,
  ) {}

  /** From one list per business (any order, repeats allowed), e.g. as read from a document. */
  static of(lists: readonly (readonly number[])[]): ExcludedPositions {
    const builder = new ExcludedBuilder(lists.length);
    for (let b = 0; b < lists.length; b++) {
      for (let k = 0; k < lists[b].length; k++) builder.push(lists[b][k]);
      builder.endBusiness();
    }
    return builder.build();
  }

  get businesses(): number {
    return this.start.length - 1;
  }

  count(b: number): number {
    return this.start[b + 1] - this.start[b];
  }

  includes(b: number, i: number): boolean {
    for (let k = this.start[b], end = this.start[b + 1]; k < end; k++) if (this.list[k] === i) return true;
    return false;
  }
}

/** Builds ExcludedPositions business by business, in order: push each position, then endBusiness(). */
export class ExcludedBuilder {
  private readonly start: Int32Array;
  private list: Int32Array;
  private business = 0;
  private length = 0;

  constructor(businesses: number, capacity = Math.max(16, businesses * 2)) {
    this.start = new Int32Array(businesses + 1);
    this.list = new Int32Array(capacity);
  }

  push(i: number): void {
    if (this.length === this.list.length) {
      const grown = new Int32Array(this.list.length * 2);
      grown.set(this.list);
      this.list = grown;
    }
    this.list[this.length++] = i;
  }

  endBusiness(): void {
    this.start[++this.business] = this.length;
  }

  build(): ExcludedPositions {
    if (this.business !== this.start.length - 1) throw new RangeError(`${this.business} of ${this.start.length - 1} businesses built`);
    return new ExcludedPositions(this.start, this.list.subarray(0, this.length));
  }
}
