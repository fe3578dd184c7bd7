// What errors and the schema tell a caller. Introspection and graphql-js's "Did you mean …?"
// suggestions hand an attacker the schema, so only the office (or anyone under the development
// switch GRAPHQL_DEV=1) gets them; public and department callers get a coded FORBIDDEN refusal
// for introspection and suggestion-free messages. Stack traces are a server option
// (`includeStacktraceInErrorResponses: graphqlDev`), set next to this plugin.
// Every request passes here: the hooks are made once and answer settled promises (no async functions).
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';
import { ErrorCode } from '../errors';
import type { Role } from '../roles';

export interface ErrorExposureOptions<Context> {
  graphqlDev: boolean;
  /** The caller's role, from the request context. */
  roleOf(context: Context): Role;
}

// Apollo Server keeps one parsed document per distinct query: each is walked once.
const introspecting = new WeakMap<DocumentNode, boolean>();

function asksIntrospection(document: DocumentNode): boolean {
  let known = introspecting.get(document);
  if (known === undefined) introspecting.set(document, (known = findsIntrospection(document)));
  return known;
}

function findsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
        return BREAK;
      }
    },
  });
  return found;
}

/** ' Did you mean "x" or "y"?' at the end of a validation message. */
const SUGGESTION = / ?Did you mean [^?]*\?$/;

const DONE: Promise<void> = Promise.resolve();

/** What a caller other than the office hears: one listener shared by all requests (it keeps no state). */
const restricted: GraphQLRequestListener<BaseContext> = {
  didResolveOperation({ document }) {
    if (!asksIntrospection(document)) return DONE;
    return Promise.reject(
      new GraphQLError('内省查询仅对联席办开放 (introspection is for the office role only)', {
        extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
      }),
    );
  },
  willSendResponse({ response }) {
    if (response.body.kind !== 'single') return DONE;
    for (const error of response.body.singleResult.errors ?? []) {
      if (SUGGESTION.test(error.message)) (error as { message: string }).message = error.message.replace(SUGGESTION, '');
    }
    return DONE;
  },
};
const RESTRICTED = Promise.resolve(restricted);
const UNRESTRICTED = Promise.resolve(undefined);

export function errorExposurePlugin<Context extends BaseContext>(options: ErrorExposureOptions<Context>): ApolloServerPlugin<Context> {
  return {
    requestDidStart({ contextValue }) {
      return options.graphqlDev || options.roleOf(contextValue).kind === 'office' ? UNRESTRICTED : (RESTRICTED as Promise<GraphQLRequestListener<Context>>);
    },
  };
}
