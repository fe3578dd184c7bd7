// Re-checking draws (verifyDraw in the graph, and `npm run verify-draw -- FILE` with no access
// to the system), determinism of the draw, generated seeds, idempotent and concurrent composes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from './helpers/system';
import { CREATE, DRAW, VISITS, call, cateringPlan, errorCode, ok, publishedPlan, composeFresh } from './helpers/joint-plans';

let system: TestSystem;
let folder = '';
let first: { id: string; draw: any };
const VERIFY = `query ($document: String!) { verifyDraw(document: $document) { match problems { field expected actual } } }`;

beforeAll(async () => {
  system = await startTestSystem();
  folder = mkdtempSync(join(tmpdir(), 'verify-draw-'));
  first = await publishedPlan(system, 'evidence-1', 'witnessed 2026-01-02: 3 14 15 92 65');
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await system?.close();
});

function verifyCli(text: string): { status: number | null; stdout: string } {
  const file = join(folder, `draw-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, text);
  const run = spawnSync('npm', ['run', '--silent', 'verify-draw', '--', file], { cwd: new URL('..', import.meta.url).pathname, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout };
}

describe('re-checking a published draw', () => {
  it('the published document matches, in the graph (as the public) and with the command', async () => {
    const evidence = await ok(system, `query ($id: ID!) { jointPlan(id: $id) { draw { document documentSha256 drawSha256 } } }`, { id: first.id }, { kind: 'public' });
    const { document, drawSha256 } = evidence.jointPlan.draw;
    expect(JSON.parse(document).drawSha256).toBe(drawSha256);
    const verified = await ok(system, VERIFY, { document }, { kind: 'public' });
    expect(verified.verifyDraw).toEqual({ match: true, problems: [] });
    const cli = verifyCli(document);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toMatch(/^MATCH: 4 of 5 candidates drawn/);
  });

  it('an altered document fails, saying where', async () => {
    const document = JSON.parse(first.draw.plan.draw.document);
    const swapped = { ...document, drawn: document.drawn.map((d: { uscc: string }, i: number) => (i === 0 ? { ...d, uscc: document.candidates.find((c: { uscc: string }) => !document.drawn.some((x: { uscc: string }) => x.uscc === c.uscc)).uscc } : d)) };
    const reseeded = { ...document, seed: 'another seed' };
    for (const altered of [swapped, reseeded]) {
      const text = JSON.stringify(altered);
      const verified = await ok(system, VERIFY, { document: text });
      expect(verified.verifyDraw.match).toBe(false);
      expect(verified.verifyDraw.problems.length).toBeGreaterThan(0);
      const cli = verifyCli(text);
      expect(cli.status).toBe(1);
      expect(cli.stdout).toMatch(/^MISMATCH/);
    }
    const fields = (await ok(system, VERIFY, { document: JSON.stringify(swapped) })).verifyDraw.problems.map((p: { field: string }) => p.field);
    expect(fields).toContain('drawn[0]');
    const broken = await ok(system, VERIFY, { document: '{not json' });
    expect(broken.verifyDraw).toMatchObject({ match: false, problems: [{ field: 'document', expected: 'JSON' }] });
  });
});

describe('determinism', () => {
  it('the same inputs and seed give the identical draw; each plan has its own officer pseudonyms', async () => {
    const again = await publishedPlan(system, 'evidence-2', 'witnessed 2026-01-02: 3 14 15 92 65');
    expect(again.id).not.toBe(first.id);
    const [a, b] = [first, again].map((plan) => JSON.parse(plan.draw.plan.draw.document));
    const drawPart = ({ drawSha256: _seal, matching: _matching, chainHead: _head, ...rest }: Record<string, unknown>) => rest;
    expect(drawPart(b)).toEqual(drawPart(a));
    // Stored later, after the first: a later head of the office's chain.
    expect(b.chainHead.seq).toBeGreaterThan(a.chainHead.seq);
    // The same qualified officers, under unrelated pseudonyms (a key per plan): nothing links the plans.
    a.matching.units.forEach((unit: { unitCode: string; officers: string[] }, u: number) => {
      expect(b.matching.units[u]).toMatchObject({ unitCode: unit.unitCode });
      expect(b.matching.units[u].officers).toHaveLength(unit.officers.length);
      expect(unit.officers.filter((p) => b.matching.units[u].officers.includes(p))).toEqual([]);
    });
    // Each matching is determined by its document: the visits follow it (draw README §7).
    const visits = (await ok(system, VISITS, { id: again.id })).jointPlan.visits;
    expect(visits.map((v: { uscc: string }) => v.uscc)).toEqual(b.drawn.map((d: { uscc: string }) => d.uscc));
  });

  it('another seed gives another draw', async () => {
    const base = first.draw.plan;
    const drawnLists = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const created = await composeFresh(system, cateringPlan(), `evidence-seed-${i}`);
      const drawn = (await ok(system, DRAW, { id: created.id, seed: `evidence seed 2026-${i}` })).drawJointPlan.plan;
      expect(drawn.draw.drawSha256).not.toBe(base.draw.drawSha256);
      expect(drawn.draw.candidateSha256).toBe(base.draw.candidateSha256);
      drawnLists.add(JSON.stringify(drawn.drawnBusinesses));
    }
    // Two A-class candidates, one drawn: six seeds all picking the same one would be a broken generator.
    expect(drawnLists.size).toBe(2);
  });

  it('without a seed, one is generated with node:crypto and recorded', async () => {
    const created = await composeFresh(system, cateringPlan(), 'evidence-generated');
    const drawn = (await ok(system, DRAW, { id: created.id })).drawJointPlan;
    expect(drawn.seedGenerated).toBe(true);
    expect(drawn.plan.draw.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.parse(drawn.plan.draw.document).seed).toBe(drawn.plan.draw.seed);
  });
});

describe('idempotent, concurrent composing', () => {
  const titled = async (title: string) => (await ok(system, `{ jointPlans(filter: { year: 2026 }) { id title } }`, {})).jointPlans.filter((p: { title: string }) => p.title === title);

  it('the same idempotency key twice gives one plan; with another input, IDEMPOTENCY_CONFLICT', async () => {
    const input = cateringPlan({ title: '幂等测试', periodStart: '2026-03-02', periodEnd: '2026-03-06' });
    const a = await ok(system, CREATE, { input, key: 'same-key' });
    const b = await ok(system, CREATE, { input, key: 'same-key' });
    expect(b.createJointPlan.id).toBe(a.createJointPlan.id);
    expect(await titled('幂等测试')).toHaveLength(1);
    const other = await call(system, CREATE, { input: cateringPlan({ title: '幂等测试', periodStart: '2026-03-02', periodEnd: '2026-03-05' }), key: 'same-key' });
    expect(errorCode(other)).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('concurrent composes do not corrupt each other', async () => {
    // Six months apart, so they are not duplicates of one another.
    const inputs = Array.from({ length: 6 }, (_, i) => cateringPlan({ title: `并发 ${i}`, workloadCap: 10 + i, periodStart: `2026-0${4 + i}-01`, periodEnd: `2026-0${4 + i}-28` }));
    const answers = await Promise.all([
      ...inputs.map((input, i) => ok(system, CREATE, { input, key: `concurrent-${i}` })),
      ...inputs.map((input, i) => ok(system, CREATE, { input, key: `concurrent-${i}` })),
    ]);
    const ids = answers.map((a) => a.createJointPlan.id);
    expect(new Set(ids).size).toBe(6);
    for (let i = 0; i < 6; i++) {
      expect(ids[i]).toBe(ids[i + 6]);
      const [plan] = await titled(`并发 ${i}`);
      expect(plan.id).toBe(ids[i]);
      const detail = await ok(system, `query ($id: ID!) { jointPlan(id: $id) { title workloadCap state } }`, { id: ids[i] });
      expect(detail.jointPlan).toEqual({ title: `并发 ${i}`, workloadCap: 10 + i, state: 'DRAFT' });
    }
  });
});
