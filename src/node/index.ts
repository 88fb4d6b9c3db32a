/** The analysis core on Node's threads: one night in parallel chunks, many nights over a pool. */
export { analyzeFileParallel, analyzeMany, MIN_PARALLEL_BYTES } from './parallel.ts';
export type { ParallelOptions, ManyOptions, ManyProgress, FileResult } from './parallel.ts';
export { threadCount, DEFAULT_MAX_THREADS, MAX_THREADS } from './pool.ts';
