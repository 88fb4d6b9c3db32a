// The uPlot options of the flow chart: size, the x scale, axes and series in the theme colours,
// and the hooks through which uPlot reports back to the element.
import type uPlot from 'uplot';
import type { DaZoomDetail } from '../../events.ts';
import type { ChartColors } from './chart-colors.ts';

/** What uPlot calls back into the element for. */
export interface ChartCallbacks {
  /** Before each draw, after the canvas is cleared (re-read the tokens, draw the apnea spans). */
  drawClear(u: uPlot): void;
  /** After each draw. */
  draw(u: uPlot): void;
  /** A drag selection ended. */
  select(u: uPlot): void;
  /** A scale changed (also when set directly on the uPlot instance). */
  scale(u: uPlot, key: string): void;
  /** Double-click on the plot. */
  reset(): void;
}

export interface ChartOptionsInput {
  width: number;
  height: number;
  view: DaZoomDetail;
  xLabel: string;
  yLabel: string;
  label: string;
  /** The colours at creation (the font and label size are fixed from these). */
  colors: ChartColors;
  /** The colours at draw time: uPlot evaluates colour functions on every draw. */
  currentColors: () => ChartColors;
  on: ChartCallbacks;
}

export function chartOptions({ width, height, view, xLabel, yLabel, label, colors, currentColors, on }: ChartOptionsInput): uPlot.Options {
  const fontPx = parseFloat(/(\d+(?:\.\d+)?)px/.exec(colors.font)?.[1] ?? '12');
  // Colours are functions: uPlot evaluates them on every draw, after drawClear re-read the tokens.
  const color = (key: keyof ChartColors) => () => currentColors()[key];
  const axisBase = {
    stroke: color('axis'),
    font: colors.font,
    labelFont: colors.font,
    labelSize: Math.round(fontPx * 1.6),
    grid: { stroke: color('grid'), width: 1 },
    ticks: { stroke: color('grid'), width: 1, size: 5 },
  };
  return {
    width,
    height,
    legend: { show: false },
    cursor: {
      drag: { x: true, y: false, setScale: false },
      points: { show: false },
      bind: {
        dblclick: () => () => {
          on.reset();
          return null;
        },
      },
    },
    scales: {
      x: { time: false, auto: false, min: view.min, max: view.max, range: (_u, lo, hi) => [lo, hi] },
    },
    axes: [
      { ...axisBase, label: xLabel },
      {
        ...axisBase,
        label: yLabel,
        // Flows are ~1e-4 m³/s: uPlot's default labels would round every tick to 0.
        values: (_u, splits, _axis, _space, incr) => formatTicks(splits, incr),
        size: (_u, values) => Math.ceil(Math.max(3, ...(values ?? []).map((v) => String(v).length)) * fontPx * 0.62 + 14),
      },
    ],
    series: [{}, { label, stroke: color('line'), fill: color('fill'), width: 1, points: { show: false } }],
    hooks: {
      drawClear: [(u) => on.drawClear(u)],
      draw: [(u) => on.draw(u)],
      setSelect: [(u) => on.select(u)],
      setScale: [(u, key) => on.scale(u, key)],
    },
  };
}

/** Tick labels with as many decimals as the tick spacing needs (at most 12). */
export function formatTicks(splits: number[], incr: number): string[] {
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(Math.abs(incr) || 1))));
  return splits.map((v) => (v === 0 ? '0' : v.toFixed(decimals)));
}
