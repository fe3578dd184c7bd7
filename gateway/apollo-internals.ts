// Two per-request costs of @apollo/gateway's executor, taken out for the version pinned in
// package.json (profiles of the gateway at 1 and 20 connections):
//   1. Every request rebuilt its operation (federation-internals' Operation) from the parsed
//      document, though Apollo Server hands over the same parsed document for the same query
//      text: the operation is now kept per parsed operation (and schema).
//   2. Every answer was shaped by a general walk of the operation (resultShaping.js: drop the
//      fields only the plan needed, check nullability, leaf values and __typename) that builds
//      objects and closures per value: a quarter of the gateway's CPU on the larger answers.
//      A leaner walk over the same operation now shapes the answers that need no correction;
//      at the first sign of anything else (a null where none may be, a value of the wrong
//      kind, an unknown __typename, @skip/@include, introspection) it gives up and Apollo's own
//      walk shapes the answer, errors and all. So every answer is the one Apollo would give.
// Both are swapped in on the modules' exports, which the executor reads at each call. Another
// @apollo/gateway version leaves Apollo as it is (the walk mirrors this version's code).
import { createRequire } from 'node:module';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { log } from '../lib/log';

// Resolved from @apollo/gateway's own place, so these are the very modules it runs.
const require = createRequire(createRequire(import.meta.url).resolve('@apollo/gateway'));
const PINNED_VERSION = '2.14.4';

/** The parts of federation-internals' schema types read here (duck-typed, as the module is not typed for us). */
interface Type {
  kind: string;
  name?: string;
  ofType?: Type;
}
interface Schema {
  type(name: string): Type | undefined;
  schemaDefinition: { rootType(kind: string): Type | undefined };
}
interface Selection {
  kind: 'FieldSelection' | 'FragmentSelection';
  element: {
    appliedDirectives: readonly unknown[];
    name?: string;
    responseName?(): string;
    definition?: { type: Type; isSchemaIntrospectionField(): boolean };
    typeCondition?: Type;
  };
  selectionSet?: SelectionSet;
}
interface SelectionSet {
  selections(): readonly Selection[];
}
interface Operation {
  schema(): Schema;
  rootKind: string;
  selectionSet: SelectionSet;
}
export interface ShapingArguments {
  operation: Operation;
  variables: Record<string, unknown> | undefined;
  input: Record<string, unknown> | null | undefined;
  introspectionHandling(selection: unknown): unknown;
}
export type ComputeResponse = (args: ShapingArguments) => { data: unknown; errors: unknown[] };

interface FederationInternals {
  isSubtype(type: Type, maybeSubType: Type): boolean;
  isCustomScalarType(type: Type): boolean;
}
interface BuiltInTypes {
  booleanType(): Type | undefined;
  intType(): Type | undefined;
  floatType(): Type | undefined;
  idType(): Type | undefined;
}

/** Raised inside the lean walk to hand the answer to Apollo's own. */
const GIVE_UP = new Error('shaped by Apollo');

/** A field's type, unwrapped once: what to check of its value. */
type Shape =
  | { kind: 'nonNull'; of: Shape }
  | { kind: 'list'; of: Shape }
  | { kind: 'composite'; type: Type }
  | { kind: 'leaf'; valid(value: unknown): boolean };

interface FieldStep {
  field: true;
  responseName: string;
  typename: boolean;
  shape: Shape;
  selectionSet?: SelectionSet;
  /** The steps of the field's selection set, once first needed (null: Apollo's walk). */
  inner?: Step[] | null;
}
interface FragmentStep {
  field: false;
  typeCondition?: Type;
  selectionSet: SelectionSet;
  inner?: Step[] | null;
  /** Whether the type condition holds, by __typename. */
  applies: Map<string, boolean>;
}
type Step = FieldStep | FragmentStep;

const COMPOSITE = new Set(['ObjectType', 'InterfaceType', 'UnionType']);
/**
 * The prototype of the answer's objects: empty and itself without one, so as Apollo's
 * Object.create(null) objects they inherit no property (a field may be called `constructor`),
 * but V8 keeps them in fast mode, which makes them quicker to build and to serialise (about 2×).
 */
const ANSWER_OBJECT = Object.create(null) as object;
const answerObject = () => Object.create(ANSWER_OBJECT) as Record<string, unknown>;
const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;

/**
 * federation-internals' isValidLeafValue for one type, its tests of the type made once:
 * custom scalars take anything; a boolean must be a Boolean; a finite number an integer for Int
 * and ID, any for Float; a string one of an enum's values, else anything but Boolean, Int, Float.
 */
