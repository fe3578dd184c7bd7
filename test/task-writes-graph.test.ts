// The task-writing mutations of the four department subgraphs, through the real gateway:
// who may write, idempotent repeats, visibility in the read side, bad input, and outages that
// a plain retry recovers from with every task existing exactly once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findUnit, type PlatformId } from '../config/units';
import { ErrorCode } from '../lib/errors';
import { NO_FAULTS } from '../platforms/kit/server';
import { department, OFFICE, PUBLIC, startTestSystem, type GraphResponse, type TestSystem } from './helpers/system';
import type { Role } from '../lib/roles';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());
afterEach(() => {
  for (const platform of Object.values(system.platforms)) platform.setFaults(NO_FAULTS);
});

interface TaskInput {
  externalKey: string;
  planId: string;
  uscc: string;
  itemCodes: string[];
  inspectorIds: string[];
  plannedOn: string;
  jointGroupId?: string;
}
type Created = { externalKey: string; existed: boolean; task: { id: string; unitCode: string; status: string; enterprise: { uscc: string } } };

let planSerial = 0;
/** `count` tasks of a fresh plan for the unit, on businesses `offset..`, with its real items and inspectors. */
function tasksFor(unitCode: string, count: number, offset = 0): TaskInput[] {
  const unit = system.dataset.units[unitCode];
  const planId = `GRAPH-P${++planSerial}`;
  return system.dataset.enterprises.slice(offset, offset + count).map((enterprise) => ({
    externalKey: `${planId}/${unitCode}/${enterprise.uscc}`,
    planId,
    uscc: enterprise.uscc,
    itemCodes: [unit.items[0].code],
    inspectorIds: unit.inspectors.slice(0, 2).map((inspector) => inspector.id),
    plannedOn: '2025-07-01',
    jointGroupId: `${planId}/joint`,
  }));
}

const platformOf = (unitCode: string) => findUnit(unitCode)?.platform as PlatformId;

function create(unitCode: string, tasks: TaskInput[], role: Role = OFFICE, platform = platformOf(unitCode)): Promise<GraphResponse<{ created: Created[] }>> {
  const mutation = `mutation ($unit: ID!, $tasks: [NewTaskInput!]!) {
    created: ${platform}CreateTasks(unitCode: $unit, tasks: $tasks) { externalKey existed task { id unitCode status enterprise { uscc } } }
  }`;
  return system.query(mutation, { role, variables: { unit: unitCode, tasks } });
}

function cancel(unitCode: string, taskIds: string[], role: Role = OFFICE): Promise<GraphResponse<{ cancelled: { id: string; status: string }[] }>> {
  const mutation = `mutation ($unit: ID!, $ids: [ID!]!) { cancelled: ${platformOf(unitCode)}CancelTasks(unitCode: $unit, taskIds: $ids) { id status } }`;
  return system.query(mutation, { role, variables: { unit: unitCode, ids: taskIds } });
}

async function tasksOf(unitCode: string, usccs: string[]): Promise<{ id: string; planId: string; status: string }[]> {
  const query = `query ($code: ID!, $usccs: [ID!]!) { department(code: $code) { tasksOf(usccs: $usccs) { id planId status } } }`;
  const answer = await system.query<{ department: { tasksOf: { id: string; planId: string; status: string }[] } }>(query, {
    role: OFFICE,
    variables: { code: unitCode, usccs },
  });
  expect(answer.errors).toBeUndefined();
  return answer.data!.department.tasksOf;
}

const codeOf = (answer: GraphResponse) => answer.errors?.[0]?.extensions?.code;

