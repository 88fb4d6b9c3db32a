// Runs in Chromium (served by Vite, see bench/support.js): the bare byte parse (bench worker) and
// the whole analysis (the production worker, through the library's client) of the night file, and
// the longest main-thread task while the worker analyses. Driven by bench/core.js.
import { wrap } from 'comlink';
import { CpapWorkerClient } from '../../src/worker/client.ts';
import type { ParseWorkerApi } from './parse.worker.ts';

declare global {
  interface Window {
    __benchReady?: boolean;
    __benchResult?: unknown;
    __benchError?: string;
    __startAnalysis?: () => void;
    __analysisStart?: number;
  }
}

const params = new URLSearchParams(location.search);
const fileUrl = params.get('file') ?? '/__bench/night-8h.txt';
const runs = Number(params.get('runs') ?? 3);

/** The bench worker, whose load failure rejects the call instead of leaving it waiting. */
function parseWorker() {
  const worker = new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module', name: 'cpap-parse-bench' });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(`the parse worker failed: ${e.message || 'it did not load'}`)));
  });
  const remote = wrap<ParseWorkerApi>(worker);
  return {
    parseOnly: (file: File) => Promise.race([remote.parseOnly(file), failed]),
    terminate: () => worker.terminate(),
  };
}

async function run() {
  const response = await fetch(fileUrl);
  if (!response.ok) throw new Error(`${fileUrl}: HTTP ${response.status}`);
  const file = new File([await response.blob()], 'night.txt', { type: 'text/plain' });
  const client = new CpapWorkerClient().acquire();
  const parser = parseWorker();

  // Warm both workers (module load, JIT) on a small slice.
  const warm = file.slice(0, Math.min(2_000_000, Math.ceil(file.size / 4)));
  await client.analyze(warm);
  await parser.parseOnly(new File([warm], 'warm.txt'));

  const parse: number[] = [];
  for (let i = 0; i < runs; i++) parse.push((await parser.parseOnly(file)).ms);
  parser.terminate();

  const longTasks: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask' });

  // Frames the page painted while the worker ran: gaps between animation frames.
  let maxFrameGap = 0;
  let frames = 0;
  let running = true;
  let lastFrame = performance.now();
  const tick = (t: number) => {
    maxFrameGap = Math.max(maxFrameGap, t - lastFrame);
    lastFrame = t;
    frames++;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);

  window.__benchReady = true;
  await new Promise<void>((r) => (window.__startAnalysis = r));

  const analysis: number[] = [];
  let metrics: Record<string, unknown> = {};
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    window.__analysisStart ??= t0;
    const r = await client.analyze(file, { envelopeWidth: 1600, onProgress: () => {} });
    analysis.push(performance.now() - t0);
    metrics = r.metrics as unknown as Record<string, unknown>;
  }
  running = false;
  await new Promise((r) => setTimeout(r, 100));
  observer.disconnect();
  client.release();

  const { breath_times: _b, invalid_lines: _i, apnea_spans: _a, ...summary } = metrics;
  return {
    bytes: file.size,
    parseMs: Math.min(...parse),
    analysisMs: Math.min(...analysis),
    longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
    longTasks: longTasks.length,
    maxFrameGapMs: maxFrameGap,
    frames,
    metrics: summary,
  };
}

run().then(
  (result) => {
    document.getElementById('out')!.textContent = JSON.stringify(result, null, 2);
    window.__benchResult = result;
  },
  (error: unknown) => {
    window.__benchError = error instanceof Error ? error.message : String(error);
  },
);
