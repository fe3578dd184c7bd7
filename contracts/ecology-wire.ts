// The ecology & environment platform's wire format (部委统一建设, REST JSON), as its integrators
// see it: camelCase resources under /v1/units/{unit}, upper-case enums, ISO 8601 dates and UTC
// instants, cursor pagination, `X-Api-Key` authentication, errors as HTTP status + {error, message}.
// Types only: the stand-in produces these shapes and the subgraph adapter decodes them.
// Kept below both, so the adapter never imports the stand-in (platforms/ is no part of a real deployment).

export const API_KEY_HEADER = 'x-api-key';
export const DEFAULT_API_KEY = 'eco-dev-key';
export const MAX_LIMIT = 100;
export const MAX_BATCH = 100;
/** Largest `limit` of the change feed. */
export const MAX_CHANGES_LIMIT = 5000;
/** Required on POST /v1/units/{unit}/tasks: the same key must always come with the same body. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** A page of a list resource. `totalSize` counts every row matching the query. */
export interface ListResponse<T> {
  data: T[];
  nextCursor: string | null;
  totalSize: number;
}

export interface ErrorBody {
  /**
   * invalid_argument, invalid_cursor, unauthenticated, not_found, batch_too_large, internal,
   * failed_precondition (the task's state forbids it), idempotency_key_reused (same key, other body),
   * cursor_expired (HTTP 410: a change-feed cursor of an earlier run of the platform, or forged)
   */
  error: string;
  message: string;
}

export type EcoCategory = 'KEY' | 'GENERAL';
export type EcoPlanType = 'SINGLE' | 'JOINT';
export type EcoTaskState = 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';
export type EcoOutcome = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_LOCATED' | 'CLOSED';
export type EcoDisposition = 'RECTIFIED' | 'PENALIZED' | 'TRANSFERRED' | 'REFERRED_TO_POLICE';

export const TASK_STATES: readonly EcoTaskState[] = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'];

export interface EcoItem {
  itemCode: string;
  name: string;
  category: EcoCategory;
  inspectionSubject: string;
  inspectionContent: string;
  inspectionMethod: string;
  legalBasis: string;
  requiredSpecialty: string;
  riskGraded: boolean;
}

/** A business of the target directory; `enterpriseId` is its unified social credit code. */
export interface EcoTarget {
  enterpriseId: string;
  tags: string[];
  regionCode: string;
  industryCode: string;
  /** ISO date */
  enrolledOn: string;
}

export interface EcoInspector {
  inspectorId: string;
  fullName: string;
  mobile: string;
  /** Null when the officer holds no law-enforcement certificate. */
  credentialNumber: string | null;
  credentialExpiresOn: string | null;
  onDuty: boolean;
  specialties: string[];
  /** enterpriseIds the officer must recuse from. */
  recusals: string[];
}

export interface EcoOfficer {
  credentialNumber: string;
  fullName: string;
}

export interface EcoPlan {
  planId: string;
  year: number;
  title: string;
  type: EcoPlanType;
  leadUnit: string;
  participatingUnits: string[];
  itemCodes: string[];
  scope: { regionCodes: string[]; industryCodes: string[]; tags: string[] };
  riskRatios: { A: number; B: number; C: number; D: number } | null;
  period: { start: string; end: string };
  publishedOn: string | null;
  drawnOn: string | null;
}

export interface EcoTask {
  taskId: string;
  planId: string;
  enterpriseId: string;
  itemCodes: string[];
  inspectorIds: string[];
  /** ISO date */
  scheduledOn: string;
  state: EcoTaskState;
  jointInspectionId: string | null;
  /** 检查码 of tasks created through POST tasks; null for older ones */
  inspectionCode?: string | null;
  /** ISO date of the check-in with the code, and the inspector who checked in */
  checkedInOn?: string | null;
  checkedInBy?: string | null;
}

export interface EcoFinding {
  findingId: string;
  itemCode: string;
  description: string;
}

export interface EcoResult {
  taskId: string;
  /** UTC instant, e.g. 2024-05-02T16:00:00.000Z for a check on 3 May in China. */
  inspectedAt: string;
  outcome: EcoOutcome;
  findings: EcoFinding[];
}

export interface EcoFollowUp {
  taskId: string;
  findingId: string;
  disposition: EcoDisposition;
  /** UTC instant */
  handledAt: string;
  remarks: string;
}

export type EcoChangeType = 'TASK' | 'RESULT' | 'FOLLOW_UP' | 'PLAN' | 'INSPECTOR' | 'TARGET';

/** One changed resource in its current state; `deleted` only for targets removed from the directory. */
export interface EcoChange {
  sequence: number;
  type: EcoChangeType;
  deleted: boolean;
  resource: EcoTask | EcoResult | EcoFollowUp | EcoPlan | EcoInspector | EcoTarget;
}

/** GET /v1/units/{unit}/changes?cursor=&limit=: changes after the cursor, oldest first. */
export interface EcoChangePage {
  data: EcoChange[];
  /** Cursor after the last change; always present (the same one again when nothing was new). */
  nextCursor: string;
  hasMore: boolean;
  remaining: number;
}

/** A task to create (POST /v1/units/{unit}/tasks, body {tasks: EcoNewTask[]}, at most MAX_BATCH). */
export interface EcoNewTask {
  /** The caller's key for this task: the same key again answers the same task. */
  externalKey: string;
  planId: string;
  enterpriseId: string;
  itemCodes: string[];
  inspectorIds: string[];
  /** ISO date */
  scheduledOn: string;
  jointInspectionId: string | null;
}

/** Answer of the create call: {createdTasks: EcoCreatedTask[]}, one per EcoNewTask, in order. */
export interface EcoCreatedTask {
  externalKey: string;
  alreadyExisted: boolean;
  task: EcoTask;
}
