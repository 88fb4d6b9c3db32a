/// <reference lib="webworker" />
/**
 * The benchmark's own worker: the bare byte parse, without analysis, as the baseline the whole
 * analysis is measured against. Kept out of the production worker (src/worker/analysis.worker.ts).
 */
import { expose } from 'comlink';
import { CpapParser } from '../../src/core/parse.ts';
import { openSource } from '../../src/worker/sources.ts';
import type { CpapSource } from '../../src/worker/protocol.ts';

export interface ParseOnlyResult {
  bytes: number;
  rows: number;
  ms: number;
}

const api = {
  async parseOnly(source: CpapSource): Promise<ParseOnlyResult> {
    const t0 = performance.now();
    const { chunks } = await openSource(source);
    let rows = 0;
    const parser = new CpapParser({ row: () => void rows++ });
    for await (const chunk of chunks) parser.push(chunk);
    const summary = parser.finish();
    return { bytes: summary.bytes, rows, ms: performance.now() - t0 };
  },
};
export type ParseWorkerApi = typeof api;

expose(api);
