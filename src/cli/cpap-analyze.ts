/**
 * `cpap-analyze FILE... [--out DIR] [--threads N] [--preset P] [--vent-curve P4,F4,P20,F20]`: the analysis
 * core in Node. Prints the metrics of each file as JSON (the worker's result minus the big arrays) with
 * its `clinical` scoring (cpap-scoring.md; preset aasm by default); with --out, writes DIR/<name>.json instead.
 * The files are spread over worker threads (one night cut into chunks; several nights one per thread).
 * Exits 1 with a one-line error on stderr when a file cannot be read or holds no data.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CpapMetrics } from '../core/analyze.ts';
import { checkScoringOptions, parseVentCurve } from '../core/scoring/presets.ts';
import { clinicalSummary, type ClinicalSummary } from '../core/scoring/summary.ts';
import { SCORING_PRESETS, type ScoringOptions, type ScoringPresetName } from '../core/scoring/types.ts';
import { analyzeMany } from '../node/parallel.ts';
import { threadCount } from '../node/pool.ts';

const USAGE = `usage: cpap-analyze [--out DIR] [--threads N] [--preset ${SCORING_PRESETS.join('|')}] [--vent-curve P4,F4,P20,F20] FILE...`;

interface Args {
  files: string[];
  outDir?: string;
  /** Worker threads; default the cores, at most 8. */
  threads?: number;
  scoring: ScoringOptions;
}

/** An option's value through the analysis's own check (`threadCount`, `checkScoringOptions`): its result, or its message named for the option. */
function checked<T>(option: string, check: () => T): T | string {
  try {
    return check();
  } catch (e) {
    return `${option}: ${(e as Error).message}`;
  }
}

function parseArgs(argv: string[]): Args | string {
  const files: string[] = [];
  let outDir: string | undefined;
  let threads: number | undefined;
  const scoring: ScoringOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--preset' || a.startsWith('--preset=')) {
      const p = a === '--preset' ? argv[++i] : a.slice(9);
      const preset = (p ?? '') as ScoringPresetName;
      const bad = checked('--preset', () => checkScoringOptions({ preset }));
      if (typeof bad === 'string') return bad;
      scoring.preset = preset;
    } else if (a === '--vent-curve' || a.startsWith('--vent-curve=')) {
      const curve = parseVentCurve((a === '--vent-curve' ? argv[++i] : a.slice(13)) ?? '');
      if (typeof curve === 'string') return curve;
      scoring.ventCurve = curve;
    } else if (a === '--threads' || a.startsWith('--threads=')) {
      const raw = (a === '--threads' ? argv[++i] : a.slice(10)) ?? '';
      // Anything but digits goes to the check as typed, so its message names what was given.
      const n = checked('--threads', () => threadCount(/^\d+$/.test(raw) ? Number(raw) : (raw as unknown as number)));
      if (typeof n === 'string') return n;
      threads = n;
    } else if (a === '--out' || a === '-o') {
      outDir = argv[++i];
      if (!outDir) return '--out needs a directory';
    } else if (a.startsWith('--out=')) outDir = a.slice(6);
    else if (a === '--help' || a === '-h') return USAGE;
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else files.push(a);
  }
  if (files.length === 0) return 'no input file given';
  return { files, outDir, threads, scoring };
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(args === USAGE ? `${USAGE}\n` : `cpap-analyze: ${args}\n${USAGE}\n`);
    return args === USAGE ? 0 : 2;
  }
  let failed = false;
  const results: Array<CpapMetrics & { clinical?: ClinicalSummary }> = [];
  for (const result of await analyzeMany(args.files, { threads: args.threads, analysisOptions: { scoring: args.scoring } })) {
    const file = result.file;
    try {
      if ('error' in result) throw result.error;
      const metrics = result.clinical ? { ...result.metrics, clinical: clinicalSummary(result.clinical) } : result.metrics;
      if (args.outDir) {
        await mkdir(args.outDir, { recursive: true });
        const out = path.join(args.outDir, `${path.basename(file).replace(/\.[^.]*$/, '')}.json`);
        await writeFile(out, JSON.stringify(metrics, null, 2) + '\n');
      } else results.push(metrics);
    } catch (e) {
      failed = true;
      const message = e instanceof Error ? e.message : String(e);
      process.stderr.write(`cpap-analyze: ${path.basename(file)}: ${message.replace(/\s+/g, ' ')}\n`);
    }
  }
  if (!args.outDir && results.length > 0) {
    process.stdout.write(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
