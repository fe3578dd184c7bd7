// The one logger of every process: pino, JSON lines on stdout. LOG_LEVEL sets the level
// (default info; silent under vitest unless LOG_LEVEL is set, so test output stays readable).
// The request being served is kept in AsyncLocalStorage, so its id reaches the log lines and
// the outgoing calls (gateway → subgraph → platform) without being passed around by hand.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { logLevel } from '../config/env';

export const log = pino({ level: logLevel(), base: { pid: process.pid } });

/** Header carrying the request id from client to gateway, subgraphs and platforms. */
export const REQUEST_ID_HEADER = 'x-request-id';

const requests = new AsyncLocalStorage<{ requestId: string }>();

// A client-given id is kept only when it is short and plain: it ends up in logs and headers.
const USABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of an incoming request: the caller's x-request-id if usable, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && USABLE_ID.test(given) ? given : randomUUID();
}

/** Runs `work` as part of request `requestId`. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return requests.run({ requestId }, work);
}

/** The id of the request being served, if any (background work has none). */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}
