/**
 * One night over several workers (the client's parallel path, loaded with the first large file):
 * `ranges` byte ranges, each parsed on its own worker, then the parts joined and analysed on one
 * worker while another scores them clinically. The page only passes messages; every column is
 * transferred, never copied, on the page.
 */
import { proxy, transfer } from 'comlink';
import { partBuffers, type ParsedChunk } from '../core/chunks.ts';
import { withClinical } from '../core/analyze.ts';
import { unwrap, type OnWorker } from './client.ts';
import { type WorkerAnalysisResult, type WorkerJobOptions, type WorkerProgress } from './protocol.ts';

/**
 * `ranges` byte ranges of about equal size, each parsed on its own worker (which moves both ends
 * to line starts), then the parts joined and analysed on one.
 */
export async function analyzeInRanges(blob: Blob, ranges: number, options: WorkerJobOptions, on: OnWorker, report?: (p: WorkerProgress) => void): Promise<WorkerAnalysisResult> {
  const t0 = performance.now();
  const bounds = Array.from({ length: ranges + 1 }, (_, k) => Math.round((k * blob.size) / ranges));
  const read = bounds.slice(1).map(() => 0);
  const progress = (k: number) =>
    report &&
    proxy((bytes: number) => {
      read[k] = bytes;
      const sum = read.reduce((a, b) => a + b, 0);
      report({ fraction: sum / blob.size, bytes: sum, totalBytes: blob.size });
    });
  const scoring = options.scoring;
  const parsed = await Promise.all(read.map((_, k) => on(async (remote, id) => unwrap(await remote.parseRange(id, blob, bounds[k]!, bounds[k + 1]!, progress(k), options)))));
  const parseMs = performance.now() - t0;
  const analyse = (ps: ParsedChunk[], o: WorkerJobOptions) =>
    on(async (remote, id) => unwrap(await remote.analyzeParts(id, transfer(ps, partBuffers(ps)), o, parseMs)).result);
  const result = scoring === false ? await analyse(parsed.flatMap((r) => r.parts), options) : await analyseAndScore(analyse, parsed, options, on, t0);
  report?.({ fraction: 1, bytes: blob.size, totalBytes: blob.size });
  return result;
}

/** The metrics (on copies of time and flow) and the clinical scoring at once, on two workers; `total_ms` on the page's clock. */
async function analyseAndScore(
  analyse: (parts: ParsedChunk[], options: WorkerJobOptions) => Promise<WorkerAnalysisResult>,
  parsed: Array<{ parts: ParsedChunk[]; copies: ParsedChunk[] }>,
  options: WorkerJobOptions,
  on: OnWorker,
  startedAt: number,
): Promise<WorkerAnalysisResult> {
  const parts = parsed.flatMap((r) => r.parts);
  const [metrics, scored] = await Promise.allSettled([
    analyse(parsed.flatMap((r) => r.copies), { ...options, scoring: false }),
    on(async (remote, id) => unwrap(await remote.scoreParts(id, transfer(parts, partBuffers(parts)), options.scoring || undefined))),
  ]);
  // The file's errors first, as on one worker (the options were checked before reading).
  if (metrics.status === 'rejected') throw metrics.reason;
  if (scored.status === 'rejected') throw scored.reason;
  return withClinical(metrics.value, scored.value.clinical, scored.value.scoringMs, startedAt);
}
