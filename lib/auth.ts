// Caller authentication: an HS256 JWT whose `role` claim is `office`, `department:<code>` or
// `public`. The gateway verifies it and forwards it unchanged; every subgraph verifies it again
// with the same key, so a subgraph reached directly cannot be told a role by a bare header.
// No token means the public role; a bad token is refused.
import { SignJWT, jwtVerify } from 'jose';
import type { HeaderMap } from '@apollo/server';
import { HttpError } from './graphql-http';
import { ErrorCode } from './errors';
import { PUBLIC_ROLE, formatRole, parseRole, type Role } from './roles';

export interface Caller {
  role: Role;
  /** The token's subject (a person or system id), for audit trails; empty for anonymous callers. */
  subject: string;
  /** The verified token, forwarded to subgraphs; empty for anonymous callers. */
  token: string;
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function authenticate(headers: HeaderMap, secret: string): Promise<Caller> {
  const header = headers.get('authorization');
  if (!header) return { role: PUBLIC_ROLE, subject: '', token: '' };
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new HttpError(401, ErrorCode.UNAUTHENTICATED, 'Authorization header must be "Bearer <token>"');
  try {
    const { payload } = await jwtVerify(match[1], key(secret), { algorithms: ['HS256'] });
    const role = parseRole(typeof payload.role === 'string' ? payload.role : undefined);
    if (!role) throw new HttpError(401, ErrorCode.UNAUTHENTICATED, `Token role "${String(payload.role)}" is not office, department:<code> or public`);
    return { role, subject: payload.sub ?? '', token: match[1] };
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(401, ErrorCode.UNAUTHENTICATED, `Invalid token: ${(error as Error).message}`);
  }
}

/** Issues a token (development, tests and the README's sample calls). */
export function signToken(role: Role, secret: string, options: { subject?: string; expiresIn?: string } = {}): Promise<string> {
  return new SignJWT({ role: formatRole(role) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(options.subject ?? formatRole(role))
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(key(secret));
}
