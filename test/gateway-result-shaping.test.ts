// The gateway's lean shaping of answers and its kept operations (gateway/apollo-internals.ts)
// against @apollo/gateway's own code: for well-formed answers the lean walk answers alone and
// exactly as Apollo's; for anything Apollo corrects or reports (nulls where none may be, values
// of the wrong kind, unknown __typename, @skip/@include, introspection) Apollo's walk answers.
import { createRequire } from 'node:module';
import type { DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { installApolloSpeedups, keptOperationFromDocument, leanComputeResponse, type ComputeResponse, type ShapingArguments } from '../gateway/apollo-internals';

const apolloRequire = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
const internals = apolloRequire('@apollo/federation-internals');
const { computeResponse: apolloComputeResponse } = apolloRequire('./resultShaping.js') as { computeResponse: ComputeResponse };
const { parse } = apolloRequire('graphql') as { parse(source: string): DocumentNode };

const SCHEMA = internals.buildSchema(`
  type Query { units: [Unit!]! unit(code: ID!): Unit main: Office results: [Result] count: Int! ratio: Float flag: Boolean kinds: [Kind!] meta: JSON id: ID label: String }
  scalar JSON
  interface Unit { code: ID! name: String }
  type Office implements Unit { code: ID! name: String staff: Int! }
  type Platform implements Unit { code: ID! name: String kind: Kind! tags: [String!] }
  union Result = Office | Platform
  enum Kind { A B }
`);

const operationOf = (query: string) => internals.operationFromDocument(SCHEMA, parse(query), { validate: false });

/** Both walks over one answer, and how often the lean one handed it to Apollo's. */
function shapeBoth(query: string, input: Record<string, unknown>, variables: Record<string, unknown> = {}) {
  let handedOver = 0;
  const lean = leanComputeResponse(internals, (args) => {
    handedOver++;
    return apolloComputeResponse(args);
  });
  const args: ShapingArguments = { operation: operationOf(query), variables, input, introspectionHandling: () => ({ queryType: { name: 'Query' } }) };
  const [ours, apollo] = [lean(args), apolloComputeResponse(args)];
  const text = (result: { data: unknown; errors: unknown[] }) => JSON.stringify({ data: result.data, errors: result.errors.map((e) => [(e as Error).message, (e as { path?: unknown }).path]) });
  return { ours: text(ours), apollo: text(apollo), handedOver, errors: apollo.errors.length };
}

const UNITS = `{ units { __typename code name ... on Office { staff } ... on Platform { kind tags code } } count }`;
const office = { __typename: 'Office', code: 'o1', name: 'Office', staff: 3, extra: 'dropped' };
const platform = { __typename: 'Platform', code: 'p1', name: null, kind: 'A', tags: ['x', 'y'] };

describe('lean answer shaping', () => {
  it.each([
    ['fields of interface members, unused fields dropped', UNITS, { units: [office, platform], count: 2 }],
    ['aliases, aliased __typename, named fragments and fields asked twice', `query { u: units { t: __typename ...F code } flag ratio } fragment F on Unit { code name ... on Platform { k: kind } }`, { u: [{ __typename: 'Platform', t: 'Platform', code: 'p1', name: 'P', k: 'B' }], flag: true, ratio: 1.5 }],
    ['nullable fields missing or null', `{ unit(code: "o1") { code name } ratio kinds results { ... on Office { staff } } }`, { unit: { code: 'o1' }, ratio: null, results: [null, { __typename: 'Office', staff: 1 }, { __typename: 'Platform' }], count: 1 }],
    ['the root __typename and an absent __typename of an object', `{ __typename main { __typename code } }`, { main: { code: 'x' } }],
    ['leaves of every kind', `{ count ratio flag kinds meta id label }`, { count: -3, ratio: 2, flag: false, kinds: ['A', 'B'], meta: { any: [1, 'x'] }, id: 7, label: '' }],
    ['an ID given as a string, a Float as a fraction', `{ id ratio }`, { id: 'u-1', ratio: -0.25 }],
    ['aliases named like properties every object inherits', `{ constructor: count toString: label __proto__: flag main { hasOwnProperty: code } }`, JSON.parse('{"constructor":1,"toString":"x","__proto__":true,"main":{"hasOwnProperty":"o"}}')],
  ])('answers alone, as Apollo does: %s', (_name, query, input) => {
    const { ours, apollo, handedOver, errors } = shapeBoth(query, input as Record<string, unknown>);
    expect(errors).toBe(0);
    expect(ours).toBe(apollo);
    expect(handedOver).toBe(0);
  });

  it.each([
    ['a null where none may be', UNITS, { units: [office, { ...platform, kind: null }], count: 2 }],
    ['a missing non-null field', UNITS, { units: [office] }],
    ['a null item of a non-null list', UNITS, { units: [null], count: 0 }],
    ['an unknown enum value', UNITS, { units: [{ ...platform, kind: 'C' }], count: 1 }],
    ['a string for an Int', UNITS, { units: [office], count: '2' }],
    ['a fraction for an Int', UNITS, { units: [{ ...office, staff: 1.5 }], count: 1 }],
    ['an unknown __typename', UNITS, { units: [{ ...office, __typename: 'Nope' }], count: 1 }],
    ['an object for a leaf', `{ count }`, { count: { n: 1 } }],
    ['a list where an object belongs', `{ unit(code: "a") { code } }`, { unit: [{ code: 'a' }] }],
    ['a number for a String', `{ label }`, { label: 5 }],
    ['a boolean for an Int', `{ count }`, { count: true }],
    ['a string for a Boolean', `{ flag }`, { flag: 'true' }],
    ['a string for a Float', `{ ratio }`, { ratio: '1.5' }],
    ['a fraction for an ID', `{ id }`, { id: 1.5 }],
    ['an infinite Float', `{ ratio }`, { ratio: Infinity }],
    ['an interface object without __typename (its __typename is unknown: null)', `{ unit(code: "x") { __typename code } }`, { unit: { code: 'x' } }],
  ])('hands answers Apollo corrects to Apollo: %s', (_name, query, input) => {
    const { ours, apollo, handedOver } = shapeBoth(query, input as Record<string, unknown>);
    expect(ours).toBe(apollo);
    expect(handedOver).toBe(1);
  });

  it.each([
    ['@skip', `query ($s: Boolean!) { count @skip(if: $s) flag }`, { count: 1, flag: true }, { s: true }],
    ['@include', `query ($s: Boolean!) { units { code ... on Office @include(if: $s) { staff } } }`, { units: [office] }, { s: false }],
    ['introspection', `{ __schema { queryType { name } } count }`, { count: 1 }, {}],
  ])('leaves %s to Apollo', (_name, query, input, variables) => {
    const { ours, apollo, handedOver } = shapeBoth(query, input as Record<string, unknown>, variables);
    expect(ours).toBe(apollo);
    expect(handedOver).toBe(1);
  });
});

describe('kept operations', () => {
  it('gives the same operation for the same parsed nodes and schema, a new one otherwise', () => {
    let built = 0;
    const kept = keptOperationFromDocument((schema, document, options) => {
      built++;
      return internals.operationFromDocument(schema, document, options);
    });
    const document = parse(`query Q { units { ...F } } fragment F on Unit { code }`);
    // The executor's call: a fresh document of the same nodes on every request.
    const fresh = (): DocumentNode => ({ ...document, definitions: [...document.definitions] });
    const first = kept(SCHEMA, fresh(), { validate: false });
    expect(kept(SCHEMA, fresh(), { validate: false })).toBe(first);
    expect(built).toBe(1);
    const otherSchema = internals.buildSchema(`type Query { units: [Unit!]! } interface Unit { code: ID! } type Office implements Unit { code: ID! }`);
    expect(kept(otherSchema, fresh(), { validate: false })).not.toBe(first);
    const reparsed = parse(`fragment F on Unit { code name }`).definitions[0];
    expect(kept(SCHEMA, { ...document, definitions: [document.definitions[0], reparsed] }, { validate: false })).not.toBe(first);
    // The planner's calls (with an operation name, validated) are never kept.
    kept(SCHEMA, document, { operationName: 'Q' });
    kept(SCHEMA, document, { operationName: 'Q' });
    expect(built).toBe(5);
  });
});

describe('installation', () => {
  // Last in this file: it swaps the functions the tests above compare with.
  it('swaps both into the pinned @apollo/gateway, once', () => {
    const shaping = apolloRequire('./resultShaping.js') as { computeResponse: ComputeResponse };
    const operations = apolloRequire('@apollo/federation-internals/dist/operations.js') as { operationFromDocument: unknown };
    const before = [shaping.computeResponse, operations.operationFromDocument];
    expect(installApolloSpeedups()).toBe(true);
    const after = [shaping.computeResponse, operations.operationFromDocument];
    expect(after[0]).not.toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
    expect(installApolloSpeedups()).toBe(true);
    expect([shaping.computeResponse, operations.operationFromDocument]).toEqual(after);
  });
});
