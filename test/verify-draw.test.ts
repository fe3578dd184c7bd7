import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RiskClass } from '../platforms/data/model';
import { runScript } from './helpers/script';
import { syntheticUscc } from './helpers/uscc';
import { buildDrawDocument, documentTextWithHead, freezeCandidates, verifyDrawDocument, verifyDrawText, type DrawDocument } from '../subgraphs/joint-office/draw';

const makeUscc = (n: number): string => syntheticUscc(n, '440803');

const CLASSES: RiskClass[] = ['A', 'B', 'C', 'D'];
const frozen = freezeCandidates(Array.from({ length: 120 }, (_, i) => ({ uscc: makeUscc(i * 53 + 11), riskClass: CLASSES[i % 4] })));
const original = buildDrawDocument(frozen, { seed: '2026-03-02 07.19.23/05', ratios: { A: 0.05, B: 0.2, C: 0.6, D: 1 }, minTargets: 10, maxTargets: 80 });

type Json = Record<string, any>; // a parsed document, altered freely below
const copy = (): Json => JSON.parse(JSON.stringify(original));
const undrawn = frozen.candidates.find((c) => !original.drawn.some((d) => d.uscc === c.uscc))!;

/** One alteration per line: [top-level field, description, change, a field the verifier must name]. */
const ALTERATIONS: [keyof DrawDocument, string, (doc: Json) => void, string][] = [
  ['algorithm', 'another algorithm', (d) => (d.algorithm = 'mt19937'), 'algorithm'],
  ['version', 'another version', (d) => (d.version = 2), 'version'],
  ['seed', 'another seed', (d) => (d.seed = '2026-03-02 07.19.23/06'), 'drawSha256'],
  ['seed', 'a forbidden seed', (d) => (d.seed = 'a|b'), 'seed'],
  ['ratios', 'a ratio that changes the count', (d) => (d.ratios.B = 0.5), 'counts.B.drawn'],
  ['ratios', 'a ratio that leaves the count unchanged', (d) => (d.ratios.A = 0.051), 'drawSha256'],
  ['ratios', 'a ratio out of range', (d) => (d.ratios.C = 1.2), 'ratios.C'],
  ['rounding', 'another rounding rule', (d) => (d.rounding = 'half-even'), 'rounding'],
  ['minTargets', 'another minimum', (d) => (d.minTargets = 11), 'drawSha256'],
  ['maxTargets', 'another maximum', (d) => (d.maxTargets = 81), 'drawSha256'],
  ['maxTargets', 'a removed maximum', (d) => delete d.maxTargets, 'maxTargets'],
  ['candidateSha256', 'another candidate hash', (d) => (d.candidateSha256 = '0'.repeat(64)), 'candidateSha256'],
  ['counts', 'a class count', (d) => (d.counts.C.candidates += 1), 'counts.C.candidates'],
  ['counts', 'a drawn count', (d) => (d.counts.D.drawn -= 1), 'counts.D.drawn'],
  ['drawn', 'a drawn code replaced', (d) => (d.drawn[0].uscc = undrawn.uscc), 'drawn[0]'],
  ['drawn', 'a drawn class changed', (d) => (d.drawn[1].riskClass = d.drawn[1].riskClass === 'A' ? 'B' : 'A'), 'drawn[1]'],
  ['drawn', 'a drawn business removed', (d) => d.drawn.pop(), 'drawn.length'],
  ['drawn', 'the drawn order swapped', (d) => d.drawn.push(...d.drawn.splice(0, 2).reverse()), 'drawn[0]'],
  ['drawSha256', 'another seal', (d) => (d.drawSha256 = 'f'.repeat(64)), 'drawSha256'],
  ['candidates', "a candidate's class", (d) => (d.candidates[7].riskClass = d.candidates[7].riskClass === 'D' ? 'C' : 'D'), 'candidateSha256'],
  ['candidates', 'two candidates swapped', (d) => d.candidates.splice(3, 2, d.candidates[4], d.candidates[3]), 'candidates[4].uscc'],
  ['candidates', 'a candidate removed', (d) => d.candidates.splice(60, 1), 'candidateSha256'],
  ['candidates', 'a candidate duplicated', (d) => d.candidates.splice(9, 0, { ...d.candidates[9] }), 'candidates[10].uscc'],
  ['candidates', 'an invalid credit code', (d) => (d.candidates[2].uscc = d.candidates[2].uscc.slice(0, 17) + 'Z'), 'candidates[2].uscc'],
  ['candidates', 'no candidates at all', (d) => (d.candidates = []), 'candidates'],
];

describe('verifyDrawDocument', () => {
  it('matches an untouched document, in memory and after JSON', () => {
    expect(verifyDrawDocument(original)).toEqual({ match: true, problems: [] });
    expect(verifyDrawDocument(copy())).toEqual({ match: true, problems: [] });
  });

  it.each(ALTERATIONS)('fails when %s is altered (%s)', (_, __, alter, field) => {
    const doc = copy();
    alter(doc);
    const result = verifyDrawDocument(doc);
    expect(result.match).toBe(false);
    expect(result.problems.map((p) => p.field)).toContain(field);
  });

  it('has an alteration for every field of the document', () => {
    expect(new Set(ALTERATIONS.map(([field]) => field))).toEqual(new Set(Object.keys(original)));
  });

  it('reports expected and actual values where they differ', () => {
    const doc = copy();
    doc.counts.A.candidates = 99;
    expect(verifyDrawDocument(doc).problems).toEqual([{ field: 'counts.A.candidates', expected: 30, actual: 99 }]);
  });

  it('says what is wrong with things that are not documents', () => {
    expect(verifyDrawDocument([1, 2]).problems).toEqual([{ field: 'document', expected: 'a JSON object', actual: '[1,2]' }]);
    expect(verifyDrawDocument({}).match).toBe(false);
  });

  it('lists at most 20 differences of one kind and sums up the rest', () => {
    const doc = copy();
    doc.drawn = doc.drawn.map((d: Json) => ({ ...d, uscc: 'X' }));
    const drawnProblems = verifyDrawDocument(doc).problems.filter((p) => p.field.startsWith('drawn'));
    expect(drawnProblems).toHaveLength(21);
    expect(drawnProblems[20]).toEqual({ field: 'drawn', expected: 'no further differences', actual: `${original.drawn.length - 20} more not listed` });
  });
});

