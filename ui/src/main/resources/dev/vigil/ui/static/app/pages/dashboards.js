// Dashboards: the list (/dashboards: new, import a Vigil or Grafana JSON, duplicate, delete) and a
// dashboard (/dashboards/<id>?range=6h&var-instance=…): panels on a 24-column grid, template
// variables from label_values(), a shared time range and auto-refresh, and a JSON editor.
import { html } from 'lit';
import { VigilElement } from '../element.js';
import { navigate, setParams } from '../router.js';
import { request, send, query, queryRange } from '../api.js';
import { formatValue, parseDuration, seriesName } from '../format.js';
import { autoStep, resolveRange } from '../components/time-picker.js';
import { matrixToSeries } from '../components/vigil-chart.js';
import '../components/time-picker.js';

const API = '/api/vigil/v1/dashboards';
const REFRESH = ['', '10s', '30s', '1m', '5m'];
const BLANK = {
  title: 'New dashboard',
  time: '1h',
  variables: [],
  panels: [
    { title: 'Requests per second', type: 'timeseries', grid: { x: 0, y: 0, w: 12, h: 8 },
      targets: [{ expr: 'sum by (route) (rate(vigil_http_requests_total[5m]))', legend: '{{route}}' }] },
  ],
};

/** Grafana's unit names to the ones format.js knows, with a factor for ratios. */
function unitOf(unit) {
  switch (unit || '') {
    case 'percentunit': return { unit: 'percent', factor: 100 };
    case 'percent': return { unit: 'percent', factor: 1 };
    case 'bytes': case 'decbytes': return { unit: 'bytes', factor: 1 };
    case 'Bps': case 'binBps': return { unit: 'bytes/s', factor: 1 };
    case 's': return { unit: 'seconds', factor: 1 };
    case 'ms': return { unit: 'seconds', factor: 0.001 };
    case 'reqps': case 'ops': return { unit: '/s', factor: 1 };
    default: return { unit: '', factor: 1 };
  }
}

function substitute(expr, values) {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a, b) => (values[a || b] ?? m));
}

class VigilDashboards extends VigilElement {
  static properties = {
    route: { attribute: false },
    list: { state: true },
    error: { state: true },
    importing: { state: true },
  };

  constructor() {
    super();
    this.list = null;
    this.error = '';
    this.importing = false;
  }

  willUpdate(changed) {
    if (changed.has('route') && !this.route.rest) this.load();
  }

  async load() {
    try {
      this.list = await request(API);
      this.error = '';
    } catch (e) {
      this.error = e.message;
    }
  }

  async create(doc) {
    try {
      const d = await send('POST', API, doc);
      navigate(`/dashboards/${encodeURIComponent(d.id)}`);
    } catch (e) {
      this.error = e.message;
    }
  }

  async importText() {
    const text = this.querySelector('#import-json').value;
    let doc;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      this.error = `The text is not JSON: ${e.message}`;
      return;
    }
    await this.create(doc);
  }

  async act(method, path) {
    try {
      await send(method, path);
      await this.load();
    } catch (e) {
      this.error = e.message;
    }
  }

  renderList() {
    return html`
      <h1>Dashboards</h1>
      <div class="toolbar">
        <button class="btn primary" id="new-dashboard" @click=${() => this.create(BLANK)}>New dashboard</button>
        <button class="btn" id="import-toggle" @click=${() => (this.importing = !this.importing)}>Import JSON</button>
      </div>
      ${this.importing
        ? html`<div class="panel section">
            <p class="muted">Paste a Vigil dashboard or a Grafana dashboard JSON (time series, stat, gauge and table panels
              with Prometheus targets, label_values variables).</p>
            <textarea id="import-json" rows="10" style="width:100%;font-family:var(--mono)"></textarea>
            <div class="toolbar"><button class="btn primary" id="import-run" @click=${() => this.importText()}>Import</button></div>
          </div>`
        : ''}
      ${this.error ? html`<div class="error-box" role="alert" id="dashboards-error">${this.error}</div>` : ''}
      ${this.list === null && !this.error ? html`<div class="panel skeleton" style="height:120px"></div>` : ''}
      ${this.list && !this.list.length
        ? html`<div class="empty" id="dashboards-empty"><strong>No dashboards yet</strong>Create one, or import a Grafana dashboard JSON.</div>`
        : ''}
      ${this.list && this.list.length
        ? html`<div class="panel"><table class="data" id="dashboard-list">
            <thead><tr><th>Title</th><th class="hide-phone">Updated</th><th></th></tr></thead>
            <tbody>${this.list.map((d) => html`<tr>
              <td><a href="/dashboards/${encodeURIComponent(d.id)}">${d.title}</a></td>
              <td class="hide-phone muted">${d.updated}</td>
              <td style="text-align:right;white-space:nowrap">
                <button class="btn" @click=${() => this.act('POST', `${API}/${encodeURIComponent(d.id)}/duplicate`)}>Duplicate</button>
                <button class="btn" @click=${() => confirm(`Delete "${d.title}"?`) && this.act('DELETE', `${API}/${encodeURIComponent(d.id)}`)}>Delete</button>
              </td></tr>`)}</tbody>
          </table></div>`
        : ''}
    `;
  }

  render() {
    if (this.route.rest) return html`<vigil-dashboard .dashboardId=${this.route.rest} .route=${this.route}></vigil-dashboard>`;
    return this.renderList();
  }
}

