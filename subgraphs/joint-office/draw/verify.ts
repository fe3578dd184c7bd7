// Re-checks a published draw document from the document alone: re-hash the candidates, check
// their order, recount, redraw, recompute the seal, and say where anything differs.
import { RISK_CLASSES, type SamplingRatios } from '../../../platforms/data/model';
import { countByClass, hashCandidates, isRiskClass, type Candidate, type ClassCounts } from './candidates';
import { CHAIN_HEAD_FIELD, chainHeadProblem } from './chain-head';
import { sealDraw, type SealedFields } from './document';
import { DrawError } from './errors';
import { isValidUsccFast } from './uscc-order';
import { ALGORITHM, VERSION, seedProblem } from './random';
import { ROUNDING_RULE, drawFromCandidates, ratioToPpm, type SampleOutcome } from './sample';
import { ProblemList, describe, isObject, type Doc, type ProblemValue, type VerifyProblem, type VerifyResult } from './problems';
import { parseStrictJson, type StrictJson } from './strict-json';
import { refuseUnknownMatchingFields, verifyMatching } from './verify-matching';

export type { ProblemValue, VerifyProblem, VerifyResult };

function readRatios(value: unknown, problems: ProblemList): SamplingRatios | null {
  if (!isObject(value)) {
    problems.add('ratios', 'an object with A, B, C and D', describe(value));
    return null;
  }
  let ok = true;
  for (const c of RISK_CLASSES) {
    try {
      ratioToPpm(c, value[c]);
    } catch {
      problems.add(`ratios.${c}`, 'a number in [0, 1] with at most 6 decimals', describe(value[c]));
      ok = false;
    }
  }
  return ok ? (value as unknown as SamplingRatios) : null;
}

function readBound(doc: Doc, field: 'minTargets' | 'maxTargets', problems: ProblemList): number | null | undefined {
  const value = doc[field];
  if (value === null || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) return value;
  problems.add(field, 'null or an integer ≥ 0', describe(value));
  return undefined;
}

function readCandidates(value: unknown, problems: ProblemList): Candidate[] | null {
  if (!Array.isArray(value)) {
    problems.add('candidates', 'an array', describe(value));
    return null;
  }
  if (value.length === 0) problems.add('candidates', 'at least one candidate', 0);
  let ok = value.length > 0;
  for (let i = 0; i < value.length; i++) {
    const entry: unknown = value[i];
    const uscc = isObject(entry) ? entry.uscc : undefined;
    const riskClass = isObject(entry) ? entry.riskClass : undefined;
    if (typeof uscc !== 'string' || !isValidUsccFast(uscc)) {
      problems.add(`candidates[${i}].uscc`, 'a valid credit code', describe(uscc));
      ok = false;
    } else if (i > 0 && isObject(value[i - 1]) && !((value[i - 1] as Doc).uscc as string < uscc)) {
      problems.add(`candidates[${i}].uscc`, `a code after ${describe((value[i - 1] as Doc).uscc)}`, uscc);
    }
    if (!isRiskClass(riskClass)) {
      problems.add(`candidates[${i}].riskClass`, 'A, B, C or D', describe(riskClass));
      ok = false;
    }
  }
  return ok ? (value as Candidate[]) : null;
}

function compareCounts(doc: Doc, counts: ClassCounts, outcome: SampleOutcome | null, problems: ProblemList): void {
  const tallies = isObject(doc.counts) ? doc.counts : {};
  if (!isObject(doc.counts)) problems.add('counts', 'an object with A, B, C and D', describe(doc.counts));
  for (const c of RISK_CLASSES) {
    const tally = isObject(tallies[c]) ? (tallies[c] as Doc) : {};
    if (tally.candidates !== counts[c]) problems.add(`counts.${c}.candidates`, counts[c], describe(tally.candidates));
    if (outcome && tally.drawn !== outcome.targets[c]) problems.add(`counts.${c}.drawn`, outcome.targets[c], describe(tally.drawn));
  }
}

function compareDrawn(value: unknown, expected: readonly Candidate[], problems: ProblemList): void {
  if (!Array.isArray(value)) {
    problems.add('drawn', 'an array', describe(value));
    return;
  }
  if (value.length !== expected.length) problems.add('drawn.length', expected.length, value.length);
  const line = (entry: unknown) => (isObject(entry) ? `${String(entry.uscc)},${String(entry.riskClass)}` : describe(entry));
  for (let i = 0; i < Math.max(value.length, expected.length); i++) {
    const want = i < expected.length ? `${expected[i].uscc},${expected[i].riskClass}` : null;
    const got = i < value.length ? line(value[i]) : null;
    if (want !== got) problems.add(`drawn[${i}]`, want, got);
  }
}

const DOCUMENT_FIELDS = new Set(['algorithm', 'version', 'seed', 'ratios', 'rounding', 'minTargets', 'maxTargets', 'candidateSha256', 'counts', 'drawn', 'drawSha256', 'matching', 'candidates', CHAIN_HEAD_FIELD]);
const CLASS_FIELDS = new Set<string>(RISK_CLASSES);
const TALLY_FIELDS = new Set(['candidates', 'drawn']);
const ENTRY_FIELDS = new Set(['uscc', 'riskClass']);

function unknownFieldsOf(value: unknown, allowed: ReadonlySet<string>, path: string, problems: ProblemList): void {
  if (!isObject(value)) return;
  for (const key in value) if (!allowed.has(key)) problems.add(path ? `${path}.${key}` : key, 'no such field', describe(value[key]));
}

/**
 * Fields the document format does not have are refused: nothing unsealed may ride along (a
 * reader could take an added `inspectors` list for part of the evidence).
 */
