// A supergraph reload under load drops nothing: requests in flight when the file changes finish
// on the schema they started with, later ones run on the new one, every one answers 200 with data.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SUPERGRAPH_PATH } from '../gateway/gateway';
import { OFFICE, startTestSystem, type TestSystem } from './helpers/system';

let folder: string;
let file: string;
let system: TestSystem;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'supergraph-load-'));
  file = join(folder, 'supergraph.graphql');
  copyFileSync(fileURLToPath(SUPERGRAPH_PATH), file);
  // The credit platform answers slowly, so requests are in flight when the file changes.
  system = await startTestSystem({ SUPERGRAPH_PATH: file, PLATFORM_TIMEOUT_MS: '5000' }, { platformFaults: { credit: { latencyMs: 2000 } } });
});
afterAll(async () => {
  await system?.close();
  rmSync(folder, { recursive: true, force: true });
});

const OLD = 'The business with this credit code; null when the registry has none';
const NEW = 'The business with this credit code (reloaded); null when the registry has none';
const CLASSES = ['A', 'B', 'C', 'D'];

async function enterpriseDescription(): Promise<string> {
  const answer = await system.query<{ __type: { fields: { name: string; description: string }[] } }>(
    '{ __type(name: "Query") { fields { name description } } }',
    { role: OFFICE },
  );
  return answer.data!.__type.fields.find((f) => f.name === 'enterprise')!.description;
}

it('keeps answering every request while the gateway switches to an edited supergraph', async () => {
  expect(await enterpriseDescription()).toBe(OLD);
  const done: { started: number; ended: number; status: number; errors?: unknown; total?: number }[] = [];
  let stop = false;
  let sent = 0;
  let lastStart = 0;
  // Four clients in a loop; each search is new to the credit cache, so it waits for the platform.
  const client = async () => {
    while (!stop) {
      const n = sent++;
      const started = (lastStart = performance.now());
      const answer = await system.query<{ searchEnterprises: { totalCount: number } }>(
        `query Search($c: RiskClass!, $n: Int!) { searchEnterprises(filter: { riskClass: $c }, first: $n) { totalCount edges { node { uscc } } } }`,
        { role: OFFICE, variables: { c: CLASSES[n % 4], n: 1 + (n % 97) } },
      );
      done.push({ started, ended: performance.now(), status: answer.status, errors: answer.errors, total: answer.data?.searchEnterprises.totalCount });
    }
  };
  const clients = Promise.all([client(), client(), client(), client()]);

  await new Promise((resolve) => setTimeout(resolve, 600));
  // Right after a request left: it is under way for the platform's 2 s, across the switch.
  while (performance.now() - lastStart > 20) await new Promise((resolve) => setTimeout(resolve, 2));
  const written = performance.now();
  writeFileSync(file, readFileSync(file, 'utf8').replace(OLD, NEW));
  let switched = 0;
  for (let waited = 0; !switched; waited += 50) {
    if (waited > 5000) throw new Error('the gateway did not switch within 5 s');
    if ((await enterpriseDescription()) === NEW) switched = performance.now();
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // Long enough for requests sent after the switch to be answered too.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  stop = true;
  await clients;

  expect(done.length).toBeGreaterThanOrEqual(8);
  expect(done.filter((d) => d.status !== 200 || d.errors !== undefined)).toEqual([]);
  expect(done.every((d) => (d.total ?? 0) > 0)).toBe(true);
  // Some requests were under way across the switch, and some ran wholly after it.
  expect(done.filter((d) => d.started < written && d.ended > switched).length).toBeGreaterThan(0);
  expect(done.filter((d) => d.started > switched).length).toBeGreaterThan(0);
});
