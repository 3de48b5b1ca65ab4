// The Boxsync HTTP API: JSON in and out, the session's CSRF token on unsafe methods, problems as ApiError.

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
let csrfToken = sessionStorage.getItem('boxsync.csrf');
let onUnauthenticated = () => {};

/** An RFC 9457 problem answered by the server (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem || {};
  }
  get detail() { return this.message; }
}

export function setCsrf(token) {
  csrfToken = token;
  if (token) sessionStorage.setItem('boxsync.csrf', token); else sessionStorage.removeItem('boxsync.csrf');
}

export function whenUnauthenticated(callback) { onUnauthenticated = callback; }

/** Sends one request; resolves to {status, data}; rejects with ApiError on 4xx/5xx. */
export async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (!SAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, { title: 'Network error', detail: 'The Boxsync server cannot be reached. Check your connection and try again.' });
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { detail: text }; }
  }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/session') onUnauthenticated();
    throw new ApiError(response.status, data);
  }
  return { status: response.status, data };
}

/**
 * A GET that sends the entity tag of what the caller already holds; resolves to {status: 304, etag} when it is still
 * current (no body is sent or parsed), else to {status, data, etag}.
 */
export async function getIfChanged(path, etag) {
  const headers = { Accept: 'application/json' };
  if (etag) headers['If-None-Match'] = etag;
  let response;
  try {
    response = await fetch(path, { headers, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, { title: 'Network error', detail: 'The Boxsync server cannot be reached. Check your connection and try again.' });
  }
  if (response.status === 304) return { status: 304, etag };
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { detail: text }; }
  }
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated();
    throw new ApiError(response.status, data);
  }
  return { status: response.status, data, etag: response.headers.get('ETag') };
}

export const api = {
  get: (path) => request('GET', path).then(r => r.data),
  getIfChanged,
  post: (path, body = {}) => request('POST', path, body),
  put: (path, body = {}) => request('PUT', path, body),
  del: (path) => request('DELETE', path),
};
