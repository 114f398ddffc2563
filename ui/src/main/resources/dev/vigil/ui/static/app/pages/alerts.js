// Alerts: firing and pending alerts from /api/v1/alerts (Prometheus's shape), grouped by state,
// with labels, annotations and how long each has been active, a Silence button that opens the
// silence form with the alert's labels, and Acknowledge (which stops repeated notifications until
// the alert resolves or the acknowledgement expires); below, the recent history of state changes.
// Filter by text in the URL (/alerts?q=…). Shows a clear empty state when the server has no
// alerting API yet.
import { html } from 'lit';
import { PollingElement } from '../element.js';
import { setParams } from '../router.js';
import { alertmanager, request, send, ApiError } from '../api.js';
import { ago, formatValue } from '../format.js';
import { matcherText } from './silences.js';

const ORDER = { critical: 0, warning: 1, info: 2 };
const EVENT_CLASS = { firing: 'critical', resolved: 'ok', acknowledged: 'info', unacknowledged: 'pending', flapping: 'warning', stable: 'ok' };

class VigilAlerts extends PollingElement {
  static properties = {
    route: { attribute: false },
    alerts: { state: true },
    unavailable: { state: true },
    error: { state: true },
    filter: { state: true },
    notified: { state: true },
    acks: { state: true },
    history: { state: true },
    acking: { state: true },
    ackError: { state: true },
  };

  constructor() {
    super();
    this.alerts = null;
    this.unavailable = false;
    this.error = '';
    this.notified = [];
    this.acks = [];
    this.history = null;
    this.acking = null;
    this.ackError = '';
    this.pollMs = 15000;
  }

  connectedCallback() {
    this.filter = (this.route?.params || new URLSearchParams(location.search)).get('q') || '';
    super.connectedCallback();
  }

  async load() {
    // The notifier's view (fingerprints), acknowledgements and history are extras: the page
    // still lists the alerts when they cannot be had.
    const [rules, notified, acks, history] = await Promise.allSettled([
      request('/api/v1/alerts'),
      alertmanager('GET', '/api/v2/alerts'),
      request('/api/vigil/v1/alerts/acks'),
      request('/api/vigil/v1/alerts/history', { limit: 200 }),
    ]);
    if (rules.status === 'fulfilled') {
      this.alerts = rules.value.alerts || [];
      this.unavailable = false;
      this.error = '';
    } else {
      const e = rules.reason;
      if (e instanceof ApiError && e.status === 404) this.unavailable = true;
      else this.error = e.message;
    }
    this.notified = notified.status === 'fulfilled' ? notified.value || [] : [];
    this.acks = acks.status === 'fulfilled' ? acks.value || [] : [];
    this.history = history.status === 'fulfilled' ? history.value || [] : this.history;
  }

  /** The notifier's fingerprint of a rule's alert: the alert whose labels include all of its. */
  fingerprint(a) {
    const labels = Object.entries(a.labels || {});
    const n = this.notified.find((x) => labels.every(([k, v]) => x.labels?.[k] === v));
    return n ? n.fingerprint : null;
  }

  async acknowledge(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const by = String(f.get('by') || '').trim();
    try {
      localStorage.setItem('vigil.ackBy', by);
    } catch (err) {
      // private mode: not remembered
    }
    try {
      await send('POST', `/api/vigil/v1/alerts/${encodeURIComponent(this.acking.fingerprint)}/ack`, {
        by, comment: String(f.get('comment') || ''), duration: String(f.get('duration')),
      });
      this.acking = null;
      this.ackError = '';
      await this.load();
    } catch (err) {
      this.ackError = err.message;
    }
  }

  async unacknowledge(fp) {
    try {
      await send('DELETE', `/api/vigil/v1/alerts/${encodeURIComponent(fp)}/ack`);
      await this.load();
    } catch (err) {
      this.error = err.message;
    }
  }

  renderAck(a) {
    const fp = this.fingerprint(a);
    if (!fp || a.state !== 'firing') return '';
    const ack = this.acks.find((k) => k.fingerprint === fp);
    if (ack) {
      return html`<span class="badge info acked" title=${`${ack.comment ? ack.comment + ' — ' : ''}until ${new Date(ack.expiresAt).toLocaleString()}`}>acked by ${ack.by}</span>
        <button class="btn unack-alert" title="Remove the acknowledgement: repeats resume" @click=${() => this.unacknowledge(fp)}>Unack</button>`;
    }
    return html`<button class="btn ack-alert" title="Acknowledge: no repeated notifications until it resolves or the acknowledgement expires"
      @click=${() => { this.acking = { fingerprint: fp, alert: a }; this.ackError = ''; }}>Ack</button>`;
  }

  renderAckForm() {
    if (!this.acking) return '';
    let by = '';
    try {
      by = localStorage.getItem('vigil.ackBy') || '';
    } catch (e) {
      // private mode
    }
    const name = this.acking.alert.labels?.alertname || '';
    return html`<section class="panel section" id="ack-form">
      <h2>Acknowledge ${name}</h2>
      <form @submit=${(e) => this.acknowledge(e)} class="toolbar" style="flex-wrap:wrap">
        <label>By <input class="text" name="by" required .value=${by} placeholder="your name"></label>
        <label style="flex:1;min-width:200px">Comment <input class="text" name="comment" style="width:100%" placeholder="looking into it"></label>
        <label>For <select class="select" name="duration">
          <option value="1h">1 hour</option><option value="4h" selected>4 hours</option>
          <option value="24h">24 hours</option><option value="168h">7 days</option></select></label>
        <button class="btn primary" type="submit">Acknowledge</button>
        <button class="btn" type="button" @click=${() => { this.acking = null; }}>Cancel</button>
      </form>
      ${this.ackError ? html`<div class="error-box" role="alert">${this.ackError}</div>` : ''}
    </section>`;
  }

  renderHistory() {
    if (this.history === null) return '';
    const rows = [...this.history].filter((e) => this.matches(e)).sort((x, y) => String(y.at).localeCompare(String(x.at))).slice(0, 50);
    return html`<section class="panel section" id="alert-history">
      <h2>History, last 24 hours</h2>
      ${!rows.length ? html`<div class="empty"><strong>No state changes</strong></div>` : html`<div class="table-wrap"><table class="data">
        <thead><tr><th>When</th><th>Alert</th><th>Event</th><th class="hide-phone">Labels</th><th class="hide-phone">Detail</th></tr></thead>
        <tbody>${rows.map((e) => {
          const { alertname, ...labels } = e.labels || {};
          return html`<tr class="history-event">
            <td title=${e.at}>${ago(e.at)}</td>
            <td><strong>${alertname}</strong></td>
            <td><span class="badge ${EVENT_CLASS[e.event] || 'info'}">${e.event}</span></td>
            <td class="hide-phone">${Object.entries(labels).map(([k, v]) => html`<span class="chip">${k}="${v}"</span>`)}</td>
            <td class="hide-phone">${e.detail || ''}</td></tr>`;
        })}</tbody></table></div>`}
    </section>`;
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
            <td class="actions"><a class="btn silence-alert" title="Silence this alert (its labels prefilled)"
              href="/silences/new?${Object.entries(a.labels || {}).map(([k, v]) => `matcher=${encodeURIComponent(matcherText({ name: k, value: v }))}`).join('&')}">Silence</a>
              ${this.renderAck(a)}</td>
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
      body = html`${this.renderAckForm()}${body}${this.renderHistory()}`;
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
