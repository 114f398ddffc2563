// <vigil-gauge>: one value on a 240° dial between min and max, the arc coloured by the panel's
// thresholds (the steps' colours between their values), the value in the middle.
import { EChartElement } from './echart.js';
import { formatValue } from '../format.js';

class VigilGauge extends EChartElement {
  static properties = {
    value: { type: Number },
    min: { type: Number },
    max: { type: Number },
    unit: {},
    thresholds: { attribute: false },
    color: {},
  };

  constructor() {
    super();
    this.value = NaN;
    this.min = 0;
    this.max = 100;
    this.unit = '';
    this.thresholds = null;
    this.color = '';
  }

  option() {
    const { muted, panel2, text } = EChartElement.colors();
    const min = this.min, max = this.max > this.min ? this.max : this.min + 1;
    // The arc: each threshold step's colour from its value up to the next step's.
    const steps = (this.thresholds || []).filter((t) => t.value === null || Number.isFinite(t.value));
    const arc = [];
    steps.forEach((t, i) => {
      const next = steps[i + 1];
      const upTo = next ? Math.min(max, Math.max(min, next.value)) : max;
      arc.push([(upTo - min) / (max - min), EChartElement.paint(t.color)]);
    });
    const unit = this.unit;
    return {
      backgroundColor: 'transparent',
      animation: false,
      series: [{
        type: 'gauge',
        min,
        max,
        radius: '95%',
        center: ['50%', '58%'],
        startAngle: 210,
        endAngle: -30,
        progress: { show: true, width: 14, itemStyle: { color: EChartElement.paint(this.color) || muted } },
        axisLine: { lineStyle: { width: arc.length ? 4 : 14, color: arc.length ? arc : [[1, panel2]] } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        anchor: { show: false },
        title: { show: false },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, '5%'],
          fontSize: 26,
          fontWeight: 700,
          color: EChartElement.paint(this.color) || text,
          formatter: () => formatValue(this.value, unit),
        },
        data: [{ value: Number.isFinite(this.value) ? Math.max(min, Math.min(max, this.value)) : min }],
      }],
    };
  }
}

customElements.define('vigil-gauge', VigilGauge);
