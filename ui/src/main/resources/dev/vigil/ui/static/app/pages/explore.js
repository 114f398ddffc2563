// Explore: one PromQL query as a graph or a table, over a relative or absolute time range, with
// auto-refresh. Everything the view shows is in the URL:
//   /explore?expr=…&tab=graph|table&range=1h | from=…&to=… (epoch ms)&step=30s&stacked=1&refresh=10s
import { html } from 'lit';
import { VigilElement } from '../element.js';
import { setParams } from '../router.js';
import { query, queryRange, parseErrorPosition } from '../api.js';
import { durationText, formatValue, parseDuration, seriesName } from '../format.js';
import { autoStep, resolveRange } from '../components/time-picker.js';
import { MAX_SERIES, matrixToSeries } from '../components/vigil-chart.js';
import '../components/promql-editor.js';
import '../components/time-picker.js';

const REFRESH = ['', '5s', '10s', '30s', '1m', '5m'];

class VigilExplore extends VigilElement {
  static properties = {
    route: { attribute: false },
    expr: { state: true },
    tab: { state: true },
    range: { state: true },
    from: { state: true },
    to: { state: true },
    step: { state: true },
    stacked: { state: true },
    refresh: { state: true },
    series: { state: true },
    rows: { state: true },
    loading: { state: true },
    error: { state: true },
    info: { state: true },
  };

  constructor() {
    super();
    this.series = [];
    this.rows = null;
    this.loading = false;
    this.error = '';
    this.info = '';
    this.lastUrl = null; // never equal to location.search: the first render reads the URL
    this.onRefresh = () => this.run();
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('vigil-refresh', this.onRefresh);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('vigil-refresh', this.onRefresh);
    clearInterval(this.timer);
    this.abort?.abort();
  }

  willUpdate(changed) {
    if (changed.has('route')) {
      const url = location.search;
      if (url !== this.lastUrl) {
        this.lastUrl = url;
        this.readParams(this.route.params);
        this.run();
      }
    }
  }

  firstUpdated() {
    if (window.vigilFocusQuery || !this.expr) {
      window.vigilFocusQuery = false;
      this.updateComplete.then(() => this.querySelector('promql-editor')?.focus());
    }
  }

  readParams(p) {
    this.expr = p.get('expr') || '';
    this.tab = p.get('tab') === 'table' ? 'table' : 'graph';
    const from = Number(p.get('from'));
    const to = Number(p.get('to'));
    const absolute = Number.isFinite(from) && Number.isFinite(to) && from > 0 && to > from && !p.get('range');
    this.range = absolute ? null : p.get('range') || '1h';
    this.from = absolute ? from : NaN;
    this.to = absolute ? to : NaN;
    this.step = p.get('step') || '';
    this.stacked = p.get('stacked') === '1';
    this.refresh = REFRESH.includes(p.get('refresh') || '') ? p.get('refresh') || '' : '';
    this.schedule();
  }

  writeParams(push = false) {
    setParams(
      {
        expr: this.expr,
        tab: this.tab === 'graph' ? null : this.tab,
        range: this.range,
        from: this.range ? null : this.from,
        to: this.range ? null : this.to,
        step: this.step,
        stacked: this.stacked ? '1' : null,
        refresh: this.refresh,
      },
      { push },
    );
    this.lastUrl = location.search;
  }

  schedule() {
    clearInterval(this.timer);
    const seconds = parseDuration(this.refresh);
    if (this.range && Number.isFinite(seconds) && seconds > 0) {
      this.timer = setInterval(() => !document.hidden && this.run(), seconds * 1000);
    }
  }

  async run() {
    const expr = (this.expr || '').trim();
    this.abort?.abort();
    if (!expr) {
      this.series = [];
      this.rows = null;
      this.error = '';
      this.info = '';
      return;
    }
    const abort = new AbortController();
    this.abort = abort;
    const { start, end } = resolveRange(this);
    const stepSeconds = Number.isFinite(parseDuration(this.step)) ? parseDuration(this.step) : autoStep(start, end, this.clientWidth > 700 ? 400 : 200);
    this.loading = true;
    const t0 = performance.now();
    try {
      if (this.tab === 'graph') {
        const data = await queryRange(expr, start, end, stepSeconds, { signal: abort.signal });
        if (data.resultType === 'matrix') {
          this.series = matrixToSeries(data.result, stepSeconds);
        } else {
          this.series = [];
        }
        this.rows = null;
        const ms = Math.round(performance.now() - t0);
        const cut = this.series.length > MAX_SERIES ? ` (showing the first ${MAX_SERIES})` : '';
        this.info = `${this.series.length} series${cut} · step ${durationText(stepSeconds)} · ${ms} ms`;
      } else {
        const data = await query(expr, end, { signal: abort.signal });
        this.rows = data;
        this.series = [];
        const n = Array.isArray(data.result) ? data.result.length : 1;
        this.info = `${n} result${n === 1 ? '' : 's'} · ${Math.round(performance.now() - t0)} ms`;
      }
      this.error = '';
      this.editor && (this.editor.error = null);
    } catch (e) {
      if (e.name === 'AbortError') return;
      this.series = [];
      this.rows = null;
      this.info = '';
      const pos = e.type === 'bad_data' ? parseErrorPosition(e.message) : null;
      if (pos && this.editor) this.editor.error = pos;
      this.error = e.message;
    } finally {
      if (this.abort === abort) this.loading = false;
    }
  }

