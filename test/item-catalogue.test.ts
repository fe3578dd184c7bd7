import { describe, expect, it } from 'vitest';
import type { Item } from '../platforms/data/model';
import {
  PROPOSAL_THRESHOLD,
  bigrams,
  jaccard,
  normaliseLawName,
  parseChineseNumber,
  parseCitations,
  proposeEquivalentItems,
  scoreItems,
} from '../subgraphs/joint-office/duplicates';
import { datasetFor } from '../platforms/data/generate';
import { items as fixtureItems } from './fixtures/duplicates-fixture';

describe('legal basis parsing', () => {
  it('reads Chinese and Arabic article numbers', () => {
    expect(['八十七', '十', '十二', '二十', '一百零五', '一百二十三', '两百', '87'].map(parseChineseNumber)).toEqual([87, 10, 12, 20, 105, 123, 200, 87]);
    expect(parseChineseNumber('八十x')).toBeNaN();
  });

  it('normalises law names and splits articles among laws', () => {
    expect(normaliseLawName('中华人民共和国食品安全法（2021年修正）')).toBe('食品安全法');
    const citations = parseCitations('《中华人民共和国食品安全法》第三十三条、第五十五条，《食品经营许可和备案管理办法》第8条第一款；《消防法》');
    expect([...citations.laws]).toEqual(['食品安全法', '食品经营许可和备案管理办法', '消防法']);
    expect([...citations.articles]).toEqual(['食品安全法#33', '食品安全法#55', '食品经营许可和备案管理办法#8']);
  });

  it('ignores article numbers that follow no law and text without citations', () => {
    expect(parseCitations('依据第十条规定').articles.size).toBe(0);
    expect(parseCitations('').laws.size).toBe(0);
  });
});

describe('content similarity', () => {
  it('compares character bigrams without punctuation', () => {
    expect([...bigrams('食品，安全')]).toEqual(['食品', '品安', '安全']);
    expect(jaccard(bigrams('消防安全检查'), bigrams('消防安全检查'))).toBe(1);
    expect(jaccard(bigrams('消防安全'), bigrams('排污许可'))).toBe(0);
  });
});

describe('proposals on hand-made items', () => {
  const [marketFood, healthFood, marketFire, fire, ecology] = fixtureItems;

  it('scores the same check under two units above the threshold, unrelated ones below', () => {
    const same = scoreItems(marketFood, healthFood);
    expect(same.sharedCitations).toEqual(['食品安全法#35']);
    expect(same.legalScore).toBe(1);
    expect(same.score).toBeGreaterThanOrEqual(PROPOSAL_THRESHOLD);
    expect(scoreItems(marketFood, ecology).score).toBeLessThan(PROPOSAL_THRESHOLD);
  });

  it('proposes cross-unit groups with a reason, never two items of one unit alone', () => {
    const sameUnitTwin: Item = { ...marketFood, code: 'market-food-2' };
    const proposals = proposeEquivalentItems([...fixtureItems, sameUnitTwin]);
    expect(proposals.map((proposal) => proposal.itemCodes)).toEqual([
      ['health-food-1', 'market-food-1', 'market-food-2'],
      ['fire-1', 'market-fire-1'],
    ]);
    expect(proposals[0].score).toBeGreaterThanOrEqual(proposals[1].score);
    expect(proposals[0].unitCodes).toEqual(['health', 'market']);
    expect(proposals[0].pairs.every((pair) => pair.itemCodes.some((code) => code.startsWith('health')))).toBe(true);
    expect(proposals[1].reason).toContain('《消防法》第16条');
  });

  it('leaves out pairs already confirmed and refuses a threshold outside (0, 1]', () => {
    const proposals = proposeEquivalentItems([marketFood, healthFood, marketFire, fire], { confirmed: [['fire-1', 'market-fire-1']] });
    expect(proposals.map((proposal) => proposal.itemCodes)).toEqual([['health-food-1', 'market-food-1']]);
    expect(() => proposeEquivalentItems(fixtureItems, { threshold: 0 })).toThrow(RangeError);
    expect(() => proposeEquivalentItems(fixtureItems, { threshold: 1.5 })).toThrow(RangeError);
  });

  it('does not propose items that share a law but no article', () => {
    const other: Item = { ...healthFood, legalBasis: '《食品安全法》第九十条' };
    expect(proposeEquivalentItems([marketFood, other])).toEqual([]);
  });
});

describe('proposals on the generator\'s item lists', () => {
  const dataset = datasetFor('test');
  const items = Object.values(dataset.units).flatMap((unit) => unit.items);
  const unitOf = new Map(items.map((item) => [item.code, item.unitCode]));
  /** Cross-unit pairs of a list of groups: what precision and recall are counted on. */
  const pairsOf = (groups: readonly string[][]) => {
    const pairs = new Set<string>();
    for (const group of groups) {
      for (const a of group) for (const b of group) if (a < b && unitOf.get(a) !== unitOf.get(b)) pairs.add(`${a}|${b}`);
    }
    return pairs;
  };

  it('recovers the equivalent items with precision and recall of at least 0.9', () => {
    const truth = pairsOf(dataset.truth.equivalentItems);
    const proposed = pairsOf(proposeEquivalentItems(items).map((proposal) => proposal.itemCodes));
    const hits = [...proposed].filter((pair) => truth.has(pair)).length;
    expect(truth.size).toBeGreaterThan(5);
    expect(hits / proposed.size).toBeGreaterThanOrEqual(0.9);
    expect(hits / truth.size).toBeGreaterThanOrEqual(0.9);
  });

  it('never proposes a pair already confirmed', () => {
    const confirmed = dataset.truth.equivalentItems;
    const groupOf = new Map(confirmed.flatMap((group, i) => group.map((code) => [code, i] as const)));
    const pairs = proposeEquivalentItems(items, { confirmed }).flatMap((proposal) => proposal.pairs);
    expect(pairs.filter(({ itemCodes: [a, b] }) => groupOf.has(a) && groupOf.get(a) === groupOf.get(b))).toEqual([]);
    expect(proposeEquivalentItems(items).length).toBeGreaterThan(0);
  });

  it('finds nothing when the legal basis is removed, since a shared article is required', () => {
    expect(proposeEquivalentItems(items.map((item) => ({ ...item, legalBasis: '' })))).toEqual([]);
  });
});
