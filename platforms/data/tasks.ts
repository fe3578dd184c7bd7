// Turns drawn businesses into tasks (抽查任务): the plan's items (all key items, some general
// ones), a planned day inside the plan's window and 2-3 matched officers (随机匹配执法人员)
// who are active, certified on that day and have no conflict with the business.

import { isoDay } from './dates';
import { pickInspectors, type InspectorPool } from './inspectors';
import type { Item, Task } from './model';
import type { DraftPlan } from './plans';
import { Rng } from './random';

export class TaskFactory {
  private readonly rng: Rng;

  constructor(
    seed: number,
    stream: string,
    private readonly pools: ReadonlyMap<string, InspectorPool>,
    private readonly items: ReadonlyMap<string, Item>,
  ) {
    this.rng = new Rng(seed, stream);
  }

  /** A random day of the plan's window, optionally limited to [from, to] (day numbers). */
  plannedDay(draft: DraftPlan, from = draft.firstDay, to = draft.lastDay): number {
    const first = Math.max(from, draft.firstDay);
    const last = Math.min(to, draft.lastDay);
    return first > last ? -1 : this.rng.int(first, last);
  }

  /** A task with an empty id; ids are given once all tasks of the unit exist. */
  create(draft: DraftPlan, uscc: string, day: number, jointGroupId?: string): Task {
    const { plan } = draft;
    const itemCodes = plan.itemCodes.filter((code) => this.items.get(code)?.category === 'key' || this.rng.chance(0.6));
    if (itemCodes.length === 0) itemCodes.push(this.rng.pick(plan.itemCodes));
    const specialty = this.items.get(this.rng.pick(itemCodes))?.specialty ?? '';
    const pool = this.pools.get(plan.unitCode);
    if (!pool) throw new Error(`no inspectors for unit ${plan.unitCode}`);
    const task: Task = {
      id: '',
      planId: plan.id,
      unitCode: plan.unitCode,
      uscc,
      itemCodes,
      inspectorIds: pickInspectors(this.rng, pool, specialty, uscc, day, this.rng.chance(0.8) ? 2 : 3),
      plannedOn: isoDay(day),
      status: 'pending',
    };
    if (jointGroupId) task.jointGroupId = jointGroupId;
    return task;
  }
}
