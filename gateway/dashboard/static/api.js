// Talking to the gateway: how to sign in, development sessions, persisted operations, downloads.
import { errorText } from './format.js';

const TOKEN_KEY = 'console-token';
const ROLE_KEY = 'console-role';

export class ConsoleError extends Error {
  constructor(code, detail) {
    super(errorText(code));
    this.code = code;
    this.detail = detail;
  }
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  get role() { return sessionStorage.getItem(ROLE_KEY) ?? 'office'; },
  set(token, role) {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(ROLE_KEY, role);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(ROLE_KEY);
  },
};

/** The role a token carries (its payload is read only to label the page; the server checks it). */
export function roleOfToken(token, claim = 'role') {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload[claim] === 'string' ? payload[claim] : 'office';
  } catch {
    return 'office';
  }
}

/** How this gateway lets the page sign in: { oidc, development, tokenField, units }, or { error }. */
export async function signInOptions() {
  try {
    const response = await fetch('/dashboard/sign-in');
    const body = await response.json().catch(() => ({}));
    if (!response.ok) return { error: body.errors?.[0]?.message ?? errorText(body.errors?.[0]?.extensions?.code) };
    return body;
  } catch {
    return { error: errorText('NETWORK') };
  }
}

/** A development token for a role; the server's answer when there is none (production). */
export async function devSession(role) {
  const response = await fetch(`/dashboard/session?role=${encodeURIComponent(role)}`);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) return { ok: false, message: body.errors?.[0]?.message ?? '无法登录', tokenField: body.errors?.[0]?.extensions?.tokenField ?? false };
  return { ok: true, ...body };
}

export async function run(operationName, variables) {
  let response;
  try {
    response = await fetch('/dashboard/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ operationName, variables }),
    });
  } catch {
    throw new ConsoleError('NETWORK');
  }
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    session.clear();
    throw new ConsoleError('UNAUTHENTICATED');
  }
  if (!body.data) {
    const error = body.errors?.[0];
    throw new ConsoleError(error?.extensions?.code ?? 'INTERNAL', error?.message);
  }
  return body;
}

/** Downloads a work list with the caller's token (a blob, so no token ends up in a URL). */
export async function downloadWorkList(format, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, value]) => value !== null && value !== undefined && value !== ''));
  let response;
  try {
    response = await fetch(`/exports/worklist.${format}?${query}`, { headers: { authorization: `Bearer ${session.token}` } });
  } catch {
    throw new ConsoleError('NETWORK');
  }
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new ConsoleError(body.errors?.[0]?.extensions?.code ?? 'INTERNAL');
  }
  const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `worklist.${format}`);
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