describe('strict reading', () => {
  it('refuses fields the format does not have, at every level', () => {
    const doc = copy();
    doc.inspectors = [{ uscc: doc.drawn[0].uscc, ids: ['market-001'] }];
    doc.ratios.E = 0.5;
    doc.counts.B.recused = 1;
    doc.drawn[2].note = '重点';
    doc.candidates[5].inspector = 'x';
    const result = verifyDrawDocument(doc);
    expect(result.match).toBe(false);
    expect(result.problems.filter((p) => p.expected === 'no such field').map((p) => p.field)).toEqual(['inspectors', 'ratios.E', 'counts.B.recused', 'drawn[2].note', 'candidates[5].inspector']);
  });

  it('refuses a key given twice, naming where, however the value differs', () => {
    const text = JSON.stringify(original);
    const twice = text.replace('"seed":', '"seed":"another seed","seed":');
    expect(JSON.parse(twice).seed).toBe(original.seed); // JSON.parse alone would take the last one
    expect(verifyDrawText(twice)).toEqual({ match: false, problems: [{ field: 'seed', expected: 'a key given once', actual: 'given twice' }] });
    const nested = text.replace('"riskClass":', '"riskClass":"A","riskClass":');
    expect(verifyDrawText(nested).problems[0]).toEqual({ field: 'drawn[0].riskClass', expected: 'a key given once', actual: 'given twice' });
    const inCounts = text.replace('"counts":{"A":{', '"counts":{"A":{"drawn":0,');
    expect(verifyDrawText(inCounts).problems[0].field).toBe('counts.A.drawn');
  });

  it('accepts harmless re-formatting: indentation, key order, escapes, colons inside strings', () => {
    expect(verifyDrawText(JSON.stringify(original, null, 2)).match).toBe(true);
    const reordered = Object.fromEntries(Object.entries(copy()).reverse());
    reordered.counts = Object.fromEntries(Object.entries(reordered.counts).reverse());
    expect(verifyDrawText(JSON.stringify(reordered, null, '\t')).match).toBe(true);
    const escaped = JSON.stringify(original).replace('"algorithm"', '"\\u0061lgorithm"');
    expect(verifyDrawText(escaped).match).toBe(true);
    const doc = copy();
    doc.seed = '2026-03-02 07:19:23 "公开" 摇号';
    const withColons = buildDrawDocument(frozen, { seed: doc.seed, ratios: original.ratios, minTargets: 10, maxTargets: 80 });
    expect(verifyDrawText(JSON.stringify(withColons)).match).toBe(true);
  });

  it('accepts the office chain head (a separate field, text placed before candidates), and only in its shape', () => {
    const head = { seq: 41, sha256: 'ab'.repeat(32) };
    const text = documentTextWithHead(original)(head);
    expect(JSON.parse(text)).toEqual({ ...copy(), chainHead: head });
    const { candidates, ...rest } = copy();
    expect(text).toBe(JSON.stringify({ ...rest, chainHead: head, candidates }));
    expect(verifyDrawText(text)).toEqual({ match: true, problems: [] });
    for (const chainHead of [{ ...head, at: 'now' }, { seq: -1, sha256: head.sha256 }, { seq: 41, sha256: 'AB'.repeat(32) }, 'head']) {
      const problems = verifyDrawDocument({ ...copy(), chainHead }).problems;
      expect(problems.map((p) => p.field)).toEqual(['chainHead']);
    }
  });
});

describe('npm run verify-draw (the stand-alone command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-draw-'));
  const cli = (file: string) => runScript('verify-draw', [file]);

  it('prints MATCH / MISMATCH and exits 0 / 1 / 2', async () => {
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    const garbage = join(dir, 'garbage.json');
    writeFileSync(good, JSON.stringify(original));
    const altered = copy();
    altered.seed = 'another seed';
    writeFileSync(bad, JSON.stringify(altered));
    writeFileSync(garbage, '{ not json');
    const twice = join(dir, 'twice.json');
    writeFileSync(twice, JSON.stringify(original, null, 2).replace('"drawSha256":', '"drawSha256": "0",\n  "drawSha256":'));
    const [onGood, onBad, onGarbage, onMissing, onTwice] = await Promise.all([good, bad, garbage, join(dir, 'missing.json'), twice].map(cli));
    expect(onTwice.code).toBe(1);
    expect(onTwice.out).toContain('drawSha256: expected "a key given once"');
    expect(onGood.code).toBe(0);
    expect(onGood.out).toMatch(/^MATCH: \d+ of 120 candidates drawn/m);
    expect(onBad.code).toBe(1);
    expect(onBad.out).toMatch(/^MISMATCH/m);
    expect(onBad.out).toContain('drawSha256: expected');
    expect(onGarbage.code).toBe(2);
    expect(onGarbage.out).toContain('not JSON');
    expect(onMissing.code).toBe(2);
    expect(onMissing.out).toContain('cannot read');
  }, 60_000);
});
