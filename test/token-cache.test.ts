// Verified tokens are remembered (lib/auth.ts), but never past their expiry and never for
// another verifier: the same token text checked with another secret is refused.
import { describe, expect, it } from 'vitest';
import { signToken, verifyToken } from '../lib/auth';
import { HttpError } from '../lib/graphql-http';

const SECRET = 'token-cache-test-secret-0123456789abcdef';

describe('remembered token verification', () => {
  it('accepts a token again until it expires, then refuses it with 401', async () => {
    const token = await signToken({ kind: 'office' }, SECRET, { subject: 'cache-test', expiresIn: '2s' });
    expect((await verifyToken(token, SECRET)).role).toEqual({ kind: 'office' });
    expect((await verifyToken(token, SECRET)).subject).toBe('cache-test');
    // jose's exp has whole seconds: wait past the next one.
    await new Promise((resolve) => setTimeout(resolve, 3100));
    const refused = await verifyToken(token, SECRET).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(401);
  });

  it('a token verified with one secret is refused when checked with another', async () => {
    const token = await signToken({ kind: 'office' }, SECRET, { expiresIn: '1h' });
    await verifyToken(token, SECRET);
    const refused = await verifyToken(token, `${SECRET}-other`).catch((error: unknown) => error);
    expect((refused as HttpError).status).toBe(401);
  });
});
