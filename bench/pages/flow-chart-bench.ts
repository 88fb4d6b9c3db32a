// Bench page for da-flow-chart: time to first draw and per-frame zoom time on 2.9 M samples
// (`?hours=0.5&zoomSteps=10` for the short mode). Run headless by bench/chart.js, or open
// /bench/pages/flow-chart.html under `npx vite`.
import '../../src/elements/flow-chart/define.ts';
import { envelopeByTime } from '../../src/elements/flow-chart/decimate.ts';
import type { DaFlowChart } from '../../src/elements/flow-chart/flow-chart.ts';
import { seededRandom } from '../../src/core/synthetic.ts';

export interface FlowChartBenchResult {
  points: number;
  chartWidth: number;
  /** Setting `data` to uPlot's first `draw` hook, no envelope (the pyramid is built in this time). */
  firstDrawMs: number;
  /** Same with the worker's envelope given (first draw from the envelope, pyramid built later). */
  firstDrawWithEnvelopeMs: number;
  /** Synchronous work per zoom step: `zoomTo` (decimation + uPlot setScale + draw) to the draw hook. */
  zoomSteps: number;
  zoomMs: Stats;
  /** requestAnimationFrame intervals while zooming one step per frame (~16.7 ms when smooth). */
  frameIntervalMs: Stats;
  /** Largest number of points handed to uPlot during the zoom steps. */
  maxPointsDrawn: number;
  /** The three slowest zoom steps (step 1..30 zooms in, 31..60 zooms out). */
  slowestSteps: Array<{ step: number; ms: number }>;
  /** The same zoom steps with `events` set: one scored event every 12 s (apneas and hypopneas in turn). */
  events: number;
  zoomWithEventsMs: Stats;
  frameIntervalWithEventsMs: Stats;
}

interface Stats {
  mean: number;
  p95: number;
  max: number;
}

const params = new URLSearchParams(location.search);
const HZ = 100;
const POINTS = Math.round(Number(params.get('hours') ?? 8) * 3600 * HZ);
const ZOOM_STEPS = Number(params.get('zoomSteps') ?? 60);


/** Breathing-like flow (m³/s): a slowly drifting breath rate, 20 s pauses every ~10 min, noise. */
function syntheticNight(): { time: Float64Array; flow: Float64Array; breaths: number[]; apneas: Array<[number, number]> } {
  const rand = seededRandom(20261121);
  const time = new Float64Array(POINTS);
  const flow = new Float64Array(POINTS);
  const breaths: number[] = [];
  const apneas: Array<[number, number]> = [];
  let phase = 0;
  let apneaUntil = -1;
  for (let i = 0; i < POINTS; i++) {
    const t = i / HZ;
    time[i] = t;
    if (i % (600 * HZ) === 300 * HZ) {
      apneaUntil = t + 20;
      apneas.push([t, apneaUntil]);
    }
    const rate = 0.25 + 0.03 * Math.sin((2 * Math.PI * t) / 1800); // breaths per second
    const before = phase;
    phase += rate / HZ;
    if (Math.floor(phase) > Math.floor(before) && t >= apneaUntil) breaths.push(t);
    const amplitude = t < apneaUntil ? 0.00003 : 0.0005;
    flow[i] = amplitude * Math.sin(2 * Math.PI * phase) + 0.00002 * (rand() - 0.5);
  }
  return { time, flow, breaths, apneas };
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0;
  const round = (v: number) => Math.round(v * 100) / 100;
  return { mean: round(mean), p95: round(p95), max: round(sorted[sorted.length - 1] ?? 0) };
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Sets the data and resolves with the ms from the assignment to the first draw hook. */
function timeFirstDraw(chart: DaFlowChart, assign: () => void): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    chart.addEventListener('da-draw', () => resolve(performance.now() - t0), { once: true });
    assign();
  });
}

