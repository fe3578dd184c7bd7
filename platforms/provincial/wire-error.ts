// A refusal in the provincial platform's own terms: envelope code and message.
import type { TaskWriteRefused } from '../kit/task-ledger';
import { ErrorCodes } from '../../contracts/provincial-wire';

export class WireError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
  }
}

export const badParameter = (detail: string) => new WireError(ErrorCodes.badParameter, `参数错误: ${detail}`);

const REFUSAL_CODES = { invalid: ErrorCodes.badParameter, not_found: ErrorCodes.taskNotFound, conflict: ErrorCodes.taskStateConflict };
const REFUSAL_TEXT = { invalid: '参数错误', not_found: '任务不存在', conflict: '任务状态不允许该操作' };

/** A ledger's refusal of a write, as the platform reports it. */
export function refusal(error: TaskWriteRefused): WireError {
  return new WireError(REFUSAL_CODES[error.reason], `${REFUSAL_TEXT[error.reason]}: ${error.message}`);
}
