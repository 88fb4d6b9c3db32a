// Runs in Chromium (served by Vite, see bench/support.js): the bare byte parse (bench worker) and
// the whole analysis (the production worker, through the library's client) of the night file on one
// worker and on a pool of two (runs alternated), and the longest main-thread task while the workers
// analyse. Driven by bench/core.js.
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
    /** From bench/core.js: CPU ms of each worker thread so far, by thread id. */
    __benchCpu?: () => Promise<Record<string, number>>;
    __benchBrowserCpu?: () => Promise<number>;
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
  const client = new CpapWorkerClient({ workers: 1 }).acquire();
  // Ranges of at least 1 MB, so the short mode's 3 MB night is split too (the 111 MB night is anyway).
  const pool = new CpapWorkerClient({ workers: 2, minChunkBytes: 1 << 20 }).acquire();
  const parser = parseWorker();

  // Warm the workers (module load, JIT) on a small slice; the pool on its parallel path.
  const warm = file.slice(0, Math.min(2_000_000, Math.ceil(file.size / 4)));
  await client.analyze(warm);
  await pool.analyze(file.slice(0, Math.min(file.size, 8_000_000)));
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
  const parallel: number[] = [];
  const noScoring: number[] = [];
  let metrics: Record<string, unknown> = {};
  let identical = true;
  const timings: Record<string, unknown>[] = [];
  const wasmOne: number[] = [];
  const wasmTwo: number[] = [];
  const timed = async (on: CpapWorkerClient, into: number[], scoring?: false, wasm = false) => {
    const cpu0 = (await window.__benchCpu?.()) ?? {};
    const browser0 = await window.__benchBrowserCpu?.();
    const t0 = performance.now();
    window.__analysisStart ??= t0;
    const r = await on.analyze(file, { envelopeWidth: 1600, onProgress: () => {}, scoring, wasm });
    into.push(performance.now() - t0);
    const cpu1 = (await window.__benchCpu?.()) ?? {};
    const browserMs = browser0 === undefined ? undefined : (await window.__benchBrowserCpu!()) - browser0;
    // Each worker's CPU for this run, the busiest first (a pool worker that did nothing is left out).
    const cpuMs = Object.keys(cpu1).map((tid) => cpu1[tid]! - (cpu0[tid] ?? 0)).filter((ms) => ms > 0).sort((a, b) => b - a);
    const { timing, ...rest } = r.metrics;
    timings.push({ workers: on.workers, scoring: scoring !== false, wasm, cpuMs, browserMs, ...timing });
    return JSON.stringify(rest);
  };
  for (let i = 0; i < runs; i++) {
    const one = await timed(client, analysis);
    const two = await timed(pool, parallel);
    await timed(client, noScoring, false); // the same night on one worker without the clinical scoring
    // The WebAssembly parse kernel (wasm: true; this page has no CSP to refuse it), on one worker and two.
    const oneWasm = await timed(client, wasmOne, undefined, true);
    const twoWasm = await timed(pool, wasmTwo, undefined, true);
    identical &&= one === two && one === oneWasm && one === twoWasm;
    metrics = JSON.parse(one);
  }
  running = false;
  await new Promise((r) => setTimeout(r, 100));
  observer.disconnect();
  client.release();
  pool.release();

  const { breath_times: _b, invalid_lines: _i, apnea_spans: _a, ...summary } = metrics;
  return {
    bytes: file.size,
    parseMs: Math.min(...parse),
    analysisMs: Math.min(...analysis),
    analysisRunsMs: analysis,
    parallelMs: Math.min(...parallel),
    parallelRunsMs: parallel,
    parallelIdentical: identical,
    noScoringMs: Math.min(...noScoring),
    noScoringRunsMs: noScoring,
    wasmOneRunsMs: wasmOne,
    wasmTwoRunsMs: wasmTwo,
    cores: navigator.hardwareConcurrency,
    timings,
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
