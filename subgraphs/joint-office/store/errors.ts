// Typed errors of the joint-office store. Callers branch on `code` (stable strings); the
// subgraph maps them to GraphQL error codes. Messages are for people.

export const StoreErrorCode = {
  /** An idempotency key was used before with a different request. */
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  /** A plan with the same lead, units, items and scope and an overlapping period exists. */
  DUPLICATE_PLAN: 'DUPLICATE_PLAN',
  /** The record is not in the state the operation requires (e.g. publishing a draft). */
  INVALID_STATE: 'INVALID_STATE',
  /** The requested state change is not an edge of the lifecycle at all. */
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  /** Someone else changed the record since it was read (version moved on). */
  CONCURRENT_UPDATE: 'CONCURRENT_UPDATE',
  NOT_FOUND: 'NOT_FOUND',
  /** Two tasks of a draw (or a draw and an earlier one) share a task key. */
  DUPLICATE_TASK_KEY: 'DUPLICATE_TASK_KEY',
  /** A task was already created on the platform under another platform task id. */
  TASK_ALREADY_CREATED: 'TASK_ALREADY_CREATED',
  /** Input the store cannot keep (bad schema name, empty list, ...). */
  BAD_INPUT: 'BAD_INPUT',
  /** An applied migration file was edited afterwards. */
  MIGRATION_CHANGED: 'MIGRATION_CHANGED',
  /** The audit log is append-only: UPDATE, DELETE and TRUNCATE are rejected. */
  AUDIT_APPEND_ONLY: 'AUDIT_APPEND_ONLY',
} as const;

export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The fields both drivers put on a server error (pg's DatabaseError and PGlite's share them). */
export interface SqlErrorLike {
  code?: string;
  constraint?: string;
  message: string;
}

export function isSqlError(error: unknown): error is SqlErrorLike {
  return error instanceof Error && typeof (error as SqlErrorLike).code === 'string';
}

/** SQLSTATE 23505 unique_violation, optionally on one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return isSqlError(error) && error.code === '23505' && (constraint === undefined || error.constraint === constraint);
}

/** SQLSTATE raised by the audit_log trigger (see migrations/002_audit_log.sql). */
export const AUDIT_APPEND_ONLY_SQLSTATE = 'AO001';
