// Silences, on Alertmanager's v2 API (/api/v2/silences, /api/v2/silence/<id>): the list by state
// (/silences?state=active), a form to create one (/silences/new?matcher=alertname%3D"X"…, which the
// Alerts page's Silence button opens prefilled) or to edit one (/silences/<id>), and expire.
import { html } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { VigilElement, PollingElement } from '../element.js';
import { navigate, setParams } from '../router.js';
import { alertmanager, request, ApiError } from '../api.js';
import { ago, durationText, formatDuration, formatTime, parseDuration } from '../format.js';

const STATES = ['active', 'pending', 'expired'];
const OPS = ['=', '!=', '=~', '!~'];
const AUTHOR_KEY = 'vigil.silence.author';

/** 'name="value"', 'name=~"re"'… for one Alertmanager matcher {name, value, isRegex, isEqual}. */
export function matcherText(m) {
  return `${m.name}${opOf(m)}"${String(m.value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Parses 'name="value"' (any of the four operators) into a matcher, or null. */
export function parseMatcher(text) {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(text || '');
  if (!m) return null;
  return { name: m[1], value: m[3].replace(/\\(.)/g, '$1'), isRegex: m[2].endsWith('~'), isEqual: !m[2].startsWith('!') };
}

function opOf(m) {
  return m.isEqual === false ? (m.isRegex ? '!~' : '!=') : m.isRegex ? '=~' : '=';
}

/** Whether labels satisfy a matcher (regexes anchored, as in Alertmanager). */
export function matches(labels, m) {
  const v = labels[m.name] ?? '';
  let ok;
  if (m.isRegex) {
    try {
      ok = new RegExp(`^(?:${m.value})$`).test(v);
    } catch (e) {
      return false;
    }
  } else ok = v === m.value;
  return m.isEqual === false ? !ok : ok;
}

function author() {
  try {
    return localStorage.getItem(AUTHOR_KEY) || '';
  } catch (e) {
    return '';
  }
}

class VigilSilences extends PollingElement {
  static properties = {
    route: { attribute: false },
    silences: { state: true },
    error: { state: true },
    unavailable: { state: true },
    state: { state: true },
  };

  constructor() {
    super();
    this.silences = null;
    this.error = '';
    this.unavailable = false;
    this.pollMs = 15000;
  }

  connectedCallback() {
    this.state = (this.route?.params || new URLSearchParams(location.search)).get('state') || 'active';
    super.connectedCallback();
  }

  async load() {
    if (this.route?.rest) return;
    try {
      this.silences = (await alertmanager('GET', '/api/v2/silences')) || [];
      this.unavailable = false;
      this.error = '';
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) this.unavailable = true;
      else this.error = e.message;
    }
  }

  async expire(s) {
    if (!confirm(`Expire the silence ${s.matchers.map(matcherText).join(', ')}?`)) return;
    try {
      await alertmanager('DELETE', `/api/v2/silence/${encodeURIComponent(s.id)}`);
      await this.load();
    } catch (e) {
      this.error = e.message;
    }
  }

  renderRow(s) {
    const now = Date.now();
    const state = s.status?.state;
    const ends = Date.parse(s.endsAt), starts = Date.parse(s.startsAt);
    let when;
    if (state === 'active') when = `ends in ${formatDuration(Math.max(0, (ends - now) / 1000))}`;
    else if (state === 'pending') when = `starts in ${formatDuration(Math.max(0, (starts - now) / 1000))}`;
    else when = `ended ${ago(s.endsAt)}`;
    const again = `/silences/new?${s.matchers.map((m) => `matcher=${encodeURIComponent(matcherText(m))}`).join('&')}`;
    return html`<tr class="silence" data-id=${s.id} data-state=${state}>
      <td>${s.matchers.map((m) => html`<span class="chip">${matcherText(m)}</span>`)}</td>
      <td title="${formatTime(starts)} → ${formatTime(ends)}">${when}</td>
      <td class="hide-phone">${s.createdBy}</td>
      <td class="hide-phone">${s.comment}</td>
      <td style="text-align:right;white-space:nowrap">
        ${state === 'expired'
          ? html`<a class="btn" href=${again}>Recreate</a>`
          : html`<a class="btn" href="/silences/${encodeURIComponent(s.id)}">Edit</a>
            <button class="btn expire" @click=${() => this.expire(s)}>Expire</button>`}
      </td></tr>`;
  }

  renderList() {
    let body;
    if (this.unavailable) {
      body = html`<div class="empty" id="silences-unavailable"><strong>Silences are not available in this version yet</strong>
        This page uses the Alertmanager v2 silence API (<code>/api/v2/silences</code>), which this server does not serve.</div>`;
    } else if (this.error) {
      body = html`<div class="error-box" role="alert">Could not load silences: ${this.error}</div>`;
    } else if (this.silences === null) {
      body = html`<div class="panel skeleton" style="height:160px"></div>`;
    } else {
      const shown = this.silences.filter((s) => s.status?.state === this.state);
      body = shown.length
        ? html`<div class="panel"><div class="table-wrap"><table class="data" id="silence-list">
            <thead><tr><th>Matchers</th><th>When</th><th class="hide-phone">Created by</th><th class="hide-phone">Comment</th><th></th></tr></thead>
            <tbody>${shown.map((s) => this.renderRow(s))}</tbody></table></div></div>`
        : html`<div class="empty" id="silences-empty"><strong>No ${this.state} silences</strong>
            ${this.state === 'active' ? 'Silence an alert from the Alerts page, or create one with New silence.' : ''}</div>`;
    }
    const count = (st) => (this.silences || []).filter((s) => s.status?.state === st).length;
    return html`
      <h1>Silences</h1>
      <div class="toolbar">
        <div class="seg" role="group" aria-label="State">
          ${STATES.map((st) => html`<button aria-pressed=${this.state === st} data-state=${st}
            @click=${() => { this.state = st; setParams({ state: st === 'active' ? null : st }); }}>${st} ${this.silences ? `(${count(st)})` : ''}</button>`)}
        </div>
        <span class="spacer"></span>
        <a class="btn primary" id="new-silence" href="/silences/new">New silence</a>
      </div>
      ${body}`;
  }

  render() {
    if (this.route?.rest) return keyed(this.route.rest + location.search, html`<silence-form .silenceId=${this.route.rest === 'new' ? '' : this.route.rest}></silence-form>`);
    return this.renderList();
  }
}

class SilenceForm extends VigilElement {
  static properties = {
    silenceId: { attribute: false },
    matchers: { state: true },
    duration: { state: true },
    startsAt: { state: true },
    createdBy: { state: true },
    comment: { state: true },
    error: { state: true },
    alerts: { state: true },
    saving: { state: true },
  };

  constructor() {
    super();
    this.matchers = [{ name: '', value: '', isRegex: false, isEqual: true }];
    this.duration = '2h';
    this.startsAt = null;
    this.createdBy = author();
    this.comment = '';
    this.error = '';
    this.alerts = null;
    this.saving = false;
  }

  connectedCallback() {
    super.connectedCallback();
    const given = new URLSearchParams(location.search).getAll('matcher').map(parseMatcher).filter(Boolean);
    if (given.length) this.matchers = given;
    if (this.silenceId) this.loadSilence();
    request('/api/v1/alerts').then((d) => (this.alerts = d.alerts || []), () => (this.alerts = []));
  }

  async loadSilence() {
    try {
      const s = await alertmanager('GET', `/api/v2/silence/${encodeURIComponent(this.silenceId)}`);
      this.matchers = s.matchers.map((m) => ({ ...m }));
      this.createdBy = s.createdBy;
      this.comment = s.comment;
      const start = Date.parse(s.startsAt);
      this.startsAt = start > Date.now() ? start : null;
      this.duration = durationText(Math.max(60, (Date.parse(s.endsAt) - Math.max(start, Date.now())) / 1000));
    } catch (e) {
      this.error = e.message;
    }
  }

  setMatcher(i, change) {
    this.matchers = this.matchers.map((m, j) => (j === i ? { ...m, ...change } : m));
  }

  /** What is wrong with the form, or ''. */
  problem() {
    const ms = this.matchers.filter((m) => m.name || m.value);
    if (!ms.length) return 'Add at least one matcher.';
    for (const m of ms) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(m.name)) return `Bad label name "${m.name}": must match [a-zA-Z_][a-zA-Z0-9_]*.`;
      if (m.isRegex) {
        try {
          new RegExp(m.value);
        } catch (e) {
          return `Bad regular expression for ${m.name}: ${e.message}`;
        }
      }
    }
    if (ms.every((m) => matches({}, m))) return 'The matchers would match every alert: add one that needs a label value.';
    if (!(parseDuration(this.duration) > 0)) return `Bad duration "${this.duration}": use e.g. 30m, 2h, 1d.`;
    if (!this.createdBy.trim()) return 'Say who creates the silence.';
    if (!this.comment.trim()) return 'Add a comment: why is this silenced?';
    return '';
  }

  async save() {
    const problem = this.problem();
    if (problem) {
      this.error = problem;
      return;
    }
    const start = this.startsAt && this.startsAt > Date.now() ? this.startsAt : Date.now();
    const body = {
      matchers: this.matchers.filter((m) => m.name || m.value),
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + parseDuration(this.duration) * 1000).toISOString(),
      createdBy: this.createdBy.trim(),
      comment: this.comment.trim(),
    };
    if (this.silenceId) body.id = this.silenceId;
    try {
      localStorage.setItem(AUTHOR_KEY, body.createdBy);
    } catch (e) {
      // private mode
    }
    this.saving = true;
    try {
      await alertmanager('POST', '/api/v2/silences', body);
      navigate('/silences');
    } catch (e) {
      this.error = e.message;
    } finally {
      this.saving = false;
    }
  }

  render() {
    const ms = this.matchers.filter((m) => m.name);
    const affected = this.alerts && ms.length ? this.alerts.filter((a) => a.state === 'firing' && ms.every((m) => matches(a.labels || {}, m))) : [];
    const end = (this.startsAt || Date.now()) + (parseDuration(this.duration) || 0) * 1000;
    return html`
      <h1>${this.silenceId ? 'Edit silence' : 'New silence'}</h1>
      <form class="panel silence-form" @submit=${(e) => { e.preventDefault(); this.save(); }}>
        <fieldset><legend>Alerts whose labels match all of</legend>
          ${this.matchers.map((m, i) => html`<div class="matcher-row">
            <input class="text" aria-label="label name" placeholder="label" .value=${m.name} data-field="name"
              @input=${(e) => this.setMatcher(i, { name: e.target.value.trim() })}>
            <select class="select" aria-label="operator" @change=${(e) => this.setMatcher(i, { isRegex: e.target.value.endsWith('~'), isEqual: !e.target.value.startsWith('!') })}>
              ${OPS.map((op) => html`<option ?selected=${op === opOf(m)}>${op}</option>`)}
            </select>
            <input class="text" aria-label="value" placeholder="value" .value=${m.value} data-field="value" style="flex:1"
              @input=${(e) => this.setMatcher(i, { value: e.target.value })}>
            <button type="button" class="icon-btn" title="Remove this matcher" aria-label="Remove this matcher"
              @click=${() => (this.matchers = this.matchers.filter((_, j) => j !== i))}>✕</button>
          </div>`)}
          <button type="button" class="btn" id="add-matcher" @click=${() => (this.matchers = [...this.matchers, { name: '', value: '', isRegex: false, isEqual: true }])}>Add matcher</button>
        </fieldset>
        <div class="form-row">
          <label>Duration <input class="text" id="silence-duration" .value=${this.duration} size="8"
            @input=${(e) => (this.duration = e.target.value.trim())}></label>
          <span class="muted">${parseDuration(this.duration) > 0 ? `until ${formatTime(end)}` : 'e.g. 30m, 2h, 1d'}</span>
          ${[['1h', '1h'], ['4h', '4h'], ['1d', '1d'], ['1w', '1w']].map(([d, label]) => html`<button type="button" class="btn" @click=${() => (this.duration = d)}>${label}</button>`)}
        </div>
        <div class="form-row">
          <label>Created by <input class="text" id="silence-author" .value=${this.createdBy} @input=${(e) => (this.createdBy = e.target.value)}></label>
        </div>
        <label class="form-block">Comment <textarea id="silence-comment" rows="2" .value=${this.comment}
          @input=${(e) => (this.comment = e.target.value)} placeholder="Why, and a ticket or runbook link"></textarea></label>
        <p class="muted" id="silence-affected">${this.alerts === null ? '' : html`${affected.length} firing alert${affected.length === 1 ? '' : 's'} match now${affected.length
          ? html`: ${affected.slice(0, 5).map((a) => html`<span class="chip">${a.labels.alertname}</span>`)}${affected.length > 5 ? ' …' : ''}` : ''}.`}</p>
        ${this.error ? html`<div class="error-box" role="alert" id="silence-error">${this.error}</div>` : ''}
        <div class="toolbar" style="margin:12px 0 0">
          <button class="btn primary" id="save-silence" ?disabled=${this.saving}>${this.silenceId ? 'Save' : 'Create'}</button>
          <a class="btn" href="/silences">Cancel</a>
        </div>
      </form>`;
  }
}

customElements.define('vigil-silences', VigilSilences);
customElements.define('silence-form', SilenceForm);
