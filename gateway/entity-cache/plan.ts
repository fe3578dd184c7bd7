// Reads a subgraph query the gateway is about to send and says whether its answer can be taken
// from the entity cache, entity by entity: an `_entities` fetch, or a root lookup such as
// `enterprise(uscc:)`, whose every selected field is on the allow-list (policy.ts). Anything
// unusual (fragments spreads, directives, field arguments, several root fields) makes the query
// uncacheable: it then goes to the subgraph as before. Plans are kept per query text: the
// gateway sends the same few texts again and again.
import { createHash } from 'node:crypto';
import { Kind, parse, print, type DocumentNode, type FieldNode, type SelectionSetNode, type ValueNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { CACHEABLE_TYPES, ROOT_LOOKUPS, type FieldTree } from './policy';

export type FetchPlan =
  | {
      kind: 'entities';
      /** The variable holding the representations. */
      variable: string;
      /** The types the fetch asks for (each on the allow-list of the subgraph). */
      types: ReadonlySet<string>;
      /** Names the selection: the same entity asked with another selection is another entry. */
      selection: string;
    }
  | {
      kind: 'root';
      /** The field's name in the answer (its alias, if any). */
      responseName: string;
      type: string;
      /** Where the key value is: a variable or a literal. */
      key: { variable: string } | { value: string };
      selection: string;
    };

const PLANS_KEPT = 2000;
/**
 * Per subgraph: query text → plan, or null for a query that is not cached. Keyed by the text
 * itself (the plan hands over the same string each time, whose hash V8 keeps), not a text made
 * per call.
 */
const plans = new Map<string, LRUCache<string, { plan: FetchPlan | null }>>();

/** The plan of a query to `subgraph`; null when its answer must come from the subgraph. */
export function fetchPlan(subgraph: string, query: string, document?: DocumentNode): FetchPlan | null {
  let ofSubgraph = plans.get(subgraph);
  if (!ofSubgraph) plans.set(subgraph, (ofSubgraph = new LRUCache({ max: PLANS_KEPT })));
  let kept = ofSubgraph.get(query);
  if (!kept) {
    kept = { plan: analyse(subgraph, query, document) };
    ofSubgraph.set(query, kept);
  }
  return kept.plan;
}

function analyse(subgraph: string, query: string, given?: DocumentNode): FetchPlan | null {
  let document = given;
  if (!document) {
    try {
      document = parse(query);
    } catch {
      return null;
    }
  }
  if (document.definitions.length !== 1) return null;
  const operation = document.definitions[0];
  if (operation.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query' || operation.directives?.length) return null;
  const roots = operation.selectionSet.selections;
  if (roots.length !== 1 || roots[0].kind !== Kind.FIELD || roots[0].directives?.length) return null;
  const root = roots[0];
  if (root.name.value === '_entities') return entitiesPlan(subgraph, root);
  return rootPlan(subgraph, root);
}

function entitiesPlan(subgraph: string, field: FieldNode): FetchPlan | null {
  const argument = field.arguments?.length === 1 ? field.arguments[0] : undefined;
  if (field.alias || !field.selectionSet || argument?.name.value !== 'representations' || argument.value.kind !== Kind.VARIABLE) return null;
  const types = new Set<string>();
  for (const selection of field.selectionSet.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value === '__typename' && !selection.directives?.length) continue;
    if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition || selection.directives?.length) return null;
    const type = CACHEABLE_TYPES.get(selection.typeCondition.name.value);
    if (!type || type.subgraph !== subgraph || !allowed(selection.selectionSet, type.fields)) return null;
    types.add(selection.typeCondition.name.value);
  }
  if (types.size === 0) return null;
  return { kind: 'entities', variable: argument.value.name.value, types, selection: selectionId(subgraph, field.selectionSet) };
}

function rootPlan(subgraph: string, field: FieldNode): FetchPlan | null {
  const lookup = ROOT_LOOKUPS.find((candidate) => candidate.subgraph === subgraph && candidate.field === field.name.value);
  const type = lookup && CACHEABLE_TYPES.get(lookup.type);
  if (!lookup || !type || !field.selectionSet || field.arguments?.length !== 1 || field.arguments[0].name.value !== lookup.argument) return null;
  const key = keySource(field.arguments[0].value);
  if (!key || !allowed(field.selectionSet, type.fields)) return null;
  return { kind: 'root', responseName: field.alias?.value ?? field.name.value, type: lookup.type, key, selection: selectionId(subgraph, field.selectionSet) };
}

function keySource(value: ValueNode): { variable: string } | { value: string } | null {
  if (value.kind === Kind.VARIABLE) return { variable: value.name.value };
  if (value.kind === Kind.STRING) return { value: value.value };
  return null;
}

/** Every field selected is on the tree (no arguments, directives or fragments); `__typename` anywhere. */
function allowed(selectionSet: SelectionSetNode, tree: FieldTree): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind !== Kind.FIELD || selection.directives?.length || selection.arguments?.length) return false;
    if (selection.name.value === '__typename') return !selection.selectionSet;
    const allowance = tree[selection.name.value];
    if (allowance === undefined) return false;
    if (allowance === true) return !selection.selectionSet;
    return selection.selectionSet !== undefined && allowed(selection.selectionSet, allowance);
  });
}

function selectionId(subgraph: string, selectionSet: SelectionSetNode): string {
  return createHash('sha256').update(subgraph).update('\n').update(print(selectionSet)).digest('base64url').slice(0, 16);
}
