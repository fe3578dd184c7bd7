// The published inspector matching: pseudonymous officers (a key per plan), the frozen eligibility
// of each drawn business, the assignment; re-run from the document alone by verify-draw, which
// says where a document differs (a swapped officer, an edited eligibility, a load over the cap).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Inspector, RiskClass } from '../platforms/data/model';
import { runScript } from './helpers/script';
import { syntheticUscc } from './helpers/uscc';
import {
  DrawError,
  buildDrawDocument,
  freezeCandidates,
  matchInspectors,
  matchingSection,
  pseudonymiser,
  verifyDrawText,
  withMatching,
  type DrawDocument,
  type MatchInput,
  type UnitMatchSpec,
} from '../subgraphs/joint-office/draw';

const makeUscc = (n: number): string => syntheticUscc(n);

const CLASSES: RiskClass[] = ['A', 'B', 'C', 'D'];
const frozen = freezeCandidates(Array.from({ length: 160 }, (_, i) => ({ uscc: makeUscc(i * 61 + 5), riskClass: CLASSES[i % 4] })));
const drawOnly = buildDrawDocument(frozen, { seed: '2026-03-02 07.19.23/05', ratios: { A: 0.1, B: 0.2, C: 0.3, D: 0.5 } });
const drawn = drawOnly.drawn.map((d) => d.uscc);
const KEY_1 = 'a1'.repeat(32);
const KEY_2 = '5e'.repeat(32);

function inspector(unitCode: string, n: number, conflicts: string[] = []): Inspector {
  return {
    id: `${unitCode}-R${String(n).padStart(4, '0')}`,
    unitCode,
    name: `检查员${n}`,
    phone: '13800000000',
    certificateNo: `CERT${n}`,
    certificateValidUntil: '2027-12-31',
    active: true,
    specialties: ['食品安全', '消防安全'],
    conflicts,
  };
}

/**
 * Two units of 12 officers; the first three record conflicts with drawn businesses (given as
 * `code` returns them); every third business has last time's inspectors. The cap binds.
 */
function units(code: (uscc: string, k: number) => string = (uscc) => uscc): UnitMatchSpec[] {
  return ['market', 'fire'].map((unitCode) => {
    const inspectors = Array.from({ length: 12 }, (_, n) => inspector(unitCode, n, n < 3 ? [code(drawn[n], n), code(drawn[n + 5], n + 5)] : []));
    const lastInspectors = new Map(drawn.filter((_, i) => i % 3 === 0).map((uscc, i) => [uscc, [`${unitCode}-R${String((i + 4) % 12).padStart(4, '0')}`]]));
    return { unitCode, inspectors, requiredSpecialties: ['食品安全'], lastInspectors };
  });
}

const WORKLOAD_CAP = Math.ceil((drawn.length * 2) / 12) + 1;

function input(key: string | undefined, specs = units()): MatchInput {
  return { draw: drawOnly, units: specs, perBusiness: 2, workloadCap: WORKLOAD_CAP, periodEnd: '2026-11-30', pseudonymKey: key };
}

function published(key: string, specs = units()): DrawDocument {
  return withMatching(drawOnly, matchingSection(matchInspectors(input(key, specs))));
}

const honest = published(KEY_1);
type Json = Record<string, any>; // a parsed document, altered freely below
const copy = (): Json => JSON.parse(JSON.stringify(honest));
const fieldsOf = (doc: Json) => verifyDrawText(JSON.stringify(doc)).problems.map((p) => p.field);

/** Officer k's load in unit u, from the document. */
function loads(doc: Json, u: number): Map<string, number> {
  const load = new Map<string, number>();
  for (const b of doc.matching.businesses) for (const p of b.units[u].assigned) load.set(p, (load.get(p) ?? 0) + 1);
  return load;
}

