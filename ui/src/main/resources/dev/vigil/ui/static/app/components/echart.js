// The base of Vigil's ECharts elements: loads ECharts once, creates the chart on first render in
// the current theme (recreated when the theme changes), follows the element's size, and exposes
// drawn(), a promise that settles once the latest data has been painted.
import { html } from 'lit';
import { VigilElement } from '../element.js';
import { theme } from '../theme.js';

let echartsModule = null;

/** Starts loading ECharts (once); pages that will chart call this early to overlap the download. */
export function loadECharts() {
  echartsModule ??= import('echarts');
  return echartsModule;
}

export class EChartElement extends VigilElement {
  constructor() {
    super();
    this.chart = null;
    this.lastDraw = Promise.resolve();
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

  /** The overlay over the canvas: a message while loading, when empty, or on error. */
  overlay() {
    return '';
  }

  render() {
    return html`<div class="chart-canvas"></div><div class="chart-overlay">${this.overlay()}</div>`;
  }

  updated() {
    if (this.loading && !this.hasData()) {
      // While the data is on its way (the overlay says so), draw the empty frame once, when the
      // browser is idle: the axes appear early, and ECharts' first, slowest paint (its code is
      // compiled on first use) is done while the page waits for the server rather than after.
      // Repainting the empty chart on every page update would cost time the answers wait for.
      if (!this.chart && !this.framing) {
        this.framing = true;
        const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 1));
        idle(() => {
          this.framing = false;
          if (!this.chart && this.isConnected) this.lastDraw = this.draw();
        }, { timeout: 500 });
      }
      return;
    }
    this.lastDraw = this.draw();
  }

  /** Whether the element has data to draw (an empty chart that is still loading is not drawn). */
  hasData() {
    return true;
  }

  /** Resolves when what the element shows now is on the canvas. */
  async drawn() {
    await this.updateComplete;
    await this.lastDraw;
  }

  async draw() {
    const echarts = await loadECharts();
    const el = this.querySelector('.chart-canvas');
    if (!el || !this.isConnected) return;
    if (!this.chart) {
      this.chart = echarts.init(el, theme() === 'dark' ? 'dark' : null, { renderer: 'canvas' });
      this.onInit(this.chart);
      // A ResizeObserver reports the size it finds when it starts observing, and resize() redraws
      // the whole chart: only a size that differs from the one the chart was drawn at is a resize.
      let size = [el.clientWidth, el.clientHeight];
      this.resizer = new ResizeObserver(() => {
        const now = [el.clientWidth, el.clientHeight];
        if (now[0] === size[0] && now[1] === size[1]) return;
        size = now;
        this.chart?.resize();
      });
      this.resizer.observe(el);
    }
    const t0 = performance.now();
    this.chart.setOption(this.option(), { notMerge: true, lazyUpdate: false });
    this.afterDraw();
    // Main-thread time spent building and painting each chart until a dashboard is first complete
    // (read by the dashboard benchmark; later draws are not recorded, so entries do not pile up).
    if (!performance.getEntriesByName('vigil-dashboard-complete').length) {
      performance.measure('vigil-chart-paint', { start: t0, end: performance.now() });
    }
  }

  /** Called once per chart instance (event handlers). */
  onInit() {}

  /** Called after each setOption. */
  afterDraw() {}

  /** The ECharts option for the current properties. */
  option() {
    return {};
  }

  /** A CSS colour that ECharts can paint: var(--name) resolved against the current theme. */
  static paint(css) {
    const m = /^var\((--[\w-]+)\)$/.exec(css || '');
    return m ? getComputedStyle(document.documentElement).getPropertyValue(m[1]).trim() : css;
  }

  /** The theme's colours that charts use for axes and text. */
  static colors() {
    const style = getComputedStyle(document.documentElement);
    const v = (n) => style.getPropertyValue(n).trim();
    return { muted: v('--muted'), border: v('--border'), text: v('--text'), panel2: v('--panel-2'), accent: v('--accent') };
  }
}
