// Builds every unit's item list from the two catalogue files and derives the truth about
// equivalent items (the same check under different units) from the rows' equivalence groups.

import { MEMBER_UNITS } from '../../config/units';
import { CATALOGUE_A } from './item-catalogue-a';
import { CATALOGUE_B } from './item-catalogue-b';
import type { ItemRow } from './item-rows';
import type { Item } from './model';

const CATALOGUE: Record<string, ItemRow[]> = { ...CATALOGUE_A, ...CATALOGUE_B };

export function itemCode(unitCode: string, number: number): string {
  return `${unitCode}-I${String(number).padStart(2, '0')}`;
}

function toItem(unitCode: string, row: ItemRow, index: number): Item {
  const [name, key, subject, content, method, legalBasis, specialty, riskBased] = row;
  return {
    code: itemCode(unitCode, index + 1),
    unitCode,
    name,
    category: key ? 'key' : 'general',
    subject,
    content,
    method,
    legalBasis,
    specialty,
    riskBased,
  };
}

/** The item list of one unit; throws for a unit without a catalogue. */
export function unitItems(unitCode: string): Item[] {
  const rows = CATALOGUE[unitCode];
  if (!rows) throw new Error(`no item catalogue for unit ${unitCode}`);
  return rows.map((row, index) => toItem(unitCode, row, index));
}

/** Groups of item codes (sorted, each of 2+ units) that are the same check. */
export function equivalentItemGroups(): string[][] {
  const groups = new Map<string, string[]>();
  for (const unit of MEMBER_UNITS) {
    CATALOGUE[unit.code]?.forEach((row, index) => {
      const group = row[8];
      if (!group) return;
      const codes = groups.get(group) ?? [];
      codes.push(itemCode(unit.code, index + 1));
      groups.set(group, codes);
    });
  }
  return [...groups.values()].map((codes) => codes.sort()).sort((a, b) => a[0].localeCompare(b[0]));
}
