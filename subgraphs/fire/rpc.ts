// JSON-RPC 2.0 client for the fire & rescue platform. Calls made in the same turn of the event
// loop (a split batch, or results and follow-ups asked for together) travel in one HTTP batch
// request; each call still settles on its own, with its own error.
import { ErrorCode } from '../../lib/errors';
import { PlatformError, type PlatformHttp } from '../../lib/platform-http';

/** Most calls the platform accepts in one batch request. */
export const MAX_CALLS_PER_REQUEST = 50;

/** Error codes of the platform's interface spec the adapter tells apart. */
export const JsonRpcCodes = { INVALID_PARAMS: -32602, TASK_NOT_FOUND: 4004, TASK_STATE_CONFLICT: 4009, CURSOR_EXPIRED: 4010 } as const;

/** The platform answered a call with a JSON-RPC error object; `rpcCode` is its code. */
export class RpcCallError extends PlatformError {
  constructor(
    message: string,
    readonly rpcCode: number,
  ) {
    super('fire', ErrorCode.PLATFORM_UNAVAILABLE, message);
  }
}

interface PendingCall {
  id: number;
  method: string;
  params: Record<string, unknown>;
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

interface RpcAnswer {
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown };
}

export class JsonRpcTransport {
  private queue: PendingCall[] = [];
  private nextId = 1;

  constructor(private readonly http: PlatformHttp) {}

  call(method: string, params: Record<string, unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, method, params, resolve, reject });
      // setImmediate rather than a microtask: DataLoaders of different fields dispatch in
      // separate microtasks of the same turn, and they should share one round trip.
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const queued = this.queue;
    this.queue = [];
    for (let start = 0; start < queued.length; start += MAX_CALLS_PER_REQUEST) {
      void this.send(queued.slice(start, start + MAX_CALLS_PER_REQUEST));
    }
  }

  private failure(message: string): PlatformError {
    return new PlatformError('fire', ErrorCode.PLATFORM_UNAVAILABLE, `The fire platform failed: ${message}`);
  }

  private async send(calls: PendingCall[]): Promise<void> {
    const envelope = (call: PendingCall) => ({ jsonrpc: '2.0', id: call.id, method: call.method, params: call.params });
    const body = JSON.stringify(calls.length === 1 ? envelope(calls[0]) : calls.map(envelope));
    let answers: RpcAnswer[];
    try {
      const response = await this.http.request('POST', '/rpc', body);
      if (response.status !== 200) throw this.failure(`HTTP ${response.status}`);
      answers = this.parse(response.body);
    } catch (error) {
      for (const call of calls) call.reject(error);
      return;
    }
    const byId = new Map(answers.map((answer) => [answer.id, answer]));
    // An error the platform could not attach to a call (id null) fails every call of the request.
    const general = answers.find((answer) => answer.id === null && answer.error);
    for (const call of calls) {
      const answer = byId.get(call.id) ?? general;
      if (answer === undefined) call.reject(this.failure(`${call.method}: no answer to call ${call.id}`));
      else if (answer.error) {
        const message = `The fire platform failed: ${call.method}: error ${String(answer.error.code)}: ${String(answer.error.message)}`;
        call.reject(new RpcCallError(message, Number(answer.error.code)));
      }
      else if (!('result' in answer)) call.reject(this.failure(`${call.method}: answer without result`));
      else call.resolve(answer.result);
    }
  }

  private parse(body: string): RpcAnswer[] {
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      throw this.failure('the answer is not JSON');
    }
    const answers = Array.isArray(payload) ? payload : [payload];
    if (answers.some((answer) => typeof answer !== 'object' || answer === null)) throw this.failure('the answer is not JSON-RPC');
    return answers as RpcAnswer[];
  }
}
