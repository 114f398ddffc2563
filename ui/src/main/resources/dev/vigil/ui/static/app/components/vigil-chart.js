// <vigil-chart>: time series lines (or stacked areas) drawn by Apache ECharts, with a legend where
// a click isolates one series (a second click brings all back) and a tooltip sorted by value.
// The element keeps its size while loading, so pages do not jump when data arrives.
import { html } from 'lit';
import { VigilElement } from '../element.js';
import { theme } from '../theme.js';
import { escapeHtml, formatTime, formatValue, seriesName } from '../format.js';

let echartsModule = null;
function loadECharts() {
  echartsModule ??= import('echarts');
  return echartsModule;
}

/** The most series a chart draws; more make an unreadable chart and a slow page. */
export const MAX_SERIES = 500;

/**
 * Turns a query_range matrix into chart series: [{name, metric, data: [[ms, value|null]…]}].
 * A gap longer than 1.5 steps becomes a null point so the line breaks instead of bridging it.
 */
export function matrixToSeries(result, stepSeconds, legendFormat) {
  return result.map((s) => {
    const data = [];
    let prev = null;
    for (const [t, v] of s.values || []) {
      const ms = t * 1000;
      if (prev !== null && ms - prev > stepSeconds * 1500) data.push([prev + stepSeconds * 1000, null]);
      data.push([ms, Number(v)]);
      prev = ms;
    }
    return { name: legendName(s.metric, legendFormat), metric: s.metric, data };
  });
}

/** "{{instance}} {{mode}}"-style legend templates, as Grafana and Prometheus write them. */
export function legendName(metric, template) {
  if (!template) return seriesName(metric);
  return template.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, k) => metric[k] ?? '');
}

class VigilChart extends VigilElement {
  static properties = {
    series: { attribute: false },
    stacked: { type: Boolean },
    unit: {},
    loading: { type: Boolean },
    error: {},
    emptyText: { attribute: 'empty-text' },
    legend: { type: Boolean },
    min: { type: Number },
    max: { type: Number },
  };

  constructor() {
    super();
    this.series = [];
    this.stacked = false;
    this.unit = '';
    this.loading = false;
    this.error = '';
    this.emptyText = 'No data in this time range.';
    this.legend = true;
    this.isolated = null;
    this.chart = null;
    this.onTheme = () => this.rebuild();
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('vigil-theme', this.onTheme);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    window.removeEventListener('vigil-theme', this.onTheme);
    this.resizer?.disconnect();
    this.chart?.dispose();
    this.chart = null;
  }

  rebuild() {
    this.chart?.dispose();
    this.chart = null;
    this.requestUpdate();
  }

  render() {
    let overlay = '';
    if (this.error) overlay = html`<div class="error-box" style="pointer-events:auto;max-width:90%">${this.error}</div>`;
    else if (this.loading && !this.series.length) overlay = html`<span class="muted">Loading…</span>`;
    else if (!this.series.length) overlay = html`<span class="muted">${this.emptyText}</span>`;
    return html`<div class="chart-canvas"></div><div class="chart-overlay">${overlay}</div>`;
  }

  async updated() {
    const echarts = await loadECharts();
    const el = this.querySelector('.chart-canvas');
    if (!el || !this.isConnected) return;
    if (!this.chart) {
      this.chart = echarts.init(el, theme() === 'dark' ? 'dark' : null, { renderer: 'canvas' });
      this.chart.on('legendselectchanged', (e) => this.isolate(e.name));
      this.resizer = new ResizeObserver(() => this.chart?.resize());
      this.resizer.observe(el);
    }
    const names = new Set(this.series.map((s) => s.name));
    if (this.isolated && !names.has(this.isolated)) this.isolated = null;
    this.chart.setOption(this.option(), { notMerge: true, lazyUpdate: false });
    if (this.isolated) this.applyIsolation();
    this.dispatchEvent(new CustomEvent('chart-rendered', { detail: this.series.length }));
  }

  isolate(name) {
    this.isolated = this.isolated === name ? null : name;
    this.applyIsolation();
  }

  applyIsolation() {
    const chart = this.chart;
    if (!this.isolated) {
      chart.dispatchAction({ type: 'legendAllSelect' });
      return;
    }
    const others = this.series.filter((s) => s.name !== this.isolated).map((s) => ({ name: s.name }));
    chart.dispatchAction({ type: 'legendUnSelect', batch: others });
    chart.dispatchAction({ type: 'legendSelect', name: this.isolated });
  }

  option() {
    const series = this.series.slice(0, MAX_SERIES);
    const unit = this.unit;
    const style = getComputedStyle(document.documentElement);
    const muted = style.getPropertyValue('--muted').trim();
    const border = style.getPropertyValue('--border').trim();
    const showLegend = this.legend && series.length > 0 && series.length <= 100;
    return {
      backgroundColor: 'transparent',
      animation: false,
      grid: { left: 8, right: 16, top: 12, bottom: showLegend ? 44 : 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        confine: true,
        axisPointer: { type: 'line' },
        formatter: (params) => tooltip(params, unit),
      },
      legend: showLegend
        ? { type: 'scroll', bottom: 0, left: 0, right: 0, textStyle: { color: muted }, icon: 'roundRect', itemWidth: 14, itemHeight: 4 }
        : { show: false },
      xAxis: {
        type: 'time',
        axisLine: { lineStyle: { color: border } },
        axisLabel: { color: muted, hideOverlap: true },
        splitLine: { show: false },
      },
      yAxis: {
        type: 'value',
        min: Number.isFinite(this.min) ? this.min : undefined,
        max: Number.isFinite(this.max) ? this.max : undefined,
        axisLabel: { color: muted, formatter: (v) => formatValue(v, unit) },
        splitLine: { lineStyle: { color: border, opacity: 0.6 } },
      },
      series: series.map((s) => ({
        name: s.name,
        type: 'line',
        data: s.data,
        showSymbol: s.data.length < 3,
        symbolSize: 4,
        connectNulls: false,
        stack: this.stacked ? 'total' : undefined,
        areaStyle: this.stacked ? { opacity: 0.35 } : undefined,
        lineStyle: { width: 1.5 },
        emphasis: { focus: 'series' },
        sampling: s.data.length > 2000 ? 'lttb' : undefined,
      })),
    };
  }
}

function tooltip(params, unit) {
  const list = (Array.isArray(params) ? params : [params]).filter((p) => p.value && p.value[1] !== null);
  if (!list.length) return '';
  list.sort((a, b) => b.value[1] - a.value[1]);
  const shown = list.slice(0, 15);
  const rows = shown
    .map((p) => `<div style="display:flex;gap:12px;justify-content:space-between"><span>${p.marker}${escapeHtml(p.seriesName)}</span>`
      + `<b style="font-variant-numeric:tabular-nums">${escapeHtml(formatValue(p.value[1], unit))}</b></div>`)
    .join('');
  const more = list.length > shown.length ? `<div style="opacity:.7">and ${list.length - shown.length} more</div>` : '';
  return `<div style="font-size:12px;max-width:70vw;white-space:normal;word-break:break-all">`
    + `<div style="opacity:.7;margin-bottom:4px">${escapeHtml(formatTime(list[0].value[0]))}</div>${rows}${more}</div>`;
}

customElements.define('vigil-chart', VigilChart);
