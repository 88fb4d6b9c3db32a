export { CpapWorkerClient, sharedCpapWorker, analyzeCpap } from './client.ts';
export type { AnalyzeOptions, CpapSource, AnalysisProgress, AnalysisResult } from './client.ts';
