// Runs in Chromium against the built library: the bare byte parse and the whole analysis of the
// night file in the worker, and the longest main-thread task while the worker analyses.
import { CpapWorkerClient } from '../dist/lib/index.js';

const params = new URLSearchParams(location.search);
const fileUrl = params.get('file') ?? '/.bench/night-8h.txt';
const runs = Number(params.get('runs') ?? 3);
const client = new CpapWorkerClient().acquire();

const blob = await (await fetch(fileUrl)).blob();
const file = new File([blob], 'night.txt', { type: 'text/plain' });

// Warm the worker (module load, JIT) on a small slice.
await client.analyze(file.slice(0, 2_000_000));

const parse = [];
for (let i = 0; i < runs; i++) parse.push((await client.parseOnly(file)).ms);

const longTasks = [];
const longTaskLog = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) { longTasks.push(e.duration); longTaskLog.push({ start: e.startTime - (window.__analysisStart ?? 0), ms: e.duration }); }
});
observer.observe({ type: 'longtask' });

// Frames the page painted while the worker ran: gaps between animation frames.
let maxFrameGap = 0;
let frames = 0;
let running = true;
let lastFrame = performance.now();
const tick = (t) => {
  maxFrameGap = Math.max(maxFrameGap, t - lastFrame);
  lastFrame = t;
  frames++;
  if (running) requestAnimationFrame(tick);
};
requestAnimationFrame(tick);

window.__benchReady = true;
await new Promise((r) => { window.__startAnalysis = r; });

const analysis = [];
const timings = [];
let metrics;
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  window.__analysisStart ??= t0;
  const r = await client.analyze(file, { envelopeWidth: 1600, onProgress: () => {} });
  analysis.push(performance.now() - t0);
  timings.push({ ...r.metrics.timing, wall: performance.now() - t0, endAt: performance.now() - window.__analysisStart });
  metrics = r.metrics;
}
running = false;
await new Promise((r) => setTimeout(r, 100));
observer.disconnect();

const { breath_times, invalid_lines, apnea_spans, ...summary } = metrics;
const result = {
  bytes: file.size,
  parseMs: Math.min(...parse),
  analysisMs: Math.min(...analysis),
  longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
  longTasks: longTasks.length,
  maxFrameGapMs: maxFrameGap,
  frames,
  metrics: summary,
  timings,
  longTaskLog,
};
document.getElementById('out').textContent = JSON.stringify(result, null, 2);
window.__benchResult = result;
client.release();
