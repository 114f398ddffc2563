// What the editor knows about PromQL: a tokenizer for highlighting, the functions with their
// signatures, and where the cursor stands (which kind of completion fits there).

// name: argument list. Kept in step with dev.vigil.promql.ast.Functions by FunctionListTest.
export const FUNCTIONS = {
  abs: 'v instant-vector',
  absent: 'v instant-vector',
  absent_over_time: 'v range-vector',
  acos: 'v instant-vector',
  acosh: 'v instant-vector',
  asin: 'v instant-vector',
  asinh: 'v instant-vector',
  atan: 'v instant-vector',
  atanh: 'v instant-vector',
  avg_over_time: 'v range-vector',
  ceil: 'v instant-vector',
  changes: 'v range-vector',
  clamp: 'v instant-vector, min scalar, max scalar',
  clamp_max: 'v instant-vector, max scalar',
  clamp_min: 'v instant-vector, min scalar',
  cos: 'v instant-vector',
  cosh: 'v instant-vector',
  count_over_time: 'v range-vector',
  day_of_month: 'v=vector(time()) instant-vector',
  day_of_week: 'v=vector(time()) instant-vector',
  day_of_year: 'v=vector(time()) instant-vector',
  days_in_month: 'v=vector(time()) instant-vector',
  deg: 'v instant-vector',
  delta: 'v range-vector',
  deriv: 'v range-vector',
  exp: 'v instant-vector',
  first_over_time: 'v range-vector',
  floor: 'v instant-vector',
  histogram_avg: 'v instant-vector',
  histogram_count: 'v instant-vector',
  histogram_fraction: 'lower scalar, upper scalar, v instant-vector',
  histogram_quantile: 'φ scalar, b instant-vector',
  histogram_stddev: 'v instant-vector',
  histogram_stdvar: 'v instant-vector',
  histogram_sum: 'v instant-vector',
  hour: 'v=vector(time()) instant-vector',
  idelta: 'v range-vector',
  increase: 'v range-vector',
  irate: 'v range-vector',
  label_join: 'v instant-vector, dst string, separator string, src... string',
  label_replace: 'v instant-vector, dst string, replacement string, src string, regex string',
  last_over_time: 'v range-vector',
  ln: 'v instant-vector',
  log10: 'v instant-vector',
  log2: 'v instant-vector',
  max_over_time: 'v range-vector',
  min_over_time: 'v range-vector',
  minute: 'v=vector(time()) instant-vector',
  month: 'v=vector(time()) instant-vector',
  pi: '',
  predict_linear: 'v range-vector, t scalar',
  present_over_time: 'v range-vector',
  quantile_over_time: 'φ scalar, v range-vector',
  rad: 'v instant-vector',
  rate: 'v range-vector',
  resets: 'v range-vector',
  round: 'v instant-vector, to_nearest=1 scalar',
  scalar: 'v instant-vector',
  sgn: 'v instant-vector',
  sin: 'v instant-vector',
  sinh: 'v instant-vector',
  sort: 'v instant-vector',
  sort_desc: 'v instant-vector',
  sqrt: 'v instant-vector',
  stddev_over_time: 'v range-vector',
  stdvar_over_time: 'v range-vector',
  sum_over_time: 'v range-vector',
  tan: 'v instant-vector',
  tanh: 'v instant-vector',
  time: '',
  timestamp: 'v instant-vector',
  vector: 's scalar',
  year: 'v=vector(time()) instant-vector',
};

export const AGGREGATIONS = [
  'sum', 'avg', 'min', 'max', 'count', 'group', 'stddev', 'stdvar', 'topk', 'bottomk',
  'quantile', 'count_values',
];

export const KEYWORDS = [
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or',
  'unless', 'atan2',
];

export const DURATIONS = ['1m', '5m', '10m', '15m', '30m', '1h', '6h', '1d'];

const KEYWORD_SET = new Set([...AGGREGATIONS, ...KEYWORDS]);

/**
 * Splits text into tokens {type, text, start, end}. Types: comment, str, num, dur, fn, kw,
 * metric, label, op, paren, space, other. Never throws: unfinished strings run to the end.
 */
