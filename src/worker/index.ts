export { CpapWorkerClient, sharedCpapWorker, analyzeCpap } from './client.ts';
export { setWorkerUrl, workerUrl } from './start.ts';
export type { AnalyzeOptions, CpapSource, AnalysisProgress, AnalysisResult } from './client.ts';
// The event catalogue's map (and its GlobalEventHandlersEventMap augmentation) ships with every entry.
export type { DaEventMap } from '../events.ts';
