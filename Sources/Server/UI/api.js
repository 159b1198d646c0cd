// The REST API client: the session, the CSRF header on unsafe requests, errors as ApiError, and the
// way back to the login page when the session has expired.

const baseHeaders = { 'X-Requested-With': 'drydock-ui', Accept: 'application/json' };
let session = null;

export class ApiError extends Error {
  constructor(status, message, detail) {
    super(message);
    this.status = status;
    this.detail = detail || {};
  }
}

/** Sends the browser to the login page, remembering where the user was. */
export function sessionExpired() {
  const next = location.pathname + location.search + location.hash;
  location.assign(`/login?expired=1&next=${encodeURIComponent(next)}`);
  return new Promise(() => {}); // never settles: the page is going away
}

export async function loadSession() {
  const response = await fetch('/session', { headers: baseHeaders, credentials: 'same-origin', cache: 'no-store' });
  if (response.status === 401) return sessionExpired();
  if (!response.ok) throw await errorFrom(response);
  session = await response.json();
  return session;
}

export function currentSession() {
  return session;
}

// The account an administrator acts for: every API call then carries `x-anchore-account`. Kept per browser
// tab (sessionStorage), and only for the administrator who chose it.
const actingKey = 'drydock.acting-account';

/** The account an administrator is viewing instead of their own, or null. */
export function actingAccount() {
  if (!session || !can('admin')) return null;
  try {
    const stored = JSON.parse(sessionStorage.getItem(actingKey) || 'null');
    if (stored && stored.user === session.username && stored.account && stored.account !== session.account) return stored.account;
  } catch { /* unreadable: none */ }
  return null;
}

/** Chooses the account to act for (null or the own account: no header). */
export function setActingAccount(name) {
  if (!name || !session || name === session.account) sessionStorage.removeItem(actingKey);
  else sessionStorage.setItem(actingKey, JSON.stringify({ user: session.username, account: name }));
}

export function forgetActingAccount() {
  sessionStorage.removeItem(actingKey);
}

/** The account the Image Analysis and Registries pages show: the acted-for one or the user's own. */
export function viewedAccount() {
  return actingAccount() || (session ? session.account : '');
}

/** Whether the logged-in user has a permission ("read", "analyze", "write", ...). */
export function can(permission) {
  return Boolean(session && Array.isArray(session.permissions) && session.permissions.includes(permission));
}

/** The maximum compressed image size in MB, or null when there is no limit. */
export function maxImageSizeMB() {
  const value = session ? session.max_compressed_image_size_mb : null;
  return value === null || value === undefined || value < 0 ? null : value;
}

async function errorFrom(response) {
  let message = `${response.status} ${response.statusText}`.trim();
  let detail = {};
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') {
      message = body.message || body.error || message;
      detail = typeof body.detail === 'object' && body.detail !== null ? body.detail : { text: body.detail };
    }
  } catch {
    if (text.trim()) message = text.trim().slice(0, 500);
  }
  return new ApiError(response.status, message, detail);
}

/**
 * Calls the API: api('POST', '/v1/images', {query: {force: true}, body: {...}}).
 * Resolves with the parsed JSON (or null), rejects with ApiError. For an administrator acting for another
 * account the call carries `x-anchore-account`, unless `own` is set.
 */
export async function api(method, path, { query, body, raw = false, own = false } = {}) {
  const url = new URL(path, location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null) url.searchParams.set(key, String(value));
  }
  const headers = { ...baseHeaders };
  if (!['GET', 'HEAD'].includes(method)) headers['X-CSRF-Token'] = session ? session.csrf_token : '';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const acting = own ? null : actingAccount();
  if (acting) headers['x-anchore-account'] = acting;
  let response;
  try {
    response = await fetch(url, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, `The server could not be reached (${error.message}).`);
  }
  if (response.status === 401) return sessionExpired();
  if (!response.ok) throw await errorFrom(response);
  if (raw) return response;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/** A readable, complete message for an error, with the size limit details when the API sends them. */
export function describeError(error) {
  if (!(error instanceof ApiError)) return String(error && error.message ? error.message : error);
  const parts = [error.message];
  // Ends the previous part as a sentence before another one follows.
  const sentence = (text) => {
    const last = parts.length - 1;
    if (!/[.!?:;)]$/.test(parts[last].trim())) parts[last] = `${parts[last].trim()}.`;
    parts.push(text);
  };
  const detail = error.detail || {};
  if (detail.requested_image_compressed_size_mb !== undefined) {
    sentence(`Image size: ${detail.requested_image_compressed_size_mb} MB compressed; maximum allowed: ${detail.max_compressed_image_size_mb} MB.`);
  }
  for (const problem of (detail.validation_details || []).slice(0, 10)) sentence(`${problem.problem_type}: ${problem.details}`);
  const extra = detail.error || detail.raw_exception_message || detail.text;
  if (extra && !error.message.includes(extra)) sentence(String(extra));
  if (error.status === 403) parts.push('(403 Forbidden)');
  else if (error.status) parts.push(`(HTTP ${error.status})`);
  return parts.join(' ');
}

export async function logout() {
  forgetActingAccount();
  await fetch('/logout', {
    method: 'POST', credentials: 'same-origin',
    headers: { ...baseHeaders, 'X-CSRF-Token': session ? session.csrf_token : '' },
  }).catch(() => {});
  location.assign('/login');
}
