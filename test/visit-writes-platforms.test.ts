// The visit on the two platforms the joint-plan loop does not reach (ecology's REST, emergency's
// XML): a unit's own task written through the graph gets its code, is checked in, gets its
// result with a finding, the finding's follow-up, and each step shows in the unit's change feed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFor } from '../platforms/data/generate';
import { ok } from './helpers/joint-plans';
import { department, startTestSystem, type TestSystem } from './helpers/system';

/** A well-formed code that is not this one: its third character changed (never to itself). */
const otherCode = (code: string): string => `${code.slice(0, 2)}${code[2] === '2' ? '3' : '2'}${code.slice(3)}`;
import { errorCode, call } from './helpers/joint-plans';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
}, 120_000);
afterAll(async () => {
  await system?.close();
});

describe.each([['ecology'], ['emergency']])('the visit on the %s platform', (unitCode) => {
  it('checks in with the code, records the result and the follow-up, all in the change feed', async () => {
    const unit = datasetFor('test').units[unitCode];
    const inspectors = unit.inspectors.filter((inspector) => inspector.active).slice(0, 2).map((inspector) => inspector.id);
    const item = unit.items[0].code;
    const uscc = unit.directory[0].uscc;
    const role = department(unitCode);
    const created = await ok(system, `mutation ($t: [NewTaskInput!]!) { made: ${unitCode}CreateTasks(unitCode: "${unitCode}", tasks: $t) { task { id inspectionCode status } } }`, {
      t: [{ externalKey: `own/${unitCode}/1`, planId: `${unitCode}-own-2025`, uscc, itemCodes: [item], inspectorIds: inspectors, plannedOn: '2025-12-01' }],
    }, role);
    const task = created.made[0].task;
    expect(task.inspectionCode).toMatch(/^[2-9A-HJKMNP-Z]{16}$/);

    const checkIn = (code: string) => call(system, `mutation ($c: String!) { x: ${unitCode}CheckIn(unitCode: "${unitCode}", taskId: "${task.id}", inspectionCode: $c, uscc: "${uscc}", inspectorId: "${inspectors[1]}", on: "2025-12-02") { status checkedInOn } }`, { c: code }, role);
    expect(errorCode(await checkIn(otherCode(task.inspectionCode)))).toBe('WRONG_CODE');
    expect((await checkIn(task.inspectionCode)).data).toEqual({ x: { status: 'IN_PROGRESS', checkedInOn: '2025-12-02' } });

    const result = await ok(system, `mutation { x: ${unitCode}RecordResult(unitCode: "${unitCode}", taskId: "${task.id}", inspectedOn: "2025-12-02", items: [{ itemCode: "${item}", problems: ["台账缺失"] }]) { status result { inspectedOn conclusion findings { code itemCode description } } } }`, {}, role);
    expect(result.x).toEqual({ status: 'COMPLETED', result: { inspectedOn: '2025-12-02', conclusion: 'PROBLEM_FOUND', findings: [{ code: 'F01', itemCode: item, description: '台账缺失' }] } });
    const followUp = await ok(system, `mutation { x: ${unitCode}RecordFollowUp(unitCode: "${unitCode}", taskId: "${task.id}", findingCode: "F01", action: PENALIZED, note: "罚款", handledOn: "2025-12-09") { findingCode action handledOn note } }`, {}, role);
    expect(followUp.x).toEqual({ findingCode: 'F01', action: 'PENALIZED', handledOn: '2025-12-09', note: '罚款' });
    const twice = await call(system, `mutation { x: ${unitCode}RecordFollowUp(unitCode: "${unitCode}", taskId: "${task.id}", findingCode: "F01", action: RECTIFIED, note: "x", handledOn: "2025-12-10") { findingCode } }`, {}, role);
    expect(errorCode(twice)).toBe('PLATFORM_REJECTED');

    // The unit's own feed carries the task's states, the result and the follow-up.
    let after: string | undefined;
    const seen = { statuses: [] as string[], results: 0, followUps: 0 };
    for (;;) {
      const page = (await ok(system, `query ($a: String) { department(code: "${unitCode}") { changes(first: 500, after: $a) { cursor hasMore tasks { taskIds statuses } results { taskIds } followUps { taskIds } } } }`, { a: after }, role)).department.changes;
      page.tasks.taskIds.forEach((id: string, index: number) => id === task.id && seen.statuses.push(page.tasks.statuses[index]));
      seen.results += page.results.taskIds.filter((id: string) => id === task.id).length;
      seen.followUps += page.followUps.taskIds.filter((id: string) => id === task.id).length;
      after = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen.statuses.at(-1)).toBe('completed');
    expect(seen).toMatchObject({ results: 1, followUps: 1 });
  });
});
