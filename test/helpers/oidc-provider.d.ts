// The few parts of oidc-provider (no bundled types, no @types package installed) the identity
// test uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface ClientRef {
    clientId: string;
  }

  export default class Provider {
    constructor(issuer: string, configuration: {
      jwks: { keys: object[] };
      clients: object[];
      features: Record<string, object>;
      ttl?: Record<string, (ctx: unknown, token: unknown, client: ClientRef) => number>;
      extraTokenClaims?: (ctx: unknown, token: ClientRef) => Record<string, unknown>;
    });
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
  }
}
