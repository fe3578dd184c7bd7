// The `matching` section of the published draw document: the inputs of inspector matching as
// frozen for the draw — per unit its qualified officers (pseudonyms, pseudonyms.ts), per drawn
// business and unit the officers not eligible for it — and the assignment, so anyone can re-run
// matching from the document alone (verify-matching.ts). No officer id appears in it.
//
// `matchingSha256` = SHA-256 (hex) of the UTF-8 text below, every line ending in `\n`:
//
//   shuangsuiji-matching-seal
//   pseudonyms:<scheme>
//   per-business:<n>
//   workload-cap:<n>
//   unit:<unitCode>:<officer>,<officer>,…             (one line per unit, in order)
//   <uscc>|<unitCode>:<excluded,…>:<assigned,…>|…      (one line per drawn business, in draw order;
//                                                     one `|` part per unit, in the units' order)
//
// The draw's seal (`drawSha256`, document.ts) covers this hash, so the one published fingerprint
// covers the matching too.
import { createHash } from 'node:crypto';
import type { MatchingRecord } from './match';
import { PSEUDONYM_SCHEME } from './pseudonyms';

export interface MatchingUnit {
  unitCode: string;
  /** The unit's qualified officers, pseudonyms ascending: the order matching takes them in. */
  officers: string[];
}

export interface MatchingEntry {
  unitCode: string;
  /** Officers of the unit not eligible for the business (recorded conflict, or on its previous inspection). */
  excluded: string[];
  /** The officers matched to the business. */
  assigned: string[];
}

export interface MatchingSection {
  /** How officer ids became pseudonyms (PSEUDONYM_SCHEME). */
  pseudonyms: string;
  perBusiness: number;
  workloadCap: number;
  units: MatchingUnit[];
  /** Aligned with the document's `drawn`; each business's `units` aligned with `units` above. */
  businesses: { uscc: string; units: MatchingEntry[] }[];
  matchingSha256: string;
}

export type UnsealedMatching = Omit<MatchingSection, 'matchingSha256'>;

/** The seal of a matching section (the text above). */
export function sealMatching(section: UnsealedMatching): string {
  // Hashed a few thousand lines at a time, each appended piece by piece: one string of every
  // line, the arrays of lines and the joins would copy the whole text three times more.
  const hash = createHash('sha256');
  let text = `shuangsuiji-matching-seal\npseudonyms:${section.pseudonyms}\nper-business:${section.perBusiness}\nworkload-cap:${section.workloadCap}\n`;
  for (const u of section.units) text += `unit:${u.unitCode}:${u.officers.join(',')}\n`;
  // Indexed loops: the first draw of a process runs this before it is optimised, and a for-of
  // then makes an iterator result per element.
  const { businesses } = section;
  for (let i = 0; i < businesses.length; i++) {
    const b = businesses[i];
    text += joinable(b.uscc);
    for (let u = 0; u < b.units.length; u++) {
      const e = b.units[u];
      text = appendJoined(appendJoined(`${text}|${e.unitCode}:`, e.excluded) + ':', e.assigned);
    }
    text += '\n';
    if (text.length >= CHUNK) {
      hash.update(text, 'utf8');
      text = '';
    }
  }
  return hash.update(text, 'utf8').digest('hex');
}

const CHUNK = 1 << 16;

/** A value as Array.prototype.join writes it (null and undefined as nothing). */
const joinable = (value: unknown): string => (typeof value === 'string' ? value : value == null ? '' : String(value));

/** text + list.join(','), without making the joined string first. */
function appendJoined(text: string, list: readonly unknown[]): string {
  for (let k = 0; k < list.length; k++) text += k === 0 ? joinable(list[k]) : `,${joinable(list[k])}`;
  return text;
}

/** The published section of a matching made with a pseudonym key. */
export function matchingSection(record: MatchingRecord): MatchingSection {
  if (!record.evidence) throw new TypeError('A matching is published only when made with a pseudonym key');
  const section: UnsealedMatching = {
    pseudonyms: PSEUDONYM_SCHEME,
    perBusiness: record.perBusiness,
    workloadCap: record.workloadCap,
    units: record.evidence.units.map(({ unitCode, officers }) => ({ unitCode, officers })),
    businesses: record.evidence.businesses,
  };
  return { ...section, matchingSha256: sealMatching(section) };
}
