// The one place where the draw engine's and the store's typed errors become GraphQL errors
// with stable `extensions.code`s (lib/errors.ts). Resolvers wrap their work in `asGraphErrors`.
import { GraphQLError } from 'graphql';
import { ErrorCode, graphError } from '../../../lib/errors';
import { DrawError, DrawErrorCode, InfeasibleMatchingError } from '../draw';
import { StoreError, StoreErrorCode } from '../store';

const DRAW_CODES: Record<DrawErrorCode, ErrorCode> = {
  EMPTY_POPULATION: ErrorCode.EMPTY_POPULATION,
  DUPLICATE_CANDIDATE: ErrorCode.BAD_INPUT,
  INVALID_USCC: ErrorCode.INVALID_USCC,
  INVALID_RISK_CLASS: ErrorCode.BAD_INPUT,
  RATIO_OUT_OF_RANGE: ErrorCode.RATIO_OUT_OF_RANGE,
  RATIO_TOO_PRECISE: ErrorCode.RATIO_OUT_OF_RANGE,
  BAD_TARGET_COUNTS: ErrorCode.BAD_INPUT,
  BAD_SEED: ErrorCode.BAD_INPUT,
  TOO_FEW_INSPECTORS: ErrorCode.TOO_FEW_INSPECTORS,
  BAD_MATCHING_INPUT: ErrorCode.BAD_INPUT,
  INFEASIBLE_MATCHING: ErrorCode.INFEASIBLE_MATCHING,
};

const STORE_CODES: Record<StoreErrorCode, ErrorCode> = {
  IDEMPOTENCY_CONFLICT: ErrorCode.IDEMPOTENCY_CONFLICT,
  DUPLICATE_PLAN: ErrorCode.DUPLICATE_PLAN,
  INVALID_STATE: ErrorCode.INVALID_STATE,
  INVALID_TRANSITION: ErrorCode.INVALID_STATE,
  CONCURRENT_UPDATE: ErrorCode.CONCURRENT_UPDATE,
  NOT_FOUND: ErrorCode.NOT_FOUND,
  DUPLICATE_TASK_KEY: ErrorCode.BAD_INPUT,
  TASK_ALREADY_CREATED: ErrorCode.INVALID_STATE,
  BAD_INPUT: ErrorCode.BAD_INPUT,
  MIGRATION_CHANGED: ErrorCode.BAD_INPUT,
  AUDIT_APPEND_ONLY: ErrorCode.FORBIDDEN,
};

/** A typed engine/store error as a GraphQL error; anything else is returned unchanged. */
export function toGraphError(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  if (error instanceof InfeasibleMatchingError) {
    const shortfalls = error.shortfalls.map((s) => ({ ...s }));
    return graphError(ErrorCode.INFEASIBLE_MATCHING, error.message, { shortfalls, reason: error.code });
  }
  if (error instanceof DrawError) return graphError(DRAW_CODES[error.code], error.message, { ...error.details, reason: error.code });
  if (error instanceof StoreError) return graphError(STORE_CODES[error.code], error.message, { ...error.details, reason: error.code });
  return error;
}

/** Runs a resolver's work, translating typed errors on the way out. */
export async function asGraphErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toGraphError(error);
  }
}

export function invalidState(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return graphError(ErrorCode.INVALID_STATE, message, extensions);
}
