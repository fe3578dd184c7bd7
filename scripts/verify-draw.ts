// Re-checks a published draw document alone, with no access to the system:
//   npm run verify-draw -- draw.json
// Prints MATCH, or MISMATCH and every difference (field, expected, actual). A document with an
// inspector matching section has its matching re-run too (subgraphs/joint-office/draw/README.md §7).
// Exit codes: 0 match, 1 mismatch, 2 unreadable input (no file, not JSON, not an object).
import { readFileSync } from 'node:fs';
import { parseStrictJson, verifyParsedDocument, type MatchingSection, type StrictJson } from '../subgraphs/joint-office/draw';

/** What was re-checked of the inspector matching (the document verified, so it is well formed). */
function matchingLine(matching: MatchingSection | undefined): string {
  if (!matching) return '  no inspector matching in this document (nothing to re-run)';
  const officers = matching.units.map((u) => `${u.unitCode} ${u.officers.length}`).join(', ');
  return `  inspector matching re-run: ${matching.businesses.length} businesses × ${matching.units.length} units, ${matching.perBusiness} officers each, loads within the cap of ${matching.workloadCap} (officers: ${officers}), seal ${matching.matchingSha256}`;
}

function unreadable(message: string): never {
  console.error(`UNREADABLE: ${message}`);
  console.error('usage: npm run verify-draw -- FILE');
  process.exit(2);
}

function main(): void {
  const file = process.argv.slice(2).find((arg) => arg !== '--');
  if (!file) unreadable('no file given');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    unreadable(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: StrictJson;
  try {
    parsed = parseStrictJson(text);
  } catch (error) {
    unreadable(`${file} is not JSON: ${(error as Error).message}`);
  }
  const document = parsed.value;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) unreadable(`${file} does not hold a JSON object`);

  const { match, problems } = verifyParsedDocument(parsed);
  const doc = document as Record<string, unknown>;
  if (match) {
    const drawn = Array.isArray(doc.drawn) ? doc.drawn.length : 0;
    const candidates = Array.isArray(doc.candidates) ? doc.candidates.length : 0;
    console.log(`MATCH: ${drawn} of ${candidates} candidates drawn, seal ${String(doc.drawSha256)}`);
    console.log(matchingLine(doc.matching as MatchingSection | undefined));
    process.exit(0);
  }
  console.log(`MISMATCH: ${problems.length} problem(s)`);
  for (const p of problems) console.log(`  ${p.field}: expected ${JSON.stringify(p.expected)}, actual ${JSON.stringify(p.actual)}`);
  process.exit(1);
}

main();
