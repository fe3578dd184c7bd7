import { describe, expect, it } from 'vitest';
import { dataCityOf, dataCityOfCertificate, dataCityOfUscc, SUIZHOU_DIVISIONS, ZHANJIANG_DIVISIONS } from '../config/divisions';
import { MEMBER_UNITS } from '../config/units';
import { isValidUscc } from '../lib/uscc';
import { dayNumber } from '../platforms/data/dates';
import { DIRECTORY_RULES } from '../platforms/data/directory-rules';
import { datasetFor, generateDataset, SCALE_SIZES } from '../platforms/data/generate';
import type { Dataset, Scale, Task } from '../platforms/data/model';
import { SUIZHOU_PLACE } from '../platforms/data/places';

const data = datasetFor('test');
const units = Object.values(data.units);
const allTasks = units.flatMap((u) => u.tasks);
/** The data year's tasks (the truth is of the data year; 2024 is there for the trend). */
const tasks = allTasks.filter((t) => t.plannedOn.startsWith('2025'));
const divisionCodes = new Set([...ZHANJIANG_DIVISIONS, ...SUIZHOU_DIVISIONS].map((d) => d.code));
const registry = new Map(data.enterprises.map((e) => [e.uscc, e]));
const DEADLINES: Record<string, string> = { '440800': '2025-03-30', '421300': '2025-01-31' };

describe('generateDataset: identity and determinism', () => {
  it('describes Zhanjiang and Suizhou, data year 2025, at the requested scale and default seed', () => {
    expect(data).toMatchObject({ scale: 'test', seed: 20250101, jurisdiction: '440800', jurisdictions: ['440800', '421300'], year: 2025 });
    expect(data.enterprises).toHaveLength(SCALE_SIZES.test + SUIZHOU_PLACE.sizes.test);
    expect(data.enterprises.filter((e) => dataCityOfUscc(e.uscc) === '440800')).toHaveLength(SCALE_SIZES.test);
    expect(data.enterprises.filter((e) => dataCityOfUscc(e.uscc) === '421300')).toHaveLength(400);
    expect(SCALE_SIZES.default).toBeGreaterThan(SCALE_SIZES.test);
    expect(SCALE_SIZES.city).toBeGreaterThan(SCALE_SIZES.default);
    expect(Object.keys(data.units)).toEqual(MEMBER_UNITS.map((u) => u.code));
  });

  it('is deterministic per seed and differs between seeds', () => {
    const again = generateDataset({ scale: 'test', seed: 20250101 });
    expect(again).toEqual(data);
    const other = generateDataset({ scale: 'test', seed: 7 });
    expect(other.enterprises[0].uscc).not.toBe(data.enterprises[0].uscc);
    expect(other.truth.duplicateVisits).not.toEqual(data.truth.duplicateVisits);
  });

  it('memoises datasetFor per scale and seed', () => {
    expect(datasetFor('test')).toBe(data);
    expect(datasetFor('test', 20250101)).toBe(data);
  });

  it('rejects an unknown scale and a non-integer seed', () => {
    expect(() => generateDataset({ scale: 'huge' as Scale })).toThrow(/unknown scale/);
    expect(() => generateDataset({ scale: 'test', seed: 1.5 })).toThrow(/integer/);
  });
});

