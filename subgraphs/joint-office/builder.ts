import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { Role } from '../../lib/roles';

/** Per-request context of the joint-office subgraph. */
export interface OfficeContext {
  role: Role;
}

export const builder = new SchemaBuilder<{ Context: OfficeContext; DefaultFieldNullability: false }>({
  plugins: [DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
});
