// Alerts: firing and pending alerts from /api/v1/alerts (Prometheus's shape), grouped by state,
// with labels, annotations and how long each has been active, and a Silence button that opens the
// silence form with the alert's labels; filter by text in the URL (/alerts?q=…). Shows a clear empty state when the server has no alerting API yet.
import { html } from 'lit';
import { PollingElement } from '../element.js';
import { setParams } from '../router.js';
import { request, ApiError } from '../api.js';
import { ago, formatValue } from '../format.js';
import { matcherText } from './silences.js';

const ORDER = { critical: 0, warning: 1, info: 2 };

class VigilAlerts extends PollingElement {
  static properties = {
    route: { attribute: false },
    alerts: { state: true },
    unavailable: { state: true },
    error: { state: true },
    filter: { state: true },
  };

  constructor() {
    super();
    this.alerts = null;
    this.unavailable = false;
    this.error = '';
    this.pollMs = 15000;
  }

  connectedCallback() {
    this.filter = (this.route?.params || new URLSearchParams(location.search)).get('q') || '';
    super.connectedCallback();
  }

  async load() {
    try {
      const data = await request('/api/v1/alerts');
      this.alerts = data.alerts || [];
      this.unavailable = false;
      this.error = '';
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) this.unavailable = true;
      else this.error = e.message;
    }
  }

  matches(a) {
    const q = this.filter.trim().toLowerCase();
    if (!q) return true;
    const text = JSON.stringify([a.labels, a.annotations]).toLowerCase();
    return q.split(/\s+/).every((w) => text.includes(w));
  }

  renderList(state, list) {
    if (!list.length) return '';
    list.sort((x, y) => (ORDER[x.labels.severity] ?? 3) - (ORDER[y.labels.severity] ?? 3) || String(x.labels.alertname).localeCompare(String(y.labels.alertname)));
    return html`<section class="panel section" data-state=${state}>
      <h2>${state === 'firing' ? 'Firing' : 'Pending'} (${list.length})</h2>
      <div class="table-wrap"><table class="data">
        <thead><tr><th>Alert</th><th>Severity</th><th class="hide-phone">Labels</th><th>Summary</th><th>Active since</th><th class="hide-phone">Value</th><th></th></tr></thead>
        <tbody>${list.map((a) => {
          const { alertname, severity, ...labels } = a.labels || {};
          const ann = a.annotations || {};
          return html`<tr class="alert">
            <td><strong>${alertname}</strong></td>
            <td>${severity ? html`<span class="badge ${severity}">${severity}</span>` : ''}</td>
            <td class="hide-phone">${Object.entries(labels).map(([k, v]) => html`<span class="chip">${k}="${v}"</span>`)}</td>
            <td>${ann.summary || ann.description || ''}</td>
            <td title=${a.activeAt || ''}>${a.activeAt ? ago(a.activeAt) : ''}</td>
            <td class="num hide-phone">${a.value !== undefined ? formatValue(Number(a.value)) : ''}</td>
            <td><a class="btn silence-alert" title="Silence this alert (its labels prefilled)"
              href="/silences/new?${Object.entries(a.labels || {}).map(([k, v]) => `matcher=${encodeURIComponent(matcherText({ name: k, value: v }))}`).join('&')}">Silence</a></td>
          </tr>`;
        })}</tbody>
      </table></div>
    </section>`;
  }

  render() {
    let body;
    if (this.unavailable) {
      body = html`<div class="empty" id="alerts-unavailable"><strong>Alerting is not available in this version yet</strong>
        Alerting rules (<code>rule_files</code> in vigil.yml) and this page's data arrive with the alerting engine.</div>`;
    } else if (this.error) {
      body = html`<div class="error-box" role="alert">Could not load alerts: ${this.error}</div>`;
    } else if (this.alerts === null) {
      body = html`<div class="panel skeleton" style="height:160px"></div>`;
    } else {
      const shown = this.alerts.filter((a) => this.matches(a));
      const firing = shown.filter((a) => a.state === 'firing');
      const pending = shown.filter((a) => a.state === 'pending');
      body = !firing.length && !pending.length
        ? html`<div class="empty"><strong>${this.alerts.length ? 'No alert matches the filter' : 'No alerts firing'}</strong>
            ${this.alerts.length ? '' : 'All alerting rules are quiet.'}</div>`
        : html`${this.renderList('firing', firing)}${this.renderList('pending', pending)}`;
    }
    return html`
      <h1>Alerts</h1>
      <div class="toolbar">
        <input class="text" type="search" placeholder="Filter by label or annotation" .value=${this.filter || ''}
          @input=${(e) => { this.filter = e.target.value; setParams({ q: this.filter }); }} style="flex:1;min-width:180px;max-width:420px">
      </div>
      ${body}
    `;
  }
}

customElements.define('vigil-alerts', VigilAlerts);
