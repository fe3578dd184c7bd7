// Counts every GraphQL operation a server answers, by operation name and outcome (ok, or the
// code of the first error), and times it. Used by the gateway and by every subgraph server.
// It runs on every request, so the per-request work is kept small: no async functions (each is
// a promise more per hook), the histogram child of each label set made once, and the count
// kept as a plain number until /metrics is read (lib/metrics.ts requestCounter).
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse, GraphQLRequestListener } from '@apollo/server';
import { Kind, type DocumentNode } from 'graphql';
import { graphqlDuration, operationLabel, requestCounter } from '../metrics';

// Codes come from our servers and libraries, but are still capped to a plain shape.
const outcomeOf = (code: unknown): string => (typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'error');

/** The name of a document's only operation: known even when validation refused it. */
function onlyOperationName(document: DocumentNode | undefined): string | undefined {
  const operations = document?.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION) ?? [];
  return operations.length === 1 && operations[0].kind === Kind.OPERATION_DEFINITION ? operations[0].name?.value : undefined;
}

type Timed = ReturnType<typeof graphqlDuration.labels>;

const DONE: Promise<void> = Promise.resolve();

export function metricsPlugin<Context extends BaseContext>(server: string): ApolloServerPlugin<Context> {
  // Label sets are bounded (operationLabel caps the names, outcomes are codes): kept per server,
  // by operation then outcome (no label text built per request).
  const counters = new Map<string, Map<string, { count: number }>>();
  const timers = new Map<string, Timed>();
  const counter = (operation: string, outcome: string): { count: number } => {
    let byOutcome = counters.get(operation);
    if (!byOutcome) counters.set(operation, (byOutcome = new Map()));
    let counted = byOutcome.get(outcome);
    if (!counted) byOutcome.set(outcome, (counted = requestCounter({ server, operation, outcome })));
    return counted;
  };
  const timer = (operation: string): Timed => {
    let child = timers.get(operation);
    if (!child) timers.set(operation, (child = graphqlDuration.labels({ server, operation })));
    return child;
  };
  function willSendResponse(this: { started: number }, { request, operationName, document, errors, response }: GraphQLRequestContextWillSendResponse<Context>): Promise<void> {
    const name = operationLabel(operationName ?? request.operationName ?? onlyOperationName(document));
    const resultErrors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
    const outcome = errors?.length || resultErrors?.length ? outcomeOf(errors?.[0]?.extensions?.code ?? resultErrors?.[0]?.extensions?.code) : 'ok';
    counter(name, outcome).count++;
    timer(name).observe((performance.now() - this.started) / 1000);
    return DONE;
  }
  return {
    requestDidStart() {
      // The listener carries the start time; willSendResponse is one shared function.
      const listener: GraphQLRequestListener<Context> & { started: number } = { started: performance.now(), willSendResponse };
      return Promise.resolve(listener);
    },
  };
}