function refuseUnknownFields(doc: Doc, problems: ProblemList): void {
  unknownFieldsOf(doc, DOCUMENT_FIELDS, '', problems);
  unknownFieldsOf(doc.ratios, CLASS_FIELDS, 'ratios', problems);
  unknownFieldsOf(doc.counts, CLASS_FIELDS, 'counts', problems);
  if (isObject(doc.counts)) for (const c of RISK_CLASSES) unknownFieldsOf(doc.counts[c], TALLY_FIELDS, `counts.${c}`, problems);
  for (const list of ['drawn', 'candidates'] as const) {
    const entries = doc[list];
    if (!Array.isArray(entries)) continue;
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      if (isObject(entry) && ('uscc' in entry ? 1 : 0) + ('riskClass' in entry ? 1 : 0) !== Object.keys(entry).length) unknownFieldsOf(entry, ENTRY_FIELDS, `${list}[${i}]`, problems);
    }
  }
  refuseUnknownMatchingFields(doc.matching, problems);
}

/** Re-runs the draw of a document (parsed JSON) and lists every difference. */
export function verifyDrawDocument(input: unknown): VerifyResult {
  const problems = new ProblemList();
  if (!isObject(input)) {
    problems.add('document', 'a JSON object', describe(input));
    return problems.result();
  }
  const doc = input;
  refuseUnknownFields(doc, problems);
  // Optional (documents stored before the chain have none); checked against the chain by verify-audit.
  const headIssue = CHAIN_HEAD_FIELD in doc ? chainHeadProblem(doc[CHAIN_HEAD_FIELD]) : null;
  if (headIssue) problems.add(CHAIN_HEAD_FIELD, headIssue, describe(doc[CHAIN_HEAD_FIELD]));
  let runnable = true;
  const expectConstant = (field: string, want: ProblemValue) => {
    if (doc[field] !== want) {
      problems.add(field, want, describe(doc[field]));
      runnable = false;
    }
  };
  expectConstant('algorithm', ALGORITHM);
  expectConstant('version', VERSION);
  expectConstant('rounding', ROUNDING_RULE);
  const seedIssue = seedProblem(doc.seed);
  if (seedIssue) problems.add('seed', `a seed that ${seedIssue}`, describe(doc.seed));
  const ratios = readRatios(doc.ratios, problems);
  const minTargets = readBound(doc, 'minTargets', problems);
  const maxTargets = readBound(doc, 'maxTargets', problems);
  if (minTargets != null && maxTargets != null && minTargets > maxTargets) problems.add('minTargets', `at most maxTargets (${maxTargets})`, minTargets);
  const candidates = readCandidates(doc.candidates, problems);
  if (!candidates) return problems.result();

  const candidateSha256 = hashCandidates(candidates);
  if (doc.candidateSha256 !== candidateSha256) problems.add('candidateSha256', candidateSha256, describe(doc.candidateSha256));
  const counts = countByClass(candidates);
  const bounds = minTargets !== undefined && maxTargets !== undefined && !(minTargets != null && maxTargets != null && minTargets > maxTargets);
  let outcome: SampleOutcome | null = null;
  if (runnable && !seedIssue && ratios && bounds) {
    const params = { seed: doc.seed as string, ratios, minTargets, maxTargets };
    try {
      outcome = drawFromCandidates(candidates, candidateSha256, params);
    } catch (error) {
      if (!(error instanceof DrawError)) throw error;
      problems.add('document', 'a document that can be drawn', error.message);
    }
  }
  compareCounts(doc, counts, outcome, problems);
  if (!outcome) return problems.result();
  compareDrawn(doc.drawn, outcome.drawn, problems);
  // A document with inspector matching: re-run it too; the draw's seal covers the section's seal.
  let matchingSha256: string | null = null;
  if (doc.matching !== undefined) {
    matchingSha256 = verifyMatching(doc.matching, { candidateSha256, seed: doc.seed as string, drawn: outcome.drawn }, problems);
    if (matchingSha256 === null && isObject(doc.matching)) matchingSha256 = String(doc.matching.matchingSha256);
  }

  const sealed: SealedFields = {
    algorithm: ALGORITHM,
    version: VERSION,
    seed: doc.seed as string,
    ratios: ratios!,
    rounding: ROUNDING_RULE,
    minTargets: minTargets ?? null,
    maxTargets: maxTargets ?? null,
    candidateSha256,
    counts: Object.fromEntries(RISK_CLASSES.map((c) => [c, { candidates: counts[c], drawn: outcome.targets[c] }])) as SealedFields['counts'],
    drawn: outcome.drawn,
    ...(matchingSha256 === null ? {} : { matching: { matchingSha256 } }),
  };
  const seal = sealDraw(sealed);
  if (doc.drawSha256 !== seal) problems.add('drawSha256', seal, describe(doc.drawSha256));
  return problems.result();
}

/** Re-checks a document read by parseStrictJson: a key given twice is a problem of its own. */
export function verifyParsedDocument(parsed: StrictJson): VerifyResult {
  const result = verifyDrawDocument(parsed.value);
  if (!parsed.duplicate) return result;
  const { path, key } = parsed.duplicate;
  const field = path === '(document)' ? key : `${path}.${key}`;
  return { match: false, problems: [{ field, expected: 'a key given once', actual: 'given twice' }, ...result.problems] };
}

/**
 * Re-checks a draw document given as its JSON text (what verifyDraw receives). A key given twice
 * in one object is refused; any formatting of valid JSON is accepted.
 */
export function verifyDrawText(document: string): VerifyResult {
  let parsed: StrictJson;
  try {
    parsed = parseStrictJson(document);
  } catch (error) {
    return { match: false, problems: [{ field: 'document', expected: 'JSON', actual: (error as Error).message }] };
  }
  return verifyParsedDocument(parsed);
}
