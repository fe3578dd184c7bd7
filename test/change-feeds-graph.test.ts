// Department.changes through the real gateway, for one unit of each department subgraph: the
// unit's log starts with its whole generated directory (counted in the pages and `remaining`, no
// columns of its own here), then the pages carry exactly the dataset's tasks, results and
// follow-ups in columns; a task written afterwards follows the last cursor, and the field refuses
// the public role, other units, bad page sizes and cursors with stable codes (CURSOR_EXPIRED from
// the platform).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFor } from '../platforms/data/generate';
import { encodeCursor } from '../subgraphs/kit/cursor';
import { department, OFFICE, PUBLIC, startTestSystem, type TestSystem } from './helpers/system';

const CHANGES = `query Changes($code: ID!, $after: String, $first: Int) {
  department(code: $code) {
    code
    changes(after: $after, first: $first) {
      cursor hasMore remaining
      tasks { unitCode count taskIds planIds usccs plannedOn statuses itemCodes inspectorIds jointGroupIds }
      results { count taskIds inspectedOn conclusions }
      followUps { count taskIds findingCodes handledOn }
    }
  }
}`;

const CANCEL: Record<string, string> = { market: 'provincialCancelTasks', ecology: 'ecologyCancelTasks', emergency: 'emergencyCancelTasks', fire: 'fireCancelTasks' };

const dataset = datasetFor('test');
let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(async () => {
  await system?.close();
});

interface Page {
  cursor: string;
  hasMore: boolean;
  remaining: number;
  tasks: { count: number; taskIds: string[]; statuses: string[]; [column: string]: unknown };
  results: { count: number; taskIds: string[]; inspectedOn: string[]; conclusions: string[] };
  followUps: { count: number; taskIds: string[]; findingCodes: string[]; handledOn: string[] };
}

async function page(code: string, variables: { after?: string; first?: number }, role = OFFICE): Promise<Page> {
  const answer = await system.query(CHANGES, { role, variables: { code, ...variables } });
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data.department.changes as Page;
}

async function errorOf(code: string, variables: { after?: string; first?: number }, role = OFFICE) {
  const answer = await system.query(CHANGES, { role, variables: { code, ...variables } });
  expect(answer.data?.department?.changes ?? null).toBeNull();
  return answer.errors?.[0];
}