export function tokenize(text) {
  const out = [];
  let i = 0;
  let braces = 0; // inside {...}: identifiers are label names
  let brackets = 0; // inside [...]: numbers with units are durations
  const push = (type, start, end) => out.push({ type, text: text.slice(start, end), start, end });
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      push('comment', start, i);
    } else if (/\s/.test(c)) {
      while (i < text.length && /\s/.test(text[i])) i++;
      push('space', start, i);
    } else if (c === '"' || c === "'" || c === '`') {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' && c !== '`' ? 2 : 1;
      i = Math.min(i + 1, text.length);
      push('str', start, i);
    } else if (/[0-9.]/.test(c) && (/[0-9]/.test(c) || /[0-9]/.test(text[i + 1] || ''))) {
      const m = /^(0x[0-9a-fA-F]+|(?:\d+(?:ms|s|m|h|d|w|y))+|\d*\.?\d+(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
      i += m ? m[0].length : 1;
      push(/[smhdwy]$/.test(text.slice(start, i)) && !/^0x/.test(text.slice(start, i)) ? 'dur' : 'num', start, i);
    } else if (/[a-zA-Z_:]/.test(c)) {
      while (i < text.length && /[a-zA-Z0-9_:]/.test(text[i])) i++;
      const word = text.slice(start, i);
      let j = i;
      while (j < text.length && /\s/.test(text[j])) j++;
      const call = text[j] === '(';
      let type;
      if (braces > 0) type = 'label';
      else if (KEYWORD_SET.has(word.toLowerCase())) type = 'kw';
      else if (call && Object.hasOwn(FUNCTIONS, word)) type = 'fn';
      else if (/^(inf|nan)$/i.test(word)) type = 'num';
      else type = 'metric';
      push(type, start, i);
    } else if ('{}()[]'.includes(c)) {
      if (c === '{') braces++;
      else if (c === '}') braces = Math.max(0, braces - 1);
      else if (c === '[') brackets++;
      else if (c === ']') brackets = Math.max(0, brackets - 1);
      i++;
      push('paren', start, i);
    } else {
      const m = /^(==|!=|=~|!~|>=|<=|[-+*/%^<>=,@:])/.exec(text.slice(i));
      i += m ? m[0].length : 1;
      push(m ? 'op' : 'other', start, i);
    }
  }
  return out;
}

/** The character offset of a 1-based line:col in text. */
export function offsetOf(text, line, col) {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(text.length, offset + col - 1);
}

/**
 * What to complete at the cursor: {kind, prefix, from, metric?, label?}. kind is one of
 * 'metric' (metric names, functions, aggregations), 'label-name', 'label-value', 'duration',
 * or null when nothing fits (inside a string that is not a label value, a comment, a number).
 */
export function completionContext(text, cursor) {
  const before = text.slice(0, cursor);
  const tokens = tokenize(before);
  const last = tokens[tokens.length - 1];
  // Inside an unclosed {...}?
  let depth = 0, openAt = -1;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === 'paren' && t.text === '{') { depth++; openAt = k; }
    if (t.type === 'paren' && t.text === '}') depth = Math.max(0, depth - 1);
  }
  if (last && last.type === 'comment') return { kind: null };
  if (depth > 0) {
    const metricTok = openAt > 0 ? tokens[openAt - 1] : null;
    const metric = metricTok && metricTok.type === 'metric' ? metricTok.text : '';
    if (last.type === 'str' && !isClosedString(last.text)) {
      // a label value: find the label name before the operator
      const sig = tokens.slice(openAt).filter((t) => t.type !== 'space');
      const label = sig.length >= 3 ? sig[sig.length - 3] : null;
      return {
        kind: 'label-value', prefix: last.text.slice(1), from: last.start + 1, metric,
        label: label && label.type === 'label' ? label.text : '', quote: last.text[0],
      };
    }
    if (last.type === 'label') return { kind: 'label-name', prefix: last.text, from: last.start, metric };
    if (last.type === 'paren' || (last.type === 'op' && last.text === ',') || last.type === 'space') {
      return { kind: 'label-name', prefix: '', from: cursor, metric };
    }
    return { kind: null };
  }
  // Inside an unclosed [...]: durations
  const openBracket = before.lastIndexOf('['), closeBracket = before.lastIndexOf(']');
  if (openBracket > closeBracket) {
    const prefix = before.slice(openBracket + 1).replace(/^.*:/, '');
    return { kind: 'duration', prefix, from: cursor - prefix.length };
  }
  // Inside by (...), without (...), on (...), ignoring (...), group_left(...)
  const grouping = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)$/i.exec(before);
  if (grouping) {
    const prefix = /[a-zA-Z0-9_]*$/.exec(grouping[2])[0];
    return { kind: 'label-name', prefix, from: cursor - prefix.length, metric: '' };
  }
  if (last && (last.type === 'str' || last.type === 'num' || last.type === 'dur')) return { kind: null };
  const word = /[a-zA-Z_:][a-zA-Z0-9_:]*$/.exec(before);
  return { kind: 'metric', prefix: word ? word[0] : '', from: word ? cursor - word[0].length : cursor };
}

function isClosedString(s) {
  if (s.length < 2) return false;
  const q = s[0];
  if (s[s.length - 1] !== q) return false;
  let backslashes = 0;
  for (let i = s.length - 2; i > 0 && s[i] === '\\'; i--) backslashes++;
  return q === '`' || backslashes % 2 === 0;
}

/** Ranks candidates for a prefix: prefix matches first, then substring matches; at most limit. */
export function rank(candidates, prefix, limit = 50) {
  const p = prefix.toLowerCase();
  const starts = [], contains = [];
  for (const c of candidates) {
    const l = c.label.toLowerCase();
    if (l === p && p) continue;
    if (l.startsWith(p)) starts.push(c);
    else if (p && l.includes(p)) contains.push(c);
    if (starts.length >= limit) break;
  }
  return starts.concat(contains).slice(0, limit);
}