class VigilDashboard extends VigilElement {
  static properties = {
    dashboardId: { attribute: false },
    route: { attribute: false },
    doc: { state: true },
    error: { state: true },
    values: { state: true },
    options: { state: true },
    results: { state: true },
    editing: { state: true },
    range: { state: true },
    from: { state: true },
    to: { state: true },
    refresh: { state: true },
  };

  constructor() {
    super();
    this.doc = null;
    this.error = '';
    this.values = {};
    this.options = {};
    this.results = [];
    this.editing = false;
    this.onRefresh = () => this.fetchPanels();
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('vigil-refresh', this.onRefresh);
    this.load();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('vigil-refresh', this.onRefresh);
    clearInterval(this.timer);
  }

  async load() {
    try {
      const d = await request(`${API}/${encodeURIComponent(this.dashboardId)}`);
      this.doc = d.dashboard;
      const p = new URLSearchParams(location.search);
      const from = Number(p.get('from')), to = Number(p.get('to'));
      const absolute = from > 0 && to > from;
      this.range = absolute ? null : p.get('range') || this.doc.time || '1h';
      this.from = absolute ? from : NaN;
      this.to = absolute ? to : NaN;
      this.refresh = p.get('refresh') ?? (this.doc.refresh || '');
      await this.loadVariables(p);
      this.schedule();
      await this.fetchPanels();
    } catch (e) {
      this.error = e.message;
    }
  }

  async loadVariables(params) {
    const values = {}, options = {};
    for (const v of this.doc.variables || []) {
      const m = /^label_values\((?:(.+),\s*)?([a-zA-Z_]\w*)\)\s*$/.exec(v.query);
      let list = [];
      try {
        list = m ? await request(`/api/v1/label/${m[2]}/values`, m[1] ? { 'match[]': substitute(m[1], values) } : {}) : [];
      } catch (e) {
        list = [];
      }
      options[v.name] = list;
      const wanted = params.get(`var-${v.name}`);
      values[v.name] = list.includes(wanted) ? wanted : list[0] ?? '';
    }
    this.options = options;
    this.values = values;
  }

  schedule() {
    clearInterval(this.timer);
    const s = parseDuration(this.refresh);
    if (this.range && s > 0) this.timer = setInterval(() => !document.hidden && this.fetchPanels(), s * 1000);
  }

