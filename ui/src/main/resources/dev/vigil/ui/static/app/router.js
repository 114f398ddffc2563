// Client-side routing on the History API. The page's state lives in the URL's query string, so a
// copied link reproduces the view; pages update it with setParams() as the user changes things.

export const PAGES = [
  { id: 'overview', path: '/', title: 'Overview', key: 'o' },
  { id: 'explore', path: '/explore', title: 'Explore', key: 'e' },
  { id: 'dashboards', path: '/dashboards', title: 'Dashboards', key: 'd' },
  { id: 'alerts', path: '/alerts', title: 'Alerts', key: 'a' },
  { id: 'silences', path: '/silences', title: 'Silences', key: 's' },
  { id: 'targets', path: '/targets', title: 'Targets', key: 't' },
];

/** The current route: {page, rest, params}. rest is the path after the page's own (e.g. an id). */
export function current() {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const params = new URLSearchParams(location.search);
  if (path === '/' || path === '/overview') return { page: 'overview', rest: '', params };
  for (const p of PAGES) {
    if (p.path !== '/' && (path === p.path || path.startsWith(p.path + '/'))) {
      return { page: p.id, rest: decodeURIComponent(path.slice(p.path.length + 1)), params };
    }
  }
  return { page: 'notfound', rest: path, params };
}

/** Goes to url (path and query) and tells the app. */
export function navigate(url, { replace = false } = {}) {
  if (url === location.pathname + location.search) return;
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  window.dispatchEvent(new Event('vigil-route'));
}

/**
 * Writes params into the current URL's query string (null or '' removes one). Replaces the
 * history entry unless push is set, so typing does not fill the back button.
 */
export function setParams(values, { push = false } = {}) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === '' || v === false) params.delete(k);
    else params.set(k, String(v));
  }
  const qs = params.toString();
  const url = location.pathname + (qs ? `?${qs}` : '');
  if (url !== location.pathname + location.search) {
    history[push ? 'pushState' : 'replaceState'](null, '', url);
  }
}

/** Makes same-origin links to app pages navigate without a reload. */
export function interceptLinks(root) {
  root.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.composedPath().find((n) => n instanceof HTMLAnchorElement);
    if (!a || a.target || a.origin !== location.origin || a.hasAttribute('download')) return;
    const path = a.pathname;
    const isPage = path === '/' || PAGES.some((p) => p.path !== '/' && (path === p.path || path.startsWith(p.path + '/')));
    if (!isPage) return;
    e.preventDefault();
    navigate(path + a.search);
  });
}
