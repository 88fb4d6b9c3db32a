/** Every user-visible string of the elements and the dashboard, in English (the fallback for every key). */
export interface Strings {
  // da-text-input
  thisField: string;
  required(label: string): string;
  wholeNumber: string;
  wholeNumberRange(min: string, max: string): string;
  atLeast(min: string): string;
  atMost(max: string): string;
  tooShort(min: string, now: string): string;
  tooLong(max: string, now: string): string;
  pattern: string;
  // da-file-uploader
  notAccepted(name: string, accept: string): string;
  tooBig(name: string, size: string, limit: string): string;
  onlyOne: string;
  chooseFile: string;
  accepted(types: string): string;
  upTo(size: string): string;
  cancel: string;
  dropOne: string;
  dropMany: string;
  browseOne: string;
  browseMany: string;
  chosenFiles: string;
  analysing: string;
  // da-metric-card
  notMeasured: string;
  alert: string;
  up: string;
  down: string;
  unchanged: string;
  // da-tabs, da-flow-chart
  tabs: string;
  timeAxis: string;
  flowAxis: string;
  flow: string;
  noData: string;
  loading: string;
  // dashboard
  heading: string;
  server: string;
  settings: string;
  autoRefresh: string;
  refreshInterval: string;
  refreshHelp(min: string, max: string): string;
  resetForm: string;
  breathingRate: string;
  breathsPerMin: string;
  apneaEvents: string;
  apneaAlert(n: string): string;
  breaths: string;
  duration: string;
  leakage: string;
  skippedLines: string;
  details: string;
  warnings: string;
  noWarnings: string;
  skippedLinesCount(n: string): string;
  line: string;
  reason: string;
  noSkippedLines: string;
  analysed(samples: string, ms: string): string;
  exportJson: string;
  /** The legacy apnea card's note (the clinical view's own strings are in src/dashboard/clinical-strings.ts). */
  legacyRule: string;
  outboxRegion: string;
  outbox: string;
  outboxEntry(room: string, mrn: string): string;
  refused(error: string): string;
  discard: string;
  pending(attempts: number, error: string): string;
  retryNow: string;
  dashboardViews: string;
  entryTab: string;
  patientsTab: string;
  patientInfo: string;
  patientName: string;
  mrn: string;
  mrnLocked: string;
  room: string;
  pressure: string;
  cpapData: string;
  sampleRecording: string;
  samples: Record<string, string>;
  loadSample: string;
  uploadFile: string;
  preparing: string;
  uploadToServer: string;
  analyseFirst: string;
  results: string;
  flowVsTime: string;
  alreadyAnalysed(name: string): string;
  /** The analysis's own English messages (warnings, skipped-line reasons) in this language. */
  analysisText(text: string): string;
  analysisCancelled(name: string): string;
  analysisFailed(message: string): string;
  sampleCancelled(label: string): string;
  sampleFailed(label: string, message: string): string;
  // upload controller
  noPressure: string;
  formProblem(min: number, max: number): string;
  uploadAlone: string;
  savedAlone: string;
  uploading: string;
  uploadBusy: string;
  mrnElsewhere(mrn: string, rooms: string): string;
  notSent(message: string): string;
  serverRefused(message: string): string;
  waitedDelivered(room: string): string;
  waitedRefused(room: string, error: string): string;
  // pressure controller
  feedPush: string;
  feedPoll(seconds: string): string;
  feedWaiting: string;
  feedOff: string;
  pressureSet(value: string, previous?: string): string;
  // patients view
  refresh: string;
  loadFailed(message: string): string;
  found(n: number): string;
  patientSummary(room: string, name: string, mrn: string): string;
  nameNotProvided: string;
  noCpapData: string;
  trendFor(room: string): string;
  trendCaption: string;
  measurements(n: number): string;
  record: string;
  timestamp: string;
  pressureCol: string;
  breathRateCol: string;
  apneaCol: string;
  flowChartCol: string;
  alertMark: string;
  flowChartOf(i: string, room: string): string;
}

