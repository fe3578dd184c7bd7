// Records the joint-office store keeps. Dates are `YYYY-MM-DD`, instants ISO 8601 (UTC).
import type { RegistrationStatus, SamplingRatios } from '../../../platforms/data/model';
import type { ChainHead } from './chain';

export type PlanState = 'draft' | 'drawn' | 'published' | 'dispatched' | 'in_progress' | 'completed' | 'withdrawn';
export const PLAN_STATES: readonly PlanState[] = ['draft', 'drawn', 'published', 'dispatched', 'in_progress', 'completed', 'withdrawn'];

/** Everything a joint plan asks for; validated by the office subgraph before it is stored. */
export interface JointPlanDefinition {
  participatingUnits: string[];
  /** Item codes each participating unit checks (each on that unit's item list). */
  itemsByUnit: Record<string, string[]>;
  scope: { divisionCodes: string[]; industryCodes: string[]; tags: string[] };
  ratios: SamplingRatios;
  minTargets?: number;
  maxTargets?: number;
  periodStart: string;
  periodEnd: string;
  /** Inspectors per unit per business (≥ 2). */
  inspectorsPerUnit: number;
  /** Most businesses one inspector may get in this plan. */
  workloadCap: number;
  exclusions: {
    /** Leave out businesses any unit inspected in the last N days. */
    inspectedWithinDays?: number;
    /** Registration statuses left out (e.g. deregistered, abnormal). */
    statuses: RegistrationStatus[];
  };
}

export interface NewJointPlan {
  year: number;
  title: string;
  leadUnit: string;
  definition: JointPlanDefinition;
}

export interface JointPlanRecord extends NewJointPlan {
  id: string;
  idempotencyKey: string;
  state: PlanState;
  /** `${state}At` instants and facts recorded by transitions (e.g. publishedOn). */
  milestones: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
}

export interface DrawInput {
  seed: string;
  /** Hex SHA-256 of the ordered candidate list. */
  candidatesSha256: string;
  algorithm: string;
  algorithmVersion: string;
  /**
   * The public draw document (nothing personal in it). A string is stored byte for byte as
   * given (publish that string); an object is stored as JSON.stringify(document); a function gets
   * the head of the office's hash chain (taken under the chain lock, so the draw's row is
   * head.seq + 1) and returns the text to store (draw/chain-head.ts puts it in the document).
   */
  document: string | Record<string, unknown> | ((chainHead: ChainHead) => string);
  /** Inspector ids per business and unit: { [uscc]: { [unitCode]: inspectorId[] } }. */
  matching: Record<string, Record<string, string[]>>;
  /** Who is behind each pseudonym of the document's matching section (never published). */
  officerPseudonyms?: readonly { unitCode: string; pseudonym: string; officerId: string }[];
}

/** A stored draw without its (possibly large) document; see DrawsRepo.getDrawDocument. */
export interface DrawRecord extends Omit<DrawInput, 'document' | 'officerPseudonyms'> {
  planId: string;
  /** Hex SHA-256 of the stored document text. */
  documentSha256: string;
  drawnAt: string;
  drawnBy: string;
}

export interface NewPlanTask {
  unitCode: string;
  uscc: string;
  items: string[];
  inspectorIds: string[];
  plannedOn: string;
  /** Defaults to taskKeyOf(planId, unitCode, uscc). */
  taskKey?: string;
}

export type DispatchState = 'waiting' | 'created' | 'failed';

export interface PlanTaskRecord {
  taskKey: string;
  planId: string;
  unitCode: string;
  uscc: string;
  items: string[];
  inspectorIds: string[];
  plannedOn: string;
  platformTaskId: string | null;
  dispatchState: DispatchState;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

export interface CatalogueItemRef {
  unitCode: string;
  itemCode: string;
}

export type CatalogueStatus = 'proposed' | 'confirmed' | 'rejected';

export interface CatalogueEntry {
  id: string;
  entries: CatalogueItemRef[];
  status: CatalogueStatus;
  basis: string;
  version: number;
  createdAt: string;
  createdBy: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

/**
 * A decision taken against a date rule of the office (date-rules.ts), and why: kept with the
 * record it concerns (a plan's milestones, a merge) and in the audit log.
 */
export interface DateOverride {
  /** The refusals it lifted, e.g. PLAN_PERIOD_ENDED or MERGE_DATE_PAST and MERGE_DATE_NOT_WORKING_DAY. */
  codes: string[];
  reason: string;
  /** The office's today when it was given (YYYY-MM-DD, China). */
  on: string;
}

export type MergeState = 'pending' | 'applied';

/** Progress of one unit in a merge: original task cancelled (or updated in place), joint task created. */
export interface MergeStep {
  cancelled?: boolean;
  createdTaskId?: string;
  /** The platform changed the original task itself instead of cancel + create. */
  updatedInPlace?: boolean;
}

export interface NewMerge {
  /** Stable key of the duplicate group (from the finder). */
  groupKey: string;
  uscc: string;
  jointDate: string;
  units: string[];
  items: CatalogueItemRef[];
  /** Inspector ids per unit for the joint visit. */
  inspectors: Record<string, string[]>;
  /** Tasks replaced, per unit. */
  originalTaskIds: Record<string, string[]>;
  /** The date rules this merge was allowed to break, and why; null when it broke none. */
  dateOverride?: DateOverride | null;
}

export interface MergeRecord extends NewMerge {
  id: string;
  dateOverride: DateOverride | null;
  state: MergeState;
  steps: Record<string, MergeStep>;
  version: number;
  createdAt: string;
  createdBy: string;
  appliedAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}
