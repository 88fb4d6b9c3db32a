#!/usr/bin/env node
// Every core on the night, and a ward's nights at once (issue 15), in Node from the built dist/node:
// the night on 1 thread and on every core (in one process, with and without the clinical scoring);
// where one thread beats the pool (file sizes); the CLI's whole process against the pandas reference
// (../shared/bench/pandas_reference.py, Debian's python3-pandas, skipped with a note without it);
// 6 nights through one cpap-analyze call, six single calls, one by one in one process; peak memory
// (RSS high-water of the process; the threads are in it); the machine's own ceiling for two at once
// (two processes, and two threads of one process, against one alone). `node bench/parallel.js [--short]`
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureNightFile } from './fixture.js';
import { ROOT, SHORT, runBench, watchdog } from './support.js';

const CLI = path.join(ROOT, 'bin/cpap-analyze.js');
const PANDAS = path.resolve(ROOT, '../shared/bench/pandas_reference.py');
const PYTHON = '/usr/bin/python3';
const TIME = '/usr/bin/time';
const RUNS = SHORT ? 1 : 3;
const NIGHTS = 6;

// ---------------------------------------------------------------- child: one analysis in this process
async function child(mode, file, threads, scoring, parser = 'wasm') {
  const { analyzeFileParallel, analyzeMany } = await import(path.join(ROOT, 'dist/node/node.js'));
  const analysisOptions = scoring === 'on' ? undefined : { scoring: false };
  const t0 = performance.now();
  if (mode === 'analyze') {
    const { metrics } = await analyzeFileParallel(file, { threads: Number(threads), minParallelBytes: 0, analysisOptions, wasm: parser === 'wasm' });
    console.log(JSON.stringify({ ms: performance.now() - t0, breaths: metrics.breaths, samples: metrics.samples }));
  } else {
    // The CLI without the clinical scoring: the same call and the same JSON on stdout.
    const [r] = await analyzeMany([file], { analysisOptions });
    process.stdout.write(JSON.stringify(r.metrics, null, 2) + '\n');
  }
}

// ---------------------------------------------------------------- parent
/**
 * Runs a whole process: wall ms (spawn to exit), its CPU seconds (user + system) and peak RSS in MB
 * (GNU time), stdout. The CPU time is the work done whatever else the machine runs.
 */
function processRun(cmd, args) {
  const hasTime = fs.existsSync(TIME);
  const rssFile = path.join(os.tmpdir(), `bench-parallel-${process.pid}.rss`);
  const t0 = performance.now();
  const r = hasTime
    ? spawnSync(TIME, ['-f', '%U %S %M', '-o', rssFile, cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 600_000 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, timeout: 600_000 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.map((a) => path.basename(a)).join(' ')} failed: ${r.error?.message ?? r.stderr.slice(-500)}`);
  const [user, sys, rss] = hasTime ? fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  fs.rmSync(rssFile, { force: true });
  return { ms, cpuS: user + sys, peakMB: rss / 1024, stdout: r.stdout };
}

/** Copies of one process at once: wall ms from their spawn until the last has exited. */
function processesAtOnce(copies, cmd, args) {
  const t0 = performance.now();
  return Promise.all(
    Array.from({ length: copies }, () => new Promise((resolve, reject) => {
      const p = spawn(cmd, args, { stdio: 'ignore' });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0])} exited with ${code}`))));
    })),
  ).then(() => performance.now() - t0);
}

function inProcess(file, threads, scoring, parser = 'wasm') {
  const r = processRun(process.execPath, [import.meta.filename, '--child', 'analyze', file, String(threads), scoring, parser]);
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), peakMB: r.peakMB, cpuS: r.cpuS };
}

/** `RUNS` runs of `run`: the best (least disturbed) and the range, as text. */
function measure(run) {
  const runs = Array.from({ length: RUNS }, run);
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const cpu = runs.map((r) => r.cpuS).sort((a, b) => a - b);
  return { ...runs.find((r) => r.ms === ms[0]), best: ms[0], worst: ms.at(-1), cpu: [cpu[0], cpu.at(-1)], peak: Math.max(...runs.map((r) => r.peakMB)) };
}
/** Wall time: best (range). */
const fmt = (m) => {
  const s = (x) => (x / 1000).toFixed(2);
  return RUNS > 1 ? `${s(m.best)} s (${s(m.best)}-${s(m.worst)})` : `${s(m.best)} s`;
};
/** The CPU seconds of the process(es), user + system (range): the work, whatever else runs. */
const cpuOf = (m) => (Number.isFinite(m.cpu[0]) ? `; cpu ${m.cpu[0].toFixed(2)}${RUNS > 1 ? `-${m.cpu[1].toFixed(2)}` : ''} s` : '');

