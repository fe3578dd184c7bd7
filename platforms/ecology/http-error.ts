// A refusal in the ecology platform's terms: an HTTP status and {error, message}.
import type { TaskWriteRefused } from '../kit/task-ledger';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string) => new HttpError(400, 'invalid_argument', message);

const REFUSALS = {
  invalid: [400, 'invalid_argument'],
  not_found: [404, 'not_found'],
  conflict: [409, 'failed_precondition'],
} as const;

export function refusal(error: TaskWriteRefused): HttpError {
  const [status, code] = REFUSALS[error.reason];
  return new HttpError(status, code, error.message);
}
