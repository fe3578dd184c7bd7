// One check of every string a client sends to a subgraph, before any resolver runs: no
// character PostgreSQL or XML 1.0 refuses (lib/input-checks.ts), and ID arguments no longer
// than MAX_ID_LENGTH. Doing it here once covers every field, present and future.
//
// Types are read by duck typing, not graphql's TypeInfo or type predicates: the subgraphs'
// schemas are built by a different copy of graphql (CommonJS) than this module may load (ESM),
// and graphql's instanceof checks refuse to mix them.
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, type ASTNode, type DocumentNode, type TypeNode, visit } from 'graphql';
import { checkIdLength, checkText, MAX_ID_LENGTH, textProblem } from '../../lib/input-checks';

/** The parts of graphql's type objects read here. */
interface TypeLike {
  name?: string;
  ofType?: TypeLike;
  getFields?(): Record<string, { type: TypeLike; args?: readonly { name: string; type: TypeLike }[] }>;
}
interface SchemaLike {
  getType(name: string): unknown;
  getQueryType(): unknown;
  getMutationType(): unknown;
}

const named = (type: TypeLike | undefined): TypeLike | undefined => (type?.ofType ? named(type.ofType) : type);
/** Strips NonNull only (a list stays a list). */
const nullable = (type: TypeLike | undefined): TypeLike | undefined => (type && type.constructor?.name === 'GraphQLNonNull' ? type.ofType : type);

function checkString(name: string, text: string, type: TypeLike | undefined): void {
  checkText(name, text);
  if (named(type)?.name === 'ID') checkIdLength(name, text);
}

/** Where a value lies in a variable, e.g. `representations[3].code`. */
type Path = (string | number)[];

const pathName = (path: Path): string => path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');

/**
 * Walks a variable's value along its declared type; values of custom scalars are walked as JSON.
 * Runs on every request: the value's name is only spelled out for a value that fails.
 */
function checkValue(path: Path, value: unknown, type: TypeLike | undefined): void {
  if (value == null) return;
  const own = nullable(type);
  if (typeof value === 'string') {
    if (textProblem(value) !== null || (value.length > MAX_ID_LENGTH && named(own)?.name === 'ID')) checkString(pathName(path), value, own);
    return;
  }
  if (Array.isArray(value)) {
    const item = own?.ofType && !own.name ? own.ofType : undefined;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      checkValue(path, value[i], item);
      path.pop();
    }
    return;
  }
  if (typeof value === 'object') {
    const fields = own?.getFields?.();
    for (const key of Object.keys(value)) {
      path.push(key);
      checkValue(path, (value as Record<string, unknown>)[key], fields?.[key]?.type);
      path.pop();
    }
  }
}

function typeOfNode(schema: SchemaLike, node: TypeNode): TypeLike | undefined {
  if (node.kind === 'NamedType') return schema.getType(node.name.value) as TypeLike | undefined;
  const inner = typeOfNode(schema, node.type);
  // A list: only `ofType` matters here (the walk above unwraps it).
  return node.kind === 'ListType' ? { ofType: inner } : inner;
}

/** What is left to check of one document once its literals passed: its variables' values. */
type VariableChecks = { name: string; type: TypeLike | undefined }[];

/** Checks a document's literal strings and returns the variables to check per request. */
function checkDocument(schema: SchemaLike, document: DocumentNode): VariableChecks {
  const variables: VariableChecks = [];
  // Parent types of the selections being visited, to know each literal argument's type.
  const parents: (TypeLike | undefined)[] = [];
  const fieldOf = (name: string) => parents[parents.length - 1]?.getFields?.()[name];
  let argument: { name: string; type: TypeLike | undefined } | undefined;
  visit(document, {
    OperationDefinition: {
      enter: (node) => void parents.push((node.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType()) as TypeLike),
      leave: () => void parents.pop(),
    },
    FragmentDefinition: { enter: (node) => void parents.push(schema.getType(node.typeCondition.name.value) as TypeLike), leave: () => void parents.pop() },
    InlineFragment: {
      enter: (node) => void parents.push(node.typeCondition ? (schema.getType(node.typeCondition.name.value) as TypeLike) : parents[parents.length - 1]),
      leave: () => void parents.pop(),
    },
    Field: {
      enter: (node) => void parents.push(named(fieldOf(node.name.value)?.type)),
      leave: () => void parents.pop(),
    },
    Argument: {
      // Field.enter already pushed the field's own type: its parent is one level up.
      enter: (node, _key, _parent, _path, ancestors) => {
        const field = ancestors[ancestors.length - 1] as ASTNode;
        const owner = parents[parents.length - 2]?.getFields?.()[field.kind === 'Field' ? field.name.value : ''];
        argument = { name: node.name.value, type: owner?.args?.find((a) => a.name === node.name.value)?.type };
      },
      leave: () => void (argument = undefined),
    },
    VariableDefinition(node) {
      variables.push({ name: node.variable.name.value, type: typeOfNode(schema, node.type) });
    },
    StringValue(node, _key, parent) {
      // Only a string directly given as an argument is known to be an ID; nested ones are checked for characters.
      const direct = argument && !Array.isArray(parent) && (parent as ASTNode).kind === 'Argument';
      checkString(argument?.name ?? 'argument', node.value, direct ? argument!.type : undefined);
    },
  });
  return variables;
}

// Apollo Server keeps one parsed document per distinct query (its document cache), and the
// gateway sends the same few queries again and again: the walk of a document is done once.
const checkedDocuments = new WeakMap<DocumentNode, VariableChecks | GraphQLError>();

export function checkArguments(schema: SchemaLike, document: DocumentNode, variables: Record<string, unknown> = {}): void {
  let checks = checkedDocuments.get(document);
  if (!checks) {
    try {
      checks = checkDocument(schema, document);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      checks = error;
    }
    checkedDocuments.set(document, checks);
  }
  if (checks instanceof GraphQLError) throw checks;
  for (const { name, type } of checks) checkValue([name], variables[name], type);
}

const DONE: Promise<void> = Promise.resolve();

// One listener for every request (it keeps no state), handed over already settled: this runs on
// every subgraph request.
const listener: GraphQLRequestListener<BaseContext> = {
  didResolveOperation({ schema, document, request }) {
    try {
      checkArguments(schema as unknown as SchemaLike, document, request.variables);
      return DONE;
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      // A client mistake: answer 200 with the coded error (Apollo's default here is 500,
      // which the gateway would report as an unreachable subgraph).
      return Promise.reject(new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 200 } } }));
    }
  },
};
const LISTENER = Promise.resolve(listener);

export function argumentGuardPlugin<Context extends object>(): ApolloServerPlugin<Context> {
  return { requestDidStart: () => LISTENER as Promise<GraphQLRequestListener<Context>> };
}
