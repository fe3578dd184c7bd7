// Errors of the duplicate core carry the graph's stable codes; the subgraph turns them into
// GraphQL errors with `graphError(error.code, error.message)`.
import { ErrorCode } from '../../../lib/errors';

export class DuplicatesError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DuplicatesError';
  }
}

export function badInput(message: string): DuplicatesError {
  return new DuplicatesError(ErrorCode.BAD_INPUT, message);
}
