// Joint plans (联合抽查计划): one plan per template, copied into every participating unit's
// platform with that unit's own items. The tasks of one visit share a jointGroupId and a day.

import { findUnit } from '../../config/units';
import type { UnitDirectory } from './directories';
import { samplingRate } from './draws';
import { industriesMatching, matchesPrefix } from './industries';
import { itemCode } from './items';
import type { Plan, Task } from './model';
import { draftFor, planId, planSchedule, type DraftPlan, type PlanYear } from './plans';
import { Rng } from './random';
import { JOINT_TEMPLATES, type JointTemplate } from './joint-templates';
import type { TaskFactory } from './tasks';

export interface JointDraft {
  template: JointTemplate;
  /** unit → that unit's copy of the plan */
  copies: Map<string, DraftPlan>;
}

/** Copies of every joint plan; `nextNumber` hands out each unit's next plan number. */
export function jointPlans(rng: Rng, batch: PlanYear, directories: ReadonlyMap<string, UnitDirectory>, nextNumber: (unitCode: string) => number): JointDraft[] {
  const { year } = batch;
  return JOINT_TEMPLATES.map((template) => {
    const schedule = planSchedule(rng, batch);
    const unitCodes = Object.keys(template.units);
    const lead = findUnit(template.lead)?.name ?? template.lead;
    const copies = new Map<string, DraftPlan>();
    for (const unitCode of unitCodes) {
      const directory = directories.get(unitCode);
      const segments = new Set<number>();
      directory?.segments.forEach((segment, i) => {
        if (segment.prefixes.some((p) => template.prefixes.some((t) => t.startsWith(p) || p.startsWith(t)))) segments.add(i);
      });
      const plan: Plan = {
        id: planId(unitCode, nextNumber(unitCode), batch),
        unitCode,
        year,
        title: `${year}年${lead}牵头${template.theme}跨部门联合“双随机、一公开”抽查计划`,
        kind: 'joint',
        leadUnit: template.lead,
        participatingUnits: unitCodes,
        itemCodes: template.units[unitCode].map((n) => itemCode(unitCode, n)),
        scope: {
          divisionCodes: batch.place.divisions.map((d) => d.code),
          industryCodes: industriesMatching(template.prefixes),
          tags: [...new Set([...segments].flatMap((i) => directory?.segments[i].tags ?? []))],
        },
        ...schedule,
      };
      if (!plan.publishedOn) delete plan.publishedOn;
      copies.set(unitCode, draftFor(plan, segments));
    }
    return { template, copies };
  });
}

/** Draws the businesses listed by all participants and creates one task per unit and visit. */
export function drawJoint(
  rng: Rng,
  joint: JointDraft,
  directories: ReadonlyMap<string, UnitDirectory>,
  factory: TaskFactory,
  nextGroupId: () => string,
): Task[] {
  const lead = directories.get(joint.template.lead);
  const leadDraft = joint.copies.get(joint.template.lead);
  if (!lead || !leadDraft) return [];
  const others = [...joint.copies.keys()].filter((u) => u !== joint.template.lead).map((u) => directories.get(u));
  const pool: string[] = [];
  lead.entries.forEach((entry, i) => {
    if (lead.addedDay[i] > leadDraft.drawnDay || !matchesPrefix(entry.industryCode, joint.template.prefixes)) return;
    const listedByAll = others.every((d) => {
      const index = d?.indexOf.get(entry.uscc);
      return index !== undefined && d !== undefined && d.addedDay[index] <= leadDraft.drawnDay;
    });
    if (listedByAll) pool.push(entry.uscc);
  });
  const drawn = rng.sample(pool, Math.round(pool.length * samplingRate(pool.length)));
  const tasks: Task[] = [];
  for (const uscc of drawn) {
    const groupId = nextGroupId();
    const day = factory.plannedDay(leadDraft);
    for (const draft of joint.copies.values()) tasks.push(factory.create(draft, uscc, day, groupId));
  }
  return tasks;
}
