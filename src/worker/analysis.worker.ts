/// <reference lib="webworker" />
/** The analysis worker: the core behind comlink. One instance serves many jobs, one after another. */
import { expose, transfer } from 'comlink';
import { CpapAnalysisError, analyzeCpapStream } from '../core/analyze.ts';
import { envelopeBySamples } from '../core/envelope.ts';
// Bundled in, not imported on demand: the worker is one self-contained file that any bundler or
// host can copy as it is (a chunk it imports would be left behind). About 0.6 KB min+gzip.
import { syntheticCpapText } from '../core/synthetic.ts';
import { openSource } from './sources.ts';
import type { AnalysisWorkerApi, WorkerJobOptions, WorkerOutcome, WorkerProgress } from './protocol.ts';

const active = new Set<number>();
const cancelled = new Set<number>();
/** Progress messages at most this often: each one is a postMessage to the page. */
const PROGRESS_INTERVAL_MS = 50;

const api: AnalysisWorkerApi = {
  async analyze(jobId, source, options: WorkerJobOptions, onProgress?: (p: WorkerProgress) => void): Promise<WorkerOutcome> {
    active.add(jobId);
    try {
      const { chunks, totalBytes } = await openSource(source);
      let last = 0;
      const analysis = await analyzeCpapStream(chunks, {
        expectedBytes: totalBytes,
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
      const envelope = envelopeBySamples(analysis.time, analysis.flow, options.envelopeWidth);
      const result = { ...analysis, envelope };
      return transfer({ ok: true, result } as WorkerOutcome, [
        analysis.time.buffer,
        analysis.flow.buffer,
        envelope.time.buffer,
        envelope.min.buffer,
        envelope.max.buffer,
      ] as Transferable[]);
    } catch (e) {
      if (e instanceof CpapAnalysisError) return { ok: false, error: { code: e.code, message: e.message } };
      const message = e instanceof Error ? e.message : String(e);
      return { ok: false, error: { code: 'read-failed', message: `The file could not be read: ${message}` } };
    } finally {
      active.delete(jobId);
      cancelled.delete(jobId);
    }
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