/** A copy of the night's first `bytes` (cut at a line end), for the one-thread threshold. */
function prefixFile(night, bytes) {
  const file = path.join(ROOT, '.bench', `night-prefix-${bytes >> 20}MB.txt`);
  if (!fs.existsSync(file)) {
    const fd = fs.openSync(night, 'r');
    const buf = Buffer.alloc(bytes + 4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    fs.writeFileSync(file, buf.subarray(0, buf.subarray(0, Math.min(n, bytes)).lastIndexOf(10) + 1));
  }
  return file;
}

function pandasAvailable() {
  if (!fs.existsSync(PYTHON) || !fs.existsSync(PANDAS)) return false;
  return spawnSync(PYTHON, ['-c', 'import pandas, scipy'], { encoding: 'utf8' }).status === 0;
}

async function main() {
  watchdog('bench/parallel.js', SHORT ? 85 : 1500);
  const night = await ensureNightFile(SHORT);
  const MB = fs.statSync(night).size / 1e6;
  const cores = os.availableParallelism();
  console.log(`\nParallel analysis benchmark (${SHORT ? 'short mode: 15 min night, one run' : `best of ${RUNS}`})`);
  const row = (k, v) => console.log(`  ${k.padEnd(48)}  ${v}`); // each figure as soon as it is measured
  row('file', `${path.relative(ROOT, night)}: ${MB.toFixed(1)} MB; ${cores} cores (os.availableParallelism), ${RUNS} run(s) each: best (range); load average ${os.loadavg()[0].toFixed(1)} at the start`);

  // One night in one process, 1 thread vs every core, with and without the clinical scoring.
  const one = measure(() => inProcess(night, 1, 'off'));
  const all = measure(() => inProcess(night, cores, 'off'));
  const oneScored = measure(() => inProcess(night, 1, 'on'));
  const allScored = measure(() => inProcess(night, cores, 'on'));
  if (one.breaths !== all.breaths || one.samples !== all.samples) throw new Error('1 thread and the pool disagree');
  row('Node night, 1 thread (no scoring)', fmt(one) + cpuOf(one));
  row(`Node night, ${cores} threads (no scoring)`, `${fmt(all)}: ${(one.best / all.best).toFixed(2)}x` + cpuOf(all));
  row('Node night, 1 thread (with scoring)', fmt(oneScored) + cpuOf(oneScored));
  row(`Node night, ${cores} threads (with scoring)`, `${fmt(allScored)}: ${(oneScored.best / allScored.best).toFixed(2)}x` + cpuOf(allScored));
  // The same with the JavaScript parser instead of the WebAssembly kernel (the default above).
  const oneJs = measure(() => inProcess(night, 1, 'on', 'js'));
  const allJs = measure(() => inProcess(night, cores, 'on', 'js'));
  row('Node night, 1 thread (with scoring), JS parse', `${fmt(oneJs)}: the kernel ${(oneJs.best / oneScored.best).toFixed(2)}x faster` + cpuOf(oneJs));
  row(`Node night, ${cores} threads (with scoring), JS parse`, `${fmt(allJs)}: the kernel ${(allJs.best / allScored.best).toFixed(2)}x faster` + cpuOf(allJs));

  // The machine's own ceiling for a two-way split, measured now: the one-thread night as one process,
  // then two copies at once as two processes (nothing shared but the machine), then two nights on two
  // threads of one process (analyzeMany): each as the throughput of two against one alone.
  if (cores >= 2) {
    const single = [process.execPath, [CLI, '--threads', '1', night]];
    const ratios = { processes: [], threads: [] };
    // Two short-mode nights stay under the one-thread threshold (MIN_PARALLEL_BYTES, 32 MB): no threads.
    const threaded = 2 * fs.statSync(night).size >= 32 << 20;
    for (let r = 0; r < RUNS; r++) {
      const alone = processRun(...single).ms;
      ratios.processes.push((2 * alone) / (await processesAtOnce(2, ...single)));
      if (threaded) ratios.threads.push((2 * alone) / processRun(process.execPath, [CLI, '--threads', '2', night, night]).ms);
    }
    const range = (a) => `${Math.min(...a).toFixed(2)}-${Math.max(...a).toFixed(2)}x`;
    row('ceiling: 2 nights at once, 2 processes', `${range(ratios.processes)} the throughput of one night alone (one thread each)`);
    row('ceiling: 2 nights at once, 2 threads', threaded ? `${range(ratios.threads)} (one cpap-analyze call, one process)` : 'not measured: two short nights stay on one thread');
  }

  // Where the pool starts to pay: file sizes, 1 thread vs every core.
  const sizes = SHORT ? [1 << 20] : [1 << 20, 4 << 20, 8 << 20, 16 << 20, 32 << 20];
  const threshold = sizes.map((bytes) => {
    const file = prefixFile(night, bytes);
    const a = measure(() => inProcess(file, 1, 'off'));
    const b = measure(() => inProcess(file, cores, 'off'));
    return `${bytes >> 20} MB ${a.best.toFixed(0)} vs ${b.best.toFixed(0)} ms`;
  });
  row(`small files, 1 vs ${cores} threads`, threshold.join('; '));

  // Whole processes: the CLI against the pandas reference, in the same run.
  const cli = measure(() => processRun(process.execPath, [CLI, night]));
  const cliBare = measure(() => processRun(process.execPath, [import.meta.filename, '--child', 'cli', night, '0', 'off']));
  row('CLI whole process, night (with scoring)', `${fmt(cli)}, peak ${cli.peak.toFixed(0)} MB` + cpuOf(cli));
  row('CLI whole process, night (no scoring)', `${fmt(cliBare)}, peak ${cliBare.peak.toFixed(0)} MB` + cpuOf(cliBare));
  if (pandasAvailable()) {
    const pandas = measure(() => processRun(PYTHON, [PANDAS, night]));
    row('pandas reference whole process, night', `${fmt(pandas)}, peak ${pandas.peak.toFixed(0)} MB` + cpuOf(pandas));
    row('CLI vs pandas (whole processes)', `${(pandas.best / cli.best).toFixed(2)}x with scoring, ${(pandas.best / cliBare.best).toFixed(2)}x without (the reference computes the legacy metrics only); in CPU time ${(pandas.cpu[0] / cli.cpu[0]).toFixed(2)}x and ${(pandas.cpu[0] / cliBare.cpu[0]).toFixed(2)}x`);
  } else {
    row('pandas reference', `skipped: ${PYTHON} has no pandas/scipy (apt-get install python3-pandas python3-scipy)`);
  }

  // Many nights: one call, six single calls, one by one in one process.
  const nights = Array(NIGHTS).fill(night);
  const many = measure(() => processRun(process.execPath, [CLI, ...nights]));
  // One cpap-analyze process per night, one after another: their times and CPU summed, the highest peak.
  const singleCalls = (options) => () => {
    const runs = nights.map((f) => processRun(process.execPath, [CLI, ...options, f]));
    return { ms: runs.reduce((a, r) => a + r.ms, 0), cpuS: runs.reduce((a, r) => a + r.cpuS, 0), peakMB: Math.max(...runs.map((r) => r.peakMB)) };
  };
  const singles = measure(singleCalls([]));
  const singlesOneThread = measure(singleCalls(['--threads', '1']));
  const oneByOne = measure(() => processRun(process.execPath, [CLI, '--threads', '1', ...nights]));
  row(`${NIGHTS} nights, one cpap-analyze call`, `${fmt(many)}, peak ${many.peak.toFixed(0)} MB` + cpuOf(many));
  row(`${NIGHTS} nights, six single calls`, `${fmt(singles)}: one call ${(singles.best / many.best).toFixed(2)}x faster` + cpuOf(singles));
  row(`${NIGHTS} nights, six single calls --threads 1`, `${fmt(singlesOneThread)}: one call ${(singlesOneThread.best / many.best).toFixed(2)}x faster (each call on one core, as before issue 15)` + cpuOf(singlesOneThread));
  row(`${NIGHTS} nights, one by one in one process`, `${fmt(oneByOne)}: one call ${(oneByOne.best / many.best).toFixed(2)}x faster, peak ${oneByOne.peak.toFixed(0)} MB` + cpuOf(oneByOne));

}

if (process.argv[2] === '--child') {
  await child(...process.argv.slice(3));
} else {
  await runBench('bench/parallel.js', main);
}
