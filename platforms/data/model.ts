// The canonical domain records that the synthetic generator produces and that every
// platform stand-in serves in its own wire format. Subgraph clients translate each wire
// format back into these shapes, so this file is the contract between the two sides.
//
// Dates are ISO strings: `YYYY-MM-DD` for days, full ISO 8601 for instants.

export type RiskClass = 'A' | 'B' | 'C' | 'D';
export const RISK_CLASSES: readonly RiskClass[] = ['A', 'B', 'C', 'D'];

/** 登记状态 */
export type RegistrationStatus = 'operating' | 'abnormal' | 'revoked' | 'deregistered';

export interface RiskRecord {
  riskClass: RiskClass;
  /** The day the classification took effect (classified monthly). */
  classifiedOn: string;
}

/** An entry of the enterprise registry held by the credit information system. */
export interface Enterprise {
  /** 统一社会信用代码, GB 32100-2015, with a valid check character. */
  uscc: string;
  name: string;
  /** GB/T 2260 county-level division, e.g. 440802 赤坎区. */
  divisionCode: string;
  /** GB/T 4754-2017 four-digit class, e.g. 6210 正餐服务. */
  industryCode: string;
  status: RegistrationStatus;
  establishedOn: string;
  /** Set when status is deregistered or revoked. */
  closedOn?: string;
  legalRepresentative: string;
  address: string;
  /** Oldest first; the last record is the current class. */
  riskHistory: RiskRecord[];
}

/** 公示: an inspection result published in the credit publicity system. */
export interface Publication {
  id: string;
  uscc: string;
  unitCode: string;
  taskId: string;
  /** Instant of publication. */
  publishedAt: string;
  summary: string;
}

export type ItemCategory = 'key' | 'general';

/** 抽查事项: one line of a unit's inspection item list. */
export interface Item {
  code: string;
  unitCode: string;
  name: string;
  category: ItemCategory;
  /** 检查对象 */
  subject: string;
  /** 检查内容 */
  content: string;
  /** 检查方式 */
  method: string;
  /** 检查依据 */
  legalBasis: string;
  /** The inspector specialty the item needs. */
  specialty: string;
  /** Whether draws for this item are differentiated by credit-risk class. */
  riskBased: boolean;
}

/** 检查对象名录库 entry: a business a unit may inspect. */
export interface DirectoryEntry {
  unitCode: string;
  uscc: string;
  /** Field, product, project, behaviour tags, e.g. 餐饮服务, 特种设备. */
  tags: string[];
  divisionCode: string;
  industryCode: string;
  addedOn: string;
}

/** 执法检查人员名录库 entry. name, phone, certificateNo and conflicts are personal data. */
export interface Inspector {
  id: string;
  unitCode: string;
  name: string;
  phone: string;
  /** 执法证号; empty when the officer holds no certificate. */
  certificateNo: string;
  certificateValidUntil: string;
  active: boolean;
  specialties: string[];
  /** Businesses the officer has a recorded conflict of interest with (回避). */
  conflicts: string[];
}

/** An officer on the law-enforcement certification roster (执法资格人员), directory or not. */
export interface CertifiedOfficer {
  unitCode: string;
  certificateNo: string;
  name: string;
}

export interface SamplingRatios {
  A: number;
  B: number;
  C: number;
  D: number;
}

export type PlanKind = 'single' | 'joint';

/** 抽查计划 */
export interface Plan {
  id: string;
  /** The unit whose platform holds this plan. */
  unitCode: string;
  year: number;
  title: string;
  kind: PlanKind;
  leadUnit: string;
  participatingUnits: string[];
  itemCodes: string[];
  scope: { divisionCodes: string[]; industryCodes: string[]; tags: string[] };
  /** Present when the draw was differentiated by credit-risk class. */
  ratios?: SamplingRatios;
  periodStart: string;
  periodEnd: string;
  /** Day the plan was made public; absent when never published. */
  publishedOn?: string;
  drawnOn?: string;
}

export type TaskStatus = 'pending' | 'in_progress' | 'completed' | 'cancelled';

