/** The CPAP analysis core: plain TypeScript, no DOM; the same in the worker, in Node and in tests. */
export { CpapParser } from './parse.ts';
export type { CpapRowSink, FastLines, InvalidLine, ParseSummary, ParserOptions } from './parse.ts';
export { adcToPascal, ventFlow, countsForFlow } from './flow.ts';
export { findPeaks, localMaxima, peakProminences, peakWidths, selectByDistance } from './peaks.ts';
export type { PeakOptions, PeakResult } from './peaks.ts';
export { pairBreaths, apneaSpans } from './breaths.ts';
export { simpson } from './integrate.ts';
export { envelopeBySamples } from './envelope.ts';
export type { FlowEnvelope } from './envelope.ts';
export {
  CpapAnalyzer,
  FlowColumns,
  columnsParser,
  analyzeColumns,
  CpapAnalysisError,
  analyzeCpapBytes,
  analyzeCpapStream,
  readStreamChunks,
  INSPIRATION_PEAKS,
  EXPIRATION_PEAKS,
  APNEA_MIN_GAP_S,
} from './analyze.ts';
export type { CpapMetrics, CpapAnalysis, CpapColumns, ColumnsTiming, CpapErrorCode, AnalysisOptions, ColumnsOptions, ParseOptions, StreamOptions } from './analyze.ts';
export {
  parseChunk,
  joinChunks,
  analyzeChunks,
  analyzeBytesInChunks,
  chunkBounds,
  evenChunkBounds,
  lineStartAtOrAfter,
  MAX_REPORTED_INVALID_LINES,
} from './chunks.ts';
export type { ParsedChunk, AnalyzeRest } from './chunks.ts';
export { syntheticCpapText, syntheticCpapFile, seededRandom, SYNTHETIC_HEADER } from './synthetic.ts';
export type { SyntheticCpapOptions } from './synthetic.ts';
export { scriptedCpap } from './scripted.ts';
export type { CpapScript, ScriptedEvent, CpapTruth, TruthEvent } from './scripted.ts';
export { scriptedCase, SCRIPTED_CASE_IDS } from './scripted-cases.ts';
export { scoreClinical } from './scoring/score.ts';
export type { ScoringColumns } from './scoring/score.ts';
export { clinicalSummary } from './scoring/summary.ts';
export type { ClinicalSummary } from './scoring/summary.ts';
export {
  PRESET_RULES,
  SCORING_CONSTANTS,
  presetRule,
  ventAt,
  checkVentCurve,
  parseVentCurve,
  checkScoringOptions,
  methodStamp,
} from './scoring/presets.ts';
export type { PresetRule } from './scoring/presets.ts';
export { SCORING_PRESETS, OSCAR_DEFAULT_VENT_CURVE } from './scoring/types.ts';
export type {
  ScoringPresetName,
  VentCurve,
  ScoringOptions,
  ClinicalEventType,
  ClinicalEvent,
  UnscoredRun,
  Spread,
  BreathSummary,
  BreathTable,
  LeakResult,
  Severity,
  ScoringMethod,
  ClinicalResult,
} from './scoring/types.ts';
export type { ScriptedCaseId } from './scripted-cases.ts';
