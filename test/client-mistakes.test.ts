// Client mistakes answer a coded GraphQL error through the gateway, never a 500, a raw database
// or platform message, or a call to a platform: text PostgreSQL or XML refuses, impossible days,
// years out of range, oversized ids, forged cursors, unbounded lists. Tasks guard who inspects
// whom and when.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_UNITS } from '../config/units';
import { hideInternalError } from '../subgraphs/kit/internal-errors';
import { OFFICE, PUBLIC, department, startTestSystem, type GraphResponse, type TestSystem } from './helpers/system';
import { CREATE, cateringPlan } from './helpers/joint-plans';

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

async function codeOf(query: string, variables?: Record<string, unknown>, role = OFFICE): Promise<string | undefined> {
  const answer: GraphResponse = await system.query(query, { role, variables });
  expect(answer.status).toBe(200);
  for (const error of answer.errors ?? []) expect(error.message).not.toMatch(/invalid byte sequence|syntax error|SQLSTATE|XML/i);
  return answer.errors?.[0]?.extensions?.code as string | undefined;
}

const TASKS = `query ($unit: ID!, $filter: TaskFilter, $after: String) { department(code: $unit) { tasks(filter: $filter, after: $after, first: 2) { totalCount pageInfo { endCursor } } } }`;
const DIRECTORY = `query ($unit: ID!, $after: String) { department(code: $unit) { directory(after: $after, first: 2) { totalCount pageInfo { endCursor } } } }`;

describe('text PostgreSQL or XML 1.0 refuses → BAD_INPUT', () => {
  it.each(['\u0000', '\u0001', '\u001B', '\uFFFE', '\uFFFF', '\uD800', 'a\uDC00'])('%j in strings that reach the office store', async (bad) => {
    expect(await codeOf(`query ($id: ID!) { jointPlan(id: $id) { id } }`, { id: `plan${bad}` })).toBe('BAD_INPUT');
    expect(await codeOf(CREATE, { input: cateringPlan({ title: `Catering ${bad}` }), key: 'k1' })).toBe('BAD_INPUT');
    expect(await codeOf(CREATE, { input: cateringPlan(), key: `key${bad}` })).toBe('BAD_INPUT');
    // Literals in the document are checked like variables (GraphQL's parser already refuses a
    // lone surrogate escape in a literal: HTTP 400 GRAPHQL_PARSE_FAILED).
    const literal = await system.query(`{ jointPlan(id: ${JSON.stringify(`p${bad}`)}) { id } }`, { role: OFFICE });
    const lone = /[\uD800-\uDFFF]/.test(bad);
    expect([literal.status, literal.errors?.[0].extensions?.code]).toEqual(lone ? [400, 'GRAPHQL_PARSE_FAILED'] : [200, 'BAD_INPUT']);
  });

  it('names the argument and the character', async () => {
    const answer = await system.query(`query ($id: ID!) { jointPlan(id: $id) { id } }`, { role: OFFICE, variables: { id: 'a\u0000b' } });
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_INPUT' } });
    expect(answer.errors?.[0].message).toMatch(/"id" contains the character U\+0000 at position 1/);
  });

  it('never reaches the XML platform', async () => {
    system.resetPlatformStats();
    for (const bad of ['\u0000', '\u0008', '\uFFFF', '\uDBFF']) {
      expect(await codeOf(TASKS, { unit: 'emergency', filter: { planId: `P${bad}` } })).toBe('BAD_INPUT');
      expect(await codeOf(`query ($t: String) { department(code: "emergency") { directory(filter: { tag: $t }) { totalCount } } }`, { t: bad })).toBe('BAD_INPUT');
    }
    expect(system.requestCounts().emergency).toBe(0);
  });

  it('tab, CR, LF and astral characters are fine', async () => {
    expect(await codeOf(`query ($id: ID!) { jointPlan(id: $id) { id } }`, { id: 'a\tb\r\n😀' })).toBe('NOT_FOUND');
  });
});

