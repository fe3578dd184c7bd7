// Proposals for the cross-unit item catalogue: items of different units that look like the same
// check. Two signals, each in [0, 1]:
//   legal   — Jaccard of the items' cited articles (`law#article`, law names normalised);
//   content — Jaccard of character bigrams of the items' subject, name and content.
// A pair is proposed when it cites at least one common article (the same check rests on the same
// provision; citing only the same law is too weak, a law covers many checks) and
// score = LEGAL_WEIGHT × legal + (1 − LEGAL_WEIGHT) × content reaches the threshold.
// PROPOSAL_THRESHOLD (0.22) sits between the weakest true pair (0.255) and the strongest false
// pair that shares an article (0.175) on the generator's catalogue; test/item-catalogue.test.ts
// measures precision and recall on it. Proposed pairs are joined into groups (connected
// components). Items are compared pairwise: lists hold hundreds of items, which is fast enough.
import type { Item } from '../../../platforms/data/model';
import { buildCatalogueIndex } from './catalogue-index';
import { formatCitation, parseCitations, type Citations } from './legal-basis';
import { bigrams, intersection, jaccard } from './similarity';

export const LEGAL_WEIGHT = 0.5;
export const PROPOSAL_THRESHOLD = 0.22;

export interface ProposalPair {
  itemCodes: [string, string];
  score: number;
  legalScore: number;
  contentScore: number;
  sharedCitations: string[];
}

export interface Proposal {
  /** Sorted item codes of two or more units. */
  itemCodes: string[];
  unitCodes: string[];
  /** The weakest proposed pair that holds the group together, rounded to 3 decimals. */
  score: number;
  /** Why, in words: shared citations and content similarity of the pairs. */
  reason: string;
  pairs: ProposalPair[];
}

export interface ProposalOptions {
  threshold?: number;
  /** The confirmed catalogue: pairs already in one entry are not proposed again. */
  confirmed?: readonly (readonly string[])[];
}

interface Profile {
  item: Item;
  citations: Citations;
  grams: Set<string>;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

function profile(item: Item): Profile {
  return { item, citations: parseCitations(item.legalBasis), grams: bigrams(`${item.subject}${item.name}${item.content}`) };
}

function scorePair(a: Profile, b: Profile): ProposalPair {
  const sharedCitations = intersection(a.citations.articles, b.citations.articles).sort();
  const legalScore = jaccard(a.citations.articles, b.citations.articles);
  const contentScore = jaccard(a.grams, b.grams);
  const codes = [a.item.code, b.item.code].sort() as [string, string];
  return {
    itemCodes: codes,
    score: round(LEGAL_WEIGHT * legalScore + (1 - LEGAL_WEIGHT) * contentScore),
    legalScore: round(legalScore),
    contentScore: round(contentScore),
    sharedCitations,
  };
}

/** How alike two items are, whatever their units; the score proposals are made from. */
export function scoreItems(a: Item, b: Item): ProposalPair {
  return scorePair(profile(a), profile(b));
}

function describe(pair: ProposalPair): string {
  const basis = pair.sharedCitations.length ? `shared legal basis ${pair.sharedCitations.map(formatCitation).join('、')}` : 'no shared legal basis';
  return `${pair.itemCodes.join(' ~ ')}: ${basis}; content similarity ${pair.contentScore}`;
}

function components(pairs: ProposalPair[]): Map<string, ProposalPair[]> {
  const parent = new Map<string, string>();
  const find = (code: string): string => {
    while (parent.get(code) !== code) code = parent.get(code)!;
    return code;
  };
  for (const pair of pairs) for (const code of pair.itemCodes) if (!parent.has(code)) parent.set(code, code);
  for (const [a, b] of pairs.map((pair) => pair.itemCodes)) {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const byRoot = new Map<string, ProposalPair[]>();
  for (const pair of pairs) {
    const root = find(pair.itemCodes[0]);
    const list = byRoot.get(root);
    if (list) list.push(pair);
    else byRoot.set(root, [pair]);
  }
  return byRoot;
}

/** Proposed catalogue entries, strongest first. */
export function proposeEquivalentItems(items: readonly Item[], options: ProposalOptions = {}): Proposal[] {
  const threshold = options.threshold ?? PROPOSAL_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1] (got ${threshold})`);
  const confirmed = buildCatalogueIndex(options.confirmed);
  const profiles = items.map(profile);
  const accepted: ProposalPair[] = [];
  for (let i = 0; i < profiles.length; i++) {
    for (let j = i + 1; j < profiles.length; j++) {
      const [a, b] = [profiles[i], profiles[j]];
      if (a.item.unitCode === b.item.unitCode) continue;
      const known = confirmed.get(a.item.code);
      if (known !== undefined && known === confirmed.get(b.item.code)) continue;
      const pair = scorePair(a, b);
      if (pair.sharedCitations.length > 0 && pair.score >= threshold) accepted.push(pair);
    }
  }
  const unitOf = new Map(items.map((item) => [item.code, item.unitCode]));
  const proposals: Proposal[] = [];
  for (const pairs of components(accepted).values()) {
    const itemCodes = [...new Set(pairs.flatMap((pair) => pair.itemCodes))].sort();
    pairs.sort((x, y) => y.score - x.score || (x.itemCodes.join() < y.itemCodes.join() ? -1 : 1));
    proposals.push({
      itemCodes,
      unitCodes: [...new Set(itemCodes.map((code) => unitOf.get(code)!))].sort(),
      score: Math.min(...pairs.map((pair) => pair.score)),
      reason: pairs.map(describe).join('; '),
      pairs,
    });
  }
  return proposals.sort((x, y) => y.score - x.score || (x.itemCodes[0] < y.itemCodes[0] ? -1 : 1));
}
