/**
 * `cpap-analyze FILE... [--out DIR]`: the analysis core in Node. Prints the metrics of each file as
 * JSON (the worker's result minus the big arrays); with --out, writes DIR/<name>.json instead.
 * Exits 1 with a one-line error on stderr when a file cannot be read or holds no data.
 */
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { analyzeCpapStream, CpapAnalysisError, type CpapMetrics } from '../core/analyze.ts';

const USAGE = 'usage: cpap-analyze [--out DIR] FILE...';

interface Args {
  files: string[];
  outDir?: string;
}

function parseArgs(argv: string[]): Args | string {
  const files: string[] = [];
  let outDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '-o') {
      outDir = argv[++i];
      if (!outDir) return '--out needs a directory';
    } else if (a.startsWith('--out=')) outDir = a.slice(6);
    else if (a === '--help' || a === '-h') return USAGE;
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else files.push(a);
  }
  if (files.length === 0) return 'no input file given';
  return { files, outDir };
}

export async function analyzeFile(file: string): Promise<CpapMetrics> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error('not a regular file');
    size = s.size;
  } catch (e) {
    throw new CpapAnalysisError('read-failed', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  const { metrics } = await analyzeCpapStream(stream, { expectedBytes: size });
  return metrics;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(args === USAGE ? `${USAGE}\n` : `cpap-analyze: ${args}\n${USAGE}\n`);
    return args === USAGE ? 0 : 2;
  }
  let failed = false;
  const results: CpapMetrics[] = [];
  for (const file of args.files) {
    try {
      const metrics = await analyzeFile(file);
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
