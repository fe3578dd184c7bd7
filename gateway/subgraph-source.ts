// How the gateway talks to one subgraph. A lean client instead of @apollo/gateway's
// RemoteGraphQLDataSource over fetch (web streams, a body tee, Request/Response and Headers
// objects per call, a new AbortSignal per call: 30% of the gateway's CPU in a profile):
//   - one undici Pool per subgraph: keep-alive connections, at most `connections` calls at once
//     (the rest wait in the pool's queue), each call bounded by the pool's headers/body timeouts;
//   - the body sent as one string, the answer read as one string and parsed once per caller;
//   - the queries one client request sends to a subgraph in the same step of its plan (e.g. one
//     entity fetch per alias) go in one HTTP request, as a batch (a JSON array; the subgraphs
//     accept batches), so a plan step costs one call per subgraph;
//   - identical queries in flight at the same time (same subgraph, body and caller's token) are
//     sent once and their answer shared (never mutations);
//   - a circuit breaker: after `failures` consecutive failed calls the subgraph is answered with
//     SUBGRAPH_UNAVAILABLE at once for `coolDownMs`, then one call tries it again;
//   - entity fetches of allow-listed, role-independent fields answered from the entity cache
//     (gateway/entity-cache/), only the entities it lacks sent on.
// The caller's verified token and the request id go along; each call is timed and its failures
// counted per subgraph (lib/metrics.ts).
// Must come first: turns vendor telemetry off before @apollo/gateway loads.
import '../lib/no-egress';
import { STATUS_CODES } from 'node:http';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import { errors as undiciErrors, Pool, type Dispatcher } from 'undici';
import { ErrorCode } from '../lib/errors';
import type { Caller } from '../lib/auth';
import { REQUEST_ID_HEADER } from '../lib/log';
import { subgraphFetchDuration, subgraphFetchErrors } from '../lib/metrics';
import type { EntityCache } from './entity-cache';

export interface GatewayContext {
  caller: Caller;
  /** The id of the client's request (lib/log.ts), sent on to the subgraphs. */
  requestId?: string;
}

export interface SubgraphClientOptions {
  name: string;
  /** The subgraph's /graphql URL. */
  url: string;
  /** Bound on waiting for the answer's headers, and on each pause while its body arrives. */
  timeoutMs: number;
  /** Most calls to this subgraph at once (connections of its pool). */
  connections: number;
  /** Send identical queries in flight at the same time once. */
  dedupeInflight: boolean;
  /** Send the queries of one client request issued together to this subgraph in one HTTP request. */
  batch: boolean;
  /** Consecutive failed calls that open the circuit, and how long it stays open. */
  breaker: { failures: number; coolDownMs: number };
  /** Keeps the answers of entity fetches across requests; absent: every query goes out. */
  entityCache?: EntityCache;
}

/** What one HTTP call brought back: the status and the body as text (or, for a part of a batch, its parsed answer). */
interface RawAnswer {
  status: number;
  text: string;
  part?: unknown;
}

/** Queries of one client request waiting to go to the subgraph together. */
interface Batch {
  headers: Record<string, string>;
  items: { body: string; resolve(answer: RawAnswer): void; reject(error: unknown): void }[];
}