export const en: Strings = {
  thisField: 'This field',
  required: (label) => `${label} is required.`,
  wholeNumber: 'Enter a whole number.',
  wholeNumberRange: (min, max) => `Enter a whole number from ${min} to ${max}.`,
  atLeast: (min) => `Enter ${min} or more.`,
  atMost: (max) => `Enter ${max} or less.`,
  tooShort: (min, now) => `Use at least ${min} characters (now ${now}).`,
  tooLong: (max, now) => `Use at most ${max} characters (now ${now}).`,
  pattern: 'Match the requested format.',
  notAccepted: (name, accept) => `“${name}” is not an accepted file type (${accept}).`,
  tooBig: (name, size, limit) => `“${name}” is ${size}; the limit is ${limit}.`,
  onlyOne: 'Only one file can be chosen; the first was taken.',
  chooseFile: 'Choose a file.',
  accepted: (types) => `Accepted: ${types}`,
  upTo: (size) => `up to ${size}`,
  cancel: 'Cancel',
  dropOne: 'Drop a file here or',
  dropMany: 'Drop files here or',
  browseOne: 'choose one',
  browseMany: 'choose files',
  chosenFiles: 'Chosen files',
  analysing: 'Analysing',
  notMeasured: 'Not measured',
  alert: 'Alert',
  up: 'up',
  down: 'down',
  unchanged: 'unchanged',
  tabs: 'Tabs',
  timeAxis: 'Time (s)',
  flowAxis: 'Flow (m³/s)',
  flow: 'Flow',
  noData: 'No data',
  loading: 'Loading…',
  heading: 'Sleep lab patient monitor',
  server: 'Server:',
  settings: 'Settings',
  autoRefresh: 'Refresh the CPAP pressure automatically',
  refreshInterval: 'Refresh interval (s)',
  refreshHelp: (min, max) => `${min} to ${max} seconds; used when the server cannot push updates.`,
  resetForm: 'Reset form',
  breathingRate: 'Breathing rate',
  breathsPerMin: 'breaths/min',
  apneaEvents: 'Apnea events',
  apneaAlert: (n) => `${n} or more apnea events`,
  breaths: 'Breaths',
  duration: 'Duration',
  leakage: 'Leakage',
  skippedLines: 'Skipped lines',
  details: 'Details: skipped lines, warnings, export',
  warnings: 'Warnings',
  noWarnings: 'No warnings.',
  skippedLinesCount: (n) => `Skipped lines (${n})`,
  line: 'Line',
  reason: 'Reason',
  noSkippedLines: 'No skipped lines.',
  analysed: (samples, ms) => `Analysed ${samples} samples in ${ms} ms.`,
  exportJson: 'Export metrics as JSON',
  legacyRule: "The old system's rule: inspiration peaks more than 10 s apart (not a clinical score).",
  outboxRegion: 'Uploads waiting to be sent',
  outbox: 'Outbox',
  outboxEntry: (room, mrn) => `Room ${room}, MRN ${mrn}:`,
  refused: (error) => `refused: ${error}`,
  discard: 'Discard',
  pending: (attempts, error) => `pending${attempts ? `, ${attempts} attempt(s), last error: ${error}` : ''}`,
  retryNow: 'Retry now',
  dashboardViews: 'Dashboard views',
  entryTab: 'Patient data entry',
  patientsTab: 'All patients',
  patientInfo: 'Patient information',
  patientName: 'Patient name',
  mrn: 'Medical record number',
  mrnLocked: 'Locked after the first upload; reset the form to change it.',
  room: 'Room number',
  pressure: 'CPAP pressure (cmH2O)',
  cpapData: 'CPAP data',
  sampleRecording: 'Sample recording',
  samples: {},
  loadSample: 'Load sample',
  uploadFile: 'Or upload a CPAP file',
  preparing: 'Preparing the sample…',
  uploadToServer: 'Upload to server',
  analyseFirst: 'Analyse a file first.',
  results: 'Results',
  flowVsTime: 'Flow versus time',
  alreadyAnalysed: (name) => `${name} is already analysed.`,
  analysisText: (text) => text,
  analysisCancelled: (name) => `Analysis of ${name} was cancelled.`,
  analysisFailed: (message) => `The analysis failed: ${message}`,
  sampleCancelled: (label) => `Loading ${label} was cancelled.`,
  sampleFailed: (label, message) => `Could not generate ${label}: ${message}`,
  noPressure:
    'No CPAP pressure entered: the patient server stores a measurement (breath rate, apnea count, flow chart) only with a pressure, so this analysis would be dropped. Enter the pressure, or upload the patient details alone.',
  formProblem: (min, max) => `Check the highlighted fields: MRN and room are required, the pressure is a whole number from ${min} to ${max}.`,
  uploadAlone: 'Upload the patient details without the measurement',
  savedAlone: ' Saved without a measurement (no CPAP pressure).',
  uploading: 'Uploading…',
  uploadBusy: 'An upload is already running.',
  mrnElsewhere: (mrn, rooms) => `MRN ${mrn} is already assigned to room ${rooms}. Check the MRN and the room.`,
  notSent: (message) => `Not sent yet: ${message} The upload is kept in the outbox and will be sent when the server can be reached.`,
  serverRefused: (message) => `The server refused the upload: ${message}`,
  waitedDelivered: (room) => `The upload for room ${room} that waited in the outbox was delivered.`,
  waitedRefused: (room, error) => `The upload for room ${room} that waited in the outbox was refused by the server: ${error}`,
  feedPush: 'Live pressure updates: pushed by the server',
  feedPoll: (s) => `Live pressure updates: every ${s} s`,
  feedWaiting: 'Live pressure updates start when a room is set',
  feedOff: 'Live pressure updates off',
  pressureSet: (value, previous) => `The monitoring station set the CPAP pressure to ${value} cmH2O${previous === undefined ? '' : ` (was ${previous})`}.`,
  refresh: 'Refresh',
  loadFailed: (message) => `Could not load the patients: ${message}`,
  found: (n) => `Found ${n} patient(s)`,
  patientSummary: (room, name, mrn) => `Room ${room} - ${name} (MRN: ${mrn})`,
  nameNotProvided: 'Not provided',
  noCpapData: 'No CPAP data recorded yet',
  trendFor: (room) => `Trend for room ${room}`,
  trendCaption: 'Breath rate (line) and apnea events (bars) per measurement',
  measurements: (n) => `${n} measurement(s), oldest first`,
  record: 'Record',
  timestamp: 'Timestamp',
  pressureCol: 'CPAP pressure (cmH2O)',
  breathRateCol: 'Breath rate (breaths/min)',
  apneaCol: 'Apnea events',
  flowChartCol: 'Flow chart',
  alertMark: ' (alert)',
  flowChartOf: (i, room) => `Flow chart of record ${i} of room ${room}`,
};
