// Stable error codes of the graph. Clients branch on `extensions.code`; messages are for people.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  /** A credit code fails GB 32100-2015 (length, alphabet or check character). */
  INVALID_USCC: 'INVALID_USCC',
  /** The unit code is not a member unit of the jurisdiction. */
  UNKNOWN_UNIT: 'UNKNOWN_UNIT',
  /** A pagination cursor was not issued by this graph or belongs to another list. */
  BAD_CURSOR: 'BAD_CURSOR',
  /**
   * A change-feed cursor the platform no longer knows (it restarted and regenerated its data, or
   * the cursor was forged): read the changes again from the beginning, without a cursor.
   */
  CURSOR_EXPIRED: 'CURSOR_EXPIRED',
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
  /**
   * The agency platform refused a write as invalid for it (an item not on the unit's list, an
   * inspector not in its directory, a completed task to cancel): repeating it will not help.
   */
  PLATFORM_REJECTED: 'PLATFORM_REJECTED',
  /** A unit's view is still being built from its platform's change feed (extensions: applied, remaining). */
  SYNCING: 'SYNCING',
  /** The office's database failed unexpectedly; the detail is in the server log under `reference`. */
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  /** The OpenID Connect provider's discovery document or key set could not be read (HTTP 503). */
  IDENTITY_PROVIDER_UNAVAILABLE: 'IDENTITY_PROVIDER_UNAVAILABLE',
  /** A subgraph could not be reached or did not answer in time. */
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
  NOT_FOUND: 'NOT_FOUND',
  /** A joint plan names an item that is not on the unit's item list (清单之外无检查). */
  ITEM_NOT_ON_LIST: 'ITEM_NOT_ON_LIST',
  /** A joint plan's lead unit is not among its participating units. */
  LEAD_NOT_PARTICIPANT: 'LEAD_NOT_PARTICIPANT',
  /** A sampling ratio outside [0, 1] (or with more than 6 decimals). */
  RATIO_OUT_OF_RANGE: 'RATIO_OUT_OF_RANGE',
  /** Fewer than 2 inspectors per unit per business (the legal minimum). */
  TOO_FEW_INSPECTORS: 'TOO_FEW_INSPECTORS',
  /** An inspection period that ends before it starts. */
  PERIOD_REVERSED: 'PERIOD_REVERSED',
  /** No business is eligible for a draw (or the ratios draw none). */
  EMPTY_POPULATION: 'EMPTY_POPULATION',
  /** Some drawn business cannot get enough inspectors from some unit; `shortfalls` lists them. */
  INFEASIBLE_MATCHING: 'INFEASIBLE_MATCHING',
  /** An idempotency key was used before with a different request. */
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  /** A joint plan with the same lead, units, items and scope and an overlapping period exists (`existingPlanId`); name it in `replaces` to withdraw it. */
  DUPLICATE_PLAN: 'DUPLICATE_PLAN',
  /** The record is not in a state that allows the operation (e.g. publishing a draft). */
  INVALID_STATE: 'INVALID_STATE',
  /** Someone else changed the record meanwhile; read it again and retry. */
  CONCURRENT_UPDATE: 'CONCURRENT_UPDATE',
  /** No unmerged duplicate group has this key (never found, or its visits changed since). */
  UNKNOWN_GROUP: 'UNKNOWN_GROUP',
  /** The duplicate group was merged already (its merge is applied). */
  GROUP_ALREADY_MERGED: 'GROUP_ALREADY_MERGED',
  /** A merge date outside the period of a plan of the group (or the plans share no day). */
  DATE_OUTSIDE_PERIOD: 'DATE_OUTSIDE_PERIOD',
  /**
   * A joint plan's period has ended (its last day is before the office's today): not published or
   * dispatched without `override: { reason }` (recorded in the audit log and the plan's milestones).
   */
  PLAN_PERIOD_ENDED: 'PLAN_PERIOD_ENDED',
  /** A merge date before the office's today; `override: { reason }` lifts it (recorded). */
  MERGE_DATE_PAST: 'MERGE_DATE_PAST',
  /**
   * A merge date that is no working day in China's official calendar (`dayKind` HOLIDAY or WEEKEND;
   * make-up working days 调休 are working days); `override: { reason }` lifts it (recorded).
   */
  MERGE_DATE_NOT_WORKING_DAY: 'MERGE_DATE_NOT_WORKING_DAY',
  /** The unit named (e.g. as lead of a merge) is not, or no longer, in the duplicate group. */
  UNIT_NOT_IN_GROUP: 'UNIT_NOT_IN_GROUP',
  /** A visit of the group already started or took place: done checks cannot be merged. */
  GROUP_NOT_MERGEABLE: 'GROUP_NOT_MERGEABLE',
  /** An inspection code no task has (never issued, mistyped), or one that expired (its task was cancelled). */
  UNKNOWN_CODE: 'UNKNOWN_CODE',
  /** A check-in with a code that is not the task's. */
  WRONG_CODE: 'WRONG_CODE',
  /** A check-in at a business the task is not a visit of. */
  WRONG_BUSINESS: 'WRONG_BUSINESS',
  /** A check-in by an inspector not assigned to the task. */
  INSPECTOR_NOT_ON_TASK: 'INSPECTOR_NOT_ON_TASK',
  /** A check-in before the planned day, after the task's period, or in the future. */
  OUTSIDE_PERIOD: 'OUTSIDE_PERIOD',
  /** The visit has been rated with this code already (one rating per visit). */
  ALREADY_RATED: 'ALREADY_RATED',
  /** No rating before the visit's result is recorded. */
  RATING_NOT_OPEN: 'RATING_NOT_OPEN',
  /** A seed, secret or public-source value that breaks its rule (`reason`: TOO_SHORT, NOT_CANONICAL, FORBIDDEN_CHARACTER, FORMAT, SEALED). */
  BAD_SEED: 'BAD_SEED',
  /** The seed of a sealed plan is not available yet (commitments or reveals missing, public value not entered). */
  SEED_NOT_READY: 'SEED_NOT_READY',
  /** A revealed secret does not hash to the unit's commitment, or comes after the deadline. */
  BAD_REVEAL: 'BAD_REVEAL',
  /** No targets are configured for this jurisdiction. */
  UNKNOWN_JURISDICTION: 'UNKNOWN_JURISDICTION',
  /** The jurisdiction has no configuration or data for this year. */
  NO_DATA_FOR_YEAR: 'NO_DATA_FOR_YEAR',
  /** No open joint-visit proposal has this key in the year (never proposed, or its visits changed since). */
  UNKNOWN_PROPOSAL: 'UNKNOWN_PROPOSAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function graphError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}