describe('enterprise registry', () => {
  it('has valid, unique USCCs of Zhanjiang and Suizhou divisions, addresses in their own province', () => {
    expect(new Set(data.enterprises.map((e) => e.uscc)).size).toBe(data.enterprises.length);
    expect(new Set(data.enterprises.map((e) => e.name)).size).toBe(data.enterprises.length);
    const bad = data.enterprises.filter(
      (e) => !isValidUscc(e.uscc) || !/^9[123]/.test(e.uscc) || e.uscc.slice(2, 8) !== e.divisionCode || !divisionCodes.has(e.divisionCode),
    );
    expect(bad).toEqual([]);
    expect(new Set(data.enterprises.map((e) => e.uscc[1]))).toEqual(new Set(['1', '2', '3']));
    const suizhou = data.enterprises.filter((e) => dataCityOfUscc(e.uscc) === '421300');
    expect(new Set(suizhou.map((e) => e.divisionCode))).toEqual(new Set(['421303', '421321', '421381']));
    expect(suizhou.every((e) => e.address.startsWith('湖北省随州市'))).toBe(true);
    expect(data.enterprises.filter((e) => dataCityOfUscc(e.uscc) === '440800').every((e) => e.address.startsWith('广东省湛江市'))).toBe(true);
  });

  it('is mostly operating, with closing days only for closed businesses', () => {
    const share = (status: string) => data.enterprises.filter((e) => e.status === status).length / data.enterprises.length;
    expect(share('operating')).toBeGreaterThan(0.85);
    for (const status of ['abnormal', 'revoked', 'deregistered']) expect(share(status)).toBeGreaterThan(0);
    const wrongClosing = data.enterprises.filter(
      (e) => (e.closedOn !== undefined) !== (e.status === 'revoked' || e.status === 'deregistered') || (e.closedOn ?? '9') < e.establishedOn,
    );
    expect(wrongClosing).toEqual([]);
  });

  it('keeps 1-3 risk records of real class changes, A..D roughly 40/35/18/7', () => {
    const counts: Record<string, number> = { A: 0, B: 0, C: 0, D: 0 };
    const bad = data.enterprises.filter(
      (e) =>
        e.riskHistory.length < 1 ||
        e.riskHistory.length > 3 ||
        e.riskHistory.some((r, i) => i > 0 && (r.classifiedOn <= e.riskHistory[i - 1].classifiedOn || r.riskClass === e.riskHistory[i - 1].riskClass)),
    );
    expect(bad).toEqual([]);
    for (const e of data.enterprises) counts[e.riskHistory[e.riskHistory.length - 1].riskClass]++;
    const n = data.enterprises.length;
    expect(counts.A / n).toBeGreaterThan(0.32);
    expect(counts.A / n).toBeLessThan(0.46);
    expect(counts.D / n).toBeGreaterThan(0.04);
    expect(counts.D / n).toBeLessThan(0.14);
  });
});

describe('directories, items and inspectors', () => {
  it('lists only registered, open businesses, each once per unit', () => {
    for (const unit of units) {
      expect(new Set(unit.directory.map((d) => d.uscc)).size).toBe(unit.directory.length);
      const bad = unit.directory.filter((entry) => {
        const e = registry.get(entry.uscc);
        return !e || !['operating', 'abnormal'].includes(e.status) || entry.industryCode !== e.industryCode || entry.tags.length === 0;
      });
      expect(bad, unit.unitCode).toEqual([]);
    }
    const operating = data.enterprises.filter((e) => e.status === 'operating').length;
    expect(data.units.market.directory.length / operating).toBeGreaterThan(0.95);
    expect(data.units.education.directory.every((d) => d.industryCode.startsWith('83'))).toBe(true);
    expect(data.units.housing.directory.every((d) => /^(4|50|70)/.test(d.industryCode))).toBe(true);
  });

  it('gives every unit 5-15 items whose numbers the directory rules use', () => {
    for (const unit of units) {
      expect(unit.items.length).toBeGreaterThanOrEqual(5);
      expect(unit.items.length).toBeLessThanOrEqual(15);
      unit.items.forEach((item, i) => expect(item.code).toBe(`${unit.unitCode}-I${String(i + 1).padStart(2, '0')}`));
      for (const segment of DIRECTORY_RULES[unit.unitCode]) for (const n of segment.items) expect(n).toBeLessThanOrEqual(unit.items.length);
    }
  });

  it('groups equivalent items of different units that share a law', () => {
    const items = new Map(units.flatMap((u) => u.items).map((i) => [i.code, i]));
    expect(data.truth.equivalentItems.length).toBeGreaterThanOrEqual(5);
    for (const group of data.truth.equivalentItems) {
      const members = group.map((code) => items.get(code));
      expect(members.every(Boolean)).toBe(true);
      expect(new Set(members.map((m) => m?.unitCode)).size).toBe(group.length);
      const laws = members.map((m) => new Set(m?.legalBasis.match(/《[^》]+》第[^、，》《]+条/g) ?? []));
      const shared = [...laws[0]].filter((law) => laws.every((set) => set.has(law)));
      expect(shared.length, group.join(',')).toBeGreaterThan(0);
    }
  });

  it('keeps a roster of which ~3% is missing from the inspector directory', () => {
    const missing = new Set(data.truth.missingOfficers.map((m) => `${m.unitCode}/${m.certificateNo}`));
    for (const unit of units) {
      expect(unit.inspectors.length).toBeGreaterThanOrEqual(12);
      const listed = new Set(unit.inspectors.map((i) => i.certificateNo).filter(Boolean));
      const absent = unit.certifiedOfficers.filter((o) => !listed.has(o.certificateNo));
      expect(absent.map((o) => `${o.unitCode}/${o.certificateNo}`).sort()).toEqual([...missing].filter((m) => m.startsWith(`${unit.unitCode}/`)).sort());
      expect(absent.length).toBeGreaterThanOrEqual(1);
    }
    const all = units.flatMap((u) => u.inspectors);
    expect(all.some((i) => !i.active)).toBe(true);
    expect(all.some((i) => i.certificateNo === '' && i.certificateValidUntil === '')).toBe(true);
    expect(all.some((i) => i.certificateNo !== '' && i.certificateValidUntil < '2025-01-01')).toBe(true);
    expect(all.some((i) => i.conflicts.length > 0)).toBe(true);
  });
});