/** 抽查任务: one drawn business for one unit. */
export interface Task {
  id: string;
  planId: string;
  unitCode: string;
  uscc: string;
  itemCodes: string[];
  inspectorIds: string[];
  plannedOn: string;
  status: TaskStatus;
  /** Shared by the tasks of all units that visit together in a joint inspection. */
  jointGroupId?: string;
  /** 检查码 of a task created through the graph (lib/inspection-code.ts); generated history has none. */
  inspectionCode?: string;
  /** When the inspectors checked in with the code (ISO day), and who did. */
  checkedInOn?: string;
  checkedInBy?: string;
}

export type Conclusion = 'no_problem' | 'problem_found' | 'not_found' | 'closed';

export interface Finding {
  code: string;
  itemCode: string;
  description: string;
}

/** 检查结果 */
export interface Result {
  taskId: string;
  unitCode: string;
  inspectedOn: string;
  conclusion: Conclusion;
  findings: Finding[];
}

export type FollowUpAction = 'rectified' | 'penalized' | 'transferred' | 'referred_to_police';

/** 后续处置 of one finding. */
export interface FollowUp {
  taskId: string;
  unitCode: string;
  findingCode: string;
  action: FollowUpAction;
  handledOn: string;
  note: string;
}

/** Everything one unit's platform holds. */
export interface UnitData {
  unitCode: string;
  items: Item[];
  directory: DirectoryEntry[];
  inspectors: Inspector[];
  /** The full certification roster; some of these are missing from `inspectors`. */
  certifiedOfficers: CertifiedOfficer[];
  plans: Plan[];
  tasks: Task[];
  results: Result[];
  followUps: FollowUp[];
}

/** Imperfections the generator planted on purpose in the data year, recorded so tests can check findings. */
export interface GroundTruth {
  /** Tasks completed but whose result was never published. */
  unpublishedTaskIds: string[];
  /** Tasks whose publication came after 20 working days. */
  latePublicationTaskIds: string[];
  /** Drawn tasks never completed (pending or in progress after their plan's period). */
  unfinishedTaskIds: string[];
  /** `${taskId}/${findingCode}` of findings with no follow-up. */
  findingsWithoutFollowUp: string[];
  /** Certified officers left out of their unit's inspector directory. */
  missingOfficers: { unitCode: string; certificateNo: string }[];
  /** Plans published after the jurisdiction's deadline, or not at all. */
  latePlanIds: string[];
  /**
   * Businesses visited by several units in the same calendar month, outside any joint
   * inspection: the overlaps the duplicate finder must report, no more and no less.
   */
  duplicateVisits: { uscc: string; month: string; taskIds: string[]; unitCodes: string[] }[];
  /** Items of different units that are the same check (the cross-unit catalogue's truth). */
  equivalentItems: string[][];
}

export interface Dataset {
  seed: number;
  scale: Scale;
  /** GB/T 2260 code of the first jurisdiction, Zhanjiang 440800. */
  jurisdiction: string;
  /** Every jurisdiction generated (platforms/data/places.ts), the first one first. */
  jurisdictions: string[];
  /** The data year (plans, tasks, results); the year before is generated too, for the trend. */
  year: number;
  enterprises: Enterprise[];
  publications: Publication[];
  units: Record<string, UnitData>;
  truth: GroundTruth;
}

export type Scale = 'test' | 'default' | 'city';

// What the inspectors write on a visit (凭码检查, 结果, 后续处置), in canonical terms: the
// platforms take them in their own wire formats, the department subgraphs send them.
/** 凭码检查: the inspectors arrive at the business with the task's inspection code. */
export interface CheckIn {
  taskId: string;
  inspectionCode: string;
  uscc: string;
  inspectorId: string;
  /** ISO day of the visit. */
  on: string;
}

/** A task's result; the platform completes the task with it. */
export interface NewResult {
  taskId: string;
  inspectedOn: string;
  conclusion: Conclusion;
  findings: Finding[];
}

/** 后续处置 of one finding. */
export interface NewFollowUp {
  taskId: string;
  findingCode: string;
  action: FollowUpAction;
  handledOn: string;
  note: string;
}
