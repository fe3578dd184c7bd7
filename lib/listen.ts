// Listening for every server here (gateway, subgraphs, platforms): a port already taken is an
// operator's mistake, reported as one line naming the component and the port, not a stack.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class PortInUseError extends Error {
  constructor(
    readonly component: string,
    readonly host: string,
    readonly port: number,
  ) {
    super(`${component}: port ${port} on ${host} is already in use (another instance running? set PORT or HOST, or stop it)`);
  }
}

/** Listens on host:port (port 0: a free one) and answers the port taken. */
export function listen(server: Server, component: string, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(component, host, port) : error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The host to put in this server's URL: loopback when it listens on every interface. */
export function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Prints a start-up failure: one line for a port in use, the error otherwise; exits non-zero. */
export function exitOnStartFailure(error: unknown): never {
  // A refusal meant for the operator (port in use, a store of another dataset): its one line, no stack.
  if (error instanceof PortInUseError || (error instanceof Error && error.name === 'JournalMismatch')) console.error(error.message);
  else console.error(error);
  process.exit(1);
}
