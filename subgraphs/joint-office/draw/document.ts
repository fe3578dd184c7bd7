// The public draw document: everything needed to re-run a draw, and nothing personal.
//
// `drawSha256` seals the document: SHA-256 (hex) of the UTF-8 text below, one field per line,
// each line ending in `\n`, then the drawn businesses in the canonical candidate format:
//
//   shuangsuiji-draw-seal
//   algorithm:<algorithm>
//   version:<version>
//   seed:<seed>
//   ratios-ppm:A=<ppm>,B=<ppm>,C=<ppm>,D=<ppm>
//   rounding:<rule>
//   min-targets:<integer or ->
//   max-targets:<integer or ->
//   candidate-sha256:<hex>
//   candidates:A=<n>,B=<n>,C=<n>,D=<n>
//   drawn:A=<k>,B=<k>,C=<k>,D=<k>
//   matching-sha256:<hex>     (only in a document with a `matching` section)
//   <uscc>,<class>            (one line per drawn business, in order)
//
// Every field of the document is an input of the draw, derived from the inputs, or covered by
// the seal, so altering any one of them makes verification fail. Publish the seal with the plan
// announcement: it is the short fingerprint the public compares.
import { createHash } from 'node:crypto';
import { RISK_CLASSES, type RiskClass, type SamplingRatios } from '../../../platforms/data/model';
import { serialiseCandidates, type Candidate, type FrozenPopulation } from './candidates';
import type { MatchingSection } from './matching-document';
import { ALGORITHM, VERSION } from './random';
import { ROUNDING_RULE, drawFromCandidates, ratioToPpm, type SamplingParams } from './sample';

export interface ClassTally {
  candidates: number;
  drawn: number;
}

export interface DrawDocument {
  algorithm: string;
  version: number;
  seed: string;
  ratios: SamplingRatios;
  rounding: string;
  minTargets: number | null;
  maxTargets: number | null;
  /** SHA-256 of the canonical serialisation of `candidates` (see candidates.ts). */
  candidateSha256: string;
  counts: Record<RiskClass, ClassTally>;
  /** Drawn businesses, ordered by credit code. */
  drawn: readonly Candidate[];
  /** The seal over all other fields (see above). */
  drawSha256: string;
  /** The inspector matching, pseudonymous (matching-document.ts); absent in a draw without one. */
  matching?: MatchingSection;
  /** The frozen candidates, ordered by credit code. Last, because it is long. */
  candidates: readonly Candidate[];
}

/** The fields the seal covers (of the matching, its own seal). */
export type SealedFields = Omit<DrawDocument, 'drawSha256' | 'candidates' | 'matching'> & { matching?: Pick<MatchingSection, 'matchingSha256'> };

function perClass(format: (c: RiskClass) => string | number): string {
  return RISK_CLASSES.map((c) => `${c}=${format(c)}`).join(',');
}

/** The seal of a document's fields; throws RATIO_* when a ratio is not a valid ratio. */
export function sealDraw(fields: SealedFields): string {
  const header = [
    'shuangsuiji-draw-seal',
    `algorithm:${fields.algorithm}`,
    `version:${fields.version}`,
    `seed:${fields.seed}`,
    `ratios-ppm:${perClass((c) => ratioToPpm(c, fields.ratios[c]))}`,
    `rounding:${fields.rounding}`,
    `min-targets:${fields.minTargets ?? '-'}`,
    `max-targets:${fields.maxTargets ?? '-'}`,
    `candidate-sha256:${fields.candidateSha256}`,
    `candidates:${perClass((c) => fields.counts[c].candidates)}`,
    `drawn:${perClass((c) => fields.counts[c].drawn)}`,
  ];
  if (fields.matching) header.push(`matching-sha256:${fields.matching.matchingSha256}`);
  return createHash('sha256')
    .update(header.join('\n') + '\n', 'utf8')
    .update(serialiseCandidates(fields.drawn), 'utf8')
    .digest('hex');
}

/**
 * Draws from a frozen population and returns the public evidence. Throws the sampling errors
 * (BAD_SEED, RATIO_OUT_OF_RANGE, RATIO_TOO_PRECISE, BAD_TARGET_COUNTS, EMPTY_POPULATION).
 */
export function buildDrawDocument(population: FrozenPopulation, params: SamplingParams): DrawDocument {
  const { drawn, targets } = drawFromCandidates(population.candidates, population.sha256, params, population.classes);
  const counts = {} as Record<RiskClass, ClassTally>;
  for (const c of RISK_CLASSES) counts[c] = { candidates: population.counts[c], drawn: targets[c] };
  const fields: Omit<DrawDocument, 'drawSha256' | 'candidates' | 'matching'> = {
    algorithm: ALGORITHM,
    version: VERSION,
    seed: params.seed,
    ratios: { A: params.ratios.A, B: params.ratios.B, C: params.ratios.C, D: params.ratios.D },
    rounding: ROUNDING_RULE,
    minTargets: params.minTargets ?? null,
    maxTargets: params.maxTargets ?? null,
    candidateSha256: population.sha256,
    counts,
    drawn,
  };
  return { ...fields, drawSha256: sealDraw(fields), candidates: population.candidates };
}

/** The document with its inspector matching, sealed again (the seal then covers the matching). */
export function withMatching(document: DrawDocument, matching: MatchingSection): DrawDocument {
  const { drawSha256: _old, candidates, matching: _none, ...fields } = document;
  const sealed: SealedFields = { ...fields, matching: { matchingSha256: matching.matchingSha256 } };
  // Key order of the published JSON: the seal, then the matching, then the long candidate list.
  return { ...fields, drawSha256: sealDraw(sealed), matching, candidates };
}
