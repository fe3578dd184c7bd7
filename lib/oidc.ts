// The signing keys of the configured OpenID Connect provider: its JWKS, found through discovery
// (or OIDC_JWKS_URI), fetched once per process and kept by jose (refetched when a token names an
// unknown key id, e.g. after the provider rotates its keys).
import { createRemoteJWKSet } from 'jose';

export interface OidcConfig {
  /** OIDC_ISSUER: the provider's issuer URL; tokens must carry exactly this `iss`. */
  issuer: string;
  /** OIDC_AUDIENCE: the `aud` the provider puts in access tokens for this graph. */
  audience: string;
  /** OIDC_JWKS_URI: the provider's key set; unset means its discovery document's `jwks_uri`. */
  jwksUri?: string;
  /** OIDC_ROLE_CLAIM: the claim holding `office`, `department:<code>` or `public`. */
  roleClaim: string;
  /**
   * OIDC_CLIENT_ID, OIDC_SCOPE: the console's public client at the provider (authorization code
   * with PKCE, redirect URI `<gateway>/dashboard`) and the scopes it asks for; no client id: the
   * console offers no sign-in through the provider.
   */
  console?: { clientId: string; scope: string };
}

/** The provider's endpoints, from its discovery document. */
export interface OidcEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
}

type KeySet = ReturnType<typeof createRemoteJWKSet>;

// One key set per provider and process: the gateway and every subgraph in it share it.
const keySets = new Map<string, Promise<KeySet>>();

const discovered = new Map<string, Promise<OidcEndpoints>>();

/** The provider's discovery document (`<issuer>/.well-known/openid-configuration`), read once per process. */
export function oidcEndpoints(issuer: string): Promise<OidcEndpoints> {
  let endpoints = discovered.get(issuer);
  if (!endpoints) {
    endpoints = (async () => {
      const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
      if (!response.ok) throw new Error(`OIDC discovery at ${issuer} answered HTTP ${response.status}`);
      const document = (await response.json()) as { issuer?: string; jwks_uri?: string; authorization_endpoint?: string; token_endpoint?: string };
      // A discovery document for another issuer would let its keys sign for ours.
      if (document.issuer !== issuer) throw new Error(`OIDC discovery names issuer ${document.issuer}, expected ${issuer}`);
      if (!document.jwks_uri) throw new Error(`OIDC discovery at ${issuer} has no jwks_uri`);
      return { jwksUri: document.jwks_uri, authorizationEndpoint: document.authorization_endpoint ?? '', tokenEndpoint: document.token_endpoint ?? '' };
    })();
    // A provider that was down is asked again next time.
    endpoints.catch(() => discovered.delete(issuer));
    discovered.set(issuer, endpoints);
  }
  return endpoints;
}

async function discoverJwksUri(issuer: string): Promise<string> {
  return (await oidcEndpoints(issuer)).jwksUri;
}

export function oidcKeys(config: OidcConfig): Promise<KeySet> {
  const id = `${config.issuer} ${config.jwksUri ?? ''}`;
  let keys = keySets.get(id);
  if (!keys) {
    keys = (async () => createRemoteJWKSet(new URL(config.jwksUri ?? (await discoverJwksUri(config.issuer)))))();
    // A provider that was down at the first request is asked again at the next one.
    keys.catch(() => keySets.delete(id));
    keySets.set(id, keys);
  }
  return keys;
}
