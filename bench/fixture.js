// The benchmark's input: a deterministic synthetic night in .bench/, generated once from the built
// core and reused while it is complete: 8 hours (2.88 M lines, ~110 MB), or 15 minutes in short mode.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const NIGHTS = {
  full: { file: 'night-8h.txt', seconds: 8 * 3600 },
  short: { file: 'night-15min.txt', seconds: 15 * 60 },
};

/** Path of the night file (generated on first use). */
export async function ensureNightFile(short = false) {
  const night = short ? NIGHTS.short : NIGHTS.full;
  const file = path.join(ROOT, '.bench', night.file);
  const marker = file + '.done';
  if (fs.existsSync(marker) && fs.existsSync(file)) return file;
  const { syntheticCpapText } = await import(path.join(ROOT, 'dist/node/core.js'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file);
  const t0 = performance.now();
  for (const block of syntheticCpapText({ seconds: night.seconds, seed: 2026, rate: 100 }, 20000)) {
    if (!out.write(block)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  fs.writeFileSync(marker, '');
  const mb = fs.statSync(file).size / 1e6;
  console.log(`generated ${path.relative(ROOT, file)}: ${mb.toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}
