/**
 * The dashboard's analysis: a file or a generated sample analysed in the shared worker, with
 * progress and cancel. One analysis at a time: a new one supersedes the running one, whose outcome
 * is then dropped. Its state is reset in one place ({@link AnalysisController.reset}).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CpapAnalysisError } from '../../core/errors.ts';
import { CpapWorkerClient, type AnalysisResult, type AnalyzeOptions } from '../../worker/client.ts';
import type { ClinicalResult, ScoringOptions } from '../../core/scoring/types.ts';
import { sampleFile, type SampleRecording } from '../samples.ts';
import { en, type Strings } from '../../elements/shared/locale.ts';

/** `preparing`: a sample is being generated; `analysing`: the worker is reading the file. */
export type AnalysisPhase = 'idle' | 'preparing' | 'analysing';

export type AnalysisOutcome = 'analysed' | 'already-analysed' | 'failed' | 'superseded';

/** The envelope's buckets: about the widest chart the screen can show, so the first draw needs no other. */
function envelopeWidth(): number {
  const screenWidth = typeof screen === 'undefined' ? 1600 : screen.width || 1600;
  return Math.min(4096, Math.max(300, Math.round(screenWidth * (devicePixelRatio || 1))));
}

/** Runs `fn` when the browser is idle after first paint (at most `timeout` ms later); returns a cancel. */
function whenIdle(fn: () => void, timeout = 2000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout });
    return () => cancelIdleCallback(id);
  }
  // No requestIdleCallback (Safari): after the next frame has painted.
  const id = setTimeout(fn, 200);
  return () => clearTimeout(id);
}

export class AnalysisController implements ReactiveController {
  result: AnalysisResult | null = null;
  fileName = '';
  phase: AnalysisPhase = 'idle';
  /** 0..1 while analysing, else null. */
  progress: number | null = null;
  /** Why the last analysis failed (its file named), or ''. */
  error = '';

  private readonly worker = new CpapWorkerClient();
  private running: AbortController | null = null;
  private key = '';
  /** The last file analysed and the scoring options it was scored with (JSON): re-scored when the host's settings change. */
  private last: { file: File; scoring: string } | null = null;
  private cancelWarm: (() => void) | null = null;

  /**
   * `strings` gives the host's current strings (English by default); `scoring` the clinical scoring's
   * options for the next analysis, with why the host's settings could not be read (shown, not fatal).
   */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly strings: () => Strings = () => en,
    private readonly scoring: () => { options: ScoringOptions; error: string | null } = () => ({ options: {}, error: null }),
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.worker.acquire();
    this.cancelWarm = whenIdle(() => {
      this.cancelWarm = null;
      // Warm start: the worker and the analysis code load while the user looks at the form.
      // `no-warm` on the host (the demo's `?cold`) keeps the cold start, for the bench.
      if ((this.host as unknown as Partial<Element>).hasAttribute?.('no-warm')) return;
      void this.worker.warm().catch(() => undefined); // a failure shows on the first analysis
    });
  }

  /** The host's scoring settings changed since the last analysis: analyse its file again (once per change). */
  hostUpdate(): void {
    const last = this.last;
    if (!last || this.busy) return;
    const scoring = JSON.stringify(this.scoring().options);
    if (scoring === last.scoring) return;
    last.scoring = scoring; // tried once, even if it fails
    queueMicrotask(() => void this.analyse(last.file));
  }

  hostDisconnected(): void {
    this.cancelWarm?.();
    this.cancelWarm = null;
    this.running?.abort();
    this.worker.release();
  }

  get busy(): boolean {
    return this.phase !== 'idle';
  }

  /** The latest result's clinical scoring, or null (none yet, or a worker without it). */
  get clinical(): ClinicalResult | null {
    return this.result?.clinical ?? null;
  }

  /** Analyses `file`; the same file twice is analysed once. Failures are kept in `error`. */
  async analyse(file: File): Promise<AnalysisOutcome> {
    const scoring = this.scoring();
    const key = `${file.name}:${file.size}:${file.lastModified}:${JSON.stringify(scoring.options)}`;
    if (key === this.key && this.result) return 'already-analysed';
    const job = this.start('analysing');
    try {
      const options: AnalyzeOptions = {
        scoring: scoring.options,
        signal: job.signal,
        envelopeWidth: envelopeWidth(),
        onProgress: (p) => {
          if (this.running === job) this.set({ progress: p.fraction });
        },
      };
      const result = await this.worker.analyze(file, options);
      if (this.running !== job) return 'superseded';
      this.key = key;
      this.last = { file, scoring: JSON.stringify(scoring.options) };
      this.finish(job, { result, fileName: file.name, error: scoring.error ?? '' });
      return 'analysed';
    } catch (e) {
      if (this.running !== job) return 'superseded'; // another file, or reset
      const cancelled = e instanceof DOMException && e.name === 'AbortError';
      const s = this.strings();
      const message = e instanceof CpapAnalysisError ? e.message : s.analysisFailed(String((e as Error)?.message ?? e));
      this.finish(job, { error: cancelled ? s.analysisCancelled(file.name) : `${file.name}: ${message}` });
      return 'failed';
    }
  }

  /** Generates a sample recording in the worker, then analyses it as if the user had picked it. */
  async analyseSample(sample: SampleRecording): Promise<AnalysisOutcome> {
    const job = this.start('preparing');
    let file: File;
    try {
      file = await sampleFile(sample, job.signal, this.worker);
    } catch (e) {
      if (this.running !== job) return 'superseded';
      const s = this.strings();
      const label = s.samples[sample.id] ?? sample.label;
      const error = job.signal.aborted ? s.sampleCancelled(label) : s.sampleFailed(label, String((e as Error)?.message ?? e));
      this.finish(job, { error });
      return 'failed';
    }
    if (this.running !== job) return 'superseded';
    this.finish(job, {});
    return this.analyse(file);
  }

  /** Stops the running analysis (its outcome says it was cancelled). */
  cancel(): void {
    this.running?.abort();
  }

  /** Forgets everything: the running job, the result and any error. */
  reset(): void {
    const job = this.running;
    this.running = null;
    job?.abort();
    this.key = '';
    this.last = null;
    this.set({ result: null, fileName: '', phase: 'idle', progress: null, error: '' });
  }

  private start(phase: AnalysisPhase): AbortController {
    this.running?.abort();
    const job = new AbortController();
    this.running = job;
    this.set({ phase, progress: 0, error: '' });
    return job;
  }

  private finish(job: AbortController, changes: Partial<Pick<this, 'result' | 'fileName' | 'error'>>): void {
    if (this.running !== job) return;
    this.running = null;
    this.set({ ...changes, phase: 'idle', progress: null });
  }

  private set(changes: Partial<Pick<this, 'result' | 'fileName' | 'phase' | 'progress' | 'error'>>): void {
    Object.assign(this, changes);
    this.host.requestUpdate();
  }
}
