// <vigil-heatmap>: a histogram over time, one row per bucket bound (le) and one column per step,
// each cell coloured by how many observations fell into that bucket (see bucketsToHeatmap).
import { html } from 'lit';
import { EChartElement } from './echart.js';
import { escapeHtml, formatTime, formatValue } from '../format.js';

/** The narrowest column drawn, in pixels: narrower cells are unreadable and cost drawing time. */
const MIN_COLUMN_PX = 4;

/**
 * Merges neighbouring time columns of a heatmap ({times, buckets, cells, max} from
 * bucketsToHeatmap) so that at most maxColumns remain. Columns are grouped on a fixed time grid
 * (multiples of the merged width), so a live refresh that slides the window keeps the groups; a
 * merged cell is the mean of its columns' values (for rates, the rate over the longer time).
 */
export function mergeColumns(h, maxColumns) {
  const n = h.times.length;
  const factor = Math.ceil(n / Math.max(1, maxColumns));
  if (factor <= 1) return h;
  let step = Infinity;
  for (let i = 1; i < n; i++) step = Math.min(step, h.times[i] - h.times[i - 1]);
  const width = step * factor;
  const times = [];
  const columnOf = new Array(n);
  for (let i = 0; i < n; i++) {
    const start = Math.floor(h.times[i] / width) * width;
    if (times[times.length - 1] !== start) times.push(start);
    columnOf[i] = times.length - 1;
  }
  const sums = new Map();
  for (const [x, y, v] of h.cells) {
    const key = columnOf[x] * h.buckets.length + y;
    const s = sums.get(key);
    if (s) {
      s[0] += v;
      s[1]++;
    } else {
      sums.set(key, [v, 1]);
    }
  }
  const cells = [];
  let max = 0;
  for (const [key, [sum, count]] of sums) {
    const v = sum / count;
    cells.push([Math.floor(key / h.buckets.length), key % h.buckets.length, v]);
    if (v > max) max = v;
  }
  return { times, buckets: h.buckets, cells, max };
}

class VigilHeatmap extends EChartElement {
  static properties = {
    heatmap: { attribute: false },
    loading: { type: Boolean },
    unit: {},
  };

  constructor() {
    super();
    this.heatmap = null;
    this.loading = false;
    this.unit = '';
  }

  hasData() {
    return !!this.heatmap;
  }

  overlay() {
    if (!this.heatmap) return this.loading ? html`<span class="muted">Loading…</span>` : '';
    if (!this.heatmap.cells.length) return html`<span class="muted">No histogram buckets (series with an le label) in this time range.</span>`;
    return '';
  }

  option() {
    const raw = this.heatmap || { times: [], buckets: [], cells: [], max: 0 };
    const h = mergeColumns(raw, Math.floor((this.clientWidth || 1200) / MIN_COLUMN_PX));
    const { muted, border, panel2, accent } = EChartElement.colors();
    const unit = this.unit;
    return {
      backgroundColor: 'transparent',
      animation: false,
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        confine: true,
        formatter: (p) => {
          const [x, y, v] = p.value;
          const lower = y > 0 ? h.buckets[y - 1] : '0';
          return `<div style="font-size:12px"><div style="opacity:.7">${escapeHtml(formatTime(h.times[x]))}</div>`
            + `${escapeHtml(formatValue(Number(lower), unit))} – ${escapeHtml(h.buckets[y] === '+Inf' ? '+Inf' : formatValue(Number(h.buckets[y]), unit))}: `
            + `<b>${escapeHtml(formatValue(v))}</b></div>`;
        },
      },
      xAxis: {
        type: 'category',
        data: h.times.map((t) => formatTime(t).slice(11, 16)),
        axisLine: { lineStyle: { color: border } },
        axisLabel: { color: muted, hideOverlap: true },
        axisTick: { show: false },
      },
      yAxis: {
        type: 'category',
        data: h.buckets.map((b) => (b === '+Inf' ? '+Inf' : formatValue(Number(b), unit))),
        axisLabel: { color: muted },
        axisLine: { lineStyle: { color: border } },
      },
      visualMap: {
        show: false,
        min: 0,
        max: h.max || 1,
        inRange: { color: [panel2, accent, '#f59e0b', '#ef4444'] },
      },
      series: [{ type: 'heatmap', data: h.cells, progressive: 0, emphasis: { itemStyle: { borderColor: muted, borderWidth: 1 } } }],
    };
  }
}

customElements.define('vigil-heatmap', VigilHeatmap);
