import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RiskClass, SamplingRatios } from '../platforms/data/model';
import { USCC_ALPHABET, isValidUscc } from '../lib/uscc';
import { syntheticUscc } from './helpers/uscc';
import {
  ALGORITHM,
  DEFAULT_RATIOS,
  DrawError,
  DrawStream,
  VERSION,
  buildDrawDocument,
  freezeCandidates,
  isValidUsccFast,
  serialiseCandidates,
  targetCounts,
  type ClassCounts,
} from '../subgraphs/joint-office/draw';

const makeUscc = syntheticUscc;

const CLASSES: RiskClass[] = ['A', 'B', 'C', 'D'];
function population(size: number, classOf: (i: number) => RiskClass = (i) => CLASSES[i % 4]) {
  return Array.from({ length: size }, (_, i) => ({ uscc: makeUscc(i * 37 + 5), riskClass: classOf(i) }));
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DrawError) return error.code;
    throw error;
  }
  return undefined;
}

describe('freezeCandidates', () => {
  it('orders by credit code, counts classes and hashes the documented serialisation', () => {
    const list = population(50).reverse();
    const frozen = freezeCandidates(list);
    const codes = frozen.candidates.map((c) => c.uscc);
    expect(codes).toEqual([...codes].sort());
    expect(frozen.counts).toEqual({ A: 13, B: 13, C: 12, D: 12 });
    const text = codes.map((u, i) => `${u},${frozen.candidates[i].riskClass}\n`).join('');
    expect(serialiseCandidates(frozen.candidates)).toBe(text);
    expect(frozen.sha256).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(freezeCandidates(population(50)).sha256).toBe(frozen.sha256);
  });

  it('hashes a one-line population as `uscc,class\\n`', () => {
    const frozen = freezeCandidates([{ uscc: '91350100M000100Y43', riskClass: 'B' }]);
    expect(frozen.sha256).toBe(createHash('sha256').update('91350100M000100Y43,B\n').digest('hex'));
  });

  it('rejects empty, duplicate, invalid and unclassified candidates with codes', () => {
    const list = population(5);
    expect(codeOf(() => freezeCandidates([]))).toBe('EMPTY_POPULATION');
    expect(codeOf(() => freezeCandidates([...list, { ...list[2] }]))).toBe('DUPLICATE_CANDIDATE');
    expect(codeOf(() => freezeCandidates([...list, { uscc: '91350100M000100Y44', riskClass: 'A' }]))).toBe('INVALID_USCC');
    expect(codeOf(() => freezeCandidates([...list, { uscc: '91350100M000100Y4', riskClass: 'A' }]))).toBe('INVALID_USCC');
    expect(codeOf(() => freezeCandidates([...list, { uscc: makeUscc(999), riskClass: 'E' as RiskClass }]))).toBe('INVALID_RISK_CLASS');
  });

  it('validates codes exactly like lib/uscc', () => {
    const samples = ['91350100M000100Y43', '91350100M000100Y44', '91350100M000100Y4I', 'I1350100M000100Y43', makeUscc(12345), '9135010OM000100Y43'];
    for (let n = 0; n < 300; n++) samples.push(makeUscc(n * 1000003).slice(0, 17) + USCC_ALPHABET[n % 31]);
    for (const code of samples) expect(isValidUsccFast(code)).toBe(isValidUscc(code));
  });
});

describe('the generator', () => {
  it('is SHA-256 in counter mode over the documented string, read as big-endian uint32s', () => {
    const stream = new DrawStream('abc', 'seed', 'sample/A');
    const block0 = createHash('sha256').update(`${ALGORITHM}|${VERSION}|abc|seed|sample/A|0`).digest();
    const block1 = createHash('sha256').update(`${ALGORITHM}|${VERSION}|abc|seed|sample/A|1`).digest();
    const expected = [...Array(8).keys()].map((i) => block0.readUInt32BE(i * 4)).concat(block1.readUInt32BE(0));
    expect(Array.from({ length: 9 }, () => stream.nextUint32())).toEqual(expected);
    expect(stream.blocksUsed).toBe(2);
  });

  it('draws uniform integers in range and keeps streams apart', () => {
    const stream = new DrawStream('h', 's', 'x');
    const tally = [0, 0, 0];
    for (let i = 0; i < 3000; i++) tally[stream.uniform(3)]++;
    for (const n of tally) expect(n).toBeGreaterThan(850);
    expect(() => stream.uniform(0)).toThrow(RangeError);
    const a = new DrawStream('h', 's', 'sample/A').nextUint32();
    expect(new DrawStream('h', 's', 'sample/B').nextUint32()).not.toBe(a);
  });
});

