import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { Role } from '../../lib/roles';
import type { GraphClient } from './graph-client';
import type { Cache } from '../../lib/cache';
import type { Clock } from '../../lib/clock';
import type { DrawVerifier } from './plans/draw-verifier';
import type { PlanRuntime } from './plans/runtime';
import type { OfficeVisits } from './visit-index/runtime';

/** Per-request context of the joint-office subgraph. */
export interface OfficeContext {
  role: Role;
  /** Who is calling (the token's subject), for audit trails. */
  actor: string;
  /** Reads and writes units' data through the federated graph. */
  graph: GraphClient;
  /** Joint plans: the office store, dispatch and its retry worker; absent when no store is configured. */
  plans?: PlanRuntime;
  /** The cross-unit visit index (duplicate findings). */
  visits: OfficeVisits;
  /** Signs the statistics table's download links (the gateway's JWT secret); absent: no links. */
  downloadSecret?: string;
  /** The shared cache (Redis or in-process), for the office's costliest figures. */
  cache?: Cache;
  /** The public verifyDraw's bounded, off-loop verifier. */
  drawVerifier: DrawVerifier;
  /** Today for the date rules (date-rules.ts): the real day in China, or a pinned one (OFFICE_TODAY, tests). */
  clock: Clock;
  /** The business's voice: smallest group of ratings shown (RATING_MIN_GROUP), default notice (NOTICE_WORKING_DAYS). */
  voice: { minGroupSize: number; noticeWorkingDays: number };
}

export const builder = new SchemaBuilder<{ Context: OfficeContext; DefaultFieldNullability: false }>({
  plugins: [DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
});
