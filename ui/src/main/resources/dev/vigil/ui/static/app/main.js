// The app shell: header and navigation, the page for the current URL, the theme toggle, keyboard
// shortcuts, the help dialog, and the banner shown while the server cannot be reached.
import { html } from 'lit';
import { VigilElement } from './element.js';
import { PAGES, current, navigate, interceptLinks } from './router.js';
import * as theme from './theme.js';
import { onReachability, isReachable } from './api.js';

// Pages load on first visit, so the landing page does not wait for code it does not show.
const LOADERS = {
  overview: () => import('./pages/overview.js'),
  explore: () => import('./pages/explore.js'),
  dashboards: () => import('./pages/dashboards.js'),
  alerts: () => import('./pages/alerts.js'),
  silences: () => import('./pages/silences.js'),
  targets: () => import('./pages/targets.js'),
};

const SHORTCUTS = [
  ['/', 'Focus the query editor (opens Explore)'],
  ['g o', 'Go to Overview'],
  ['g e', 'Go to Explore'],
  ['g d', 'Go to Dashboards'],
  ['g a', 'Go to Alerts'],
  ['g s', 'Go to Silences'],
  ['g t', 'Go to Targets'],
  ['r', 'Refresh the current page'],
  ['t', 'Toggle dark and light theme'],
  ['?', 'Show this help'],
  ['Enter', 'Run the query (in the editor; Shift+Enter for a new line)'],
  ['Tab ↑ ↓', 'Accept or choose a completion (in the editor)'],
  ['Esc', 'Close completions, menus and this help'],
];

class VigilApp extends VigilElement {
  static properties = {
    route: { state: true },
    reachable: { state: true },
    loaded: { state: true },
    themeName: { state: true },
  };

  constructor() {
    super();
    this.route = current();
    this.reachable = isReachable();
    this.loaded = new Set();
    this.themeName = theme.theme();
    this.pendingG = 0;
  }

  connectedCallback() {
    this.replaceChildren(); // the static placeholder from index.html
    super.connectedCallback();
    interceptLinks(this);
    window.addEventListener('popstate', () => this.onRoute());
    window.addEventListener('vigil-route', () => this.onRoute());
    window.addEventListener('vigil-theme', (e) => (this.themeName = e.detail));
    document.addEventListener('keydown', (e) => this.onKey(e));
    onReachability((ok) => {
      this.reachable = ok;
      if (ok) window.dispatchEvent(new Event('vigil-refresh'));
    });
    this.onRoute();
  }

  async onRoute() {
    this.route = current();
    const page = PAGES.find((p) => p.id === this.route.page);
    document.title = page ? `${page.title} · Vigil` : 'Not found · Vigil';
    const load = LOADERS[this.route.page];
    if (load && !this.loaded.has(this.route.page)) {
      try {
        await load();
        this.loaded = new Set([...this.loaded, this.route.page]);
      } catch (e) {
        this.loadError = `${e.message}`;
        this.requestUpdate();
      }
    }
  }

  onKey(e) {
    const t = e.target;
    const typing = t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === 'Escape') {
      this.querySelector('dialog[open]')?.close();
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (this.pendingG && Date.now() - this.pendingG < 1500) {
      this.pendingG = 0;
      const page = PAGES.find((p) => p.key === e.key);
      if (page) {
        e.preventDefault();
        navigate(page.path);
      }
      return;
    }
    switch (e.key) {
      case 'g':
        this.pendingG = Date.now();
        break;
      case '/':
        e.preventDefault();
        if (this.route.page !== 'explore') {
          window.vigilFocusQuery = true;
          navigate('/explore');
        } else {
          this.querySelector('promql-editor')?.focus();
        }
        break;
      case 't':
        theme.toggle();
        break;
      case 'r':
        window.dispatchEvent(new Event('vigil-refresh'));
        break;
      case '?':
        this.querySelector('#help').showModal();
        break;
      default:
    }
  }

  renderPage() {
    const r = this.route;
    if (this.loadError) return html`<div class="error-box">Could not load this page: ${this.loadError}</div>`;
    if (r.page === 'notfound') {
      return html`<div class="empty"><strong>No page at ${r.rest}</strong><a href="/">Go to the overview</a></div>`;
    }
    if (!this.loaded.has(r.page)) return html`<p class="muted">Loading…</p>`;
    switch (r.page) {
      case 'overview':
        return html`<vigil-overview .route=${r}></vigil-overview>`;
      case 'explore':
        return html`<vigil-explore .route=${r}></vigil-explore>`;
      case 'dashboards':
        return html`<vigil-dashboards .route=${r}></vigil-dashboards>`;
      case 'alerts':
        return html`<vigil-alerts .route=${r}></vigil-alerts>`;
      case 'silences':
        return html`<vigil-silences .route=${r}></vigil-silences>`;
      case 'targets':
        return html`<vigil-targets .route=${r}></vigil-targets>`;
      default:
        return '';
    }
  }

  render() {
    const dark = this.themeName === 'dark';
    return html`
      <header class="topbar">
        <a class="brand" href="/"><img src="/ui/app/icon.svg" alt=""><span>Vigil</span></a>
        <nav class="nav" aria-label="Main">
          ${PAGES.map(
            (p) => html`<a href=${p.path} aria-current=${this.route.page === p.id ? 'page' : 'false'}
              title="${p.title} (g ${p.key})">${p.title}</a>`,
          )}
        </nav>
        <div class="tools">
          <button class="icon-btn" id="theme-toggle" @click=${() => theme.toggle()}
            title="Switch to the ${dark ? 'light' : 'dark'} theme (t)" aria-label="Switch to the ${dark ? 'light' : 'dark'} theme">
            ${dark ? '☀' : '☾'}
          </button>
          <button class="icon-btn help-btn" @click=${() => this.querySelector('#help').showModal()} title="Keyboard shortcuts (?)"
            aria-label="Keyboard shortcuts">?</button>
        </div>
      </header>
      ${this.reachable
        ? ''
        : html`<div class="banner" id="unreachable" role="alert">
            Cannot reach the Vigil server. Retrying every 2 seconds; this page updates by itself when it is back.
          </div>`}
      <main class="page">${this.renderPage()}</main>
      <dialog id="help" aria-label="Keyboard shortcuts">
        <h2>Keyboard shortcuts</h2>
        <table>
          ${SHORTCUTS.map(([k, what]) => html`<tr><td>${k.split(' ').map((x) => html`<kbd>${x}</kbd> `)}</td><td>${what}</td></tr>`)}
        </table>
        <p class="muted">Theme: ${theme.preference() === 'system' ? 'follows the system' : `${theme.preference()} (saved)`}.
          ${theme.preference() === 'system'
            ? ''
            : html`<button class="btn" @click=${() => { theme.setPreference('system'); this.requestUpdate(); }}>Follow the system</button>`}</p>
        <form method="dialog"><button class="btn primary">Close</button></form>
      </dialog>
    `;
  }
}

customElements.define('vigil-app', VigilApp);
