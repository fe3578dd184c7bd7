// Whether a query selects a field path below the current field, so the office fetches from the
// units only what will be shown (e.g. no division split for the dashboard's main query).
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

function select(set: SelectionSetNode | undefined, path: readonly string[], info: GraphQLResolveInfo): boolean {
  if (!set) return false;
  if (path.length === 0) return true;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value === path[0] && select(selection.selectionSet, path.slice(1), info)) return true;
    if (selection.kind === Kind.FIELD && selection.name.value === path[0] && path.length === 1) return true;
    if (selection.kind === Kind.INLINE_FRAGMENT && select(selection.selectionSet, path, info)) return true;
    if (selection.kind === Kind.FRAGMENT_SPREAD && select(info.fragments[selection.name.value]?.selectionSet, path, info)) return true;
  }
  return false;
}

/** Whether any of the current field's nodes selects `path` (e.g. ['units', 'trend']). */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some((node) => select(node.selectionSet, path, info));
}
