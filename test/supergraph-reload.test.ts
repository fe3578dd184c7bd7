// The gateway reloads its supergraph file when it changes, without a restart, and refuses a
// file that does not parse or is not a valid supergraph (the previous schema keeps serving).
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readConfig } from '../config/env';
import { SUBGRAPH_SERVICES, type SubgraphName } from '../config/services';
import { startGateway, SUPERGRAPH_PATH } from '../gateway/gateway';
import type { ReloadOutcome } from '../gateway/supergraph-file';
import type { RunningService } from '../lib/graphql-http';

let folder: string;
let file: string;
let gateway: RunningService;
const outcomes: ReloadOutcome[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'supergraph-'));
  file = join(folder, 'supergraph.graphql');
  copyFileSync(fileURLToPath(SUPERGRAPH_PATH), file);
  const config = readConfig({});
  // No subgraph runs: only the gateway's own schema is asked about (introspection, GRAPHQL_DEV).
  const nowhere = Object.fromEntries(SUBGRAPH_SERVICES.map((s) => [s.name, 'http://127.0.0.1:9/graphql'])) as Record<SubgraphName, string>;
  gateway = await startGateway({
    subgraphUrls: nowhere,
    jwtSecret: config.jwtSecret,
    subgraphTimeoutMs: 1000,
    officeTimeoutMs: 1000,
    graphqlDev: true,
    queryLimits: config.queryLimits,
    rateLimit: { requests: 0, windowSeconds: 60, keyPrefix: 'test:' },
    supergraphPath: file,
    onSupergraphReload: (outcome) => outcomes.push(outcome),
  });
});
afterAll(async () => {
  await gateway?.close();
  rmSync(folder, { recursive: true, force: true });
});

async function queryFields(): Promise<string[]> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __type(name: "Query") { fields { name } } }' }),
  });
  const body = (await response.json()) as { data: { __type: { fields: { name: string }[] } } };
  return body.data.__type.fields.map((f) => f.name);
}

async function nextOutcome(count: number): Promise<ReloadOutcome> {
  for (let waited = 0; outcomes.length < count; waited += 20) {
    if (waited > 5000) throw new Error('no reload within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return outcomes[count - 1];
}

it('switches to an edited supergraph without a restart, and refuses broken ones', async () => {
  expect(await queryFields()).toContain('searchEnterprises');

  const original = readFileSync(file, 'utf8');
  writeFileSync(file, original.replaceAll('searchEnterprises', 'searchBusinesses'));
  expect(await nextOutcome(1)).toEqual({ status: 'loaded' });
  const fields = await queryFields();
  expect(fields).toContain('searchBusinesses');
  expect(fields).not.toContain('searchEnterprises');

  writeFileSync(file, 'type Query {');
  expect(await nextOutcome(2)).toMatchObject({ status: 'refused' });
  expect(await queryFields()).toContain('searchBusinesses');

  // Valid GraphQL, but no supergraph (no join directives): refused too.
  writeFileSync(file, 'type Query { hello: String }');
  expect(await nextOutcome(3)).toMatchObject({ status: 'refused' });
  expect(await queryFields()).toContain('searchBusinesses');

  // Back to the committed one, by SIGHUP this time (the watcher may also see the write).
  writeFileSync(file, original);
  process.emit('SIGHUP', 'SIGHUP');
  expect(await nextOutcome(4)).toEqual({ status: 'loaded' });
  expect(await queryFields()).toContain('searchEnterprises');
});
