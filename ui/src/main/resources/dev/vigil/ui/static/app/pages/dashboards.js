// Dashboards: the list (/dashboards: new, import a Vigil or Grafana JSON, duplicate, delete) and a
// dashboard (/dashboards/<id>?range=6h&var-instance=…): panels placed on Grafana's 24-column grid,
// template variables from label_values(), a shared time range, and a live refresh that asks only for
// the points newer than those drawn. Panels are added, edited and removed with a form (title, type,
// query, legend, unit, size) or the whole dashboard edited as JSON. Shipped dashboards are read-only
// until duplicated.
import { html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { VigilElement } from '../element.js';
import { navigate, setParams } from '../router.js';
import { request, send, query, queryRange } from '../api.js';
import { formatValue, parseDuration } from '../format.js';
import { autoStep, resolveRange } from '../components/time-picker.js';
import { MAX_SERIES, legendName } from '../components/vigil-chart.js';
import { loadECharts } from '../components/echart.js';
import { alignedWindow, bucketsToHeatmap, mergeSeries, substitute, thresholdColor, toChartSeries, unitOf } from '../dashboard-data.js';

/** The option of a variable with includeAll that stands for all its values. */
const ALL = 'All';

/** The variables' values as queries use them: "All" becomes the variable's allValue (`.*`). */
function expand(variables, values) {
  const out = { ...values };
  for (const v of variables || []) {
    if (v.includeAll && out[v.name] === ALL) out[v.name] = v.allValue || '.*';
  }
  return out;
}
import '../components/time-picker.js';
import '../components/vigil-heatmap.js';
import '../components/vigil-gauge.js';


const API = '/api/vigil/v1/dashboards';
const PANEL_TYPES = ['timeseries', 'stat', 'gauge', 'bar', 'table', 'heatmap'];
const UNITS = [['', 'none'], ['percent', 'percent (0–100)'], ['percentunit', 'percent (0–1)'], ['bytes', 'bytes'],
  ['Bps', 'bytes/s'], ['bps', 'bits/s'], ['s', 'seconds'], ['ms', 'milliseconds'], ['reqps', 'per second']];
const WIDTHS = [[6, 'quarter'], [8, 'third'], [12, 'half'], [16, 'two thirds'], [24, 'full']];
const HEIGHTS = [[4, 'small'], [8, 'medium'], [12, 'large']];
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
            <p class="muted">Paste a Vigil dashboard or a Grafana dashboard JSON (time series, stat, gauge, bar gauge, table
              and heatmap panels with Prometheus targets, units and thresholds, label_values variables).</p>
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
            <tbody>${this.list.map((d) => html`<tr data-shipped=${d.shipped ? 'true' : 'false'}>
              <td><a href="/dashboards/${encodeURIComponent(d.id)}">${d.title}</a>
                ${d.shipped ? html` <span class="badge info" title="Shipped with Vigil, read-only: duplicate it to edit">shipped</span>` : ''}</td>
              <td class="hide-phone muted">${d.shipped ? 'with this version' : d.updated}</td>
              <td style="text-align:right;white-space:nowrap">
                <a class="btn hide-phone" href="${API}/${encodeURIComponent(d.id)}/export" download title="Download as a Grafana dashboard JSON">Export</a>
                <button class="btn" @click=${() => this.act('POST', `${API}/${encodeURIComponent(d.id)}/duplicate`)}>Duplicate</button>
                ${d.shipped ? '' : html`<button class="btn" @click=${() => confirm(`Delete "${d.title}"?`) && this.act('DELETE', `${API}/${encodeURIComponent(d.id)}`)}>Delete</button>`}
              </td></tr>`)}</tbody>
          </table></div>`
        : ''}
    `;
  }

  render() {
    // A new element per dashboard: going from one to another (a duplicate) starts afresh.
    if (this.route.rest) return keyed(this.route.rest, html`<vigil-dashboard .dashboardId=${this.route.rest} .route=${this.route}></vigil-dashboard>`);
    return this.renderList();
  }
}

/** Panel types drawn from range queries; the others show the value at the end of the range. */
const RANGE_TYPES = new Set(['timeseries', 'heatmap']);

/**
 * Where each panel sits: its grid ({x, y, w, h} on 24 columns, rows of 30 px), or for panels
 * without one, two per row below the others.
 */