describe('impossible days, years out of range, oversized ids → BAD_INPUT', () => {
  it.each([{ from: '2025-02-30' }, { to: '2025-13-01' }, { from: '2025-2-3' }, { year: 99999 }, { year: -1 }, { planId: 'P'.repeat(129) }])('task filter %j', async (filter) => {
    system.resetPlatformStats();
    for (const unit of ['market', 'ecology', 'emergency', 'fire']) expect(await codeOf(TASKS, { unit, filter })).toBe('BAD_INPUT');
    expect(Object.values(system.requestCounts()).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('the limit is in the message; 128 characters pass', async () => {
    const answer = await system.query(TASKS, { role: OFFICE, variables: { unit: 'market', filter: { planId: 'P'.repeat(129) } } });
    expect(answer.errors?.[0].message).toMatch(/at most 128/);
    expect(await codeOf(TASKS, { unit: 'market', filter: { planId: 'P'.repeat(128) } })).toBeUndefined();
  });

  it('years out of range elsewhere', async () => {
    expect(await codeOf(`{ department(code: "market") { plans(year: 99999) { id } } }`)).toBe('BAD_INPUT');
    expect(await codeOf(`{ complianceStatistics(jurisdiction: "440800", year: 99999) { complete } }`)).toBe('BAD_INPUT');
    expect(await codeOf(`{ department(code: "market") { statistics(jurisdiction: "440800", year: 99999) { unitCode } } }`)).toBe('BAD_INPUT');
    expect(await codeOf(`{ duplicateReport(period: { year: 99999 }) { duplicateGroups } }`)).toBe('BAD_INPUT');
    expect(await codeOf(`{ jointPlans(filter: { year: 99999 }) { id } }`)).toBe('BAD_INPUT');
    expect(await codeOf(CREATE, { input: cateringPlan({ year: 99999 }), key: 'y' })).toBe('BAD_INPUT');
  });

  it('oversized ids', async () => {
    const long = 'x'.repeat(129);
    expect(await codeOf(`query ($id: ID!) { jointPlan(id: $id) { id } }`, { id: long })).toBe('BAD_INPUT');
    expect(await codeOf(`query ($id: ID!) { department(code: $id) { code } }`, { id: long })).toBe('BAD_INPUT');
  });
});

describe('forged cursors → BAD_CURSOR', () => {
  const forge = (body: object) => Buffer.from(JSON.stringify(body)).toString('base64url');

  it.each(MEMBER_UNITS.filter((_, i) => i % 4 === 0 || i >= 15).map((unit) => unit.code))('directory and tasks of %s', async (unit) => {
    for (const [query, list] of [[DIRECTORY, 'directory'], [TASKS, 'tasks']] as const) {
      const page: any = await system.query(query, { role: OFFICE, variables: { unit } });
      const issued: string = page.data.department[list].pageInfo.endCursor;
      expect(await codeOf(query, { unit, after: issued })).toBeUndefined();
      const [payload] = issued.split('.');
      const body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      // The shape the graph used to accept, with a platform cursor of the client's choosing.
      for (const next of ['999999999', 'garbage', '-1', "'; DROP TABLE", Buffer.from('{"list":"x","offset":-5}').toString('base64url')]) {
        expect(await codeOf(query, { unit, after: forge({ ...body, next }) })).toBe('BAD_CURSOR');
        expect(await codeOf(query, { unit, after: `${forge({ ...body, next })}.${issued.split('.')[1]}` })).toBe('BAD_CURSOR');
      }
    }
  });

  it('change feeds and the office lists', async () => {
    expect(await codeOf(`{ department(code: "fire") { changes(after: "eyJ2IjoxfQ") { cursor } } }`)).toBe('BAD_CURSOR');
    expect(await codeOf(`{ department(code: "fire") { visitChanges(after: "eyJ2IjoxfQ.AAAA") { cursor } } }`)).toBe('BAD_CURSOR');
    const forged = forge({ l: 'duplicateGroups', k: ['9999', 1] });
    expect(await codeOf(`query ($a: String) { duplicateVisits(period: { year: 2025 }, after: $a) { totalCount } }`, { a: forged })).toBe('BAD_CURSOR');
    expect(await codeOf(`{ searchEnterprises(after: "eyJ4IjoxfQ") { totalCount } }`)).toBe('BAD_CURSOR');
  });
});

describe('indicatorList entries(first:)', () => {
  const LIST = `query ($first: Int) { indicatorList(jurisdiction: "440800", year: 2025, indicator: "jointTasks", unit: "market") { entries(first: $first) { id } } }`;
  it.each([0, -1, 2001, 1_000_000])('first: %d → PAGE_SIZE_TOO_LARGE', async (first) => {
    expect(await codeOf(LIST, { first })).toBe('PAGE_SIZE_TOO_LARGE');
  });
  it('1 and 2000 pass', async () => {
    expect(await codeOf(LIST, { first: 1 })).toBeUndefined();
    expect(await codeOf(LIST, { first: 2000 })).toBeUndefined();
  });
});

describe('who sees inspectors and planned days of tasks', () => {
  const TASKS_OF = `query ($unit: ID!, $u: ID!) { department(code: $unit) { tasksOf(usccs: [$u]) { id unitCode status jointGroupId inspectorIds plannedOn } } }`;
  // A business with joint tasks, some not yet completed.
  const jointTask = () => system.dataset.units.market.tasks.find((t) => t.jointGroupId && t.status !== 'completed')!;

  it('the public: no inspector ids, no day of a visit not yet done; FORBIDDEN per field', async () => {
    const task = jointTask();
    const answer: any = await system.query(TASKS_OF, { role: PUBLIC, variables: { unit: 'market', u: task.uscc } });
    const tasks = answer.data.department.tasksOf as { id: string; status: string; inspectorIds: string[] | null; plannedOn: string | null }[];
    expect(tasks.length).toBeGreaterThan(0);
    for (const t of tasks) {
      expect(t.inspectorIds).toBeNull();
      if (t.status === 'COMPLETED') expect(t.plannedOn).not.toBeNull();
      else expect(t.plannedOn).toBeNull();
    }
    expect(tasks.find((t) => t.id === task.id)?.plannedOn).toBeNull();
    expect(answer.errors.length).toBeGreaterThan(0);
    expect(answer.errors.every((e: any) => e.extensions.code === 'FORBIDDEN')).toBe(true);
  });

  it('another unit sees the days but not the inspectors; the unit itself and the office see both', async () => {
    const task = jointTask();
    const other: any = await system.query(TASKS_OF, { role: department('fire'), variables: { unit: 'market', u: task.uscc } });
    const seen = other.data.department.tasksOf.find((t: any) => t.id === task.id);
    expect(seen).toMatchObject({ inspectorIds: null, plannedOn: task.plannedOn });
    for (const role of [department('market'), OFFICE]) {
      const answer: any = await system.query(TASKS_OF, { role, variables: { unit: 'market', u: task.uscc } });
      expect(answer.errors).toBeUndefined();
      expect(answer.data.department.tasksOf.find((t: any) => t.id === task.id)).toMatchObject({ inspectorIds: task.inspectorIds, plannedOn: task.plannedOn });
    }
  });
});

describe('uncoded errors', () => {
  it('a database error is logged and answered generically', () => {
    const lines: string[] = [];
    const dbError = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    const answer = hideInternalError('joint-office', { message: dbError.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, dbError, (line) => lines.push(line));
    expect(answer.extensions).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(answer.message).not.toMatch(/byte sequence/);
    expect(lines[0]).toMatch(new RegExp(`${answer.extensions!.reference as string}.*invalid byte sequence`));
    const coded = { message: 'm', extensions: { code: 'BAD_INPUT' } };
    expect(hideInternalError('x', coded, new Error('m'), () => {})).toBe(coded);
  });
});