describe('each city its own records', () => {
  it('gives every unit officers, plans and tasks of each city, each told apart by its division codes', () => {
    for (const unit of units) {
      for (const city of ['440800', '421300']) {
        expect(unit.inspectors.filter((i) => i.certificateNo && dataCityOfCertificate(i.certificateNo) === city).length, unit.unitCode).toBeGreaterThan(0);
        expect(unit.plans.filter((p) => dataCityOf(p.scope.divisionCodes[0]) === city).length, unit.unitCode).toBeGreaterThan(0);
      }
      // A plan covers one city's divisions only; its tasks are of that city's businesses.
      const cityOfPlan = new Map(unit.plans.map((p) => [p.id, dataCityOf(p.scope.divisionCodes[0])]));
      expect(unit.plans.filter((p) => new Set(p.scope.divisionCodes.map(dataCityOf)).size !== 1)).toEqual([]);
      expect(unit.tasks.filter((t) => cityOfPlan.get(t.planId) !== dataCityOfUscc(t.uscc))).toEqual([]);
      expect(unit.directory.filter((d) => dataCityOf(d.divisionCode) !== dataCityOfUscc(d.uscc))).toEqual([]);
    }
    expect(data.units.market.tasks.some((t) => /^market-SZ-T2025-\d{6}$/.test(t.id))).toBe(true);
    expect(data.publications.some((p) => p.id.startsWith('GS2025-SZ-'))).toBe(true);
  });

  it('has the year before too (plans, tasks, results, publications), for the trend beside this year', () => {
    for (const unit of units) {
      expect(unit.plans.some((p) => p.year === 2024), unit.unitCode).toBe(true);
      const last = unit.tasks.filter((t) => t.plannedOn.startsWith('2024'));
      expect(unit.plans.filter((p) => p.year === 2024).every((p) => p.periodStart.startsWith('2024'))).toBe(true);
      if (unit.unitCode !== 'finance') expect(last.length, unit.unitCode).toBeGreaterThan(0);
    }
    const last = allTasks.filter((t) => t.plannedOn.startsWith('2024'));
    expect(last.length / tasks.length).toBeGreaterThan(0.5);
    expect(data.publications.filter((p) => p.publishedAt.startsWith('2024')).length).toBeGreaterThan(0);
  });
});

