// <vigil-chart>: time series lines (or stacked areas) drawn by Apache ECharts, with a legend where
// a click isolates one series (a second click brings all back) and a tooltip sorted by value.
// The element keeps its size while loading, so pages do not jump when data arrives.
import { html } from 'lit';
import { EChartElement } from './echart.js';
import { escapeHtml, formatTime, formatValue, seriesName } from '../format.js';

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

class VigilChart extends EChartElement {
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
    // The time axis's ends in ms (e.g. a dashboard's range); unset: the data's extent.
    xMin: { attribute: false },
    xMax: { attribute: false },
    thresholds: { attribute: false },
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
    this.thresholds = null;
  }

  overlay() {
    if (this.error) return html`<div class="error-box" style="pointer-events:auto;max-width:90%">${this.error}</div>`;
    if (this.loading && !this.series.length) return html`<span class="muted">Loading…</span>`;
    if (!this.series.length) return html`<span class="muted">${this.emptyText}</span>`;
    return '';
  }

  hasData() {
    return this.series.length > 0;
  }

  onInit(chart) {
    chart.on('legendselectchanged', (e) => this.isolate(e.name));
  }

  afterDraw() {
    const names = new Set(this.series.map((s) => s.name));
    if (this.isolated && !names.has(this.isolated)) this.isolated = null;
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

  /** Dashed lines at the thresholds' values ({value, color} with a colour CSS understands). */
  thresholdLines() {
    const marks = (this.thresholds || []).filter((t) => Number.isFinite(t.value));
    if (!marks.length) return undefined;
    return {
      silent: true,
      symbol: 'none',
      label: { show: false },
      data: marks.map((t) => ({ yAxis: t.value, lineStyle: { color: EChartElement.paint(t.color), type: 'dashed', width: 1 } })),
    };
  }

  option() {
    const series = this.stacked ? alignForStacking(this.series.slice(0, MAX_SERIES)) : this.series.slice(0, MAX_SERIES);
    const unit = this.unit;
    const { muted, border } = EChartElement.colors();
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
        min: Number.isFinite(this.xMin) ? this.xMin : undefined,
        max: Number.isFinite(this.xMax) ? this.xMax : undefined,
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
      series: series.map((s, i) => ({
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
        markLine: i === 0 ? this.thresholdLines() : undefined,
      })),
    };
  }
}

/**
 * ECharts stacks by position in the data, not by time: give every series a point at every time any
 * series has one (0 where it has none), so that stacked areas add up at each instant.
 */
function alignForStacking(series) {
  const times = [...new Set(series.flatMap((s) => s.data.map((p) => p[0])))].sort((a, b) => a - b);
  return series.map((s) => {
    const byTime = new Map(s.data.map((p) => [p[0], p[1]]));
    return { ...s, data: times.map((t) => [t, byTime.get(t) ?? 0]) };
  });
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
