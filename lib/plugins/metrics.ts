// Counts every GraphQL operation a server answers, by operation name and outcome (ok, or the
// code of the first error), and times it. Used by the gateway and by every subgraph server.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, type DocumentNode } from 'graphql';
import { graphqlDuration, graphqlRequests, operationLabel } from '../metrics';

// Codes come from our servers and libraries, but are still capped to a plain shape.
const outcomeOf = (code: unknown): string => (typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'error');

/** The name of a document's only operation: known even when validation refused it. */
function onlyOperationName(document: DocumentNode | undefined): string | undefined {
  const operations = document?.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION) ?? [];
  return operations.length === 1 && operations[0].kind === Kind.OPERATION_DEFINITION ? operations[0].name?.value : undefined;
}

export function metricsPlugin<Context extends BaseContext>(server: string): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ request, operationName, document, errors, response }) {
          const name = operationLabel(operationName ?? request.operationName ?? onlyOperationName(document));
          const resultErrors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const first = errors?.[0]?.extensions?.code ?? resultErrors?.[0]?.extensions?.code;
          const outcome = errors?.length || resultErrors?.length ? outcomeOf(first) : 'ok';
          graphqlRequests.inc({ server, operation: name, outcome });
          graphqlDuration.observe({ server, operation: name }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
