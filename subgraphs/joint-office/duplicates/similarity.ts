// Content similarity of Chinese text: Jaccard index of character bigrams. Chinese has no spaces,
// so words are not at hand; bigrams catch shared terms (食品, 安全, 消防) without a dictionary.

/** Punctuation, spaces and ASCII symbols carry no meaning for the comparison. */
const NOISE = /[\s\p{P}\p{S}]+/gu;

export function bigrams(text: string): Set<string> {
  const chars = [...text.replace(NOISE, '')];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i] + chars[i + 1]);
  if (chars.length === 1) grams.add(chars[0]);
  return grams;
}

export function jaccard<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0 && b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const value of small) if (large.has(value)) shared++;
  return shared / (a.size + b.size - shared);
}

export function intersection<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): T[] {
  const out: T[] = [];
  for (const value of a) if (b.has(value)) out.push(value);
  return out;
}
