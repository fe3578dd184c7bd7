// The joint office reads units' data through the federated graph, never around it: this
// client sends operations to the gateway as the office, with a service token. Partial answers
// come back as they are (data plus errors naming the units that failed).
import { signToken } from '../../lib/auth';
import { ErrorCode, graphError } from '../../lib/errors';
import { currentRequestId, REQUEST_ID_HEADER } from '../../lib/log';

export interface GraphError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; unitCode?: string; [key: string]: unknown };
}

export interface GraphAnswer<T> {
  data: T | null;
  errors: GraphError[];
}

export interface GraphClientOptions {
  /** The gateway's /graphql URL; a function because in tests the gateway starts after this subgraph. */
  url: () => string;
  jwtSecret: string;
  timeoutMs: number;
}

const requestIdHeader = (): Record<string, string> => {
  const id = currentRequestId();
  return id ? { [REQUEST_ID_HEADER]: id } : {};
};

export class GraphClient {
  private token?: Promise<string>;

  constructor(private readonly options: GraphClientOptions) {}

  async query<T>(query: string, variables: Record<string, unknown> = {}, actor = 'joint-office'): Promise<GraphAnswer<T>> {
    this.token ??= signToken({ kind: 'office' }, this.options.jwtSecret, { subject: 'joint-office', expiresIn: '365d' });
    let response: Response;
    try {
      response = await fetch(this.options.url(), {
        method: 'POST',
        // The request id of the office's own request, if any: its reads through the graph keep it.
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token}`, 'x-on-behalf-of': actor, ...requestIdHeader() },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw graphError(ErrorCode.SUBGRAPH_UNAVAILABLE, `The federated graph could not be reached: ${(error as Error).message}`);
    }
    const body = (await response.json()) as { data?: T | null; errors?: GraphError[] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  }
}
