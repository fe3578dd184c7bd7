// Errors of the duplicate core carry the graph's stable codes; the subgraph turns them into
// GraphQL errors with `graphError(error.code, error.message, error.details)`.
import { ErrorCode } from '../../../lib/errors';

export class DuplicatesError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Machine-readable particulars, for the GraphQL error's extensions. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DuplicatesError';
  }
}

export function badInput(message: string, details: Record<string, unknown> = {}): DuplicatesError {
  return new DuplicatesError(ErrorCode.BAD_INPUT, message, details);
}
