// What every resolver of the credit subgraph receives; built per request in index.ts.
import type { Cache } from '../../lib/cache';
import type { Role } from '../../lib/roles';
import type { CreditLoaders } from './loaders';

export interface CreditContext {
  /** The caller's role as forwarded by the gateway; registry data is public, so no field is restricted. */
  role: Role;
  loaders: CreditLoaders;
  cache: Cache;
}