describe('task writes through the gateway', () => {
  it.each(['market', 'ecology', 'emergency', 'fire'])('the office creates tasks in %s, once, and they show in the unit’s tasksOf', async (unitCode) => {
    const tasks = tasksFor(unitCode, 3);
    const first = await create(unitCode, tasks);
    expect(first.errors).toBeUndefined();
    const created = first.data!.created;
    expect(created.map((entry) => [entry.externalKey, entry.existed, entry.task.unitCode, entry.task.status, entry.task.enterprise.uscc])).toEqual(
      tasks.map((task) => [task.externalKey, false, unitCode, 'PENDING', task.uscc]),
    );
    const again = await create(unitCode, tasks);
    expect(again.data!.created.map((entry) => [entry.task.id, entry.existed])).toEqual(created.map((entry) => [entry.task.id, true]));

    const listed = (await tasksOf(unitCode, tasks.map((task) => task.uscc))).filter((task) => task.planId === tasks[0].planId);
    expect(listed.map((task) => task.id).sort()).toEqual(created.map((entry) => entry.task.id).sort());

    const ids = created.map((entry) => entry.task.id);
    const cancelled = await cancel(unitCode, ids.slice(0, 2));
    expect(cancelled.data!.cancelled.map((task) => task.status)).toEqual(['CANCELLED', 'CANCELLED']);
    expect((await cancel(unitCode, ids.slice(0, 2))).data!.cancelled.map((task) => task.id)).toEqual(ids.slice(0, 2));
    const after = (await tasksOf(unitCode, [tasks[0].uscc])).find((task) => task.id === ids[0]);
    expect(after?.status).toBe('CANCELLED');
  });

  it('lets a unit write its own tasks only, and the public none', async () => {
    const own = await create('market', tasksFor('market', 1), department('market'));
    expect(own.errors).toBeUndefined();
    expect(own.data!.created).toHaveLength(1);

    system.resetPlatformStats();
    const health = tasksFor('health', 1);
    const other = await create('health', health, department('market'));
    expect(codeOf(other)).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(await create('market', tasksFor('market', 1), PUBLIC))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(await cancel('market', own.data!.created.map((entry) => entry.task.id), PUBLIC))).toBe(ErrorCode.FORBIDDEN);
    expect(codeOf(await cancel('fire', ['fire-T2025-000001'], department('market')))).toBe(ErrorCode.FORBIDDEN);
    expect(system.requestCounts().provincial).toBe(0);
    expect((await tasksOf('health', [health[0].uscc])).filter((task) => task.planId === health[0].planId)).toEqual([]);
  });

  it('refuses bad input with stable codes, before calling the platform', async () => {
    system.resetPlatformStats();
    const [task] = tasksFor('market', 1);
    const cases: [Promise<GraphResponse>, string][] = [
      [create('fire', [task], OFFICE, 'provincial'), ErrorCode.UNKNOWN_UNIT],
      [create('nosuch', [task], OFFICE, 'provincial'), ErrorCode.UNKNOWN_UNIT],
      [create('market', [{ ...task, uscc: '91350100M000100Y44' }]), ErrorCode.INVALID_USCC],
      [create('market', [{ ...task, inspectorIds: [task.inspectorIds[0]] }]), ErrorCode.BAD_INPUT],
      [create('market', [{ ...task, inspectorIds: [task.inspectorIds[0], task.inspectorIds[0]] }]), ErrorCode.BAD_INPUT],
      [create('market', [{ ...task, plannedOn: '2025-02-30' }]), ErrorCode.BAD_INPUT],
      [create('market', [{ ...task, itemCodes: [] }]), ErrorCode.BAD_INPUT],
      [create('market', [{ ...task, externalKey: ' ' }]), ErrorCode.BAD_INPUT],
      [create('market', []), ErrorCode.BAD_INPUT],
      [cancel('market', []), ErrorCode.BAD_INPUT],
    ];
    for (const [answer, code] of cases) expect(codeOf(await answer)).toBe(code);
    expect(system.requestCounts().provincial).toBe(0);
  });

  it('reports what the platform refuses: an item off the list, an unknown task', async () => {
    const [task] = tasksFor('emergency', 1);
    const refused = await create('emergency', [{ ...task, itemCodes: ['NOT-ON-THE-LIST'] }]);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: ErrorCode.PLATFORM_REJECTED, unitCode: 'emergency', platform: 'emergency' });
    const unknown = await cancel('emergency', ['emergency-T2025-999999']);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: ErrorCode.NOT_FOUND, unitCode: 'emergency' });
    expect(await tasksOf('emergency', [task.uscc]).then((list) => list.filter((entry) => entry.planId === task.planId))).toEqual([]);
  });

  it('fails with PLATFORM_UNAVAILABLE naming the unit while its platform is down; a retry creates each task once', async () => {
    const tasks = tasksFor('fire', 4, 10);
    system.platforms.fire.setFaults({ down: true });
    const down = await create('fire', tasks);
    expect(down.data).toBeNull();
    expect(down.errors?.[0]?.extensions).toMatchObject({ code: ErrorCode.PLATFORM_UNAVAILABLE, unitCode: 'fire', platform: 'fire' });
    system.platforms.fire.setFaults({ down: false });

    const retry = await create('fire', tasks);
    expect(retry.data!.created.map((entry) => entry.existed)).toEqual([false, false, false, false]);
    const listed = await tasksOf('fire', tasks.map((task) => task.uscc));
    expect(listed.filter((task) => task.planId === tasks[0].planId)).toHaveLength(4);
  });

  it('a call that timed out after the platform wrote is found again on retry, not repeated', async () => {
    const tasks = tasksFor('market', 3, 20);
    system.platforms.provincial.setFaults({ latencyMs: 1200 });
    const slow = await create('market', tasks);
    expect(slow.errors?.[0]?.extensions).toMatchObject({ code: ErrorCode.PLATFORM_TIMEOUT, unitCode: 'market' });
    await new Promise((resolve) => setTimeout(resolve, 600));
    system.platforms.provincial.setFaults({ latencyMs: 0 });

    const retry = await create('market', tasks);
    expect(retry.data!.created.map((entry) => entry.existed)).toEqual([true, true, true]);
    const listed = await tasksOf('market', tasks.map((task) => task.uscc));
    expect(listed.filter((task) => task.planId === tasks[0].planId)).toHaveLength(3);
  });
});
