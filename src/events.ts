/**
 * The catalogue of `da-*` events: every event the library dispatches, its one detail type, and the
 * one `emit` that dispatches them. Every event bubbles and is composed (crosses shadow roots).
 *
 * `DaEventMap` is the single list; the `GlobalEventHandlersEventMap` augmentation below is derived
 * from it, so `el.addEventListener('da-input', (e) => e.detail.value)` is typed for any element.
 * Every shipped entry's types re-export from this module, so importing any entry (even one
 * element's) brings the augmentation along.
 *
 * Only type imports here: the catalogue adds nothing to a bundle but `emit`.
 */
import type { CpapMetrics } from './core/analyze.ts';
import type { ClinicalEventType } from './core/scoring/types.ts';
import type { PatientUpload } from './patient-api/contract.ts';
import type { AnyStore } from './store/bind.ts';

// ---------------------------------------------------------------------------------------------
// Elements

/**
 * `da-input` and `da-change`: the control's value as text. From da-text-input its `value`; from
 * da-file-uploader (`da-change` only) the chosen files' names joined by `", "`.
 */
export interface DaValueDetail {
  value: string;
}

/** `da-files-selected` (da-file-uploader): the accepted files. */
export interface DaFilesDetail {
  files: File[];
}

export type DaErrorReason = 'type' | 'size';

/** `da-error` (da-file-uploader): a rejected file and why. */
export interface DaErrorDetail {
  reason: DaErrorReason;
  file: File;
  message: string;
}

/** `da-cancel` (da-file-uploader): no detail. */
export type DaCancelDetail = Record<string, never>;

/** `da-tab-change` (da-tabs): the newly selected tab's name. */
export interface DaTabChangeDetail {
  name: string;
}

/** `da-toggle` (da-expander): whether it is now open. */
export interface DaToggleDetail {
  open: boolean;
}

/** `da-zoom` (da-flow-chart): the visible time range in seconds. */
export interface DaZoomDetail {
  min: number;
  max: number;
}

/** `da-draw` (da-flow-chart): milliseconds from the change (data, zoom, resize) to the end of the draw. */
export interface DaDrawDetail {
  ms: number;
}

// ---------------------------------------------------------------------------------------------
// Store

/**
 * `da-store-request` (any `bind` element, on connect): the nearest provider fills `store` and
 * stops propagation; left empty, the element uses the page-level default store.
 */
export interface StoreRequestDetail {
  store?: AnyStore;
}

// ---------------------------------------------------------------------------------------------
// <cpap-dashboard>

/** `da-analysis`: a file was analysed. */
export interface DashboardAnalysisDetail {
  fileName: string;
  metrics: CpapMetrics;
}

/** `da-upload`: an upload was stored or queued. */
export interface DashboardUploadDetail {
  /** The upload without its image. */
  upload: Omit<PatientUpload, 'flow_image'>;
  /** Stored by the server (true) or waiting in the outbox (false). */
  delivered: boolean;
  message: string;
}

/**
 * `da-event-focus` (the dashboard's clinical view): the user chose a scored event in the events
 * list; the dashboard zooms its chart to about 3 minutes around it. `index` is its place in
 * `clinical.events`; times in seconds.
 */
export interface DashboardEventFocusDetail {
  index: number;
  type: ClinicalEventType;
  start: number;
  end: number;
}

/** `da-pressure-change`: the monitoring station asked for a new CPAP pressure. */
export interface DashboardPressureDetail {
  value: number;
  previous: number | undefined;
}

// ---------------------------------------------------------------------------------------------
// The map, the global augmentation and emit

/** Every `da-*` event name and its detail type. */
export interface DaEventMap {
  'da-input': DaValueDetail;
  'da-change': DaValueDetail;
  'da-files-selected': DaFilesDetail;
  'da-error': DaErrorDetail;
  'da-cancel': DaCancelDetail;
  'da-tab-change': DaTabChangeDetail;
  'da-toggle': DaToggleDetail;
  'da-zoom': DaZoomDetail;
  'da-draw': DaDrawDetail;
  'da-store-request': StoreRequestDetail;
  'da-analysis': DashboardAnalysisDetail;
  'da-upload': DashboardUploadDetail;
  'da-pressure-change': DashboardPressureDetail;
  'da-event-focus': DashboardEventFocusDetail;
}

/** A `da-*` event name. */
export type DaEventName = keyof DaEventMap;

/** `DaEventMap` as the events listeners receive: name -> `CustomEvent<detail>`. */
export type DaEventsAsCustomEvents = { [K in DaEventName]: CustomEvent<DaEventMap[K]> };

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends DaEventsAsCustomEvents {}
}

/** Dispatches a typed, bubbling, composed `da-*` event from `target`; returns the event. */
export function emit<K extends DaEventName>(
  target: EventTarget,
  type: K,
  detail: DaEventMap[K],
  cancelable = false,
): CustomEvent<DaEventMap[K]> {
  const event = new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
  target.dispatchEvent(event);
  return event;
}
