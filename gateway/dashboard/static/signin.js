// Sign-in through the deployment's OpenID Connect provider: the authorization code flow with
// PKCE (RFC 7636), run by the page. The verifier and state stay in sessionStorage between the
// redirect to the provider and the way back to /dashboard?code=…&state=….
const FLOW_KEY = 'console-oidc-flow';

const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomText = () => base64url(crypto.getRandomValues(new Uint8Array(32)));
const redirectUri = () => `${location.origin}/dashboard`;

/** Sends the browser to the provider's sign-in page. */
export async function beginSignIn(oidc) {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem(FLOW_KEY, JSON.stringify({ verifier, state }));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({
    response_type: 'code', client_id: oidc.clientId, redirect_uri: redirectUri(), scope: oidc.scope,
    code_challenge: challenge, code_challenge_method: 'S256', state, resource: oidc.audience,
  });
  location.assign(`${oidc.authorizationEndpoint}?${query}`);
}

/** The provider's answer in the page's address (code or error), or null when there is none. */
export function returnedFromProvider() {
  const params = new URLSearchParams(location.search);
  return params.has('code') || params.has('error') ? params : null;
}

/** Exchanges the returned code for an access token; throws with a Chinese message on failure. */
export async function finishSignIn(oidc, params) {
  const flow = JSON.parse(sessionStorage.getItem(FLOW_KEY) ?? 'null');
  sessionStorage.removeItem(FLOW_KEY);
  history.replaceState(null, '', '/dashboard');
  if (params.has('error')) throw new Error(`统一身份认证未通过（${params.get('error')}）`);
  if (!flow || flow.state !== params.get('state')) throw new Error('登录请求已失效，请重新登录');
  let response;
  try {
    response = await fetch(oidc.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
        client_id: oidc.clientId, code_verifier: flow.verifier, resource: oidc.audience,
      }),
    });
  } catch {
    throw new Error('无法连接统一身份认证服务');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok || typeof body.access_token !== 'string') throw new Error('统一身份认证未签发令牌，请重新登录');
  return body.access_token;
}
