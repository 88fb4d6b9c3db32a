/// <reference lib="webworker" />
/** The analysis worker: the core behind comlink. One instance serves many jobs, one after another. */
import { expose, transfer } from 'comlink';
import { CpapAnalysisError, analyzeCpapStream, type CpapAnalysis } from '../core/analyze.ts';
import { ChunkParser, analyzeChunks, joinChunks, lineStartAtOrAfter, partBuffers, type ParsedChunk } from '../core/chunks.ts';
import { scoreClinical } from '../core/scoring/score.ts';
import { checkScoringOptions } from '../core/scoring/presets.ts';
import { envelopeBySamples } from '../core/envelope.ts';
import type { ClinicalResult } from '../core/scoring/types.ts';
// Bundled in, not imported on demand: the worker is one self-contained file that any bundler or
// host can copy as it is (a chunk it imports would be left behind). About 0.6 KB min+gzip.
import { syntheticCpapText } from '../core/synthetic.ts';
import { openSource } from './sources.ts';
import { type AnalysisWorkerApi, type WorkerJobOptions, type WorkerOutcome, type WorkerProgress } from './protocol.ts';

type WorkerFailure = Extract<WorkerOutcome, { ok: false }>;
type WorkerSuccess = Extract<WorkerOutcome, { ok: true }>;

const active = new Set<number>();
const cancelled = new Set<number>();
/** Progress messages at most this often: each one is a postMessage to the page. */
const PROGRESS_INTERVAL_MS = 50;

/** Errors cross as data (comlink would keep only a thrown Error's message); `body` sees the job's cancel flag. */
async function job<T extends { ok: true }>(jobId: number, body: () => Promise<T>): Promise<T | WorkerFailure> {
  active.add(jobId);
  try {
    return await body();
  } catch (e) {
    if (e instanceof CpapAnalysisError) return { ok: false, error: { code: e.code, message: e.message } };
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: 'read-failed', message: `The file could not be read: ${message}` } };
  } finally {
    active.delete(jobId);
    cancelled.delete(jobId);
  }
}

function checkCancelled(jobId: number): void {
  if (cancelled.has(jobId)) throw new CpapAnalysisError('aborted', 'The analysis was cancelled.');
}

/** The analysis with its envelope, its arrays transferred (the columns left empty when not wanted). */
function outcome(analysis: CpapAnalysis, options: WorkerJobOptions): WorkerSuccess {
  const envelope = envelopeBySamples(analysis.time, analysis.flow, options.envelopeWidth);
  const columns = options.columns !== false;
  const result = columns ? { ...analysis, envelope } : { ...analysis, time: new Float64Array(0), flow: new Float64Array(0), envelope };
  return transfer({ ok: true as const, result }, [
    result.time.buffer,
    result.flow.buffer,
    envelope.time.buffer,
    envelope.min.buffer,
    envelope.max.buffer,
    ...clinicalBuffers(analysis.clinical),
  ] as Transferable[]);
}