describe('plans and tasks', () => {
  it('gives each unit 2-6 single plans per city and year, joint plans copied to every participant', () => {
    for (const unit of units) {
      for (const batch of ['440800 2025', '440800 2024', '421300 2025', '421300 2024']) {
        const singles = unit.plans.filter((p) => p.kind === 'single' && `${dataCityOf(p.scope.divisionCodes[0])} ${p.year}` === batch).length;
        expect(singles).toBeGreaterThanOrEqual(2);
        expect(singles).toBeLessThanOrEqual(6);
      }
    }
    const plans = units.flatMap((u) => u.plans);
    for (const joint of plans.filter((p) => p.kind === 'joint')) {
      expect(joint.participatingUnits).toContain(joint.leadUnit);
      for (const code of joint.participatingUnits) {
        expect(data.units[code].plans.some((p) => p.title === joint.title && p.periodStart === joint.periodStart)).toBe(true);
      }
    }
    const late = plans
      .filter((p) => p.year === 2025 && (!p.publishedOn || p.publishedOn > DEADLINES[dataCityOf(p.scope.divisionCodes[0])!]))
      .map((p) => p.id)
      .sort();
    expect(data.truth.latePlanIds).toEqual(late);
    expect(late.length).toBeGreaterThan(0);
  });

  it('draws listed businesses with plan items, in the plan period, with 2+ eligible officers', () => {
    expect(new Set(allTasks.map((t) => t.id)).size).toBe(allTasks.length);
    for (const unit of units) {
      const plans = new Map(unit.plans.map((p) => [p.id, p]));
      const inspectors = new Map(unit.inspectors.map((i) => [i.id, i]));
      const listed = new Set(unit.directory.map((d) => d.uscc));
      const problems = unit.tasks.flatMap((task) => {
        const plan = plans.get(task.planId);
        const officers = task.inspectorIds.map((id) => inspectors.get(id));
        const checks: [string, boolean][] = [
          ['id', new RegExp(`^${unit.unitCode}-(SZ-)?T${plan?.year}-\\d{6}$`).test(task.id)],
          ['plan', plan !== undefined],
          ['items', task.itemCodes.length > 0 && task.itemCodes.every((c) => plan?.itemCodes.includes(c))],
          ['period', task.plannedOn >= (plan?.periodStart ?? '9') && task.plannedOn <= (plan?.periodEnd ?? '')],
          ['listed', listed.has(task.uscc)],
          ['two officers', new Set(task.inspectorIds).size === task.inspectorIds.length && task.inspectorIds.length >= 2],
          ['own unit', officers.every((o) => o !== undefined)],
          ['no conflict', officers.every((o) => !o?.conflicts.includes(task.uscc))],
          ['able', officers.every((o) => o?.active && o.certificateNo !== '' && o.certificateValidUntil >= task.plannedOn)],
        ];
        return checks.filter(([, ok]) => !ok).map(([what]) => `${task.id}: ${what}`);
      });
      expect(problems).toEqual([]);
    }
  });

  it('draws businesses some officers must recuse from, so the conflict rule is exercised', () => {
    const exercised = units.flatMap((u) => {
      const conflicted = new Set(u.inspectors.flatMap((i) => i.conflicts));
      return u.tasks.filter((t) => conflicted.has(t.uscc));
    });
    expect(exercised.length).toBeGreaterThan(0);
  });

  it('shares jointGroupId, day and business across all participants of a joint plan', () => {
    const groups = new Map<string, Task[]>();
    for (const t of tasks) if (t.jointGroupId) groups.set(t.jointGroupId, [...(groups.get(t.jointGroupId) ?? []), t]);
    expect(groups.size).toBeGreaterThan(0);
    const plans = new Map(units.flatMap((u) => u.plans).map((p) => [p.id, p]));
    for (const group of groups.values()) {
      const plan = plans.get(group[0].planId);
      expect(plan?.kind).toBe('joint');
      expect(group.map((t) => t.unitCode).sort()).toEqual([...(plan?.participatingUnits ?? [])].sort());
      expect(new Set(group.map((t) => `${t.uscc} ${t.plannedOn}`)).size).toBe(1);
    }
  });

  it('draws a plausible share of each directory', () => {
    const market = data.units.market;
    const share = market.tasks.filter((t) => t.plannedOn.startsWith('2025')).length / market.directory.length;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.2);
    expect(tasks.length).toBeGreaterThan(300);
  });
});

