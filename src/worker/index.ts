export { CpapWorkerClient, sharedCpapWorker, analyzeCpap, defaultPoolSize, MAX_WORKERS, MIN_CHUNK_BYTES } from './client.ts';
export { analyzeMany } from './many.ts';
export type { AnalyzeManyOptions, ManyProgress, NightOutcome, NightResult } from './many.ts';
export { setWorkerUrl, workerUrl } from './start.ts';
export type { AnalyzeOptions, CpapWorkerClientOptions, CpapSource, AnalysisProgress, AnalysisResult } from './client.ts';
// The event catalogue's map (and its GlobalEventHandlersEventMap augmentation) ships with every entry.
export type { DaEventMap } from '../events.ts';