/** Raised for a call that got no HTTP answer (refused, reset, timed out, circuit open). */
class Unavailable extends Error {
  constructor(
    message: string,
    readonly reason: 'timeout' | 'unreachable' | 'circuit_open',
  ) {
    super(message);
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function isMutation(document: DocumentNode | undefined, query: string): boolean {
  const operation = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operation && operation.kind === Kind.OPERATION_DEFINITION) return operation.operation !== 'query';
  return !/^\s*(query\b|\{)/.test(query);
}

/**
 * Collects one HTTP answer as text for undici's dispatch: no body stream, async resource or
 * promise per chunk, as `request()` and `body.text()` make. Decoded as `body.text()` does (UTF-8,
 * a byte order mark skipped); errors (timeouts, resets) are undici's own.
 */
class AnswerCollector implements Dispatcher.DispatchHandler {
  private status = 0;
  private readonly chunks: Buffer[] = [];

  constructor(
    private readonly resolve: (answer: RawAnswer) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  onRequestStart(): void {}

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const body = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const start = body.length > 2 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
    this.resolve({ status: this.status, text: body.toString('utf8', start) });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(error);
  }
}

/** Closed → (failures in a row) → open for the cool-down → one trial call → closed or open again. */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private trialInFlight = false;

  constructor(private readonly options: { failures: number; coolDownMs: number }) {}

  /** Whether a call may go now; while open only one trial call goes once the cool-down is over. */
  admit(now = Date.now()): boolean {
    if (this.options.failures === 0 || this.consecutiveFailures < this.options.failures) return true;
    if (now < this.openUntil || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  /** Milliseconds until a trial call is let through (0 when closed). */
  retryInMs(now = Date.now()): number {
    return Math.max(0, this.openUntil - now);
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.trialInFlight = false;
  }

  failed(now = Date.now()): void {
    this.consecutiveFailures++;
    this.trialInFlight = false;
    if (this.options.failures > 0 && this.consecutiveFailures >= this.options.failures) this.openUntil = now + this.options.coolDownMs;
  }
}

export class SubgraphSource implements GraphQLDataSource<GatewayContext> {
  private readonly pool: Pool;
  private readonly path: string;
  private readonly breaker: CircuitBreaker;
  /** Calls in flight by key (body and token), for merging identical queries. */
  private readonly inflight = new Map<string, Promise<RawAnswer>>();
  /** Queries collected per client request (its context object) until the current turn of the event loop ends. */
  private readonly batches = new WeakMap<object, Batch>();
  private readonly fetchDuration: ReturnType<typeof subgraphFetchDuration.labels>;

  constructor(private readonly options: SubgraphClientOptions) {
    const url = new URL(options.url);
    this.path = url.pathname + url.search;
    this.pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      connect: { timeout: options.timeoutMs },
      keepAliveTimeout: 30_000,
    });
    this.breaker = new CircuitBreaker(options.breaker);
    this.fetchDuration = subgraphFetchDuration.labels({ subgraph: options.name });
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const { caller, requestId } = (options.context ?? {}) as Partial<GatewayContext>;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    // Anonymous callers and the gateway's own schema loading send no token: the public role.
    if (caller?.token) headers.authorization = `Bearer ${caller.token}`;
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    const document = 'document' in options ? options.document : undefined;
    const mutation = isMutation(document, request.query);
    const lookup = mutation ? undefined : this.options.entityCache?.lookup(this.options.name, request.query, request.variables, document);
    const cached = lookup && (await lookup);
    if (cached?.answer) return cached.answer;
    const variables = cached ? cached.variables : request.variables;
    const body = JSON.stringify({ query: request.query, variables, operationName: request.operationName });
    try {
      const context = options.context as object | undefined;
      const answer = await (this.options.batch && !mutation && context ? this.batched(context, body, headers) : this.send(body, headers, mutation));
      const response = this.toResponse(answer);
      return cached ? cached.complete(response) : response;
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
      return { data: null, errors: [new GraphQLError(error.message, { extensions: { code: ErrorCode.SUBGRAPH_UNAVAILABLE, subgraph: this.options.name } })] };
    }
  }

  /** Stops the pool (the gateway's close). */
  close(): Promise<void> {
    return this.pool.close();
  }

  private send(body: string, headers: Record<string, string>, mutation: boolean): Promise<RawAnswer> {
    return this.options.dedupeInflight && !mutation ? this.merged(body, headers) : this.call(body, headers);
  }

  private batched(context: object, body: string, headers: Record<string, string>): Promise<RawAnswer> {
    let batch = this.batches.get(context);
    if (!batch) {
      const created: Batch = { headers, items: [] };
      this.batches.set(context, created);
      // The plan starts its parallel fetches in one go: those issued by then travel together.
      setImmediate(() => {
        this.batches.delete(context);
        void this.flush(created);
      });
      batch = created;
    }
    const items = batch.items;
    return new Promise((resolve, reject) => items.push({ body, resolve, reject }));
  }

  private async flush({ headers, items }: Batch): Promise<void> {
    if (items.length === 1) return void this.send(items[0].body, headers, false).then(items[0].resolve, items[0].reject);
    let answer: RawAnswer;
    try {
      answer = await this.send(`[${items.map((item) => item.body).join(',')}]`, headers, false);
    } catch (error) {
      for (const item of items) item.reject(error);
      return;
    }
    let parts: unknown;
    try {
      parts = JSON.parse(answer.text);
    } catch {
      parts = undefined;
    }
    // Each part is a complete GraphQL answer (errors included); anything else fails every query alike.
    if (Array.isArray(parts) && parts.length === items.length) items.forEach((item, i) => item.resolve({ status: 200, text: '', part: parts[i] }));
    else for (const item of items) item.resolve(answer);
  }

  private merged(body: string, headers: Record<string, string>): Promise<RawAnswer> {
    const key = `${headers.authorization ?? ''}\n${body}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const call = this.call(body, headers).finally(() => this.inflight.delete(key));
    this.inflight.set(key, call);
    return call;
  }

  private async call(body: string, headers: Record<string, string>): Promise<RawAnswer> {
    const { name } = this.options;
    if (!this.breaker.admit()) {
      subgraphFetchErrors.inc({ subgraph: name, reason: 'circuit_open' });
      const seconds = Math.ceil(this.breaker.retryInMs() / 1000);
      throw new Unavailable(`Subgraph ${name} is unavailable after repeated failures (tried again in ${seconds} s)`, 'circuit_open');
    }
    const started = performance.now();
    try {
      const answer = await new Promise<RawAnswer>((resolve, reject) => {
        this.pool.dispatch({ path: this.path, method: 'POST', headers, body }, new AnswerCollector(resolve, reject));
      });
      if (answer.status >= 500) {
        this.breaker.failed();
        subgraphFetchErrors.inc({ subgraph: name, reason: `http_${answer.status}` });
      } else {
        this.breaker.succeeded();
        if (answer.status >= 300) subgraphFetchErrors.inc({ subgraph: name, reason: `http_${answer.status}` });
      }
      return answer;
    } catch (error) {
      this.breaker.failed();
      const code = (error as { code?: string }).code ?? '';
      const timedOut = TIMEOUT_CODES.has(code) || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
      subgraphFetchErrors.inc({ subgraph: name, reason: timedOut ? 'timeout' : 'unreachable' });
      throw new Unavailable(timedOut ? `Subgraph ${name} did not answer within ${this.options.timeoutMs} ms` : `Subgraph ${name} is unreachable`, timedOut ? 'timeout' : 'unreachable');
    } finally {
      this.fetchDuration.observe((performance.now() - started) / 1000);
    }
  }

  /** The parsed answer; an HTTP error becomes an error as @apollo/gateway's own data source makes it. */
  private toResponse(answer: RawAnswer): GatewayGraphQLResponse {
    if (answer.part !== undefined) {
      if (answer.part === null || typeof answer.part !== 'object') throw new Error('Expected a JSON object for each query of a batch');
      return answer.part as GatewayGraphQLResponse;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      parsed = answer.text;
    }
    if (answer.status >= 200 && answer.status < 300) {
      if (parsed === null || typeof parsed !== 'object') throw new Error(`Expected JSON response body, but received: ${answer.text.slice(0, 200)}`);
      return parsed as GatewayGraphQLResponse;
    }
    const code = answer.status === 401 ? 'UNAUTHENTICATED' : answer.status === 403 ? 'FORBIDDEN' : undefined;
    const statusText = STATUS_CODES[answer.status] ?? '';
    throw new GraphQLError(`${answer.status}: ${statusText}`, {
      extensions: { ...(code ? { code } : {}), response: { url: this.options.url, status: answer.status, statusText, body: parsed } },
    });
  }
}
