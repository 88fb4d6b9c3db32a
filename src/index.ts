/**
 * data-app-elements: every element, the store, the analysis worker client and `<cpap-dashboard>`.
 * Importing this module defines all the custom elements; import a single element's
 * `elements/<name>/define.ts` (or the `./elements/*` export) to load just that one.
 */
export * from './store/index.ts';
export * from './worker/index.ts';
export { CpapAnalysisError } from './core/errors.ts';
export type { CpapMetrics, FlowEnvelope, InvalidLine } from './core/index.ts';
export type {
  DaEventMap,
  DaEventName,
  DaEventsAsCustomEvents,
  DaValueDetail,
  DaFilesDetail,
  DaErrorDetail,
  DaErrorReason,
  DaCancelDetail,
  DaTabChangeDetail,
  DaToggleDetail,
  DaZoomDetail,
  DaDrawDetail,
  StoreRequestDetail,
  DashboardAnalysisDetail,
  DashboardUploadDetail,
  DashboardPressureDetail,
} from './events.ts';
export * from './elements/text-input/define.ts';
export * from './elements/file-uploader/define.ts';
export * from './elements/tabs/define.ts';
export * from './elements/expander/define.ts';
export * from './elements/metric-card/define.ts';
export * from './elements/flow-chart/define.ts';
export * from './dashboard/define.ts';
export { registerLocale, loadLocale, localeFor, stringsFor, LocaleController } from './elements/shared/locale.ts';
export type { Strings } from './elements/shared/locale.ts';
export { PatientApi, PatientApiError } from './patient-api/client.ts';
export type { PatientUpload, PatientRecord } from './patient-api/contract.ts';