describe('the published matching', () => {
  it('verifies as MATCH, also re-formatted, and names no officer', () => {
    expect(drawn.length).toBeGreaterThan(30);
    expect(verifyDrawText(JSON.stringify(honest))).toEqual({ match: true, problems: [] });
    expect(verifyDrawText(JSON.stringify(honest, null, 2)).match).toBe(true);
    const text = JSON.stringify(honest);
    expect(text).not.toMatch(/-R\d{4}/);
    expect(text).not.toContain('检查员');
    const { matching } = honest;
    expect(matching!.businesses.map((b) => b.uscc)).toEqual(drawn);
    expect(matching!.units.map((u) => u.officers.length)).toEqual([12, 12]);
    for (const unit of matching!.units) expect([...unit.officers].sort()).toEqual(unit.officers);
  });

  it('holds the matching the engine made: the assignment resolves to its inspector ids', () => {
    const record = matchInspectors(input(KEY_1));
    record.evidence!.units.forEach((unit, u) => {
      const idOf = new Map(unit.officers.map((p, k) => [p, unit.officerIds[k]]));
      record.assignments.forEach((assignment, i) => {
        expect(honest.matching!.businesses[i].units[u].assigned.map((p) => idOf.get(p)).sort()).toEqual(assignment.units[u].inspectorIds);
      });
    });
  });

  it('the draw seal covers the matching: removing the section is a mismatch', () => {
    const doc = copy();
    delete doc.matching;
    expect(fieldsOf(doc)).toEqual(['drawSha256']);
  });
});

describe('verify-draw says where a matching was altered', () => {
  it('a swapped officer', () => {
    const doc = copy();
    const entry = doc.matching.businesses[4].units[1];
    const excluded = new Set(entry.excluded);
    const stranger = doc.matching.units[1].officers.find((p: string) => !entry.assigned.includes(p) && !excluded.has(p));
    entry.assigned = [entry.assigned[0], stranger].sort();
    const result = verifyDrawText(JSON.stringify(doc));
    expect(result.match).toBe(false);
    expect(result.problems).toContainEqual({ field: 'matching.businesses[4].units[1].assigned', expected: honest.matching!.businesses[4].units[1].assigned.join(','), actual: entry.assigned.join(',') });
  });

  it('an edited eligibility: an excluded officer assigned, a conflict removed', () => {
    // The eligibility says an assigned officer may not inspect the business.
    const assignedExcluded = copy();
    const entry = assignedExcluded.matching.businesses[2].units[0];
    entry.excluded = [...entry.excluded, entry.assigned[1]].sort();
    const problems = verifyDrawText(JSON.stringify(assignedExcluded)).problems;
    expect(problems).toContainEqual({ field: 'matching.businesses[2].units[0].assigned', expected: 'officers eligible for the business (not excluded)', actual: `${entry.assigned[1]} is excluded` });
    expect(problems.map((p) => p.field)).toContain('matching.matchingSha256');

    // A recorded conflict dropped from the eligibility, nothing else touched.
    const dropped = copy();
    const index = dropped.matching.businesses.findIndex((b: Json) => b.units[0].excluded.length > 0);
    dropped.matching.businesses[index].units[0].excluded.pop();
    const fields = fieldsOf(dropped);
    expect(fields).toContain('matching.matchingSha256');
    expect(fields).toContain('drawSha256');
  });

  it('a load over the cap: the officer is named, and the cap itself is sealed', () => {
    const doc = copy();
    const load = loads(doc, 0);
    const busy = [...load].find(([, n]) => n === WORKLOAD_CAP)?.[0];
    expect(busy).toBeDefined(); // the cap binds in this fixture
    const i = doc.matching.businesses.findIndex((b: Json) => !b.units[0].assigned.includes(busy) && !b.units[0].excluded.includes(busy));
    const entry = doc.matching.businesses[i].units[0];
    entry.assigned = [entry.assigned[0], busy].sort();
    const k = doc.matching.units[0].officers.indexOf(busy);
    const problems = verifyDrawText(JSON.stringify(doc)).problems;
    expect(problems).toContainEqual({ field: `matching.units[0].officers[${k}]`, expected: `at most ${WORKLOAD_CAP} businesses (workload cap)`, actual: `${WORKLOAD_CAP + 1} businesses (${busy})` });
    expect(problems.map((p) => p.field)).toContain(`matching.businesses[${i}].units[0].assigned`);

    const lowered = copy();
    lowered.matching.workloadCap = WORKLOAD_CAP - 1;
    const loweredFields = fieldsOf(lowered);
    expect(loweredFields).toContain(`matching.units[0].officers[${k}]`);
    expect(loweredFields).toContain('drawSha256');
  });

  it('reads the section strictly: unknown fields, keys given twice, malformed pseudonyms, misaligned businesses', () => {
    const doc = copy();
    doc.matching.inspectors = ['market-R0001'];
    doc.matching.units[0].names = ['检查员1'];
    doc.matching.businesses[1].units[0].reason = 'conflict';
    const result = verifyDrawText(JSON.stringify(doc));
    expect(result.problems.filter((p) => p.expected === 'no such field').map((p) => p.field)).toEqual(['matching.inspectors', 'matching.units[0].names', 'matching.businesses[1].units[0].reason']);

    const twice = JSON.stringify(honest).replace('"workloadCap":', '"workloadCap":99,"workloadCap":');
    expect(verifyDrawText(twice).problems[0]).toEqual({ field: 'matching.workloadCap', expected: 'a key given once', actual: 'given twice' });

    const named = copy();
    named.matching.businesses[0].units[1].assigned[0] = 'fire-R0003';
    expect(fieldsOf(named)).toContain('matching.businesses[0].units[1].assigned[0]');

    const shifted = copy();
    shifted.matching.businesses.push(shifted.matching.businesses.shift());
    expect(fieldsOf(shifted)).toContain('matching.businesses[0].uscc');

    const short = copy();
    short.matching.perBusiness = 1;
    expect(fieldsOf(short)).toContain('matching.perBusiness');
  });
});

