// Number, duration and time formatting shared by charts, tables and tiles.

const SI = [
  [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'],
];
const IEC = [
  [2 ** 40, 'TiB'], [2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB'],
];

function trim(n, digits = 3) {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs === 0) return '0';
  if (abs >= 100) return n.toFixed(0);
  if (abs >= 10) return n.toFixed(1).replace(/\.0$/, '');
  if (abs >= 0.001) return Number(n.toPrecision(digits)).toString();
  return n.toExponential(2);
}

/** Formats a value in a unit: '' (SI short), 'percent', 'bytes', 'bytes/s', 'seconds', '/s'. */
export function formatValue(v, unit = '') {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  switch (unit) {
    case 'percent':
      return `${trim(v)}%`;
    case 'bytes':
    case 'bytes/s': {
      const suffix = unit === 'bytes/s' ? '/s' : '';
      for (const [f, s] of IEC) if (Math.abs(v) >= f) return `${trim(v / f)} ${s}${suffix}`;
      return `${trim(v)} B${suffix}`;
    }
    case 'seconds':
      return formatDuration(v);
    default: {
      const suffix = unit === '/s' ? '/s' : unit ? ` ${unit}` : '';
      for (const [f, s] of SI) if (Math.abs(v) >= f) return `${trim(v / f)}${s}${suffix}`;
      return `${trim(v)}${suffix}`;
    }
  }
}

/** Seconds as "1.2 ms", "3.4 s", "5m 3s", "2h 10m", "3d 4h". */
export function formatDuration(seconds) {
  const s = Math.abs(seconds);
  if (s === 0) return '0 s';
  if (s < 1e-3) return `${trim(seconds * 1e6)} µs`;
  if (s < 1) return `${trim(seconds * 1e3)} ms`;
  if (s < 60) return `${trim(seconds)} s`;
  const d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m ${sec}s`;
}

/** "12s ago" for a Date or ISO text; '' for Go's zero time, "never". */
export function ago(when, now = Date.now()) {
  const t = when instanceof Date ? when.getTime() : Date.parse(when);
  if (!Number.isFinite(t) || t <= 0 || new Date(t).getUTCFullYear() < 1971) return 'never';
  const s = Math.max(0, (now - t) / 1000);
  if (s < 1) return 'just now';
  return `${formatDuration(Math.round(s)).replace(/ s$/, 's')} ago`;
}

/** A Prometheus duration ("5m", "1h30m", "2d") in seconds, or NaN. */
export function parseDuration(text) {
  if (typeof text !== 'string') return NaN;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g;
  const units = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0, consumed = 0, m;
  while ((m = re.exec(text)) !== null) {
    if (m.index !== consumed) return NaN;
    total += Number(m[1]) * units[m[2]];
    consumed = re.lastIndex;
  }
  return consumed === text.length && consumed > 0 ? total : NaN;
}

/** Seconds as the shortest Prometheus duration text ("90" -> "1m30s"). */
export function durationText(seconds) {
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  let s = Math.round(seconds), out = '';
  for (const [u, f] of [['w', 604800], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]]) {
    if (s >= f) {
      out += `${Math.floor(s / f)}${u}`;
      s %= f;
    }
  }
  return out;
}

/** A metric's labels as {a="b", …} with the name in front. */
export function seriesName(metric) {
  const { __name__: name = '', ...labels } = metric || {};
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return parts.length ? `${name}{${parts.join(', ')}}` : name || '{}';
}

/** Local time as "2026-11-22 03:04:05". */
export function formatTime(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Escapes text for HTML built outside Lit templates (ECharts tooltips). */
export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
