// A document whose operation cannot be picked (several operations and no operationName, or an
// operationName it does not contain) is the client's mistake. Apollo Server leaves that case to
// the executor; @apollo/gateway's executor throws, which Apollo answers as HTTP 500
// INTERNAL_SERVER_ERROR. Refused here first with HTTP 400 BAD_REQUEST, as graphql-js words it.
import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';

const DONE: Promise<void> = Promise.resolve();

const listener: GraphQLRequestListener<BaseContext> = {
  didResolveOperation({ operation, document, request }) {
    if (operation) return DONE;
    const count = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
    const message = request.operationName
      ? `Unknown operation named "${request.operationName}".`
      : count > 1
        ? 'Must provide operation name if query contains multiple operations.'
        : 'Must provide an operation.';
    return Promise.reject(new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } }));
  },
};
// One listener for every request (it keeps no state), handed over already settled.
const LISTENER = Promise.resolve(listener);

export function operationNamePlugin<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return { requestDidStart: () => LISTENER as Promise<GraphQLRequestListener<Context>> };
}