describe('results, follow-ups, publications and truth (of the data year)', () => {
  const dataYear = new Set(tasks.map((t) => t.id));
  const allResults = new Map(units.flatMap((u) => u.results).map((r) => [r.taskId, r]));
  const results = new Map([...allResults].filter(([id]) => dataYear.has(id)));
  const publications = new Map(data.publications.filter((p) => dataYear.has(p.taskId)).map((p) => [p.taskId, p]));

  it('has results exactly for completed tasks, ~15% with findings on task items', () => {
    for (const t of allTasks) expect(allResults.has(t.id)).toBe(t.status === 'completed');
    const unfinished = tasks.filter((t) => t.status === 'pending' || t.status === 'in_progress').map((t) => t.id).sort();
    expect(data.truth.unfinishedTaskIds).toEqual(unfinished);
    expect(unfinished.length).toBeGreaterThan(0);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const withFindings = [...results.values()].filter((r) => r.findings.length > 0);
    expect(withFindings.length / results.size).toBeGreaterThan(0.08);
    expect(withFindings.length / results.size).toBeLessThan(0.25);
    for (const r of withFindings) {
      expect(r.conclusion).toBe('problem_found');
      for (const f of r.findings) expect(byId.get(r.taskId)?.itemCodes).toContain(f.itemCode);
    }
  });

  it('records exactly the findings without a follow-up', () => {
    const handled = new Set(units.flatMap((u) => u.followUps).filter((f) => dataYear.has(f.taskId)).map((f) => `${f.taskId}/${f.findingCode}`));
    const findings = [...results.values()].flatMap((r) => r.findings.map((f) => `${r.taskId}/${f.code}`));
    for (const key of handled) expect(findings).toContain(key);
    expect(data.truth.findingsWithoutFollowUp).toEqual(findings.filter((k) => !handled.has(k)).sort());
    expect(data.truth.findingsWithoutFollowUp.length).toBeGreaterThan(0);
  });

  it('publishes most results on time, some late, some never', () => {
    const delay = (taskId: string) => dayNumber(publications.get(taskId)?.publishedAt ?? '') - dayNumber(results.get(taskId)?.inspectedOn ?? '');
    for (const p of data.publications) {
      expect(allResults.has(p.taskId)).toBe(true);
      expect(registry.has(p.uscc)).toBe(true);
    }
    const unpublished = [...results.keys()].filter((id) => !publications.has(id)).sort();
    expect(data.truth.unpublishedTaskIds).toEqual(unpublished);
    const late = [...publications.keys()].filter((id) => delay(id) > 28).sort();
    expect(data.truth.latePublicationTaskIds).toEqual(late);
    for (const id of late) expect(delay(id)).toBeGreaterThanOrEqual(40);
    for (const id of publications.keys()) if (!late.includes(id)) expect(delay(id)).toBeLessThanOrEqual(14);
    expect(unpublished.length * late.length).toBeGreaterThan(0);
  });

  it('lists exactly the duplicate visits found by an independent recount', () => {
    expect(data.truth.duplicateVisits).toEqual(recountDuplicates(data));
    expect(data.truth.duplicateVisits.length).toBeGreaterThan(0);
  });
});

/** Independent recount: per business and month, visits = single tasks + distinct joint groups. */
function recountDuplicates(dataset: Dataset): Dataset['truth']['duplicateVisits'] {
  const live = Object.values(dataset.units).flatMap((u) => u.tasks).filter((t) => t.status !== 'cancelled' && t.plannedOn.startsWith('2025'));
  const keys = [...new Set(live.map((t) => `${t.uscc} ${t.plannedOn.slice(0, 7)}`))].sort();
  const found: Dataset['truth']['duplicateVisits'] = [];
  for (const key of keys) {
    const [uscc, month] = key.split(' ');
    const group = live.filter((t) => t.uscc === uscc && t.plannedOn.startsWith(month));
    const visitKeys = new Set(group.map((t) => t.jointGroupId ?? t.id));
    const unitCodes = [...new Set(group.map((t) => t.unitCode))].sort();
    if (visitKeys.size >= 2 && unitCodes.length >= 2) found.push({ uscc, month, taskIds: group.map((t) => t.id).sort(), unitCodes });
  }
  return found;
}
