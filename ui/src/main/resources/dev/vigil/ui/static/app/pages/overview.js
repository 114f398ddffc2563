// Overview, the landing page: health at a glance, in numbers big enough to read across a room.
// Targets up and down, firing alerts by severity, probe uptime over 24 hours, the monitored hosts'
// CPU, memory, disk and network (node_exporter metric names), and Vigil's own ingest rate.
// Refreshes every 15 seconds.
import { html } from 'lit';
import { PollingElement } from '../element.js';
import { request, query, queryRange, ApiError } from '../api.js';
import { formatValue } from '../format.js';
import { autoStep } from '../components/time-picker.js';
import { matrixToSeries } from '../components/vigil-chart.js';

const FS_FILTER = 'fstype!~"tmpfs|ramfs|overlay|squashfs|nsfs|devtmpfs"';

const PUSHED = 'sum(rate(vigil_ingest_samples_total[2m]))';
const SCRAPED = 'sum(sum_over_time(scrape_samples_scraped[2m])) / 120';

/** The PromQL behind each figure; one place to read what the page shows. */
export const QUERIES = {
  // Idle time over all CPU time: right even while the 2m window is only partly filled.
  cpu:
    '100 * (1 - sum by (instance) (rate(node_cpu_seconds_total{mode="idle"}[2m]))'
    + ' / sum by (instance) (rate(node_cpu_seconds_total[2m])))',
  memory: '100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes)',
  disk: `max by (instance) (100 * (1 - node_filesystem_avail_bytes{${FS_FILTER}} / node_filesystem_size_bytes{${FS_FILTER}}))`,
  netRx: 'sum by (instance) (rate(node_network_receive_bytes_total{device!="lo"}[2m]))',
  netTx: 'sum by (instance) (rate(node_network_transmit_bytes_total{device!="lo"}[2m]))',
  // Each probe's share of successful checks over 24 hours, and whether the last one succeeded.
  probeUptime: 'avg_over_time(probe_success[24h])',
  probeNow: 'probe_success',
  // Pushed samples plus scraped samples, per second; either part may be missing.
  ingest: `(${PUSHED} + ${SCRAPED}) or ${PUSHED} or ${SCRAPED}`,
};

const SEVERITIES = ['critical', 'warning', 'info'];

function byInstance(data) {
  const out = new Map();
  for (const r of data?.result || []) out.set(r.metric.instance || '', Number(r.value[1]));
  return out;
}

class VigilOverview extends PollingElement {
  static properties = {
    route: { attribute: false },
    targets: { state: true },
    alerts: { state: true },
    hosts: { state: true },
    ingest: { state: true },
    probes: { state: true },
    charts: { state: true },
    errors: { state: true },
  };

  constructor() {
    super();
    this.targets = null; // {up, total, down: [...]}
    this.alerts = null; // {available, firing: {severity: n}, pending}
    this.hosts = null; // [{instance, cpu, memory, disk, rx, tx}]
    this.ingest = null; // samples per second
    this.probes = null; // [{job, instance, uptime, up}]
    this.charts = { cpu: [], memory: [], ingest: [] };
    this.errors = {};
    this.pollMs = 15000;
  }

