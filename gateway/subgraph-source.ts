// How the gateway talks to one subgraph: forwards the caller's verified token, bounds each
// fetch in time, and turns an unreachable or slow subgraph into an error on its fields
// (code SUBGRAPH_UNAVAILABLE) instead of failing the whole operation. Each fetch is timed and
// its failures counted per subgraph (lib/metrics.ts); the request id goes along.
// Must come first: turns vendor telemetry off before @apollo/gateway loads.
import '../lib/no-egress';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ErrorCode } from '../lib/errors';
import type { Caller } from '../lib/auth';
import { REQUEST_ID_HEADER } from '../lib/log';
import { subgraphFetchDuration, subgraphFetchErrors } from '../lib/metrics';

export interface GatewayContext {
  caller: Caller;
  /** The id of the client's request (lib/log.ts), sent on to the subgraphs. */
  requestId?: string;
}


type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

function boundedFetcher(name: string, timeoutMs: number): Fetcher {
  // Node's fetch keeps connections to each subgraph alive and pools them.
  return (async (url: string, init: RequestInit) => {
    const stopTimer = subgraphFetchDuration.startTimer({ subgraph: name });
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) subgraphFetchErrors.inc({ subgraph: name, reason: `http_${response.status}` });
      return response;
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      subgraphFetchErrors.inc({ subgraph: name, reason: timedOut ? 'timeout' : 'unreachable' });
      const message = timedOut ? `Subgraph ${name} did not answer within ${timeoutMs} ms` : `Subgraph ${name} is unreachable`;
      const body = { data: null, errors: [{ message, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: name } }] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    } finally {
      stopTimer();
    }
  }) as unknown as Fetcher;
}

export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(name: string, url: string, timeoutMs: number) {
    super({ url, fetcher: boundedFetcher(name, timeoutMs) });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { caller, requestId } = context as Partial<GatewayContext>;
    if (requestId) request.http?.headers.set(REQUEST_ID_HEADER, requestId);
    // Anonymous callers and the gateway's own schema loading send no token: the public role.
    if (caller?.token) request.http?.headers.set('authorization', `Bearer ${caller.token}`);
  }
}
