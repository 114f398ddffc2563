// What a dashboard panel needs besides drawing: Grafana's units and thresholds, step-aligned time
// windows, and the merge that lets a live refresh fetch only the points newer than those drawn.
import { legendName } from './components/vigil-chart.js';

/** Grafana's unit names to the ones format.js knows, with a factor applied to the values. */
export function unitOf(unit) {
  switch (unit || '') {
    case 'percentunit': return { unit: 'percent', factor: 100 };
    case 'percent': return { unit: 'percent', factor: 1 };
    case 'bytes': case 'decbytes': return { unit: 'bytes', factor: 1 };
    case 'bits': return { unit: 'bytes', factor: 1 / 8 };
    case 'Bps': case 'binBps': case 'decBps': return { unit: 'bytes/s', factor: 1 };
    case 'bps': case 'binbps': return { unit: 'bytes/s', factor: 1 / 8 };
    case 's': return { unit: 'seconds', factor: 1 };
    case 'ms': return { unit: 'seconds', factor: 0.001 };
    case 'µs': case 'us': return { unit: 'seconds', factor: 1e-6 };
    case 'ns': return { unit: 'seconds', factor: 1e-9 };
    case 'reqps': case 'ops': case 'rps': case 'wps': case 'iops': case 'cps': return { unit: '/s', factor: 1 };
    default: return { unit: '', factor: 1 };
  }
}

/** Colour names Grafana stores in thresholds, mapped onto the theme's own colours. */
const NAMED = { green: 'var(--ok)', red: 'var(--bad)', yellow: 'var(--warn)', orange: 'var(--warn)', blue: 'var(--info)', 'dark-red': 'var(--bad)', 'semi-dark-red': 'var(--bad)', 'light-green': 'var(--ok)', 'dark-green': 'var(--ok)', 'semi-dark-orange': 'var(--warn)', 'dark-yellow': 'var(--warn)', text: 'var(--text)' };

/** A CSS colour for a threshold colour name or literal. */
export function cssColor(c) {
  return NAMED[c] || c || 'var(--text)';
}

/**
 * The threshold step a value falls in: Grafana's steps [{value: null|number, color}], the first
 * being the base. Returns the colour (CSS), or '' when the panel has no thresholds.
 */
export function thresholdColor(thresholds, value) {
  if (!Array.isArray(thresholds) || !thresholds.length || !Number.isFinite(value)) return '';
  let color = thresholds[0].color;
  for (const t of thresholds) {
    if (t.value === null || t.value === undefined || value >= t.value) color = t.color;
  }
  return cssColor(color);
}

/** Replaces $name and ${name} in an expression with the variables' values. */
export function substitute(expr, values) {
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a, b) => (values[a || b] ?? m));
}

/**
 * The window a range query covers: start and end aligned down to multiples of step (as Grafana
 * does), so that consecutive refreshes land on the same grid and only the new points are asked for.
 */
export function alignedWindow(start, end, step) {
  return { start: Math.floor(start / step) * step, end: Math.floor(end / step) * step };
}

function keyOf(metric) {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Merges a range query's answer for [from, end] into stored series ({metric, points: [[s, v]…]}),
 * replacing points at from or later, and drops points before start. Returns the new list; series
 * that got no point inside the window disappear.
 */
export function mergeSeries(stored, result, from, start) {
  const byKey = new Map();
  for (const s of stored || []) {
    const points = s.points.filter((p) => p[0] >= start && p[0] < from);
    byKey.set(keyOf(s.metric), { metric: s.metric, points });
  }
  for (const r of result) {
    const k = keyOf(r.metric);
    const s = byKey.get(k) || { metric: r.metric, points: [] };
    for (const [t, v] of r.values || []) s.points.push([t, Number(v)]);
    byKey.set(k, s);
  }
  return [...byKey.values()].filter((s) => s.points.length);
}

/**
 * Stored series to chart series [{name, metric, data: [[ms, v|null]…]}], scaled by factor; a gap
 * longer than 1.5 steps gets a null point so the line breaks there.
 */
export function toChartSeries(stored, step, legend, factor = 1) {
  return stored.map((s) => {
    const data = [];
    let prev = null;
    for (const [t, v] of s.points) {
      if (prev !== null && t - prev > step * 1.5) data.push([(prev + step) * 1000, null]);
      data.push([t * 1000, v * factor]);
      prev = t;
    }
    return { name: legendName(s.metric, legend), metric: s.metric, data };
  });
}

/**
 * A heatmap from classic histogram buckets: series with an `le` label (cumulative counts or rates)
 * summed per bucket bound, then differenced so each cell holds its own bucket's share. Returns
 * {times: [ms…], buckets: ['0.1', …, '+Inf'], cells: [[timeIndex, bucketIndex, value]…], max}.
 */
export function bucketsToHeatmap(stored) {
  const byLe = new Map();
  const times = new Set();
  for (const s of stored) {
    const le = s.metric.le;
    if (le === undefined) continue;
    const m = byLe.get(le) || new Map();
    for (const [t, v] of s.points) {
      m.set(t, (m.get(t) || 0) + v);
      times.add(t);
    }
    byLe.set(le, m);
  }
  const bounds = [...byLe.keys()].sort((a, b) => parseLe(a) - parseLe(b));
  const ts = [...times].sort((a, b) => a - b);
  const cells = [];
  let max = 0;
  ts.forEach((t, x) => {
    let below = 0;
    bounds.forEach((le, y) => {
      const cum = byLe.get(le).get(t);
      if (cum === undefined || !Number.isFinite(cum)) return;
      const v = Math.max(0, cum - below);
      below = cum;
      cells.push([x, y, v]);
      if (v > max) max = v;
    });
  });
  return { times: ts.map((t) => t * 1000), buckets: bounds, cells, max };
}

function parseLe(le) {
  return le === '+Inf' ? Infinity : Number(le);
}
