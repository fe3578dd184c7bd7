// The few parts of oidc-provider (no bundled types, no @types package installed) the identity
// tests use.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface ClientRef {
    clientId: string;
  }

  interface GrantRecord {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  /** What loadExistingGrant is given: the client and the signed-in account. */
  interface GrantContext {
    oidc: { client: ClientRef; session: { accountId: string }; provider: Provider };
  }

  export default class Provider {
    constructor(issuer: string, configuration: {
      jwks: { keys: object[] };
      clients: object[];
      features: Record<string, object>;
      ttl?: Record<string, (ctx: unknown, token: unknown, client: ClientRef) => number>;
      extraTokenClaims?: (ctx: unknown, token: ClientRef & { accountId?: string }) => Record<string, unknown>;
      interactions?: { url: (ctx: unknown, interaction: { uid: string }) => string };
      findAccount?: (ctx: unknown, id: string) => { accountId: string; claims(): Record<string, unknown> };
      loadExistingGrant?: (ctx: GrantContext) => Promise<GrantRecord>;
    });
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    interactionFinished(request: IncomingMessage, response: ServerResponse, result: object, options?: object): Promise<void>;
    Grant: new (owner: { clientId: string; accountId: string }) => GrantRecord;
  }
}
