// The draw engine of the joint-meeting office: pure and deterministic, no I/O. The office's
// GraphQL layer and storage call these functions; scripts/verify-draw.ts re-checks documents.
export { ALGORITHM, VERSION, DrawStream, matchStreamName, sampleStreamName, seedProblem } from './random';
export {
  classIndices,
  countByClass,
  countClassIndices,
  emptyCounts,
  freezeCandidates,
  hashCandidates,
  isRiskClass,
  serialiseCandidates,
  type Candidate,
  type ClassCounts,
  type FrozenPopulation,
} from './candidates';
export { DEFAULT_RATIOS, ROUNDING_RULE, drawFromCandidates, ratioToPpm, targetCounts, type SampleOutcome, type SamplingParams } from './sample';
export { buildDrawDocument, sealDraw, withMatching, type ClassTally, type DrawDocument, type SealedFields } from './document';
export { matchingSection, sealMatching, type MatchingEntry, type MatchingSection, type MatchingUnit } from './matching-document';
export { PSEUDONYM, PSEUDONYM_SCHEME, isPseudonymKey, pseudonymiser } from './pseudonyms';
export { CHAIN_HEAD_FIELD, chainHeadProblem, documentTextWithHead, type DocumentChainHead } from './chain-head';
export { verifyDrawDocument, verifyDrawText, verifyParsedDocument, type ProblemValue, type VerifyProblem, type VerifyResult } from './verify';
export { parseStrictJson, type DuplicateKey, type StrictJson } from './strict-json';
export { hasConflict, isQualified, normaliseCode, qualifiedInspectors, type MatchInput, type UnitMatchSpec } from './eligibility';
export { matchInspectors, type BusinessAssignment, type MatchingEvidence, type MatchingRecord, type UnitAssignment, type UnitOfficers } from './match';
export { findMatchingViolations, type MatchingViolation } from './audit';
export { isValidUsccFast } from './uscc-order';
export { DrawError, DrawErrorCode, InfeasibleMatchingError, isDrawError, type MatchingShortfall } from './errors';
export {
  MIN_SEED_ALPHANUMERICS,
  canonicalSeedProblem,
  commitmentOf,
  fitsTemplate,
  isCommitment,
  secretProblem,
  seedFromReveals,
  templateProblem,
  type Reveal,
  type SeedRuleProblem,
} from './seed-rules';