function leafCheck(internals: FederationInternals, schema: Schema & BuiltInTypes, type: Type & { value?(name: string): unknown }): (value: unknown) => boolean {
  if (internals.isCustomScalarType(type)) return () => true;
  const isBoolean = type === schema.booleanType();
  const isInt = type === schema.intType();
  const isIntOrId = isInt || type === schema.idType();
  const isFloat = type === schema.floatType();
  const isEnum = type.kind === 'EnumType';
  return (value) => {
    if (typeof value === 'boolean') return isBoolean;
    if (typeof value === 'number' && isFinite(value)) return isIntOrId ? INTEGER.test(String(value)) : isFloat;
    if (typeof value === 'string') return isEnum ? type.value!(value) !== undefined : !isBoolean && !isInt && !isFloat;
    return false;
  };
}

/** The lean walk of one operation's answers; its steps are kept per selection set of the (kept) operation. */
export function leanComputeResponse(internals: FederationInternals, apollo: ComputeResponse): ComputeResponse {
  const compiled = new WeakMap<SelectionSet, Step[] | null>();

  /** The steps of a selection set, compiled at its first answer; null: Apollo's walk must do it. */
  function stepsOf(schema: Schema, selectionSet: SelectionSet): Step[] | null {
    let known = compiled.get(selectionSet);
    if (known === undefined) {
      known = compile(schema, selectionSet);
      compiled.set(selectionSet, known);
    }
    return known;
  }

  /** The steps below a field or fragment, kept on the step itself (no lookup per object answered). */
  function innerSteps(schema: Schema, step: Step): Step[] {
    if (step.inner === undefined) step.inner = stepsOf(schema, step.selectionSet!);
    if (step.inner === null) throw GIVE_UP;
    return step.inner;
  }

  function shapeOf(schema: Schema, type: Type): Shape {
    if (type.kind === 'NonNullType' || type.kind === 'ListType') return { kind: type.kind === 'NonNullType' ? 'nonNull' : 'list', of: shapeOf(schema, type.ofType!) };
    if (COMPOSITE.has(type.kind)) return { kind: 'composite', type };
    return { kind: 'leaf', valid: leafCheck(internals, schema as Schema & BuiltInTypes, type) };
  }

  /** The steps of a selection set; null when Apollo's walk must do it (directives, introspection). */
  function compile(schema: Schema, selectionSet: SelectionSet): Step[] | null {
    const steps: Step[] = [];
    for (const { kind, element, selectionSet: inner } of selectionSet.selections()) {
      if (element.appliedDirectives.length > 0) return null;
      if (kind === 'FieldSelection') {
        if (!element.definition || !element.responseName || element.definition.isSchemaIntrospectionField()) return null;
        const shape = shapeOf(schema, element.definition.type);
        steps.push({ field: true, responseName: element.responseName(), typename: element.name === '__typename', shape, selectionSet: inner });
      } else {
        if (!inner) return null;
        steps.push({ field: false, typeCondition: element.typeCondition, selectionSet: inner, applies: new Map() });
      }
    }
    return steps;
  }

  const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

  function applySteps(schema: Schema, input: Record<string, unknown>, steps: Step[], output: Record<string, unknown>, parentType: Type): void {
    for (const step of steps) {
      if (step.field) {
        const { responseName } = step;
        const outputValue = output[responseName];
        let inputValue = (hasOwn(input, responseName) ? input[responseName] : undefined) ?? null;
        if (step.typename) {
          if (outputValue !== undefined) continue;
          if (inputValue === null && responseName !== '__typename') inputValue = input.__typename ?? null;
          const type = typeof inputValue === 'string' ? (schema.type(inputValue) ?? parentType) : parentType;
          if (type.kind !== 'ObjectType') throw GIVE_UP;
          output[responseName] = type.name;
          continue;
        }
        output[responseName] = shapeValue(schema, outputValue, step.shape, inputValue, step);
      } else {
        const typename = input.__typename;
        if (typename && typeof typename !== 'string') throw GIVE_UP;
        if (typeConditionApplies(schema, step, typename as string | undefined, parentType)) {
          applySteps(schema, input, innerSteps(schema, step), output, step.typeCondition ?? parentType);
        }
      }
    }
  }

  function typeConditionApplies(schema: Schema, step: FragmentStep, typename: string | undefined, parentType: Type): boolean {
    const condition = step.typeCondition;
    if (!condition) return true;
    if (!typename) return internals.isSubtype(condition, parentType);
    let applies = step.applies.get(typename);
    if (applies === undefined) {
      const type = schema.type(typename);
      applies = !!type && internals.isSubtype(condition, type);
      step.applies.set(typename, applies);
    }
    return applies;
  }

  /** One value of the answer; any case where Apollo's walk would report an error gives up. */
  function shapeValue(schema: Schema, outputValue: unknown, shape: Shape, inputValue: unknown, step: FieldStep): unknown {
    if (inputValue === undefined) throw GIVE_UP;
    if (outputValue === null || (outputValue !== undefined && !step.selectionSet)) return outputValue;
    if (shape.kind === 'nonNull') {
      const shaped = shapeValue(schema, outputValue, shape.of, inputValue, step);
      if (shaped === null) throw GIVE_UP;
      return shaped;
    }
    if (inputValue === null) return null;
    if (shape.kind === 'list') {
      if (!Array.isArray(inputValue) || (outputValue !== undefined && (!Array.isArray(outputValue) || outputValue.length !== inputValue.length))) throw GIVE_UP;
      const outputList = outputValue as unknown[] | undefined;
      const shaped = new Array<unknown>(inputValue.length);
      for (let i = 0; i < inputValue.length; i++) shaped[i] = shapeValue(schema, outputList?.[i], shape.of, inputValue[i], step);
      return shaped;
    }
    if (shape.kind === 'composite') {
      if (!step.selectionSet || typeof inputValue !== 'object' || (outputValue !== undefined && typeof outputValue !== 'object')) throw GIVE_UP;
      const object = inputValue as Record<string, unknown>;
      const typename = object.__typename;
      if (typename !== undefined && typeof typename !== 'string') throw GIVE_UP;
      let objectType = shape.type;
      if (typename) {
        const named = schema.type(typename);
        if (!named || !COMPOSITE.has(named.kind)) throw GIVE_UP;
        objectType = named;
      }
      const output = (outputValue as Record<string, unknown> | undefined) ?? answerObject();
      applySteps(schema, object, innerSteps(schema, step), output, objectType);
      return output;
    }
    if (outputValue !== undefined || !shape.valid(inputValue)) throw GIVE_UP;
    return inputValue;
  }

  return (args) => {
    const { operation, input } = args;
    if (!input) return apollo(args);
    try {
      const schema = operation.schema();
      const rootType = schema.schemaDefinition.rootType(operation.rootKind);
      if (!rootType) return apollo(args);
      const data = answerObject();
      const steps = stepsOf(schema, operation.selectionSet);
      if (!steps) return apollo(args);
      applySteps(schema, input, steps, data, rootType);
      return { data, errors: [] };
    } catch {
      // GIVE_UP, or anything unexpected: Apollo's walk answers (and reports) exactly as before.
      return apollo(args);
    }
  };
}

