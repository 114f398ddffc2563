// Talks to Vigil's HTTP API and tracks whether the server can be reached.
//
// Every call goes through request(): a network failure marks the server unreachable (the shell
// shows a banner) and starts a health poll that clears the state by itself when the server answers.

/** An answer of the API with status "error", or an HTTP error without a JSON body. */
export class ApiError extends Error {
  constructor(message, { status = 0, type = 'error' } = {}) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

const listeners = new Set();
let reachable = true;
let pollTimer = null;

/** Calls fn(reachable) whenever reachability changes; returns a function that unsubscribes. */
export function onReachability(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function isReachable() {
  return reachable;
}

function setReachable(value) {
  if (value === reachable) return;
  reachable = value;
  for (const fn of listeners) fn(value);
  if (!value) poll();
}

function poll() {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(async () => {
    try {
      const r = await fetch('/-/healthy', { cache: 'no-store' });
      if (r.ok) {
        setReachable(true);
        return;
      }
    } catch (e) {
      // still down
    }
    poll();
  }, 2000);
}

// A quiet heartbeat notices an outage even on a page that is not refreshing anything.
setInterval(async () => {
  if (!reachable || document.hidden) return;
  try {
    await fetch('/-/healthy', { cache: 'no-store' });
  } catch (e) {
    setReachable(false);
  }
}, 10000);

/**
 * GETs (or POSTs, form-encoded, when the parameters are long) an API path and returns the
 * envelope's data. Throws ApiError for error answers; AbortError passes through.
 */
export async function request(path, params = {}, { signal, method } = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => body.append(k, x));
    else body.append(k, String(v));
  }
  const qs = body.toString();
  const usePost = method === 'POST' || (method === undefined && qs.length > 1500);
  let r;
  try {
    r = usePost
      ? await fetch(path, { method: 'POST', body, signal, headers: { Accept: 'application/json' } })
      : await fetch(qs ? `${path}?${qs}` : path, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    setReachable(false);
    throw new ApiError('Cannot reach the Vigil server.', { type: 'unreachable' });
  }
  setReachable(true);
  let json = null;
  try {
    json = await r.json();
  } catch (e) {
    throw new ApiError(`${path} answered ${r.status} without JSON`, { status: r.status });
  }
  if (!r.ok || json.status !== 'success') {
    throw new ApiError(json.error || `${path} answered ${r.status}`, {
      status: r.status,
      type: json.errorType || 'error',
    });
  }
  return json.data;
}

/** Sends a JSON body to a Vigil API (POST, PUT or DELETE) and returns the envelope's data. */
export async function send(method, path, value) {
  let r;
  try {
    r = await fetch(path, {
      method,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: value === undefined ? undefined : JSON.stringify(value),
    });
  } catch (e) {
    setReachable(false);
    throw new ApiError('Cannot reach the Vigil server.', { type: 'unreachable' });
  }
  setReachable(true);
  const json = await r.json().catch(() => ({}));
  if (!r.ok || json.status !== 'success') {
    throw new ApiError(json.error || `${method} ${path} answered ${r.status}`, {
      status: r.status,
      type: json.errorType || 'error',
    });
  }
  return json.data;
}

/** An instant query; returns {resultType, result}. */
export function query(expr, time, opts) {
  return request('/api/v1/query', { query: expr, time }, opts);
}

/** A range query over [start, end] (seconds) with step (seconds); returns {resultType, result}. */
export function queryRange(expr, start, end, step, opts) {
  return request('/api/v1/query_range', { query: expr, start, end, step }, opts);
}

/**
 * Parses a Prometheus error message of the shape "... 1:18: parse error: ..." into
 * {line, col, message}, or null when it names no position.
 */
export function parseErrorPosition(message) {
  const m = /(\d+):(\d+): parse error: (.*)$/s.exec(message || '');
  return m ? { line: Number(m[1]), col: Number(m[2]), message: m[3] } : null;
}

/**
 * Calls an Alertmanager v2 route (/api/v2/...), whose answers are bare JSON, not Prometheus's
 * envelope. Returns the parsed body (or null when empty); throws ApiError with the server's message.
 */
export async function alertmanager(method, path, value) {
  let r;
  try {
    r = await fetch(path, {
      method,
      headers: value === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: value === undefined ? undefined : JSON.stringify(value),
    });
  } catch (e) {
    setReachable(false);
    throw new ApiError('Cannot reach the Vigil server.', { type: 'unreachable' });
  }
  setReachable(true);
  const text = await r.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (e) {
    json = text;
  }
  if (!r.ok) {
    const message = typeof json === 'string' ? json : json?.message || json?.error || `${method} ${path} answered ${r.status}`;
    throw new ApiError(message, { status: r.status });
  }
  return json;
}
