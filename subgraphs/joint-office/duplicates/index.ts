// Duplicate-inspection detection for the joint-meeting office: pure functions over canonical
// records (no I/O). The joint-office subgraph gathers tasks, plans and items through the
// federated graph and exposes these results; see each module for the rules it implements.
export type {
  BusinessInfo,
  CapOptions,
  DateRange,
  DetectOptions,
  DuplicateFilters,
  DuplicateGroup,
  DuplicateInput,
  GroupTask,
  GroupVisit,
  ItemOverlap,
  OverCap,
  PeriodInput,
  PlanPeriod,
  Visit,
  WindowInput,
} from './types';
export { DuplicatesError } from './errors';
export { resolvePeriod, windowDays, intersect, type ResolvedPeriod } from './period';
export { collectVisits, forEachCluster } from './visits';
export { buildCatalogueIndex, checkKeyOf, type CatalogueIndex } from './catalogue-index';
export { groupKey, overlappingItems } from './group';
export { detectDuplicates, compareGroups, groupByKey, DUPLICATE_GROUPS } from './detect';
export { findOverVisitCap, resolveCaps, DEFAULT_PER_UNIT_CAP, OVER_CAP } from './caps';
export { unmergedReport, type UnmergedReport } from './report';
export { planMerge, type MergePlan, type MergeUnit, type MergeOptions, type DroppedItem } from './merge-plan';
export {
  paginate,
  encodeCursor,
  decodeCursor,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type Connection,
  type Edge,
  type PageArgs,
  type PagedList,
} from './paginate';
export { divisionPrefix } from './filters';
export { parseCitations, parseChineseNumber, normaliseLawName, formatCitation, type Citations } from './legal-basis';
export { bigrams, jaccard } from './similarity';
export {
  proposeEquivalentItems,
  scoreItems,
  LEGAL_WEIGHT,
  PROPOSAL_THRESHOLD,
  type Proposal,
  type ProposalOptions,
  type ProposalPair,
} from './catalogue';