describe('target counts (round half up in parts per million, then min/max)', () => {
  const zero: ClassCounts = { A: 0, B: 0, C: 0, D: 0 };
  const ratios = (r: Partial<SamplingRatios>): SamplingRatios => ({ ...DEFAULT_RATIOS, ...r });
  const table: [string, Partial<ClassCounts>, Partial<SamplingRatios>, number | null, number | null, ClassCounts][] = [
    ['defaults on tiny classes', { A: 0, B: 1, C: 2, D: 3 }, {}, null, null, { A: 0, B: 0, C: 1, D: 3 }],
    ['a class of 1 at one half rounds up', { A: 1 }, { A: 0.5 }, null, null, { ...zero, A: 1 }],
    ['1.5 rounds up to 2', { A: 3 }, { A: 0.5 }, null, null, { ...zero, A: 2 }],
    ['2.5 rounds up to 3', { B: 10 }, { B: 0.25 }, null, null, { ...zero, B: 3 }],
    ['exact where floats say 14.4999…', { C: 100 }, { C: 0.145 }, null, null, { ...zero, C: 15 }],
    ['just under one half rounds down', { A: 1 }, { A: 0.499999 }, null, null, zero],
    ['ratio 0 draws none, ratio 1 all', { A: 7, D: 9 }, { A: 0, D: 1 }, null, null, { ...zero, D: 9 }],
    ['defaults at scale', { A: 1000, B: 1000, C: 1000, D: 1000 }, {}, null, null, { A: 50, B: 200, C: 600, D: 1000 }],
    ['a minimum raises by undrawn members', { A: 100, B: 10 }, { A: 0.01, B: 0.1 }, 13, null, { ...zero, A: 11, B: 2 }],
    ['a minimum above the population takes all', { A: 3, B: 2 }, { A: 0, B: 0 }, 50, null, { ...zero, A: 3, B: 2 }],
    ['a minimum already met changes nothing', { A: 1000, B: 1000, C: 1000, D: 1000 }, {}, 925, null, { A: 50, B: 200, C: 600, D: 1000 }],
    ['a maximum lowers in proportion', { A: 1000, B: 1000, C: 1000, D: 1000 }, {}, null, 370, { A: 10, B: 40, C: 120, D: 200 }],
    ['maximum remainders go to the riskier class', { C: 10, D: 10 }, { C: 1, D: 1 }, null, 5, { ...zero, C: 2, D: 3 }],
    ['a maximum of 0 draws none', { D: 10 }, {}, null, 0, zero],
  ];
  it.each(table)('%s', (_, counts, r, min, max, expected) => {
    expect(targetCounts({ ...zero, ...counts }, ratios(r), min, max)).toEqual(expected);
  });

  it('rejects bad ratios and bounds with codes', () => {
    const counts = { A: 5, B: 5, C: 5, D: 5 };
    expect(codeOf(() => targetCounts(counts, ratios({ A: 1.5 })))).toBe('RATIO_OUT_OF_RANGE');
    expect(codeOf(() => targetCounts(counts, ratios({ B: -0.1 })))).toBe('RATIO_OUT_OF_RANGE');
    expect(codeOf(() => targetCounts(counts, ratios({ C: Number.NaN })))).toBe('RATIO_OUT_OF_RANGE');
    expect(codeOf(() => targetCounts(counts, ratios({ D: 0.1234567 })))).toBe('RATIO_TOO_PRECISE');
    expect(codeOf(() => targetCounts(counts, ratios({}), 5, 4))).toBe('BAD_TARGET_COUNTS');
    expect(codeOf(() => targetCounts(counts, ratios({}), -1, null))).toBe('BAD_TARGET_COUNTS');
    expect(codeOf(() => targetCounts(counts, ratios({}), null, 2.5))).toBe('BAD_TARGET_COUNTS');
  });
});