export function layout(panels) {
  let bottom = 0;
  for (const p of panels) if (p.grid) bottom = Math.max(bottom, (p.grid.y ?? 0) + (p.grid.h || 8));
  let free = 0;
  return panels.map((p) => {
    if (p.grid) {
      const w = Math.max(1, Math.min(24, p.grid.w || 12));
      return { x: Math.min(24 - w, p.grid.x ?? 0), y: p.grid.y ?? 0, w, h: Math.max(2, p.grid.h || 8) };
    }
    const g = { x: (free % 2) * 12, y: bottom + Math.floor(free / 2) * 8, w: 12, h: 8 };
    free++;
    return g;
  });
}

class VigilDashboard extends VigilElement {
  static properties = {
    dashboardId: { attribute: false },
    route: { attribute: false },
    doc: { state: true },
    meta: { state: true },
    error: { state: true },
    values: { state: true },
    options: { state: true },
    results: { state: true },
    editing: { state: true },
    panelEdit: { state: true },
    range: { state: true },
    from: { state: true },
    to: { state: true },
    refresh: { state: true },
  };

  constructor() {
    super();
    this.doc = null;
    this.meta = {};
    this.error = '';
    this.values = {};
    this.options = {};
    this.results = [];
    this.cache = [];
    this.displays = new WeakMap();
    this.editing = false;
    this.panelEdit = null; // {index: number | -1 for a new panel, error}
    this.generation = 0;
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
      const { dashboard, ...meta } = d;
      this.doc = dashboard;
      this.meta = meta;
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
        list = m ? await request(`/api/v1/label/${m[2]}/values`, m[1] ? { 'match[]': substitute(m[1], expand(this.doc.variables, values)) } : {}) : [];
      } catch (e) {
        list = [];
      }
      // "All" (Grafana's includeAll) stands for every value: its allValue, a regex, `.*` by default.
      if (v.includeAll) list = [ALL, ...list];
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
    if (this.range && s > 0) this.timer = setInterval(() => !document.hidden && this.fetchPanels({ live: true }), s * 1000);
  }

  /**
   * Runs the panels' queries. A live refresh of a relative range asks each range panel only for the
   * points from its last drawn one on (that one again, as its samples may have arrived late) and
   * nothing at all while the step-aligned end has not moved; anything else fetches the whole range.
   */
  async fetchPanels({ live = false } = {}) {
    if (!this.doc) return;
    const generation = ++this.generation;
    const resolved = resolveRange(this);
    const step = autoStep(resolved.start, resolved.end, 300);
    const win = alignedWindow(resolved.start, resolved.end, step);
    const panels = this.doc.panels || [];
    if (!live) this.results = panels.map((_, i) => ({ ...this.results[i], loading: true }));
    const jobs = panels.map(async (p, i) => {
      let result;
      try {
        result = RANGE_TYPES.has(p.type)
          ? await this.rangePanel(p, i, win, step, live)
          : await this.instantPanel(p, resolved.end);
      } catch (e) {
        result = { error: e.message };
        this.cache[i] = null;
      }
      if (generation !== this.generation || !result) return;
      // The time axis spans the whole range asked for, however few points came back.
      if (RANGE_TYPES.has(p.type) && !result.error) result = { ...result, xMin: win.start * 1000, xMax: win.end * 1000 };
      await this.applyInNextFrame(i, result, generation);
    });
    // Most dashboards chart: load ECharts while the server works on the queries. Not earlier: its
    // evaluation holds the main thread for tens of milliseconds, which the queries would wait for.
    loadECharts();
    await Promise.all(jobs);
    if (generation !== this.generation) return;
    const first = !performance.getEntriesByName('vigil-dashboard-complete').length;
    if (first) performance.mark('vigil-dashboard-data');
    await this.updateComplete;
    await Promise.all([...this.querySelectorAll('vigil-chart, vigil-heatmap, vigil-gauge')].map((c) => c.drawn()));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    if (first) performance.mark('vigil-dashboard-complete');
    this.dispatchEvent(new CustomEvent('dashboard-rendered', { detail: { live } }));
  }

  /**
   * Hands a panel's answer to the page in the next animation frame, together with every other answer
   * that arrived meanwhile: one page render and one paint per frame instead of one per answer, so
   * painting a chart does not hold up taking in the answers behind it.
   */
  applyInNextFrame(i, result, generation) {
    if (!this.pending) {
      this.pending = new Map();
      this.pendingFrame = new Promise((resolve) => requestAnimationFrame(() => {
        const next = [...this.results];
        for (const [j, r] of this.pending) if (r.generation === this.generation) next[j] = r.result;
        this.pending = null;
        this.results = next;
        resolve();
      }));
    }
    this.pending.set(i, { result, generation });
    return this.pendingFrame;
  }

  async rangePanel(p, i, win, step, live) {
    const exprs = (p.targets || []).map((t) => substitute(t.expr, expand(this.doc.variables, this.values)));
    const key = JSON.stringify([exprs, step, this.range || [this.from, this.to]]);
    const cached = this.cache[i];
    let from = win.start;
    if (live && cached && cached.key === key && win.end >= cached.end) {
      if (win.end === cached.end) return null; // nothing new on the step grid yet
      from = cached.end;
    }
    const answers = await Promise.all(exprs.map((e) => queryRange(e, from, win.end, step)));
    const base = from === win.start ? [] : cached.parts;
    const parts = answers.map((a, j) => mergeSeries(base[j], a.result, from, win.start));
    this.cache[i] = { key, end: win.end, parts };
    if (p.type === 'heatmap') return { heatmap: bucketsToHeatmap(parts.flat()) };
    const { factor } = unitOf(p.unit);
    return { series: parts.flatMap((stored, j) => toChartSeries(stored, step, p.targets[j].legend, factor)) };
  }

  async instantPanel(p, time) {
    const targets = p.targets || [];
    const answers = await Promise.all(targets.map((t) => query(substitute(t.expr, expand(this.doc.variables, this.values)), time)));
    const { factor } = unitOf(p.unit);
    const rows = answers.flatMap((d, j) => (d.resultType === 'scalar'
      ? [{ name: targets[j].legend || 'value', metric: {}, value: Number(d.result[1]) * factor }]
      : d.result.map((r) => ({ name: legendName(r.metric, targets[j].legend), metric: r.metric, value: Number(r.value[1]) * factor }))));
    return { rows };
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
    try {
      await this.store(JSON.parse(this.querySelector('#dashboard-json').value));
      this.editing = false;
    } catch (e) {
      this.error = e.message;
    }
  }

  /** Stores {@code doc} as this dashboard and shows it. */
  async store(doc) {
    await send('PUT', `${API}/${encodeURIComponent(this.dashboardId)}`, doc);
    this.error = '';
    this.cache = [];
    await this.load();
  }

  /** The panel form's values into a copy of the document: panel `index`, or a new one (-1). */
  async savePanel(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const index = this.panelEdit.index;
    const doc = structuredClone(this.doc);
    const old = index >= 0 ? doc.panels[index] : null;
    const w = Number(f.get('w')), h = Number(f.get('h'));
    let grid;
    if (old) {
      const g = layout(this.doc.panels)[index];
      grid = { x: Math.min(g.x, 24 - w), y: g.y, w, h };
    } else {
      const bottom = layout(this.doc.panels).reduce((m, g) => Math.max(m, g.y + g.h), 0);
      grid = { x: 0, y: bottom, w, h };
    }
    const target = { ...(old?.targets?.[0] || {}), expr: String(f.get('expr')).trim() };
    const legend = String(f.get('legend') || '').trim();
    if (legend) target.legend = legend;
    else delete target.legend;
    const panel = {
      ...(old || {}),
      title: String(f.get('title')).trim(),
      type: String(f.get('type')),
      grid,
      targets: [target, ...(old?.targets?.slice(1) || [])],
    };
    const unit = String(f.get('unit'));
    if (unit) panel.unit = unit;
    else delete panel.unit;
    delete panel.gridPos;
    doc.panels = doc.panels || [];
    if (old) doc.panels[index] = panel;
    else doc.panels.push(panel);
    try {
      await this.store(doc);
      this.panelEdit = null;
    } catch (err) {
      this.panelEdit = { ...this.panelEdit, error: err.message };
    }
  }

  async removePanel(index) {
    const p = this.doc.panels[index];
    if (!confirm(`Remove the panel "${p.title || p.type}"?`)) return;
    const doc = structuredClone(this.doc);
    doc.panels.splice(index, 1);
    try {
      await this.store(doc);
      this.panelEdit = null;
    } catch (err) {
      this.error = err.message;
    }
  }

  renderPanelEditor() {
    if (!this.panelEdit) return '';
    const index = this.panelEdit.index;
    const p = index >= 0 ? this.doc.panels[index] : { type: 'timeseries', targets: [{ expr: '' }] };
    const g = index >= 0 ? layout(this.doc.panels)[index] : { w: 12, h: 8 };
    const t = p.targets?.[0] || {};
    const more = (p.targets?.length || 0) - 1;
    const sel = (list, value) => list.map(([v, label]) => html`<option value=${v} ?selected=${String(v) === String(value)}>${label}</option>`);
    return html`<section class="panel section" id="panel-editor">
      <h2>${index >= 0 ? `Edit panel "${p.title || p.type}"` : 'Add a panel'}</h2>
      <form @submit=${(e) => this.savePanel(e)}>
        <div class="form-row" style="flex-wrap:wrap">
          <label style="flex:1;min-width:200px">Title <input class="text" name="title" style="width:100%" .value=${p.title || ''}></label>
          <label>Type <select class="select" name="type">${sel(PANEL_TYPES.map((x) => [x, x]), p.type)}</select></label>
          <label>Unit <select class="select" name="unit">${sel(UNITS, p.unit || '')}</select></label>
          <label>Width <select class="select" name="w">${sel(WIDTHS, WIDTHS.some(([v]) => v === g.w) ? g.w : 12)}</select></label>
          <label>Height <select class="select" name="h">${sel(HEIGHTS, HEIGHTS.some(([v]) => v === g.h) ? g.h : 8)}</select></label>
        </div>
        <label class="form-block">PromQL query <textarea class="text" name="expr" rows="3" required style="width:100%;font-family:var(--mono)"
          .value=${t.expr || ''} placeholder="sum by (instance) (rate(node_cpu_seconds_total{mode!=&quot;idle&quot;}[5m]))"></textarea></label>
        ${more > 0 ? html`<p class="muted">The panel's ${more} other ${more === 1 ? 'query is' : 'queries are'} kept; edit ${more === 1 ? 'it' : 'them'} in the JSON.</p>` : ''}
        <label class="form-block">Legend <input class="text" name="legend" style="width:100%" .value=${t.legend || ''}
          placeholder="{{instance}} (label values in double braces; empty: the series' labels)"></label>
        ${this.panelEdit.error ? html`<div class="error-box" role="alert" id="panel-error">${this.panelEdit.error}</div>` : ''}
        <div class="toolbar" style="margin:12px 0 0">
          <button class="btn primary" type="submit" id="save-panel">${index >= 0 ? 'Save panel' : 'Add panel'}</button>
          <button class="btn" type="button" @click=${() => { this.panelEdit = null; }}>Cancel</button>
        </div>
      </form>
    </section>`;
  }

  async duplicate() {
    try {
      const d = await send('POST', `${API}/${encodeURIComponent(this.dashboardId)}/duplicate`);
      navigate(`/dashboards/${encodeURIComponent(d.id)}`);
    } catch (e) {
      this.error = e.message;
    }
  }

  /**
   * What a panel draws with besides its data, computed once per document so that re-rendering the
   * page hands the charts the same objects and they do not repaint: the unit, and min, max and
   * thresholds scaled like the values (Grafana stores them in the query's unit).
   */
  display(p) {
    let d = this.displays.get(p);
    if (!d) {
      const { unit, factor } = unitOf(p.unit);
      d = {
        unit,
        factor,
        min: Number.isFinite(p.min) ? p.min * factor : undefined,
        max: Number.isFinite(p.max) ? p.max * factor : undefined,
        thresholds: Array.isArray(p.thresholds)
          ? p.thresholds.map((t) => ({ value: Number.isFinite(t.value) ? t.value * factor : null, color: t.color }))
          : null,
      };
      this.displays.set(p, d);
    }
    return d;
  }

  renderBody(p, r) {
    const { unit, min, max, thresholds } = this.display(p);
    if (r.error) return html`<div class="error-box panel-error" role="alert">${r.error}</div>`;
    if (p.type === 'timeseries') {
      return html`<vigil-chart .series=${r.series || []} ?loading=${!r.series} unit=${unit} ?stacked=${!!p.stacked} .xMin=${r.xMin} .xMax=${r.xMax}
        .thresholds=${thresholds} .min=${min} .max=${max}></vigil-chart>`;
    }
    if (p.type === 'heatmap') return html`<vigil-heatmap .heatmap=${r.heatmap || null} ?loading=${!r.heatmap} unit=${unit}></vigil-heatmap>`;
    if (!r.rows) return html`<div class="skeleton" style="height:60%;margin:8px"></div>`;
    if (!r.rows.length) return html`<div class="empty panel-empty">No data</div>`;
    const color = (v) => thresholdColor(thresholds, v);
    switch (p.type) {
      case 'table': return this.renderTable(r.rows, unit, color);
      case 'bar': {
        const top = Number.isFinite(max) ? max : Math.max(...r.rows.map((x) => x.value), 0);
        const rows = [...r.rows].sort((a, b) => b.value - a.value);
        return html`<div class="bars">${rows.map((x) => html`<div class="bar-row" title=${x.name}>
          <span class="bar-name">${x.name}</span>
          <span class="bar-track"><span class="bar-fill" style="width:${top > 0 ? Math.max(0, Math.min(100, (x.value / top) * 100)) : 0}%;background:${color(x.value) || 'var(--accent)'}"></span></span>
          <span class="bar-value">${formatValue(x.value, unit)}</span></div>`)}</div>`;
      }
      case 'gauge': {
        const v = r.rows[0].value;
        const top = Number.isFinite(max) ? max : unit === 'percent' ? 100 : Math.max(1, v * 1.5);
        return html`<vigil-gauge .value=${v} .min=${min ?? 0} .max=${top} unit=${unit} .thresholds=${thresholds}
          color=${color(v) || 'var(--accent)'}></vigil-gauge>${r.rows.length > 1 ? html`<span class="stat-more">${r.rows[0].name} (and ${r.rows.length - 1} more)</span>` : ''}`;
      }
      default: { // stat
        const shown = r.rows.slice(0, 12);
        return html`<div class="stats">${shown.map((x) => html`<div class="stat">
          <span class="value" style="color:${color(x.value) || 'inherit'}">${formatValue(x.value, unit)}</span>
          ${r.rows.length > 1 ? html`<span class="stat-name">${x.name}</span>` : ''}</div>`)}
          ${r.rows.length > shown.length ? html`<span class="stat-more">and ${r.rows.length - shown.length} more</span>` : ''}</div>`;
      }
    }
  }

  /** Instant values as a table: one column per label that varies, then the value. */
  renderTable(rows, unit, color) {
    const names = [...new Set(rows.flatMap((x) => Object.keys(x.metric)))].sort();
    const cols = names.filter((n) => n === '__name__' ? new Set(rows.map((x) => x.metric[n])).size > 1 : true);
    const sorted = [...rows].sort((a, b) => b.value - a.value);
    return html`<div class="table-wrap"><table class="data">
      <thead><tr>${cols.length ? cols.map((c) => html`<th>${c === '__name__' ? 'metric' : c}</th>`) : html`<th>series</th>`}<th class="num">value</th></tr></thead>
      <tbody>${sorted.map((x) => html`<tr>${cols.length ? cols.map((c) => html`<td>${x.metric[c] ?? ''}</td>`) : html`<td>${x.name}</td>`}
        <td class="num" style="color:${color(x.value) || 'inherit'}">${formatValue(x.value, unit)}</td></tr>`)}</tbody>
    </table></div>`;
  }

  /** A visible notice when a time-series panel draws only the first MAX_SERIES of its series. */
  renderCut(p, r) {
    const n = p.type === 'timeseries' && r.series ? r.series.length : 0;
    if (n <= MAX_SERIES) return '';
    return html`<span class="badge warning panel-cut" title=${`The query returned ${n} series; the panel draws the first ${MAX_SERIES}. Narrow the query (a label matcher, topk) to see the rest.`}>showing ${MAX_SERIES} of ${n} series</span>`;
  }

  renderPanel(p, i, g) {
    const r = this.results[i] || {};
    const style = `grid-column: ${g.x + 1} / span ${g.w}; grid-row: ${g.y + 1} / span ${g.h}; --h: ${g.h * 30 + (g.h - 1) * 8}px`;
    return html`<section class="panel dash-panel" data-type=${p.type} data-panel=${i} style=${style}>
      <h2 title=${p.title || ''}><span class="panel-title">${p.title || ''}</span>${r.loading ? html`<span class="panel-loading" aria-label="loading"></span>` : ''}${this.renderCut(p, r)}${this.meta.shipped ? '' : html`<span class="panel-tools">
        <button class="icon-btn panel-edit" title="Edit this panel" aria-label="Edit this panel" @click=${() => { this.panelEdit = { index: i }; this.editing = false; }}>✎</button>
        <button class="icon-btn panel-remove" title="Remove this panel" aria-label="Remove this panel" @click=${() => this.removePanel(i)}>✕</button></span>`}</h2>
      <div class="body">${this.renderBody(p, r)}</div></section>`;
  }

  renderToolbar() {
    const id = encodeURIComponent(this.dashboardId);
    return html`<div class="toolbar">
      <h1 style="margin:0" id="dashboard-title">${this.doc.title}</h1>
      ${this.meta.shipped ? html`<span class="badge info" title="Shipped with Vigil: duplicate it to make changes">shipped</span>` : ''}
      <span class="spacer"></span>
      ${(this.doc.variables || []).map((v) => html`<label>${v.name}
        <select class="select" data-variable=${v.name} @change=${(e) => this.change({ values: { ...this.values, [v.name]: e.target.value } })}>
          ${(this.options[v.name] || []).map((o) => html`<option ?selected=${o === this.values[v.name]}>${o}</option>`)}
        </select></label>`)}
      <time-picker .range=${this.range} .from=${this.from} .to=${this.to}
        @range-changed=${(e) => this.change({ range: e.detail.range, from: e.detail.from ?? NaN, to: e.detail.to ?? NaN })}></time-picker>
      <select class="select" id="dashboard-refresh" title="Auto-refresh: only the new points are fetched" @change=${(e) => this.change({ refresh: e.target.value })}>
        ${REFRESH.map((r) => html`<option value=${r} ?selected=${r === this.refresh}>${r ? `every ${r}` : 'no refresh'}</option>`)}
      </select>
      <a class="btn" id="export-dashboard" href="${API}/${id}/export" download="${this.doc.title}.json"
        title="Download as a Grafana dashboard JSON">Export</a>
      ${this.meta.shipped
        ? html`<button class="btn primary" id="duplicate-dashboard" @click=${() => this.duplicate()}>Duplicate to edit</button>`
        : html`<button class="btn" id="add-panel" @click=${() => { this.panelEdit = { index: -1 }; this.editing = false; }}>Add panel</button>
          <button class="btn" id="edit-dashboard" @click=${() => { this.editing = !this.editing; this.panelEdit = null; }}>${this.editing ? 'Cancel' : 'Edit JSON'}</button>`}
    </div>`;
  }

  render() {
    if (this.error && !this.doc) return html`<div class="error-box" role="alert">${this.error}</div><p><a href="/dashboards">All dashboards</a></p>`;
    if (!this.doc) return html`<div class="panel skeleton" style="height:200px"></div>`;
    const panels = this.doc.panels || [];
    const grid = layout(panels);
    // Document order follows the grid (top to bottom, left to right): that is the order on a phone.
    const order = panels.map((p, i) => i).sort((a, b) => grid[a].y - grid[b].y || grid[a].x - grid[b].x);
    return html`
      ${this.renderToolbar()}
      ${this.error ? html`<div class="error-box" role="alert">${this.error}</div>` : ''}
      ${this.renderPanelEditor()}
      ${this.editing
        ? html`<div class="panel section"><textarea id="dashboard-json" rows="18" style="width:100%;font-family:var(--mono)"
            .value=${JSON.stringify(this.doc, null, 2)}></textarea>
            <div class="toolbar"><button class="btn primary" @click=${() => this.save()}>Save</button></div></div>`
        : ''}
      ${panels.length
        ? html`<div class="dash-grid">${order.map((i) => this.renderPanel(panels[i], i, grid[i]))}</div>`
        : html`<div class="empty"><strong>No panels</strong>Add one with Add panel, or edit the JSON.</div>`}
    `;
  }
}

customElements.define('vigil-dashboards', VigilDashboards);
customElements.define('vigil-dashboard', VigilDashboard);
