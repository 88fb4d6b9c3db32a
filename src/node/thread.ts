/**
 * A worker thread of the pool (built into dist/node/thread.js): parses a chunk of a file, or analyses
 * a whole file, and replies with the columns (transferred) or the metrics. Progress goes out per block.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeChunks } from '../core/chunks.ts';
import { scoreClinical } from '../core/scoring/score.ts';
import { CpapAnalysisError } from '../core/analyze.ts';
import { fileSize, parseFileRange } from './files.ts';
import type { Reply, Request } from './protocol.ts';

const port = parentPort!;
const now = () => performance.now();

port.on('message', (req: Request) => {
  const send = (reply: Reply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
  const progress = (bytes: number) => send({ id: req.id, progress: bytes });
  try {
    if (req.kind === 'chunk') {
      const chunk = parseFileRange(req.file, req.start, req.end, req.first, progress);
      const c = chunk.columns;
      send({ id: req.id, chunk }, [...new Set([c.time.buffer, c.flow.buffer, c.flow2.buffer, c.pressure.buffer])] as ArrayBuffer[]);
    } else if (req.kind === 'score') {
      const t0 = now();
      const clinical = scoreClinical(req.columns, req.options);
      send({ id: req.id, clinical, ms: now() - t0 });
    } else {
      const startedAt = now();
      const size = fileSize(req.file);
      const chunk = parseFileRange(req.file, 0, size, true, progress);
      const { time, flow, ...result } = analyzeChunks([chunk], { parseMs: now() - startedAt, startedAt }, ...req.rest);
      send({ id: req.id, result });
    }
  } catch (e) {
    const code = e instanceof CpapAnalysisError ? e.code : 'failed';
    send({ id: req.id, error: { code, message: e instanceof Error ? e.message : String(e) } });
  }
});