  get editor() {
    return this.querySelector('promql-editor');
  }

  submit() {
    this.expr = this.editor.value;
    this.writeParams(true);
    this.run();
  }

  setState(changes, rerun = true) {
    Object.assign(this, changes);
    this.writeParams();
    this.schedule();
    if (rerun) this.run();
  }

  renderTable() {
    const data = this.rows;
    if (!data) return '';
    if (data.resultType === 'scalar' || data.resultType === 'string') {
      return html`<table class="data"><tr><th>${data.resultType}</th></tr><tr><td class="num">${data.result[1]}</td></tr></table>`;
    }
    if (!data.result.length) return html`<div class="empty"><strong>No series</strong>The expression matched nothing at this time.</div>`;
    const shown = data.result.slice(0, 1000);
    return html`<div class="table-wrap"><table class="data" id="result-table">
      <thead><tr><th>Series</th><th style="text-align:right">Value</th></tr></thead>
      <tbody>
        ${shown.map((r) => html`<tr>
          <td><code>${seriesName(r.metric)}</code></td>
          <td class="num">${r.value
            ? formatValue(Number(r.value[1]))
            : html`${r.values.slice(-5).map(([t, v]) => html`<div>${v} @${t}</div>`)}`}</td>
        </tr>`)}
      </tbody>
    </table></div>
    ${data.result.length > shown.length ? html`<p class="muted">Showing 1000 of ${data.result.length}.</p>` : ''}`;
  }

  render() {
    return html`
      <h1 class="hidden">Explore</h1>
      <div class="toolbar" style="align-items:flex-start">
        <promql-editor .value=${this.expr || ''} @value-changed=${(e) => (this.expr = e.detail)} @run=${() => this.submit()}></promql-editor>
        <button class="btn primary" id="run" @click=${() => this.submit()} title="Run (Enter)">Run</button>
      </div>
      <div class="toolbar">
        <div class="seg" role="group" aria-label="View">
          <button aria-pressed=${this.tab === 'graph' ? 'true' : 'false'} @click=${() => this.setState({ tab: 'graph' })}>Graph</button>
          <button aria-pressed=${this.tab === 'table' ? 'true' : 'false'} @click=${() => this.setState({ tab: 'table' })}>Table</button>
        </div>
        <time-picker .range=${this.range} .from=${this.from} .to=${this.to}
          @range-changed=${(e) => this.setState({ range: e.detail.range, from: e.detail.from ?? NaN, to: e.detail.to ?? NaN })}></time-picker>
        <label class="hide-phone">Step <input class="text" style="width:6em" id="step" placeholder="auto" .value=${this.step}
          @change=${(e) => this.setState({ step: e.target.value.trim() })}></label>
        ${this.tab === 'graph'
          ? html`<label class="check"><input type="checkbox" id="stacked" .checked=${this.stacked}
              @change=${(e) => this.setState({ stacked: e.target.checked }, false)}> Stacked</label>`
          : ''}
        <label>Refresh <select class="select" id="refresh" @change=${(e) => this.setState({ refresh: e.target.value }, false)}>
          ${REFRESH.map((r) => html`<option value=${r} ?selected=${this.refresh === r}>${r || 'off'}</option>`)}
        </select></label>
        <span class="spacer"></span>
        <span class="muted" id="query-info">${this.loading ? 'Running…' : this.info}</span>
      </div>
      ${this.error ? html`<div class="error-box" id="query-error" role="alert">${this.error}</div>` : ''}
      ${this.tab === 'graph'
        ? html`<div class="panel"><vigil-chart style="height:min(60vh,520px)" .series=${this.series} ?stacked=${this.stacked}
            ?loading=${this.loading} empty-text=${this.expr ? 'No data in this time range.' : 'Run a query to see a graph.'}></vigil-chart></div>`
        : html`<div class="panel">${this.rows ? this.renderTable() : html`<p class="muted">${this.loading ? 'Running…' : 'Run a query to see its current values.'}</p>`}</div>`}
    `;
  }
}

customElements.define('vigil-explore', VigilExplore);
