// Apollo Server hashes every query text (sha256: its key for the parsed-document cache) through
// @apollo/utils.createhash, which calls `module.require("crypto")` on every hash. Under tsx that
// resolves the name through tsx's resolver each time: 3% of the gateway's CPU per request in a
// profile, more than the hashing itself. The module's `require` is given crypto directly; any
// other name goes to its own require as before. Versions whose code reads otherwise are left alone.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The copies Apollo Server and @apollo/gateway load (the server has its own, nested). */
const USERS = ['@apollo/server', '@apollo/gateway'];
const CALL = 'module.require("crypto").createHash(kind)';

interface LoadedModule {
  require(id: string): unknown;
}

let done = false;

export function quickenApolloQueryHashes(): void {
  if (done) return;
  done = true;
  for (const user of USERS) {
    let path: string;
    try {
      path = createRequire(require.resolve(user)).resolve('@apollo/utils.createhash');
    } catch {
      continue;
    }
    const source = readFileSync(path, 'utf8');
    if (!source.includes(CALL)) continue;
    require(path); // loaded now if Apollo has not yet: the instance its import gets
    const loaded = require.cache[path] as LoadedModule | undefined;
    if (!loaded) continue;
    const own = loaded.require.bind(loaded);
    loaded.require = (id: string) => (id === 'crypto' ? crypto : own(id));
  }
}
