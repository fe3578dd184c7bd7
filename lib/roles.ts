// Caller roles, carried by the caller's JWT (lib/auth.ts); subgraphs enforce what each role
// may see and do.
import { ErrorCode, graphError } from './errors';

export type Role = { kind: 'office' } | { kind: 'department'; unitCode: string } | { kind: 'public' };

export const PUBLIC_ROLE: Role = { kind: 'public' };

/** Parses `office`, `department:<code>` or `public`; null when the text is none of them. */
export function parseRole(text: string | undefined | null): Role | null {
  if (text === 'office') return { kind: 'office' };
  if (text === 'public') return PUBLIC_ROLE;
  const match = /^department:([a-z][a-z0-9-]*)$/.exec(text ?? '');
  return match ? { kind: 'department', unitCode: match[1] } : null;
}

export function formatRole(role: Role): string {
  return role.kind === 'department' ? `department:${role.unitCode}` : role.kind;
}

/**
 * The office, or the unit itself: who may read a unit's whole records (its inspectors'
 * personal data, all its visits and feeds, its whole directory, the lists behind its figures).
 */
export function isOfficeOrUnit(role: Role, unitCode: string): boolean {
  return role.kind === 'office' || (role.kind === 'department' && role.unitCode === unitCode);
}

export function forbidden(what: string, role: Role) {
  return graphError(ErrorCode.FORBIDDEN, `Role ${formatRole(role)} may not ${what}`);
}
