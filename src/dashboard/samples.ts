/**
 * The sample recordings the dashboard offers: synthetic, generated on demand by the library's
 * deterministic generator (in the worker), so the demo needs no data files.
 */
import type { SyntheticCpapOptions } from '../core/synthetic.ts';
import { sharedCpapWorker } from '../worker/client.ts';

export interface SampleRecording {
  id: string;
  label: string;
  options: SyntheticCpapOptions;
}

export const SAMPLE_RECORDINGS: readonly SampleRecording[] = [
  { id: 'calm-3min', label: 'Calm breathing, 3 minutes', options: { seconds: 180, seed: 11, breathsPerMinute: 16, apneasPerHour: 0, badLineRate: 0 } },
  { id: 'apnea-5min', label: 'Apnea events, 5 minutes', options: { seconds: 300, seed: 12, breathsPerMinute: 12, apneasPerHour: 40, badLineRate: 0 } },
  { id: 'fast-2min', label: 'Fast breathing, 2 minutes', options: { seconds: 120, seed: 13, breathsPerMinute: 26, apneasPerHour: 0, badLineRate: 0 } },
  { id: 'noisy-10min', label: 'Noisy with bad lines, 10 minutes', options: { seconds: 600, seed: 14, badLineRate: 0.002 } },
  { id: 'night-8h', label: 'Whole night, 8 hours (110 MB)', options: { seconds: 8 * 3600, seed: 2026 } },
];

/** The recording as a File, as if the user had picked it; generated in the analysis worker. */
export function sampleFile(sample: SampleRecording, signal?: AbortSignal, worker = sharedCpapWorker()): Promise<File> {
  return worker.generateSample(sample.options, `${sample.id}.txt`, signal);
}