describe('the business draw', () => {
  const frozen = freezeCandidates(population(400, (i) => CLASSES[i % 7 === 0 ? 3 : i % 3]));
  const params = { seed: '12.25.31.40.47/03', ratios: { A: 0.05, B: 0.2, C: 0.6, D: 0.5 } };

  it('gives the identical draw for the same inputs and another for another seed', () => {
    const first = buildDrawDocument(frozen, params);
    expect(buildDrawDocument(freezeCandidates([...frozen.candidates].reverse()), params)).toEqual(first);
    const other = buildDrawDocument(frozen, { ...params, seed: '12.25.31.40.47/04' });
    expect(other.drawn.map((d) => d.uscc)).not.toEqual(first.drawn.map((d) => d.uscc));
    expect(other.drawSha256).not.toBe(first.drawSha256);
  });

  it('draws the target count of each class, distinct, ordered, from that class', () => {
    const doc = buildDrawDocument(frozen, params);
    const expected = targetCounts(frozen.counts, params.ratios);
    const classOf = new Map(frozen.candidates.map((c) => [c.uscc, c.riskClass]));
    for (const c of CLASSES) {
      expect(doc.drawn.filter((d) => d.riskClass === c)).toHaveLength(expected[c]);
      expect(doc.counts[c]).toEqual({ candidates: frozen.counts[c], drawn: expected[c] });
    }
    const codes = doc.drawn.map((d) => d.uscc);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
    for (const d of doc.drawn) expect(classOf.get(d.uscc)).toBe(d.riskClass);
  });

  it('keeps one class unchanged when another class ratio changes (separate streams)', () => {
    const a = buildDrawDocument(frozen, params).drawn.filter((d) => d.riskClass === 'A');
    const b = buildDrawDocument(frozen, { ...params, ratios: { ...params.ratios, C: 0.3 } }).drawn.filter((d) => d.riskClass === 'A');
    expect(b).toEqual(a);
  });

  it('gives every member of a class the same chance over many seeds', () => {
    const small = freezeCandidates(population(10, () => 'B'));
    const hits = new Map<string, number>();
    for (let s = 0; s < 300; s++) {
      for (const d of buildDrawDocument(small, { seed: `s${s}`, ratios: { ...DEFAULT_RATIOS, B: 0.3 } }).drawn) hits.set(d.uscc, (hits.get(d.uscc) ?? 0) + 1);
    }
    expect(hits.size).toBe(10);
    for (const n of hits.values()) expect(n).toBeGreaterThan(55); // expectation 90
  });

  it('rejects bad seeds and bad ratios with codes', () => {
    expect(codeOf(() => buildDrawDocument(frozen, { ...params, seed: '' }))).toBe('BAD_SEED');
    expect(codeOf(() => buildDrawDocument(frozen, { ...params, seed: 'a|b' }))).toBe('BAD_SEED');
    expect(codeOf(() => buildDrawDocument(frozen, { ...params, ratios: { ...params.ratios, B: 2 } }))).toBe('RATIO_OUT_OF_RANGE');
  });
});

describe('ordering a population', () => {
  it('orders codes exactly as bytewise string order, whatever the input order', () => {
    const codes: string[] = [];
    for (let i = 0; i < 3000; i++) codes.push(makeUscc((i * 7_919_993 + 17) % 26_000_000_000_000, ['440802', '440883', '110101', '310115'][i % 4]));
    codes.push(makeUscc(0), makeUscc(30), makeUscc(31), makeUscc(31 ** 9 - 1));
    const frozen = freezeCandidates(codes.map((uscc) => ({ uscc, riskClass: 'C' as RiskClass })));
    expect(frozen.candidates.map((c) => c.uscc)).toEqual([...new Set(codes)].sort());
  });
});
