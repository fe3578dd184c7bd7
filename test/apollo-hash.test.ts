// Apollo's query hashes (lib/apollo-hash.ts): the same sha256 as before, without resolving
// "crypto" again on every hash.
import crypto from 'node:crypto';
import Module, { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { quickenApolloQueryHashes } from '../lib/apollo-hash';

const require = createRequire(import.meta.url);

describe('Apollo query hashes', () => {
  it.each(['@apollo/server', '@apollo/gateway'])('the copy %s loads hashes as before, resolving nothing', (user) => {
    const path = createRequire(require.resolve(user)).resolve('@apollo/utils.createhash');
    const { createHash } = require(path) as { createHash(kind: string): crypto.Hash };
    quickenApolloQueryHashes();
    const resolve = vi.spyOn(Module as unknown as { _resolveFilename(...args: unknown[]): string }, '_resolveFilename');
    try {
      const hash = createHash('sha256').update('{ departments { code } }').digest('hex');
      expect(hash).toBe(crypto.createHash('sha256').update('{ departments { code } }').digest('hex'));
      expect(resolve).not.toHaveBeenCalled();
    } finally {
      resolve.mockRestore();
    }
  });
});
