// The cross-unit item catalogue: proposals made from every unit's item list (read through the
// graph) by legal basis and content (duplicates/proposeEquivalentItems), kept in the office store
// for the office to confirm or reject. Detection and merging use the confirmed entries only.
import { proposeEquivalentItems } from '../duplicates';
import type { CatalogueEntry, CatalogueStatus, OfficeStore } from '../store';
import { confirmedCatalogue, readItems, type GatherDeps } from './gather';

export interface ProposalRun {
  /** Every entry the run proposed, new or already known (a rejected one stays rejected). */
  entries: CatalogueEntry[];
  created: number;
  itemsCompared: number;
}

export async function proposeCatalogue(deps: GatherDeps & { store: OfficeStore }, threshold?: number): Promise<ProposalRun> {
  const [items, confirmed] = await Promise.all([readItems(deps), confirmedCatalogue(deps.store)]);
  const unitOf = new Map(items.map((item) => [item.code, item.unitCode]));
  const proposals = proposeEquivalentItems(items, { confirmed, threshold });
  const entries: CatalogueEntry[] = [];
  let created = 0;
  for (const proposal of proposals) {
    const refs = proposal.itemCodes.map((itemCode) => ({ unitCode: unitOf.get(itemCode)!, itemCode }));
    const basis = `score ${proposal.score}: ${proposal.reason}`;
    const result = await deps.store.catalogue.propose(refs, basis, deps.actor);
    entries.push(result.entry);
    if (result.created) created++;
  }
  return { entries, created, itemsCompared: items.length };
}

export function listCatalogue(store: OfficeStore, status?: CatalogueStatus): Promise<CatalogueEntry[]> {
  return store.catalogue.list(status);
}
