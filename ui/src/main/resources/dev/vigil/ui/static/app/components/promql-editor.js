// <promql-editor>: a PromQL text box with syntax highlighting, completions (metric names, label
// names, label values, functions, durations) and the parse error shown at its position.
//
// Events: 'value-changed' (detail: text) on every edit, 'run' when the user presses Enter.
import { html } from 'lit';
import { live } from 'lit/directives/live.js';
import { VigilElement } from '../element.js';
import { AGGREGATIONS, DURATIONS, FUNCTIONS, KEYWORDS, completionContext, offsetOf, rank, tokenize } from '../promql.js';
import { request, parseErrorPosition } from '../api.js';

const metricCache = { at: 0, names: null };
const labelCache = new Map();

async function metricNames() {
  if (!metricCache.names || Date.now() - metricCache.at > 60000) {
    metricCache.names = await request('/api/v1/label/__name__/values');
    metricCache.at = Date.now();
  }
  return metricCache.names;
}

async function cached(key, load) {
  const hit = labelCache.get(key);
  if (hit && Date.now() - hit.at < 30000) return hit.value;
  const value = await load();
  labelCache.set(key, { at: Date.now(), value });
  if (labelCache.size > 200) labelCache.delete(labelCache.keys().next().value);
  return value;
}

const match = (metric) => (metric ? { 'match[]': metric } : {});

let parseRoute = 'unknown'; // 'parse_query' once it answered, 'query' when it does not exist

/** Checks syntax on the server; returns null or {line, col, message}. */
async function checkSyntax(expr, signal) {
  const attempt = async (path, params) => {
    try {
      await request(path, params, { signal });
      return null;
    } catch (e) {
      if (e.status === 404 && path.endsWith('parse_query')) throw e;
      if (e.type !== 'bad_data') return null; // not a syntax problem
      return parseErrorPosition(e.message) || { line: 0, col: 0, message: e.message };
    }
  };
  if (parseRoute !== 'query') {
    try {
      const r = await attempt('/api/v1/parse_query', { query: expr });
      parseRoute = 'parse_query';
      return r;
    } catch (e) {
      if (e.status !== 404) throw e;
      parseRoute = 'query';
    }
  }
  // Without a parse route, evaluate at the epoch: nothing is stored there, so it is cheap.
  return attempt('/api/v1/query', { query: expr, time: 1 });
}

class PromqlEditor extends VigilElement {
  static properties = {
    value: {},
    placeholder: {},
    error: { attribute: false }, // {line, col, message} or null
    items: { state: true },
    selected: { state: true },
  };

  constructor() {
    super();
    this.value = '';
    this.placeholder = 'Enter a PromQL expression, e.g. rate(vigil_http_requests_total[5m])';
    this.error = null;
    this.items = [];
    this.selected = 0;
    this.ctx = null;
    this.checkTimer = 0;
  }

  focus() {
    const ta = this.querySelector('textarea');
    ta?.focus();
    ta?.setSelectionRange(ta.value.length, ta.value.length);
  }

  get textarea() {
    return this.querySelector('textarea');
  }

  onInput(e) {
    this.value = e.target.value;
    this.error = null;
    this.dispatchEvent(new CustomEvent('value-changed', { detail: this.value }));
    this.complete();
    clearTimeout(this.checkTimer);
    this.checkTimer = setTimeout(() => this.check(), 500);
  }

  async check() {
    const expr = this.value.trim();
    this.checkAbort?.abort();
    if (!expr) return;
    this.checkAbort = new AbortController();
    try {
      const err = await checkSyntax(this.value, this.checkAbort.signal);
      if (this.value.trim() === expr) this.error = err;
    } catch (e) {
      // unreachable server or aborted: the banner says so
    }
  }

  async complete(force = false) {
    const ta = this.textarea;
    if (!ta || (ta.selectionStart !== ta.selectionEnd)) return this.close();
    const ctx = completionContext(this.value, ta.selectionStart);
    this.ctx = ctx;
    if (!ctx.kind || (!force && ctx.kind === 'metric' && ctx.prefix.length < 1)) return this.close();
    let candidates = [];
    try {
      switch (ctx.kind) {
        case 'metric': {
          const names = await metricNames();
          candidates = [
            ...Object.entries(FUNCTIONS).map(([n, sig]) => ({ label: n, insert: `${n}(`, kind: 'function', detail: sig })),
            ...AGGREGATIONS.map((n) => ({ label: n, insert: n, kind: 'aggregation' })),
            ...KEYWORDS.map((n) => ({ label: n, insert: n, kind: 'keyword' })),
            ...names.map((n) => ({ label: n, insert: n, kind: 'metric' })),
          ];
          break;
        }
        case 'label-name': {
          const names = await cached(`labels:${ctx.metric}`, () => request('/api/v1/labels', match(ctx.metric)));
          candidates = names.filter((n) => n !== '__name__').map((n) => ({ label: n, insert: n, kind: 'label' }));
          break;
        }
        case 'label-value': {
          if (!ctx.label) return this.close();
          const values = await cached(`values:${ctx.label}:${ctx.metric}`, () =>
            request(`/api/v1/label/${encodeURIComponent(ctx.label)}/values`, match(ctx.metric)),
          );
          candidates = values.map((v) => ({ label: v, insert: v, kind: 'value' }));
          break;
        }
        case 'duration':
          candidates = DURATIONS.map((d) => ({ label: d, insert: d, kind: 'duration' }));
          break;
        default:
      }
    } catch (e) {
      return this.close();
    }
    if (this.ctx !== ctx) return undefined; // the user typed on meanwhile
    this.items = rank(candidates, ctx.prefix, 60);
    this.selected = 0;
    return undefined;
  }

