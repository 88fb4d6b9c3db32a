// The benchmark's input: a deterministic synthetic 8-hour night (2.88 M lines, ~110 MB) in .bench/,
// generated once from the built core and reused while it is complete.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
export const NIGHT_FILE = path.join(ROOT, '.bench', 'night-8h.txt');
const NIGHT = { seconds: 8 * 3600, seed: 2026, rate: 100 };

export async function ensureNightFile() {
  const marker = NIGHT_FILE + '.done';
  if (fs.existsSync(marker) && fs.existsSync(NIGHT_FILE)) return NIGHT_FILE;
  const { syntheticCpapText } = await import(path.join(ROOT, 'dist/node/core.js'));
  fs.mkdirSync(path.dirname(NIGHT_FILE), { recursive: true });
  const out = fs.createWriteStream(NIGHT_FILE);
  const t0 = performance.now();
  for (const block of syntheticCpapText(NIGHT, 20000)) {
    if (!out.write(block)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  fs.writeFileSync(marker, '');
  const mb = fs.statSync(NIGHT_FILE).size / 1e6;
  console.log(`generated ${path.relative(ROOT, NIGHT_FILE)}: ${mb.toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return NIGHT_FILE;
}
