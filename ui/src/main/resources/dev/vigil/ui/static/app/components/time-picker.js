// <time-picker>: a relative ("last 1h") or absolute (from, to) time range.
// Event 'range-changed' with detail {range, from, to}: range is a duration text for a relative
// range (from and to null), or null with from and to in epoch milliseconds.
import { html } from 'lit';
import { VigilElement } from '../element.js';
import { durationText, formatTime, parseDuration } from '../format.js';

export const QUICK_RANGES = ['5m', '15m', '30m', '1h', '3h', '6h', '12h', '24h', '2d', '7d', '30d'];

/** {start, end} in seconds for a range state {range, from, to} at time now (ms). */
export function resolveRange({ range, from, to }, now = Date.now()) {
  if (!range && Number.isFinite(from) && Number.isFinite(to) && to > from) {
    return { start: from / 1000, end: to / 1000 };
  }
  const seconds = parseDuration(range || '1h');
  const end = now / 1000;
  return { start: end - (Number.isFinite(seconds) ? seconds : 3600), end };
}

/** A step that gives about `points` points over the range, rounded to a whole second or more. */
export function autoStep(start, end, points = 300) {
  const raw = (end - start) / points;
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
  return nice.find((n) => n >= raw) || Math.ceil(raw / 86400) * 86400;
}

function localInput(ms) {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 16);
}

class TimePicker extends VigilElement {
  static properties = {
    range: {},
    from: { type: Number },
    to: { type: Number },
    open: { state: true },
    problem: { state: true },
  };

  constructor() {
    super();
    this.range = '1h';
    this.from = NaN;
    this.to = NaN;
    this.open = false;
    this.problem = '';
    this.onDoc = (e) => {
      if (this.open && !e.composedPath().includes(this)) this.open = false;
    };
  }

  connectedCallback() {
    super.connectedCallback();
    document.addEventListener('mousedown', this.onDoc);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    document.removeEventListener('mousedown', this.onDoc);
  }

  emit(detail) {
    this.open = false;
    this.problem = '';
    this.dispatchEvent(new CustomEvent('range-changed', { detail }));
  }

  pickRelative(range) {
    this.emit({ range, from: null, to: null });
  }

  applyInputs() {
    const rel = this.querySelector('input[name=relative]').value.trim();
    if (rel) {
      if (!Number.isFinite(parseDuration(rel))) {
        this.problem = `"${rel}" is not a duration: write e.g. 45m, 2h or 1d12h`;
        return;
      }
      this.pickRelative(rel);
      return;
    }
    const from = Date.parse(this.querySelector('input[name=from]').value);
    const to = Date.parse(this.querySelector('input[name=to]').value);
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
      this.problem = 'Pick a start before the end.';
      return;
    }
    this.emit({ range: null, from, to });
  }

  label() {
    if (!this.range && Number.isFinite(this.from) && Number.isFinite(this.to)) {
      return `${formatTime(this.from).slice(0, 16)} → ${formatTime(this.to).slice(0, 16)}`;
    }
    return `Last ${this.range || '1h'}`;
  }

  render() {
    const { start, end } = resolveRange(this);
    return html`
      <button class="btn" id="time-range" aria-haspopup="true" aria-expanded=${this.open ? 'true' : 'false'}
        @click=${() => (this.open = !this.open)} title="Time range">${this.label()} ▾</button>
      ${this.open
        ? html`<div class="picker-menu" @keydown=${(e) => e.key === 'Escape' && (this.open = false)}>
            <div class="quick">
              ${QUICK_RANGES.map((r) => html`<button @click=${() => this.pickRelative(r)} aria-pressed=${this.range === r ? 'true' : 'false'}>Last ${r}</button>`)}
            </div>
            <div class="abs">
              <label>Relative <input class="text" name="relative" placeholder="e.g. 45m, 2h, 3d" value=${this.range || ''}></label>
              <span class="muted">or absolute:</span>
              <label>From <input class="text" type="datetime-local" name="from" value=${localInput(start * 1000)}></label>
              <label>To <input class="text" type="datetime-local" name="to" value=${localInput(end * 1000)}></label>
              <button class="btn primary" @click=${() => {
                const rel = this.querySelector('input[name=relative]');
                if (rel.value === (this.range || '')) rel.value = '';
                this.applyInputs();
              }}>Apply</button>
              ${this.problem ? html`<span class="parse-error">${this.problem}</span>` : ''}
              <span class="muted">Span: ${durationText(end - start)}</span>
            </div>
          </div>`
        : ''}
    `;
  }
}

customElements.define('time-picker', TimePicker);