  close() {
    this.items = [];
  }

  accept(item) {
    const ctx = this.ctx;
    const ta = this.textarea;
    const cursor = ta.selectionStart;
    let insert = item.insert;
    let caret = null;
    const after = this.value.slice(cursor);
    if (ctx.kind === 'label-name' && ctx.metric !== '' && !/^\s*[=!]/.test(after) && /{[^}]*$/.test(this.value.slice(0, cursor))) {
      insert = `${insert}=""`;
      caret = insert.length - 1;
    } else if (ctx.kind === 'label-value') {
      insert = insert.replace(/\\/g, '\\\\').replace(new RegExp(ctx.quote, 'g'), `\\${ctx.quote}`);
      if (!after.startsWith(ctx.quote)) insert += ctx.quote;
    }
    // Replace the word under the cursor, including what follows it.
    const rest = /^[a-zA-Z0-9_:]*/.exec(ctx.kind === 'label-value' ? '' : after)[0];
    const next = this.value.slice(0, ctx.from) + insert + this.value.slice(cursor + rest.length);
    const pos = ctx.from + (caret ?? insert.length);
    this.value = next;
    ta.value = next;
    ta.setSelectionRange(pos, pos);
    this.items = [];
    this.dispatchEvent(new CustomEvent('value-changed', { detail: next }));
    if (caret !== null) this.complete(true);
  }

  onKeyDown(e) {
    const open = this.items.length > 0;
    if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const n = this.items.length;
      this.selected = (this.selected + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.updateComplete.then(() => this.querySelector('.completions [aria-selected="true"]')?.scrollIntoView({ block: 'nearest' }));
    } else if (open && (e.key === 'Tab' || (e.key === 'Enter' && !e.shiftKey))) {
      e.preventDefault();
      this.accept(this.items[this.selected]);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    } else if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      this.complete(true);
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      clearTimeout(this.checkTimer);
      this.dispatchEvent(new CustomEvent('run', { detail: this.value }));
    }
  }

  highlighted() {
    const text = this.value;
    const errAt = this.error && this.error.line > 0 ? offsetOf(text, this.error.line, this.error.col) : -1;
    const parts = tokenize(text).map((t) => {
      const bad = errAt >= t.start && errAt < t.end && t.type !== 'space';
      return html`<span class="tok-${t.type}${bad ? ' tok-error' : ''}">${t.text}</span>`;
    });
    if (errAt >= text.length && errAt >= 0) parts.push(html`<span class="tok-error">&nbsp;</span>`);
    return parts;
  }

  render() {
    const err = this.error;
    return html`
      <div class="editor">
        <pre aria-hidden="true">${this.highlighted()}${'\n'}</pre>
        <textarea rows="1" spellcheck="false" autocomplete="off" autocapitalize="off" aria-label="PromQL expression"
          placeholder=${this.placeholder} .value=${live(this.value)}
          aria-invalid=${err ? 'true' : 'false'}
          @input=${this.onInput} @keydown=${this.onKeyDown}
          @click=${() => this.items.length && this.complete()}
          @blur=${() => setTimeout(() => this.close(), 150)}></textarea>
      </div>
      ${this.items.length
        ? html`<div class="completions" role="listbox">
            ${this.items.map((it, i) => html`<div role="option" aria-selected=${i === this.selected ? 'true' : 'false'}
                @mousedown=${(e) => { e.preventDefault(); this.accept(it); }} title=${it.detail ? `${it.label}(${it.detail})` : it.label}>
                <span>${it.label}</span><span class="kind">${it.kind}</span></div>`)}
          </div>`
        : ''}
      <div class="parse-error" role="status">${err ? (err.line > 0 ? `${err.line}:${err.col}: ${err.message}` : err.message) : ''}</div>
    `;
  }
}

customElements.define('promql-editor', PromqlEditor);
