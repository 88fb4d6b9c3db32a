// Child process of bench-core.js: the core in Node on one file; prints one JSON line.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const { CpapParser, analyzeCpapStream } = await import(path.join(ROOT, 'dist/node/core.js'));
const file = process.argv[2];
const bytes = fs.statSync(file).size;
const chunks = () => fs.createReadStream(file, { highWaterMark: 1 << 20 });

async function bareParse() {
  const t0 = performance.now();
  let rows = 0;
  const parser = new CpapParser({ row: () => void rows++ });
  for await (const chunk of chunks()) parser.push(chunk);
  parser.finish();
  return { ms: performance.now() - t0, rows };
}

async function analysis() {
  const t0 = performance.now();
  const { metrics } = await analyzeCpapStream(chunks(), { expectedBytes: bytes });
  return { ms: performance.now() - t0, metrics };
}

const mode = process.argv[3];
const runs = 1; // one run per process, so maxRSS is this run's peak
let best;
for (let i = 0; i < runs; i++) {
  const r = mode === 'parse' ? await bareParse() : await analysis();
  if (!best || r.ms < best.ms) best = r;
}
const out = { bytes, ms: best.ms, maxRssMB: process.resourceUsage().maxRSS / 1024 };
if (best.metrics) {
  const { breath_times, invalid_lines, apnea_spans, ...summary } = best.metrics;
  out.metrics = summary;
}
console.log(JSON.stringify(out));
