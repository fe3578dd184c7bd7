// Parses the legal basis of an item (检查依据), e.g. 《中华人民共和国食品安全法》第八十七条、第八十八条,
// into citations: the law's short name and each article number. Laws are named with or without
// the 中华人民共和国 prefix and with revision notes, so names are normalised before comparing.

export interface Citations {
  /** Normalised law names, e.g. 食品安全法. */
  laws: Set<string>;
  /** `law#article`, e.g. 食品安全法#87. */
  articles: Set<string>;
}

const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 八十七 → 87, 一百零五 → 105, 十二 → 12, 87 → 87; NaN when it is not a number. */
export function parseChineseNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  let seen = false;
  for (const char of text) {
    if (char in DIGITS) {
      digit = DIGITS[char];
      seen = true;
    } else if (char in UNITS) {
      // A bare 十 at the start means 一十.
      total += (seen ? digit : 1) * UNITS[char];
      digit = 0;
      seen = false;
    } else {
      return Number.NaN;
    }
  }
  return total + digit;
}

export function normaliseLawName(name: string): string {
  return name
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/^中华人民共和国/, '')
    .replace(/\s+/g, '');
}

const TOKEN = /《([^》]+)》|第([零〇一二两三四五六七八九十百千\d]+)条/g;

export function parseCitations(legalBasis: string): Citations {
  const laws = new Set<string>();
  const articles = new Set<string>();
  let law: string | null = null;
  for (const match of legalBasis.matchAll(TOKEN)) {
    if (match[1] !== undefined) {
      law = normaliseLawName(match[1]);
      if (law) laws.add(law);
    } else if (law) {
      const article = parseChineseNumber(match[2]);
      if (Number.isFinite(article) && article > 0) articles.add(`${law}#${article}`);
    }
  }
  return { laws, articles };
}

/** `食品安全法#87` → 《食品安全法》第87条, for reasons people read. */
export function formatCitation(citation: string): string {
  const [law, article] = citation.split('#');
  return article ? `《${law}》第${article}条` : `《${law}》`;
}
