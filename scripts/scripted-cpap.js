#!/usr/bin/env node
// Writes the scoring spec's validation recordings T01-T10 (cpap-scoring.md §12) and their truth to a
// folder: DIR/T01.txt + DIR/T01.truth.json, ... Run with tsx (it imports the TypeScript core):
//   node --import tsx scripts/scripted-cpap.js DIR [--seed N] [--only T02,T07]
import fs from 'node:fs';
import path from 'node:path';
import { scriptedCpap } from '../src/core/scripted.ts';
import { SCRIPTED_CASE_IDS, scriptedCase } from '../src/core/scripted-cases.ts';

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && !['--seed', '--only'].includes(args[i - 1]));
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const seed = Number(opt('--seed') ?? 1);
const only = opt('--only')?.split(',');
if (!dir || !Number.isInteger(seed) || (only && only.some((id) => !SCRIPTED_CASE_IDS.includes(id)))) {
  console.error(`usage: node --import tsx scripts/scripted-cpap.js DIR [--seed N] [--only ${SCRIPTED_CASE_IDS.join(',')}]`);
  process.exit(2);
}
fs.mkdirSync(dir, { recursive: true });
for (const id of only ?? SCRIPTED_CASE_IDS) {
  const { text, truth } = scriptedCpap(scriptedCase(id, seed));
  fs.writeFileSync(path.join(dir, `${id}.txt`), text);
  fs.writeFileSync(path.join(dir, `${id}.truth.json`), JSON.stringify(truth, null, 2) + '\n');
  console.log(`${id}: ${truth.events.length} events, ${(text.length / 1e6).toFixed(1)} MB`);
}