describe.each(['market', 'ecology', 'emergency', 'fire'])('Department.changes of %s', (code) => {
  const unit = dataset.units[code];
  /** The generated log: the whole directory first, then tasks, results, follow-ups and plans. */
  const logLength = unit.directory.length + unit.tasks.length + unit.results.length + unit.followUps.length + unit.plans.length;

  it('reads every task, result and follow-up of the unit from the start, in columns, page by page', async () => {
    const first = Math.ceil(logLength / 2);
    const platformName = code === 'market' ? 'provincial' : code;
    system.resetPlatformStats();
    const pages: Page[] = [];
    let after: string | undefined;
    do {
      const next = await page(code, { after, first });
      pages.push(next);
      after = next.cursor;
    } while (pages.at(-1)!.hasMore && pages.length < 10);
    expect(pages).toHaveLength(2);
    // One platform request per page: the feed is read, not assembled from per-record calls.
    expect(system.requestCounts()[platformName]).toBe(2);
    expect(pages.map((p) => [p.hasMore, p.remaining])).toEqual([
      [true, logLength - first],
      [false, 0],
    ]);
    const column = <K extends keyof Page>(part: K, name: string) => pages.flatMap((p) => (p[part] as unknown as Record<string, unknown[]>)[name]);
    expect(column('tasks', 'taskIds')).toEqual(unit.tasks.map((task) => task.id));
    expect(column('tasks', 'statuses')).toEqual(unit.tasks.map((task) => task.status));
    expect(column('tasks', 'usccs')).toEqual(unit.tasks.map((task) => task.uscc));
    expect(column('tasks', 'plannedOn')).toEqual(unit.tasks.map((task) => task.plannedOn));
    expect(column('tasks', 'itemCodes')).toEqual(unit.tasks.map((task) => task.itemCodes));
    expect(column('tasks', 'jointGroupIds')).toEqual(unit.tasks.map((task) => task.jointGroupId ?? null));
    expect(column('results', 'taskIds')).toEqual(unit.results.map((result) => result.taskId));
    expect(column('results', 'conclusions')).toEqual(unit.results.map((result) => result.conclusion));
    expect(column('results', 'inspectedOn')).toEqual(unit.results.map((result) => result.inspectedOn));
    expect(column('followUps', 'findingCodes')).toEqual(unit.followUps.map((followUp) => followUp.findingCode));
    expect(column('followUps', 'handledOn')).toEqual(unit.followUps.map((followUp) => followUp.handledOn));
    expect(pages.reduce((sum, p) => sum + p.tasks.count, 0)).toBe(unit.tasks.length);
    expect(pages.reduce((sum, p) => sum + p.results.count, 0)).toBe(unit.results.length);
    expect(pages.reduce((sum, p) => sum + p.followUps.count, 0)).toBe(unit.followUps.length);

    // A task cancelled through the graph follows the last cursor, in its new state; the unit itself may read it.
    const open = unit.tasks.find((task) => task.status === 'pending' || task.status === 'in_progress')!;
    const cancel = await system.query(`mutation($unit: ID!, $ids: [ID!]!) { ${CANCEL[code]}(unitCode: $unit, taskIds: $ids) { id status } }`, {
      role: OFFICE,
      variables: { unit: code, ids: [open.id] },
    });
    expect(cancel.errors, JSON.stringify(cancel.errors)).toBeUndefined();
    const next = await page(code, { after }, department(code));
    expect(next.tasks.taskIds).toEqual([open.id]);
    expect(next.tasks.statuses).toEqual(['cancelled']);
    expect(next).toMatchObject({ hasMore: false, remaining: 0, results: { count: 0 }, followUps: { count: 0 } });
  });

  it('starts with the whole directory: a first page of its length has no task, result or follow-up; the first task comes next', async () => {
    system.resetPlatformStats();
    const head = await page(code, { first: unit.directory.length });
    expect(head).toMatchObject({ hasMore: true, tasks: { count: 0, taskIds: [] }, results: { count: 0, taskIds: [] }, followUps: { count: 0, taskIds: [] } });
    // The generated log and the cancellation written by the test above.
    expect(head.remaining).toBe(logLength + 1 - unit.directory.length);
    const next = await page(code, { after: head.cursor, first: 1 });
    expect(next.tasks.taskIds).toEqual([unit.tasks[0].id]);
    expect(next.remaining).toBe(head.remaining - 1);
    expect(system.requestCounts()[code === 'market' ? 'provincial' : code]).toBe(2);
  });

  it('refuses the public role and other units', async () => {
    expect((await errorOf(code, {}, PUBLIC))?.extensions?.code).toBe('FORBIDDEN');
    expect((await errorOf(code, {}, department(code === 'fire' ? 'market' : 'fire')))?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses bad page sizes and cursors with stable codes', async () => {
    for (const first of [0, -1, 100_000]) expect((await errorOf(code, { first }))?.extensions?.code).toBe('PAGE_SIZE_TOO_LARGE');
    expect((await errorOf(code, { after: 'garbage' }))?.extensions?.code).toBe('BAD_CURSOR');
    const otherUnit = code === 'fire' ? 'ecology' : 'fire';
    const foreign = (await page(otherUnit, { first: 1 })).cursor;
    expect((await errorOf(code, { after: foreign }))?.extensions?.code).toBe('BAD_CURSOR');
    // Well-formed for the graph, unknown to the platform (as after a platform restart).
    const expired = await errorOf(code, { after: encodeCursor('changes', code, null, Buffer.from('0badc0ffee00.x.1').toString('base64url')) });
    expect(expired?.extensions).toMatchObject({ code: 'CURSOR_EXPIRED', unitCode: code });
  });
});
