// How the gateway talks to one subgraph: forwards the caller's verified token, bounds each
// fetch in time, and turns an unreachable or slow subgraph into an error on its fields
// (code SUBGRAPH_UNAVAILABLE) instead of failing the whole operation.
// Must come first: turns vendor telemetry off before @apollo/gateway loads.
import '../lib/no-egress';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ErrorCode } from '../lib/errors';
import type { Caller } from '../lib/auth';

export interface GatewayContext {
  caller: Caller;
}


type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

function boundedFetcher(name: string, timeoutMs: number): Fetcher {
  // Node's fetch keeps connections to each subgraph alive and pools them.
  return (async (url: string, init: RequestInit) => {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      const message = timedOut ? `Subgraph ${name} did not answer within ${timeoutMs} ms` : `Subgraph ${name} is unreachable`;
      const body = { data: null, errors: [{ message, extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: name } }] };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }
  }) as unknown as Fetcher;
}

export class SubgraphSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(name: string, url: string, timeoutMs: number) {
    super({ url, fetcher: boundedFetcher(name, timeoutMs) });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const caller = (context as Partial<GatewayContext>).caller;
    // Anonymous callers and the gateway's own schema loading send no token: the public role.
    if (caller?.token) request.http?.headers.set('authorization', `Bearer ${caller.token}`);
  }
}