  async load() {
    const errors = {};
    const end = Date.now() / 1000;
    const start = end - 3600;
    const step = autoStep(start, end, 120);
    const [targets, alerts, cpu, memory, disk, rx, tx, ingest, probeUptime, probeNow, cpuRange, memRange, ingestRange] = await Promise.allSettled([
      request('/api/v1/targets', { state: 'active' }),
      request('/api/v1/alerts'),
      query(QUERIES.cpu),
      query(QUERIES.memory),
      query(QUERIES.disk),
      query(QUERIES.netRx),
      query(QUERIES.netTx),
      query(QUERIES.ingest),
      query(QUERIES.probeUptime),
      query(QUERIES.probeNow),
      queryRange(QUERIES.cpu, start, end, step),
      queryRange(QUERIES.memory, start, end, step),
      queryRange(QUERIES.ingest, start, end, step),
    ]);
    if (targets.status === 'fulfilled') {
      const list = targets.value.activeTargets;
      this.targets = {
        total: list.length,
        up: list.filter((t) => t.health === 'up').length,
        down: list.filter((t) => t.health === 'down'),
      };
    } else errors.targets = targets.reason.message;

    if (alerts.status === 'fulfilled') {
      const firing = {};
      let pending = 0;
      for (const a of alerts.value.alerts || []) {
        if (a.state === 'pending') pending++;
        if (a.state !== 'firing') continue;
        const sev = SEVERITIES.includes(a.labels?.severity) ? a.labels.severity : 'other';
        firing[sev] = (firing[sev] || 0) + 1;
      }
      this.alerts = { available: true, firing, pending };
    } else if (alerts.reason instanceof ApiError && alerts.reason.status === 404) {
      this.alerts = { available: false };
    } else errors.alerts = alerts.reason.message;

    if (cpu.status === 'fulfilled' && memory.status === 'fulfilled') {
      const maps = [cpu, memory, disk, rx, tx].map((r) => (r.status === 'fulfilled' ? byInstance(r.value) : new Map()));
      const instances = new Set(maps.flatMap((m) => [...m.keys()]));
      this.hosts = [...instances].sort().map((instance) => ({
        instance,
        cpu: maps[0].get(instance),
        memory: maps[1].get(instance),
        disk: maps[2].get(instance),
        rx: maps[3].get(instance),
        tx: maps[4].get(instance),
      }));
    } else errors.hosts = (cpu.reason || memory.reason).message;

    if (ingest.status === 'fulfilled') {
      this.ingest = Number(ingest.value.result[0]?.value[1] ?? 0);
    } else errors.ingest = ingest.reason.message;

    if (probeUptime.status === 'fulfilled') {
      const now = new Map();
      if (probeNow.status === 'fulfilled') {
        for (const r of probeNow.value.result || []) now.set(`${r.metric.job}\u0000${r.metric.instance}`, Number(r.value[1]));
      }
      this.probes = (probeUptime.value.result || []).map((r) => ({
        job: r.metric.job,
        instance: r.metric.instance,
        uptime: Number(r.value[1]),
        up: now.get(`${r.metric.job}\u0000${r.metric.instance}`) === 1,
      })).sort((x, y) => x.uptime - y.uptime);
    } else errors.probes = probeUptime.reason.message;

    const series = (r, legend) => (r.status === 'fulfilled' ? matrixToSeries(r.value.result, step, legend) : []);
    this.charts = {
      cpu: series(cpuRange, '{{instance}}'),
      memory: series(memRange, '{{instance}}'),
      ingest: series(ingestRange, 'samples/s'),
    };
    this.errors = errors;
  }

  tile(id, label, value, sub, cls = '') {
    const loading = value === null || value === undefined;
    return html`<div class="tile ${loading ? '' : cls}" id=${id}>
      <span class="label">${label}</span>
      <span class="value ${loading ? 'skeleton' : ''}">${loading ? '000' : value}</span>
      <span class="sub">${sub}</span>
    </div>`;
  }