  async fetchPanels() {
    if (!this.doc) return;
    const { start, end } = resolveRange(this);
    const step = autoStep(start, end, 300);
    this.results = await Promise.all(
      (this.doc.panels || []).map(async (p) => {
        try {
          const targets = p.targets || [];
          if (p.type === 'timeseries') {
            const parts = await Promise.all(targets.map((t) => queryRange(substitute(t.expr, this.values), start, end, step)
              .then((d) => matrixToSeries(d.result, step, t.legend))));
            const { factor } = unitOf(p.unit);
            const series = parts.flat();
            if (factor !== 1) series.forEach((s) => s.data.forEach((pt) => pt[1] !== null && (pt[1] *= factor)));
            return { series };
          }
          const parts = await Promise.all(targets.map((t) => query(substitute(t.expr, this.values), end).then((d) => ({ d, t }))));
          const rows = parts.flatMap(({ d, t }) => (d.resultType === 'scalar'
            ? [{ name: t.legend || 'value', value: Number(d.result[1]) }]
            : d.result.map((r) => ({ name: t.legend ? t.legend.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k) => r.metric[k] ?? '') : seriesName(r.metric), value: Number(r.value[1]) }))));
          return { rows };
        } catch (e) {
          return { error: e.message };
        }
      }),
    );
  }

  change(values) {
    Object.assign(this, values);
    setParams({
      range: this.range, from: this.range ? null : this.from, to: this.range ? null : this.to,
      refresh: this.refresh,
      ...Object.fromEntries(Object.entries(this.values).map(([k, v]) => [`var-${k}`, v])),
    });
    this.schedule();
    this.fetchPanels();
  }

  async save() {
    let doc;
    try {
      doc = JSON.parse(this.querySelector('#dashboard-json').value);
      await send('PUT', `${API}/${encodeURIComponent(this.dashboardId)}`, doc);
      this.editing = false;
      this.error = '';
      await this.load();
    } catch (e) {
      this.error = e.message;
    }
  }

  renderPanel(p, i) {
    const r = this.results[i] || {};
    const g = p.grid || { x: (i % 2) * 12, w: 12, h: 8 };
    const { unit, factor } = unitOf(p.unit);
    const style = `grid-column: ${(g.x ?? 0) + 1} / span ${Math.max(1, Math.min(24, g.w || 12))}; min-height: ${Math.max(2, g.h || 8) * 30}px`;
    let body;
    if (r.error) body = html`<div class="error-box">${r.error}</div>`;
    else if (p.type === 'timeseries') {
      body = html`<vigil-chart style="height:${Math.max(2, g.h || 8) * 30 - 48}px" .series=${r.series || []} ?loading=${!r.series}
        unit=${unit} ?stacked=${!!p.stacked}></vigil-chart>`;
    } else if (!r.rows) body = html`<div class="skeleton" style="height:60px"></div>`;
    else if (!r.rows.length) body = html`<div class="empty">No data</div>`;
    else if (p.type === 'table') {
      body = html`<div class="table-wrap"><table class="data"><tbody>${r.rows.map((x) => html`<tr><td><code>${x.name}</code></td>
        <td class="num">${formatValue(x.value * factor, unit)}</td></tr>`)}</tbody></table></div>`;
    } else {
      const v = r.rows[0].value * factor;
      const pct = unit === 'percent' ? Math.max(0, Math.min(100, v)) : null;
      body = html`<div class="tile" style="border:0;min-height:0;padding:0">
        <span class="value">${formatValue(v, unit)}</span>
        ${p.type === 'gauge' && pct !== null
          ? html`<div style="height:10px;background:var(--panel-2);border-radius:5px;margin-top:8px">
              <div style="height:100%;width:${pct}%;border-radius:5px;background:${pct >= 90 ? 'var(--bad)' : pct >= 75 ? 'var(--warn)' : 'var(--ok)'}"></div></div>`
          : ''}
        ${r.rows.length > 1 ? html`<span class="sub">${r.rows[0].name} (and ${r.rows.length - 1} more)</span>` : ''}
      </div>`;
    }
    return html`<section class="panel dash-panel" data-type=${p.type} style=${style}><h2>${p.title || ''}</h2>${body}</section>`;
  }

  render() {
    if (this.error && !this.doc) return html`<div class="error-box" role="alert">${this.error}</div><p><a href="/dashboards">All dashboards</a></p>`;
    if (!this.doc) return html`<div class="panel skeleton" style="height:200px"></div>`;
    const panels = this.doc.panels || [];
    return html`
      <div class="toolbar">
        <h1 style="margin:0" id="dashboard-title">${this.doc.title}</h1>
        <span class="spacer"></span>
        ${(this.doc.variables || []).map((v) => html`<label>${v.name}
          <select class="select" @change=${(e) => this.change({ values: { ...this.values, [v.name]: e.target.value } })}>
            ${(this.options[v.name] || []).map((o) => html`<option ?selected=${o === this.values[v.name]}>${o}</option>`)}
          </select></label>`)}
        <time-picker .range=${this.range} .from=${this.from} .to=${this.to}
          @range-changed=${(e) => this.change({ range: e.detail.range, from: e.detail.from ?? NaN, to: e.detail.to ?? NaN })}></time-picker>
        <select class="select" title="Auto-refresh" @change=${(e) => this.change({ refresh: e.target.value })}>
          ${REFRESH.map((r) => html`<option value=${r} ?selected=${r === this.refresh}>${r ? `every ${r}` : 'no refresh'}</option>`)}
        </select>
        <button class="btn" id="edit-dashboard" @click=${() => (this.editing = !this.editing)}>${this.editing ? 'Cancel' : 'Edit JSON'}</button>
      </div>
      ${this.error ? html`<div class="error-box" role="alert">${this.error}</div>` : ''}
      ${this.editing
        ? html`<div class="panel section"><textarea id="dashboard-json" rows="18" style="width:100%;font-family:var(--mono)"
            .value=${JSON.stringify(this.doc, null, 2)}></textarea>
            <div class="toolbar"><button class="btn primary" @click=${() => this.save()}>Save</button></div></div>`
        : ''}
      ${panels.length
        ? html`<div class="dash-grid">${panels.map((p, i) => this.renderPanel(p, i))}</div>`
        : html`<div class="empty"><strong>No panels</strong>Edit the JSON to add some.</div>`}
    `;
  }
}

customElements.define('vigil-dashboards', VigilDashboards);
customElements.define('vigil-dashboard', VigilDashboard);
