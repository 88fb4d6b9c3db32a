/**
 * A worker thread of the pool (built into dist/node/thread.js): parses a chunk of a file, or analyses
 * a whole file, and replies with the columns (transferred) or the metrics. Progress goes out per block.
 */
import { parentPort } from 'node:worker_threads';
import { partBuffers } from '../core/chunks.ts';
import { scoreClinical } from '../core/scoring/score.ts';
import { CpapAnalysisError } from '../core/analyze.ts';
import { analyzeFileHere, parseFileRange } from './files.ts';
import type { Reply, Request } from './protocol.ts';

const port = parentPort!;
const now = () => performance.now();

port.on('message', (req: Request) => {
  const send = (reply: Reply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);
  const progress = (bytes: number) => send({ id: req.id, progress: bytes });
  try {
    if (req.kind === 'chunk') {
      const chunk = parseFileRange(req.file, req.start, req.end, req.first, progress, req.parse);
      send({ id: req.id, chunk }, partBuffers([chunk]));
    } else if (req.kind === 'score') {
      const t0 = now();
      const clinical = scoreClinical(req.columns, req.options);
      send({ id: req.id, clinical, ms: now() - t0 });
    } else {
      const { time, flow, ...result } = analyzeFileHere(req.file, req.rest, progress, req.parse);
      send({ id: req.id, result });
    }
  } catch (e) {
    const code = e instanceof CpapAnalysisError ? e.code : 'read-failed';
    send({ id: req.id, error: { code, message: e instanceof Error ? e.message : String(e) } });
  }
});
