// Short-lived signed download links for the statistics table: the office's graph field signs
// one; the gateway's /exports routes accept it instead of an Authorization header (a browser
// following a link sends no header). HS256 with the gateway's JWT secret; bound to its own
// audience and purpose and to the exact table asked for. It carries no role: lib/auth.ts refuses
// any token with an audience, so a link is never a login on /graphql or /dashboard/graphql.
import { SignJWT, jwtVerify } from 'jose';
import { hmacKey } from '../lib/auth';

export type ExportFormat = 'csv' | 'xlsx';

export interface DownloadClaims {
  jurisdiction: string;
  year: number;
  asOf: string | null;
  /** A department's link: only its own unit's table. */
  unit?: string | null;
}

const PURPOSE = 'statistics-export';
/** The audience of download tokens: the gateway's /exports routes, nothing else. */
export const DOWNLOAD_AUDIENCE = 'ssj:exports';
export const DOWNLOAD_TOKEN_SECONDS = 300;


export async function signDownloadToken(secret: string, claims: DownloadClaims, subject: string): Promise<{ token: string; expiresAt: string }> {
  const expires = Math.floor(Date.now() / 1000) + DOWNLOAD_TOKEN_SECONDS;
  const token = await new SignJWT({ purpose: PURPOSE, ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(DOWNLOAD_AUDIENCE)
    .setSubject(subject || 'office')
    .setIssuedAt()
    .setExpirationTime(expires)
    .sign(await hmacKey(secret));
  return { token, expiresAt: new Date(expires * 1000).toISOString() };
}

/** The claims of a valid download token, or null (bad signature, expired, other purpose). */
export async function verifyDownloadToken(secret: string, token: string): Promise<(DownloadClaims & { subject: string }) | null> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(secret), { algorithms: ['HS256'], audience: DOWNLOAD_AUDIENCE, requiredClaims: ['exp'] });
    if (payload.purpose !== PURPOSE || typeof payload.jurisdiction !== 'string' || typeof payload.year !== 'number') return null;
    const asOf = typeof payload.asOf === 'string' ? payload.asOf : null;
    const unit = typeof payload.unit === 'string' ? payload.unit : null;
    return { jurisdiction: payload.jurisdiction, year: payload.year, asOf, unit, subject: payload.sub ?? '' };
  } catch {
    return null;
  }
}

/** The download path of the table, relative to the gateway. */
export function downloadPath(format: ExportFormat, claims: DownloadClaims, token?: string): string {
  const params = new URLSearchParams({ jurisdiction: claims.jurisdiction, year: String(claims.year) });
  if (claims.asOf) params.set('asOf', claims.asOf);
  if (token) params.set('token', token);
  return `/exports/statistics.${format}?${params}`;
}
