// The station's JSON API (docs/api.md). Every call goes through api(); errors become ApiError.
import { t, lang } from './i18n.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

let onUnauthorized = () => {};
export function setUnauthorizedHandler(f) { onUnauthorized = f; }

export async function api(method, path, body, { raw, contentType } = {}) {
  const opts = { method, headers: {}, credentials: 'same-origin' };
  if (raw !== undefined) {
    opts.body = raw;
    opts.headers['Content-Type'] = contentType || 'application/octet-stream';
  } else if (body !== undefined) {
    opts.body = JSON.stringify(body);
    opts.headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  let r;
  try {
    r = await fetch(path, opts);
  } catch (e) {
    throw new ApiError(0, { error: t('error.network'), error_vi: t('error.network') });
  }
  if (r.status === 401 && path !== '/api/login') onUnauthorized();
  if (!r.ok) {
    let b = {};
    try { b = await r.json(); } catch { /* not JSON */ }
    throw new ApiError(r.status, b);
  }
  if (r.status === 204) return null;
  const ct = r.headers.get('content-type') || '';
  return ct.includes('json') ? r.json() : null;
}

// The error's message in the language on screen.
export function errorText(e) {
  if (!(e instanceof ApiError)) return String(e?.message || e);
  const b = e.body;
  const msg = lang() === 'vi' ? (b.error_vi || b.error) : (b.error || b.error_vi);
  return msg || t('error.http', { status: e.status });
}
