// The confirmed cross-unit item catalogue, indexed: item code → the check it belongs to.
// Entries that share a code describe one check, so they are joined (union-find).

export type CatalogueIndex = ReadonlyMap<string, string>;

export function buildCatalogueIndex(entries: readonly (readonly string[])[] = []): CatalogueIndex {
  const parent = new Map<string, string>();
  const find = (code: string): string => {
    let root = code;
    while (parent.get(root) !== root) root = parent.get(root)!;
    // Path compression keeps later look-ups flat.
    let node = code;
    while (node !== root) {
      const next = parent.get(node)!;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const entry of entries) {
    for (const code of entry) if (!parent.has(code)) parent.set(code, code);
    for (let i = 1; i < entry.length; i++) {
      const a = find(entry[0]);
      const b = find(entry[i]);
      // The smaller code becomes the root, so the check's key does not depend on entry order.
      if (a !== b) (a < b ? parent.set(b, a) : parent.set(a, b));
    }
  }
  const index = new Map<string, string>();
  for (const code of parent.keys()) index.set(code, `catalogue:${find(code)}`);
  return index;
}

/** The check an item code stands for: its catalogue entry, or the code itself. */
export function checkKeyOf(index: CatalogueIndex, itemCode: string): string {
  return index.get(itemCode) ?? `item:${itemCode}`;
}
