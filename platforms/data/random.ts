// Seeded pseudo-random numbers (sfc32) with the helpers the generator needs. Every phase of
// the generator takes its own stream (`new Rng(seed, 'phase')`) so that changing one phase
// does not shift the numbers drawn by the others.

/** Hashes a string and a seed into 32-bit words (cyrb128-style mixing). */
function seedWords(seed: number, stream: string): [number, number, number, number] {
  let h1 = 1779033703 ^ seed;
  let h2 = 3144134277 ^ seed;
  let h3 = 1013904242 ^ seed;
  let h4 = 2773480762 ^ seed;
  for (let i = 0; i < stream.length; i++) {
    const k = stream.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/**
 * mulberry32: a tiny seeded generator of floats in [0, 1), for benchmarks and generated test
 * cases that need a long reproducible sequence from one number (not the draw's generator).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = '') {
    [this.a, this.b, this.c, this.d] = seedWords(seed | 0, stream);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** One item, each with the given relative weight. For hot loops use `weightedPicker`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    return weightedPicker(items.map((item, i) => [item, weights[i]] as const))(this);
  }

  /** Shuffles in place (Fisher-Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** `count` distinct items in random order (all of them when count >= length). */
  sample<T>(items: readonly T[], count: number): T[] {
    const n = items.length;
    if (count >= n) return this.shuffle(items.slice());
    if (count * 3 > n) return this.shuffle(items.slice()).slice(0, count);
    // Sparse draw: cheaper than copying a large array for a few picks.
    const chosen = new Set<number>();
    const result: T[] = [];
    while (result.length < count) {
      const index = Math.floor(this.next() * n);
      if (chosen.has(index)) continue;
      chosen.add(index);
      result.push(items[index]);
    }
    return result;
  }
}

/** A picker over fixed weighted entries: cumulative table plus binary search. */
export function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (rng: Rng) => T {
  const values = entries.map(([value]) => value);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, weight] of entries) {
    total += Math.max(0, weight);
    cumulative.push(total);
  }
  if (total <= 0) throw new Error('weightedPicker needs a positive total weight');
  return (rng) => {
    const target = rng.next() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return values[low];
  };
}