type OperationFromDocument = (schema: object, document: DocumentNode, options?: { operationName?: string; validate?: boolean }) => Operation;

/**
 * operationFromDocument, kept for the executor's calls: a document of one operation and the
 * fragments it uses, built fresh per request from the same parsed nodes. Other calls (the query
 * planner's, with an operation name) go straight through.
 */
export function keptOperationFromDocument(build: OperationFromDocument): OperationFromDocument {
  const kept = new WeakMap<OperationDefinitionNode, { schema: object; fragments: readonly unknown[]; operation: Operation }>();
  return (schema, document, options) => {
    const [first, ...fragments] = document.definitions;
    if (!options || options.validate !== false || options.operationName !== undefined || Object.keys(options).length !== 1 || first?.kind !== 'OperationDefinition') {
      return build(schema, document, options);
    }
    const known = kept.get(first);
    if (known && known.schema === schema && known.fragments.length === fragments.length && known.fragments.every((node, i) => node === fragments[i])) {
      return known.operation;
    }
    const operation = build(schema, document, options);
    kept.set(first, { schema, fragments, operation });
    return operation;
  };
}

let installed = false;

/** Swaps both in, once per process; false (and a warning) for another @apollo/gateway version. */
export function installApolloSpeedups(): boolean {
  if (installed) return true;
  const version = (require('@apollo/gateway/package.json') as { version: string }).version;
  if (version !== PINNED_VERSION) {
    log.warn({ component: 'gateway', version, pinned: PINNED_VERSION }, 'gateway speed-ups left out: they mirror another @apollo/gateway version');
    return false;
  }
  const shaping = require('@apollo/gateway/dist/resultShaping.js') as { computeResponse: ComputeResponse };
  const operations = require('@apollo/federation-internals/dist/operations.js') as { operationFromDocument: OperationFromDocument };
  const { isSubtype, isCustomScalarType } = require('@apollo/federation-internals') as FederationInternals;
  shaping.computeResponse = leanComputeResponse({ isSubtype, isCustomScalarType }, shaping.computeResponse);
  operations.operationFromDocument = keptOperationFromDocument(operations.operationFromDocument);
  installed = true;
  return true;
}