/** Zooms from the whole night into 5 s around 3 h 10 min and back out, panning as it goes: one step per frame. */
async function zoomRun(chart: DaFlowChart): Promise<{ zoomMs: number[]; intervals: number[]; maxPointsDrawn: number }> {
  const full = chart.fullRange!;
  const zoomMs: number[] = [];
  const intervals: number[] = [];
  let maxPointsDrawn = 0;
  let last = await frame();
  const half = ZOOM_STEPS / 2;
  // 3 h 10 min into the night (40% into a shorter one).
  const anchor = Math.min(3 * 3600 + 600, full.min + (full.max - full.min) * 0.4);
  for (let step = 1; step <= ZOOM_STEPS; step++) {
    const depth = step <= half ? step / half : (ZOOM_STEPS - step) / half;
    const span = (full.max - full.min) * Math.pow(5 / (full.max - full.min), depth);
    const center = anchor + step * 7;
    const t0 = performance.now();
    chart.zoomTo(center - span / 2, center + span / 2);
    zoomMs.push(performance.now() - t0);
    maxPointsDrawn = Math.max(maxPointsDrawn, chart.chart?.data[0].length ?? 0);
    const now = await frame();
    intervals.push(now - last);
    last = now;
  }
  return { zoomMs, intervals, maxPointsDrawn };
}

async function run(): Promise<FlowChartBenchResult> {
  await customElements.whenDefined('da-flow-chart');
  const chart = document.querySelector('da-flow-chart')!;
  await chart.updateComplete;
  await frame();
  await frame();
  const night = syntheticNight();

  const firstDrawMs = await timeFirstDraw(chart, () => {
    chart.data = { time: night.time, flow: night.flow };
  });

  // As the dashboard does: the worker's envelope for the chart's width comes with the columns.
  const envelope = envelopeByTime(night.time, night.flow, 0, night.time[POINTS - 1]!, chart.clientWidth);
  const copy = { time: night.time.slice(), flow: night.flow.slice() };
  await frame();
  const firstDrawWithEnvelopeMs = await timeFirstDraw(chart, () => {
    chart.envelope = envelope;
    chart.data = copy;
  });
  chart.breathTimes = night.breaths;
  chart.apneaSpans = night.apneas;
  await chart.updateComplete;
  await new Promise((r) => setTimeout(r, 50)); // let the deferred pyramid build run
  await frame();

  const { zoomMs, intervals, maxPointsDrawn } = await zoomRun(chart);
  // Thousands of scored events as bands (the clinical view's chart), the same zoom steps again.
  const full = chart.fullRange!;
  chart.events = Array.from({ length: Math.floor((full.max - full.min - 20) / 12) }, (_, i) => ({
    start: full.min + 10 + i * 12, end: full.min + 20 + i * 12, kind: i % 2 ? 'hypopnea' : 'apnea',
  }));
  chart.resetZoom();
  await chart.updateComplete;
  await frame();
  const withEvents = await zoomRun(chart);

  return {
    points: POINTS,
    chartWidth: chart.clientWidth,
    firstDrawMs: Math.round(firstDrawMs * 100) / 100,
    firstDrawWithEnvelopeMs: Math.round(firstDrawWithEnvelopeMs * 100) / 100,
    zoomSteps: ZOOM_STEPS,
    zoomMs: stats(zoomMs),
    frameIntervalMs: stats(intervals),
    maxPointsDrawn,
    slowestSteps: zoomMs
      .map((ms, step) => ({ step: step + 1, ms: Math.round(ms * 100) / 100 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3),
    events: chart.events.length,
    zoomWithEventsMs: stats(withEvents.zoomMs),
    frameIntervalWithEventsMs: stats(withEvents.intervals),
  };
}

run().then(
  (result) => {
    (window as unknown as { __benchResult: FlowChartBenchResult }).__benchResult = result;
    document.getElementById('out')!.textContent = JSON.stringify(result, null, 2);
    console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  },
  (error: unknown) => {
    (window as unknown as { __benchError: string }).__benchError = String(error);
    console.error('bench failed', error);
  },
);
