// Caller authentication. Two kinds of bearer token are accepted, both with a REQUIRED `exp`:
//   - HS256 tokens signed with JWT_SECRET (development, tests, internal calls), role in `role`;
//   - RS256/ES256 access tokens of the configured OpenID Connect provider, checked against its
//     JWKS, issuer and audience, role in the OIDC_ROLE_CLAIM claim.
// A role is `office`, `department:<code>` or `public`. The gateway verifies the token and
// forwards it unchanged; every subgraph verifies it again with this same code, so a subgraph
// reached directly cannot be told a role by a bare header. No token means the public role; a bad
// one is refused with HTTP 401.
import { SignJWT, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import type { HeaderMap } from '@apollo/server';
import { HttpError } from './graphql-http';
import { ErrorCode } from './errors';
import { oidcKeys, type OidcConfig } from './oidc';
import { PUBLIC_ROLE, formatRole, parseRole, type Role } from './roles';

export type { OidcConfig };

export interface Caller {
  role: Role;
  /** The token's subject (a person or system id), for audit trails; empty for anonymous callers. */
  subject: string;
  /** The verified token, forwarded to subgraphs; empty for anonymous callers. */
  token: string;
}

// The HMAC key is imported once per secret: importing it for every request showed in profiles.
const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** The HS256 key of a secret, for signing and verifying (jose accepts a CryptoKey as is). */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let imported = hmacKeys.get(secret);
  if (!imported) {
    imported = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    hmacKeys.set(secret, imported);
  }
  return imported;
}

const unauthenticated = (message: string) => new HttpError(401, ErrorCode.UNAUTHENTICATED, message);

async function verifyHs256(token: string, secret: string): Promise<{ payload: JWTPayload; role: unknown }> {
  const { payload } = await jwtVerify(token, await hmacKey(secret), { algorithms: ['HS256'], requiredClaims: ['exp'] });
  // Graph tokens carry neither; a token with an audience or purpose (a download link's, bound to
  // /exports) is for something else and must not become a login here.
  if (payload.aud !== undefined || payload.purpose !== undefined) throw unauthenticated('This token is not for the graph (it has an audience or purpose of its own)');
  return { payload, role: payload.role };
}

// Errors of reading the provider's keys (network, HTTP status, a malformed key set), as opposed
// to errors of the token itself: the caller is not at fault, so they answer 503, not 401.
const PROVIDER_ERRORS = new Set(['ERR_JOSE_GENERIC', 'ERR_JWKS_TIMEOUT', 'ERR_JWKS_INVALID']);

async function verifyOidc(token: string, oidc: OidcConfig): Promise<{ payload: JWTPayload; role: unknown }> {
  try {
    const { payload } = await jwtVerify(token, await oidcKeys(oidc), {
      algorithms: ['RS256', 'ES256'],
      issuer: oidc.issuer,
      audience: oidc.audience,
      requiredClaims: ['exp'],
    });
    return { payload, role: payload[oidc.roleClaim] };
  } catch (error) {
    if (!(error instanceof errors.JOSEError) || PROVIDER_ERRORS.has(error.code)) {
      throw new HttpError(503, ErrorCode.IDENTITY_PROVIDER_UNAVAILABLE, `The identity provider ${oidc.issuer} could not be read: ${(error as Error).message}`);
    }
    throw error;
  }
}

// Tokens already verified, by verifier and token text. A client sends the same token with every
// request, and verifying it again (a WebCrypto call through the thread pool) was 7% of the
// gateway's CPU under load. An entry lives until the token expires, at most a minute (so an
// OpenID Connect key withdrawn from the provider's key set stops being trusted soon); only
// successes are kept.
const VERIFIED_TTL_MS = 60_000;
const verified = new LRUCache<string, Caller>({ max: 10_000 });

/** Names the verifiers a token may meet under one configuration (its alg picks one of them). */
const verifierId = (secret: string, oidc?: OidcConfig): string =>
  oidc ? `${secret}\u0000${oidc.issuer}\u0000${oidc.audience}\u0000${oidc.roleClaim}\u0000${oidc.jwksUri ?? ''}` : secret;

/** The caller of a bearer token; HttpError 401 for any token that is not valid (503 when the provider cannot be read). */
export async function verifyToken(token: string, secret: string, oidc?: OidcConfig): Promise<Caller> {
  // Looked up before the token is decoded: a known token costs one map lookup.
  const key = `${verifierId(secret, oidc)}\u0000${token}`;
  const known = verified.get(key);
  if (known) return known;
  try {
    const { alg } = decodeProtectedHeader(token);
    if (alg !== 'HS256' && !oidc) throw unauthenticated(`Token algorithm ${alg} is not accepted (no OpenID Connect provider is configured)`);
    const { payload, role: claim } = alg === 'HS256' ? await verifyHs256(token, secret) : await verifyOidc(token, oidc!);
    const role = parseRole(typeof claim === 'string' ? claim : undefined);
    if (!role) throw unauthenticated(`Token role "${String(claim)}" is not office, department:<code> or public`);
    const caller: Caller = { role, subject: payload.sub ?? '', token };
    const ttl = Math.min(VERIFIED_TTL_MS, (payload.exp ?? 0) * 1000 - Date.now());
    if (ttl > 0) verified.set(key, caller, { ttl });
    return caller;
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw unauthenticated(`Invalid token: ${(error as Error).message}`);
  }
}

export async function authenticate(headers: HeaderMap, secret: string, oidc?: OidcConfig): Promise<Caller> {
  const header = headers.get('authorization');
  if (!header) return { role: PUBLIC_ROLE, subject: '', token: '' };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  return verifyToken(match[1], secret, oidc);
}

/** Issues an HS256 token, always with an expiry (development, tests and the README's sample calls). */
export async function signToken(role: Role, secret: string, options: { subject?: string; expiresIn?: string } = {}): Promise<string> {
  return new SignJWT({ role: formatRole(role) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.subject ?? formatRole(role))
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(await hmacKey(secret));
}
