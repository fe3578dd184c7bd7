// Stable error codes of the graph. Clients branch on `extensions.code`; messages are for people.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  /** A credit code fails GB 32100-2015 (length, alphabet or check character). */
  INVALID_USCC: 'INVALID_USCC',
  /** The unit code is not a member unit of the jurisdiction. */
  UNKNOWN_UNIT: 'UNKNOWN_UNIT',
  /** A pagination cursor was not issued by this graph or belongs to another list. */
  BAD_CURSOR: 'BAD_CURSOR',
  /** A page size outside 1..limit. */
  PAGE_SIZE_TOO_LARGE: 'PAGE_SIZE_TOO_LARGE',
  /** Any other argument out of its domain. */
  BAD_INPUT: 'BAD_INPUT',
  /** No or an invalid token. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The caller's role may not see or do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The agency platform behind a subgraph answered with an error or not at all. */
  PLATFORM_UNAVAILABLE: 'PLATFORM_UNAVAILABLE',
  /** The agency platform did not answer within the configured time. */
  PLATFORM_TIMEOUT: 'PLATFORM_TIMEOUT',
  /** A subgraph could not be reached or did not answer in time. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  NOT_FOUND: 'NOT_FOUND',
  /** No targets are configured for this jurisdiction. */
  UNKNOWN_JURISDICTION: 'UNKNOWN_JURISDICTION',
  /** The jurisdiction has no configuration or data for this year. */
  NO_DATA_FOR_YEAR: 'NO_DATA_FOR_YEAR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function graphError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}
