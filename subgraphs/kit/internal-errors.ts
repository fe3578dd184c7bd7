// An error no resolver coded (a database error, a bug) is logged here in full and answered with
// a generic, coded message and a reference to the log line: raw database or platform text never
// reaches a client.
import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors';

/** pg's DatabaseError and PGlite's carry a five-character SQLSTATE in `code`. */
function isDatabaseError(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

export function hideInternalError(subgraph: string, formatted: GraphQLFormattedError, original: unknown, log: (line: string) => void = console.error): GraphQLFormattedError {
  if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
  const reference = randomUUID();
  log(`[${subgraph}] internal error ${reference} at ${formatted.path?.join('.') ?? '-'}: ${original instanceof Error ? (original.stack ?? original.message) : String(original)}`);
  const database = isDatabaseError(original);
  const message = database ? `The office store could not answer (reference ${reference})` : `Internal error (reference ${reference})`;
  const code = database ? ErrorCode.STORE_UNAVAILABLE : 'INTERNAL_SERVER_ERROR';
  return { message, locations: formatted.locations, path: formatted.path, extensions: { code, reference } };
}
