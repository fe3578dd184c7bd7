// A guard against traffic leaving this machine, installed in every test process
// (test/setup/no-egress.ts): a socket to anything but loopback, or a name lookup of anything but
// localhost, is refused before a packet is sent and recorded, so a dependency that phones home
// fails the suite even when it swallows the error.
import dns from 'node:dns';
import net from 'node:net';

export interface EgressAttempt {
  kind: 'connect' | 'lookup';
  target: string;
  stack: string;
}

const attempts: EgressAttempt[] = [];
let installed = false;

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', '::1', '0:0:0:0:0:0:0:1', '[::1]']);

export function isLoopback(host: string): boolean {
  if (LOOPBACK_NAMES.has(host.toLowerCase())) return true;
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

function record(kind: EgressAttempt['kind'], target: string): Error {
  const error = Object.assign(new Error(`Egress blocked in tests: ${kind} ${target}`), { code: 'EGRESS_BLOCKED' });
  attempts.push({ kind, target, stack: error.stack ?? '' });
  return error;
}

/** The attempts recorded since the last drain, emptied by the call. */
export function drainEgressAttempts(): EgressAttempt[] {
  return attempts.splice(0, attempts.length);
}

type ConnectOptions = { host?: string; port?: number | string; path?: string };

function connectTarget(args: unknown[]): ConnectOptions {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first !== null && typeof first === 'object') return first as ConnectOptions;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  }
  return { path: String(first) };
}

export function installEgressGuard(): void {
  if (installed) return;
  installed = true;

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args);
    // Unix sockets and loopback pass; Node's default host is localhost.
    if (target.path !== undefined || isLoopback(target.host ?? 'localhost')) {
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    }
    const error = record('connect', `${target.host}:${target.port}`);
    process.nextTick(() => this.destroy(error));
    return this;
  } as typeof net.Socket.prototype.connect;

  const lookup = dns.lookup;
  dns.lookup = function guardedLookup(hostname: string, ...rest: unknown[]) {
    if (isLoopback(hostname) || net.isIP(hostname) !== 0) return (lookup as (...a: unknown[]) => void)(hostname, ...rest);
    const callback = rest[rest.length - 1] as (error: Error) => void;
    const error = record('lookup', hostname);
    process.nextTick(() => callback(error));
  } as typeof dns.lookup;

  const promisesLookup = dns.promises.lookup;
  dns.promises.lookup = (async (hostname: string, ...rest: unknown[]) => {
    if (isLoopback(hostname) || net.isIP(hostname) !== 0) return (promisesLookup as (...a: unknown[]) => unknown)(hostname, ...rest);
    throw record('lookup', hostname);
  }) as typeof dns.promises.lookup;

  for (const method of ['resolve', 'resolve4', 'resolve6', 'resolveAny'] as const) {
    (dns as unknown as Record<string, unknown>)[method] = (hostname: string, ...rest: unknown[]) => {
      const callback = rest[rest.length - 1] as (error: Error) => void;
      const error = record('lookup', hostname);
      process.nextTick(() => callback(error));
    };
  }
}
