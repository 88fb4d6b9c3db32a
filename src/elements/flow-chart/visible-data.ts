// What uPlot gets for the visible time range: raw samples when few enough fall in each pixel
// column, otherwise a min/max envelope per column (from the whole-record envelope on the first
// draw, then from the columns, with a MinMaxPyramid built in the background after a draw).
import type uPlot from 'uplot';
import type { DaZoomDetail } from '../../events.ts';
import type { FlowEnvelope } from '../../core/envelope.ts';
import { MinMaxPyramid, envelopeByTime, envelopeToLine, lowerBound, upperBound } from './decimate.ts';

/** Raw samples are drawn when at most this many fall in each pixel column. */
const RAW_POINTS_PER_PIXEL = 2;

/** The element's data columns, read at each call (they change between updates). */
export interface FlowSource {
  readonly time?: Float64Array;
  readonly flow?: Float64Array;
  readonly envelope?: FlowEnvelope;
}

export class VisibleData {
  private pyramid: MinMaxPyramid | null = null;
  private pyramidTimer = 0;
  private useEnvelopeOnce = false;

  constructor(private readonly source: FlowSource) {}

  /** The data changed: drop the pyramid; draw from the envelope first when both are there. */
  reset(): void {
    this.pyramid = null;
    this.cancel();
    const { time, flow, envelope } = this.source;
    this.useEnvelopeOnce = !!envelope && !!time && !!flow && time.length > 0;
  }

  /** Cancels a pending pyramid build. */
  cancel(): void {
    clearTimeout(this.pyramidTimer);
    this.pyramidTimer = 0;
  }

  /** The decimated data for `view` over `columns` pixel columns. */
  get(view: DaZoomDetail, columns: number): uPlot.AlignedData {
    const { time, flow, envelope } = this.source;
    if (!time || !flow || time.length === 0) {
      if (envelope) return envelopeToLine(envelope);
      return [[], []];
    }
    const n = Math.min(time.length, flow.length);
    const i0 = lowerBound(time, view.min, 0, n);
    const i1 = upperBound(time, view.max, i0, n);
    if (i1 - i0 <= columns * RAW_POINTS_PER_PIXEL) {
      // One sample beyond each edge so the line runs to the plot's border.
      const a = Math.max(0, i0 - 1);
      const b = Math.min(n, i1 + 1);
      return [time.subarray(a, b), flow.subarray(a, b)];
    }
    if (this.useEnvelopeOnce && envelope) {
      this.useEnvelopeOnce = false;
      this.schedulePyramid();
      return envelopeToLine(envelope);
    }
    // Without the pyramid yet, one linear scan of the visible range is cheaper than building it
    // (which costs a scan of the whole record); it is built after this draw instead.
    if (!this.pyramid) this.schedulePyramid();
    const env = envelopeByTime(time.subarray(0, n), flow, view.min, view.max, columns, this.pyramid ?? undefined);
    return envelopeToLine(env, (view.max - view.min) / columns);
  }

  private schedulePyramid(): void {
    if (this.pyramidTimer) return;
    const flow = this.source.flow;
    this.pyramidTimer = window.setTimeout(() => {
      this.pyramidTimer = 0;
      if (flow && flow === this.source.flow && !this.pyramid) this.pyramid = new MinMaxPyramid(flow);
    }, 0);
  }
}
