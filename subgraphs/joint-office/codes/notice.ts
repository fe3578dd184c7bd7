// 检查预告: a business's upcoming visits of joint plans that announce them, a number of working
// days before (the plan's own setting, default NOTICE_WORKING_DAYS), with the joint item list and
// what to prepare. Random inspections stay unannounced unless the plan says otherwise.
import { findUnit } from '../../../config/units';
import { addWorkdays, chinaDay } from '../../../lib/workdays';
import type { GraphClient } from '../graph-client';
import type { OfficeStore } from '../store';

export interface UpcomingVisit {
  planId: string;
  planTitle: string;
  plannedOn: string;
  units: { unitCode: string; unitName: string; items: { code: string; name: string; legalBasis: string }[] }[];
  /** One line per item: the records the business should have at hand. */
  materials: string[];
}

const NOTICE_STATES = new Set(['dispatched', 'in_progress']);

export async function upcomingVisits(store: OfficeStore, graph: GraphClient, uscc: string, today = chinaDay(new Date())): Promise<UpcomingVisit[]> {
  const notices = await store.voice.notices();
  const visits: UpcomingVisit[] = [];
  for (const [planId, workingDays] of notices) {
    const plan = await store.plans.getPlan(planId);
    if (!plan || !NOTICE_STATES.has(plan.state)) continue;
    const horizon = addWorkdays(today, workingDays);
    const tasks = (await store.dispatch.listTasks(planId)).filter((task) => task.uscc === uscc && task.plannedOn >= today && task.plannedOn <= horizon);
    if (tasks.length === 0) continue;
    const unitCodes = [...new Set(tasks.map((task) => task.unitCode))];
    const aliases = unitCodes.map((code, index) => `u${index}: department(code: "${code}") { code items { code name legalBasis } }`);
    const read = await graph.query<Record<string, { code: string; items: { code: string; name: string; legalBasis: string }[] } | null>>(`query { ${aliases.join('\n')} }`);
    const itemsOf = new Map(Object.values(read.data ?? {}).flatMap((unit) => (unit ? [[unit.code, unit.items] as const] : [])));
    const units = unitCodes.map((unitCode) => {
      const codes = [...new Set(tasks.filter((task) => task.unitCode === unitCode).flatMap((task) => task.items))];
      const known = itemsOf.get(unitCode) ?? [];
      return { unitCode, unitName: findUnit(unitCode)?.name ?? unitCode, items: codes.map((code) => known.find((item) => item.code === code) ?? { code, name: code, legalBasis: '' }) };
    });
    visits.push({
      planId,
      planTitle: plan.title,
      plannedOn: tasks[0].plannedOn,
      units,
      materials: units.flatMap((unit) => unit.items.map((item) => `${unit.unitName}「${item.name}」：相关证照、管理制度、台账和记录${item.legalBasis ? `（检查依据：${item.legalBasis}）` : ''}`)),
    });
  }
  return visits.sort((a, b) => a.plannedOn.localeCompare(b.plannedOn));
}