describe('pseudonyms', () => {
  it('differ across two plans for the same officer, and each plan re-runs from its own document', () => {
    const other = published(KEY_2);
    expect(verifyDrawText(JSON.stringify(other)).match).toBe(true);
    honest.matching!.units.forEach((unit, u) => {
      const theirs = new Set(other.matching!.units[u].officers);
      expect(unit.officers.filter((p) => theirs.has(p))).toEqual([]);
    });
    // The same officer, two pseudonyms; either resolves only with its own plan's key.
    const id = 'market-R0007';
    expect(pseudonymiser(KEY_1, 'market')(id)).not.toBe(pseudonymiser(KEY_2, 'market')(id));
    expect(honest.matching!.units[0].officers).toContain(pseudonymiser(KEY_1, 'market')(id));
    expect(other.matching!.units[0].officers).toContain(pseudonymiser(KEY_2, 'market')(id));
  });

  it('a key that is not 64 hex digits is refused', () => {
    expect(() => matchInspectors(input('not a key'))).toThrow(DrawError);
    expect(() => matchInspectors(input('A1'.repeat(32)))).toThrow(/pseudonymKey/);
  });

  it('without a key nothing is published (the record keeps ids only)', () => {
    expect(matchInspectors(input(undefined)).evidence).toBeUndefined();
    expect(() => matchingSection(matchInspectors(input(undefined)))).toThrow(TypeError);
  });
});

describe('conflicts normalised before matching', () => {
  it('a conflict recorded in lower case, full width or with spaces excludes the officer like the canonical code', () => {
    const noisy = (uscc: string, k: number) => [` ${uscc.toLowerCase()}`, uscc.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)), `${uscc.slice(0, 8)} ${uscc.slice(8)}\u3000`][k % 3];
    const fromNoisy = published(KEY_1, units(noisy));
    expect(fromNoisy.matching).toEqual(honest.matching);
    // And the exclusion is in the published eligibility: officer n < 3 is excluded from drawn[n].
    for (const [u, unitCode] of ['market', 'fire'].entries()) {
      for (let n = 0; n < 3; n++) {
        const p = pseudonymiser(KEY_1, unitCode)(`${unitCode}-R${String(n).padStart(4, '0')}`);
        expect(fromNoisy.matching!.businesses[n].units[u].excluded).toContain(p);
        expect(fromNoisy.matching!.businesses[n].units[u].assigned).not.toContain(p);
      }
    }
    // Ignoring them would give another eligibility (so the comparison above can fail).
    const ignored = published(KEY_1, units((uscc) => `X${uscc}`));
    expect(ignored.matching!.businesses[0].units[0].excluded).not.toEqual(honest.matching!.businesses[0].units[0].excluded);
  });
});

describe('npm run verify-draw on a document with matching', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-matching-'));
  const cli = (file: string) => runScript('verify-draw', [file]);

  it('MATCH re-runs the matching; MISMATCH names the swapped officer', async () => {
    const good = join(dir, 'good.json');
    const bad = join(dir, 'bad.json');
    writeFileSync(good, JSON.stringify(honest));
    const doc = copy();
    doc.matching.businesses[0].units[0].assigned.reverse();
    writeFileSync(bad, JSON.stringify(doc));
    const [onGood, onBad] = await Promise.all([good, bad].map(cli));
    expect(onGood.code).toBe(0);
    expect(onGood.out).toMatch(new RegExp(`^  inspector matching re-run: ${drawn.length} businesses × 2 units, 2 officers each, loads within the cap of ${WORKLOAD_CAP}`, 'm'));
    expect(onBad.code).toBe(1);
    expect(onBad.out).toContain('matching.businesses[0].units[0].assigned[1]: expected "a pseudonym after');
  }, 60_000);
});
