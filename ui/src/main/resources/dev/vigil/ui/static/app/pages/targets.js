// Targets: every scrape target and probe grouped by job (scrape pool), with health, labels, last
// scrape, duration, uptime over the last 24 hours (the mean of its `up` series) and the last error;
// filters by health and by text, kept in the URL (/targets?health=down&q=node). Refreshes every 10
// seconds.
import { html } from 'lit';
import { PollingElement } from '../element.js';
import { setParams } from '../router.js';
import { request } from '../api.js';
import { ago, formatDuration } from '../format.js';

const HEALTH = ['all', 'up', 'down', 'unknown'];
const UPTIME_WINDOW = '24h';

/** A target's `up` series is told apart by its job and instance labels. */
function uptimeKey(labels) {
  return `${labels.job}\u0000${labels.instance}`;
}

function uptimeClass(v) {
  return v >= 0.999 ? 'up' : v >= 0.99 ? 'warning' : 'down';
}

class VigilTargets extends PollingElement {
  static properties = {
    route: { attribute: false },
    targets: { state: true },
    error: { state: true },
    health: { state: true },
    filter: { state: true },
    collapsed: { state: true },
    uptime: { state: true },
  };

  constructor() {
    super();
    this.targets = null;
    this.error = '';
    this.collapsed = new Set();
    this.uptime = new Map();
    this.pollMs = 10000;
  }

  connectedCallback() {
    const p = this.route?.params || new URLSearchParams(location.search);
    this.health = HEALTH.includes(p.get('health')) ? p.get('health') : 'all';
    this.filter = p.get('q') || '';
    super.connectedCallback();
  }

  async load() {
    const [targets, uptime] = await Promise.allSettled([
      request('/api/v1/targets', { state: 'active' }),
      request('/api/v1/query', { query: `avg_over_time(up[${UPTIME_WINDOW}])` }),
    ]);
    if (targets.status === 'fulfilled') {
      this.targets = targets.value.activeTargets;
      this.error = '';
    } else {
      this.error = targets.reason.message;
    }
    if (uptime.status === 'fulfilled') {
      const m = new Map();
      for (const r of uptime.value.result || []) m.set(uptimeKey(r.metric), Number(r.value[1]));
      this.uptime = m;
    }
  }

  setFilter(changes) {
    Object.assign(this, changes);
    setParams({ health: this.health === 'all' ? null : this.health, q: this.filter });
  }

  matches(t) {
    if (this.health !== 'all' && t.health !== this.health) return false;
    const q = this.filter.trim().toLowerCase();
    if (!q) return true;
    const text = [t.scrapeUrl, t.scrapePool, t.lastError, ...Object.entries(t.labels).map(([k, v]) => `${k}="${v}"`)].join(' ').toLowerCase();
    return q.split(/\s+/).every((w) => text.includes(w));
  }

  toggle(pool) {
    const next = new Set(this.collapsed);
    next.has(pool) ? next.delete(pool) : next.add(pool);
    this.collapsed = next;
  }

  renderUptime(t) {
    const v = this.uptime.get(uptimeKey(t.labels));
    if (v === undefined || !Number.isFinite(v)) return '–';
    const pct = v * 100;
    const text = pct >= 99.995 ? '100%' : `${pct.toFixed(pct >= 99 ? 2 : 1)}%`;
    return html`<span class="badge ${uptimeClass(v)}">${text}</span>`;
  }

  renderGroup(pool, all) {
    const shown = all.filter((t) => this.matches(t));
    if (!shown.length) return '';
    const up = all.filter((t) => t.health === 'up').length;
    const open = !this.collapsed.has(pool);
    return html`
      <section class="group panel" data-pool=${pool}>
        <h2 style="display:flex;gap:10px;align-items:center;cursor:pointer" @click=${() => this.toggle(pool)}>
          <span aria-hidden="true">${open ? '▾' : '▸'}</span> ${pool}
          <span class="badge ${up === all.length ? 'up' : 'down'}">${up}/${all.length} up</span>
        </h2>
        ${open
          ? html`<div class="table-wrap"><table class="data targets">
              <colgroup><col style="width:22%"><col style="width:8%"><col class="hide-phone" style="width:24%"><col style="width:10%"><col style="width:8%"><col style="width:9%"><col></colgroup>
              <thead><tr><th>Endpoint</th><th>State</th><th class="hide-phone">Labels</th><th>Last scrape</th><th>Duration</th>
                <th title="Share of scrapes or probes that succeeded in the last 24 hours (the mean of its up series)">Uptime 24 h</th><th>Error</th></tr></thead>
              <tbody>
                ${shown.map((t) => html`<tr class="target" data-health=${t.health}>
                  <td><a href=${t.scrapeUrl} target="_blank" rel="noopener">${t.scrapeUrl}</a></td>
                  <td><span class="badge ${t.health}">${t.health}</span></td>
                  <td class="hide-phone">${Object.entries(t.labels).map(([k, v]) => html`<span class="chip">${k}="${v}"</span>`)}</td>
                  <td title=${t.lastScrape}>${ago(t.lastScrape)}</td>
                  <td class="num">${t.lastScrapeDuration > 0 ? formatDuration(t.lastScrapeDuration) : '–'}</td>
                  <td class="num uptime">${this.renderUptime(t)}</td>
                  <td class="err">${t.lastError}</td>
                </tr>`)}
              </tbody>
            </table></div>`
          : ''}
      </section>`;
  }

  render() {
    const targets = this.targets;
    const groups = new Map();
    for (const t of targets || []) {
      if (!groups.has(t.scrapePool)) groups.set(t.scrapePool, []);
      groups.get(t.scrapePool).push(t);
    }
    const counts = { all: targets?.length ?? 0 };
    for (const h of HEALTH.slice(1)) counts[h] = (targets || []).filter((t) => t.health === h).length;
    const body = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([pool, list]) => this.renderGroup(pool, list));
    const anyShown = (targets || []).some((t) => this.matches(t));
    return html`
      <h1>Targets</h1>
      <div class="toolbar">
        <div class="seg" role="group" aria-label="Health">
          ${HEALTH.map((h) => html`<button aria-pressed=${this.health === h ? 'true' : 'false'} @click=${() => this.setFilter({ health: h })}>
            ${h} (${counts[h]})</button>`)}
        </div>
        <input class="text" type="search" id="target-filter" placeholder="Filter by label, URL or error" .value=${this.filter}
          @input=${(e) => this.setFilter({ filter: e.target.value })} style="flex:1;min-width:180px;max-width:420px">
      </div>
      ${this.error ? html`<div class="error-box" role="alert">Could not load targets: ${this.error}</div>` : ''}
      ${targets === null && !this.error ? html`<div class="panel skeleton" style="height:160px"></div>` : ''}
      ${targets && !targets.length
        ? html`<div class="empty"><strong>No scrape targets</strong>Add <code>scrape_configs</code> to vigil.yml to scrape exporters.</div>`
        : ''}
      ${targets && targets.length && !anyShown ? html`<div class="empty"><strong>No target matches the filter</strong></div>` : ''}
      ${body}
    `;
  }
}

customElements.define('vigil-targets', VigilTargets);
