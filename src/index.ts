/** data-app-elements: the public browser entry point. */
export * from './worker/index.ts';
export { CpapAnalysisError, syntheticCpapFile, syntheticCpapText } from './core/index.ts';
export type { CpapMetrics, FlowEnvelope, InvalidLine, SyntheticCpapOptions } from './core/index.ts';