/** The clinical result's typed arrays (breath table, leak epochs, rolling AHI), to transfer rather than copy. */
function clinicalBuffers(c: ClinicalResult | undefined): ArrayBuffer[] {
  if (!c) return [];
  const arrays = [...Object.values(c.breathTable), c.leak.epochs.time, c.leak.epochs.total, c.rollingAhi.time, c.rollingAhi.ahi];
  if (c.leak.epochs.unintentional) arrays.push(c.leak.epochs.unintentional);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** Bytes read at a time when looking for a line start. */
const LINE_WINDOW = 64 << 10;

/** The first line start at or after `pos` in `blob` (`lineStartAtOrAfter`'s rule), read window by window. */
async function lineStartIn(blob: Blob, pos: number): Promise<number> {
  if (pos <= 0 || pos >= blob.size) return Math.max(0, Math.min(pos, blob.size));
  for (let from = pos - 1; from < blob.size; from += LINE_WINDOW) {
    const window = new Uint8Array(await blob.slice(from, from + LINE_WINDOW + 1).arrayBuffer());
    const at = lineStartAtOrAfter(window, 1);
    if (at < window.length || from + window.length >= blob.size) return from + at;
  }
  return blob.size;
}

/** Bytes of a range read at a time: the worker holds about this much of the file, never the whole. */
const RANGE_SLICE = 8 << 20;

const api: AnalysisWorkerApi = {
  analyze(jobId, source, options: WorkerJobOptions, onProgress?: (p: WorkerProgress) => void) {
    return job(jobId, async () => {
      const { chunks, totalBytes } = await openSource(source);
      let last = 0;
      const analysis = await analyzeCpapStream(chunks, {
        expectedBytes: totalBytes,
        scoring: options.scoring,
        wasm: options.wasm,
        isCancelled: () => cancelled.has(jobId),
        onProgress: onProgress
          ? (bytes, total) => {
              const t = performance.now();
              if (t - last < PROGRESS_INTERVAL_MS) return;
              last = t;
              void onProgress({ fraction: total ? bytes / total : 0, bytes, totalBytes: total });
            }
          : undefined,
      });
      if (onProgress) void onProgress({ fraction: 1, bytes: analysis.metrics.bytes, totalBytes });
      return outcome(analysis, options);
    });
  },

  parseRange(jobId, blob, from, to, onProgress, { scoring, wasm }) {
    return job(jobId, async () => {
      checkScoringOptions(scoring); // as the one-worker path: a bad option before anything is read
      // The lines that start in [from, to): both ends moved to line starts, as the neighbours move theirs.
      const [start, end] = await Promise.all([lineStartIn(blob, from), lineStartIn(blob, to)]);
      // Read slice by slice (the next read under way while one is parsed) into one chunk's columns.
      const parser = new ChunkParser(start === 0, end - start, { wasm });
      const read = (at: number) => blob.slice(at, Math.min(end, at + RANGE_SLICE)).arrayBuffer();
      let next: Promise<ArrayBuffer> | null = start < end ? read(start) : null;
      for (let at = start; next; ) {
        const bytes = new Uint8Array(await next);
        checkCancelled(jobId);
        at += bytes.length;
        next = at < end ? read(at) : null;
        parser.push(bytes);
        if (onProgress) void onProgress(Math.min(to, at) - from);
      }
      const parts: ParsedChunk[] = start < end ? [parser.finish()] : [];
      // For the metrics on another worker than the scoring: time and flow are all they read.
      const none = () => new Float64Array(0);
      const copies = scoring !== false
        ? parts.map(({ columns: c, summary }) => ({ columns: { ...c, time: c.time.slice(), flow: c.flow.slice(), flow2: none(), pressure: none() }, summary }))
        : [];
      return transfer({ ok: true as const, parts, copies }, partBuffers([...parts, ...copies]));
    });
  },

  analyzeParts(jobId, parts, options, parseMs) {
    return job(jobId, async () => {
      checkCancelled(jobId);
      const startedAt = performance.now() - parseMs;
      return outcome(analyzeChunks(parts, { parseMs, startedAt }, { scoring: options.scoring }), options);
    });
  },

  scoreParts(jobId, parts, scoring) {
    return job(jobId, async () => {
      checkScoringOptions(scoring);
      checkCancelled(jobId);
      const t0 = performance.now();
      const clinical = scoreClinical(joinChunks(parts).columns, scoring);
      return transfer({ ok: true as const, clinical, scoringMs: performance.now() - t0 }, clinicalBuffers(clinical) as Transferable[]);
    });
  },

  cancel(jobId) {
    if (active.has(jobId)) cancelled.add(jobId);
  },

  async generateSample(options, fileName) {
    // Gathered into Blobs of a few MB as it is generated, so no step holds or copies the whole text.
    const encoder = new TextEncoder();
    const blobs: Blob[] = [];
    let pending: Uint8Array[] = [];
    let bytes = 0;
    for (const block of syntheticCpapText(options, 4096)) {
      const encoded = encoder.encode(block);
      pending.push(encoded);
      bytes += encoded.length;
      if (bytes >= 4 << 20) {
        blobs.push(new Blob(pending as BlobPart[]));
        pending = [];
        bytes = 0;
      }
    }
    blobs.push(new Blob(pending as BlobPart[]));
    return new File(blobs, fileName, { type: 'text/plain' });
  },

  async ping() {
    return 'pong';
  },
};

expose(api);