  renderTiles() {
    const t = this.targets;
    const targetTile = this.errors.targets
      ? this.tile('tile-targets', 'Targets up', '?', this.errors.targets, 'bad')
      : this.tile(
          'tile-targets',
          'Targets up',
          t ? html`${t.up}<small>/ ${t.total}</small>` : null,
          t ? (t.down.length ? `${t.down.length} down: ${t.down.slice(0, 3).map((d) => d.labels.instance).join(', ')}` : t.total ? 'all targets healthy' : 'no scrape targets') : '',
          t ? (t.down.length ? 'bad' : 'ok') : '',
        );

    const a = this.alerts;
    let alertTile;
    if (this.errors.alerts) alertTile = this.tile('tile-alerts', 'Firing alerts', '?', this.errors.alerts, 'bad');
    else if (a && !a.available) alertTile = this.tile('tile-alerts', 'Firing alerts', '–', 'alerting rules are not available in this version yet');
    else {
      const total = a ? Object.values(a.firing).reduce((x, y) => x + y, 0) : null;
      const parts = a ? [...SEVERITIES, 'other'].filter((s) => a.firing[s]).map((s) => html`<span class="badge ${s}">${a.firing[s]} ${s}</span> `) : '';
      alertTile = this.tile(
        'tile-alerts',
        'Firing alerts',
        total,
        a ? (total ? parts : html`none firing${a.pending ? `, ${a.pending} pending` : ''}`) : '',
        a ? (a.firing.critical ? 'bad' : total ? 'warn' : 'ok') : '',
      );
    }

    const hosts = this.hosts;
    const hostTile = this.tile('tile-hosts', 'Hosts', this.errors.hosts ? '?' : hosts ? hosts.length : null,
      hosts ? (hosts.length ? 'reporting node metrics' : 'no host metrics yet') : this.errors.hosts || '');

    const ingestTile = this.tile('tile-ingest', 'Ingest, samples/s',
      this.errors.ingest ? '?' : this.ingest === null ? null : formatValue(this.ingest),
      this.errors.ingest || 'pushed and scraped, last 2 minutes');
    const p = this.probes;
    let probeTile;
    if (this.errors.probes) probeTile = this.tile('tile-probes', 'Probe uptime, 24 h', '?', this.errors.probes, 'bad');
    else if (p && !p.length) probeTile = this.tile('tile-probes', 'Probe uptime, 24 h', '–', 'no probes configured');
    else {
      const worst = p ? p[0] : null;
      const pct = (v) => `${(v * 100).toFixed(v >= 0.99 ? 2 : 1)}%`;
      const up = p ? p.filter((x) => x.up).length : 0;
      probeTile = this.tile(
        'tile-probes',
        'Probe uptime, 24 h',
        worst ? pct(worst.uptime) : null,
        worst ? `lowest: ${worst.job}; ${up}/${p.length} succeeding now` : '',
        worst ? (worst.uptime >= 0.999 && up === p.length ? 'ok' : worst.uptime >= 0.99 ? 'warn' : 'bad') : '',
      );
    }
    return html`<div class="grid tiles">${targetTile}${alertTile}${probeTile}${hostTile}${ingestTile}</div>`;
  }

  renderHosts() {
    const hosts = this.hosts;
    if (hosts === null) return html`<div class="panel skeleton" style="height:120px"></div>`;
    if (!hosts.length) {
      return html`<div class="empty" id="no-hosts"><strong>No host metrics yet</strong>
        CPU, memory, disk and network appear here once Vigil collects this host's metrics or scrapes a
        <code>node_exporter</code> (metric names <code>node_cpu_seconds_total</code>, <code>node_memory_*</code>, …).</div>`;
    }
    const pct = (v) => (v === undefined ? '–' : formatValue(v, 'percent'));
    const level = (v) => (v === undefined ? '' : v >= 90 ? 'bad' : v >= 75 ? 'warn' : 'ok');
    return html`<div class="table-wrap"><table class="data hosts" id="hosts">
      <thead><tr><th>Host</th><th>CPU</th><th>Memory</th><th>Disk (fullest)</th><th class="hide-phone">Network in / out</th></tr></thead>
      <tbody>${hosts.map((h) => html`<tr>
        <td><strong>${h.instance || '(no instance label)'}</strong></td>
        <td class="num big ${level(h.cpu)}">${pct(h.cpu)}</td>
        <td class="num big ${level(h.memory)}">${pct(h.memory)}</td>
        <td class="num big ${level(h.disk)}">${pct(h.disk)}</td>
        <td class="num hide-phone">${formatValue(h.rx, 'bytes/s')} / ${formatValue(h.tx, 'bytes/s')}</td>
      </tr>`)}</tbody>
    </table></div>`;
  }

  render() {
    const hasHosts = this.hosts && this.hosts.length;
    return html`
      <h1>Overview</h1>
      ${this.renderTiles()}
      <section class="section panel">
        <h2>Hosts</h2>
        ${this.renderHosts()}
      </section>
      <div class="grid two-col section">
        ${hasHosts
          ? html`<section class="panel"><h2>CPU busy, last hour</h2>
              <vigil-chart class="small" id="chart-cpu" .series=${this.charts.cpu} unit="percent" min="0" max="100"></vigil-chart></section>
              <section class="panel"><h2>Memory used, last hour</h2>
              <vigil-chart class="small" id="chart-memory" .series=${this.charts.memory} unit="percent" min="0" max="100"></vigil-chart></section>`
          : ''}
        <section class="panel"><h2>Vigil ingest rate, last hour</h2>
          <vigil-chart class="small" id="chart-ingest" .series=${this.charts.ingest} unit="/s" .legend=${false}
            empty-text="No samples ingested in the last hour."></vigil-chart></section>
      </div>
    `;
  }
}

customElements.define('vigil-overview', VigilOverview);
