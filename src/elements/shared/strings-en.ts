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
  // the clinical view (issue 14)
  legacyRule: string;
  clinicalRegion: string;
  ahiFlow: string;
  flagsPerHour: string;
  perHour: string;
  ahiAlert(n: string): string;
  severityNames: Record<'normal' | 'mild' | 'moderate' | 'severe', string>;
  severityLine(band: string): string;
  noSeverity(minutes: string): string;
  noIndex(reason: string): string;
  aiHi(ai: string, hi: string): string;
  presetLine(name: string): string;
  presetNames: Record<'aasm' | 'resmed-like' | 'oscar-uf', string>;
  uploadCarries(which: 'legacy' | 'clinical'): string;
  chartLegend: string;
  legendApnea: string;
  legendHypopnea: string;
  legendFlag: string;
  scoredEvents: string;
  eventType: string;
  eventStart: string;
  eventDuration: string;
  eventNadir: string;
  eventStatus: string;
  eventTypes: Record<'apnea' | 'hypopnea' | 'uf1' | 'uf2', string>;
  unconfirmed: string;
  notCounted: string;
  counted: string;
  showEvent(type: string, start: string): string;
  noEvents: string;
  eventsPage(from: string, to: string, total: string): string;
  previousPage: string;
  nextPage: string;
  unscoredRuns(n: string): string;
  breathByBreath: string;
  rrTrend: string;
  vtTrend: string;
  mvTrend: string;
  trendSummary(label: string, median: string, p95: string): string;
  totalLeak: string;
  unintentionalLeak: string;
  lpm: string;
  p95Line(p95: string): string;
  overRedline(minutes: string, redline: string): string;
  noVentCurve: string;
  leakTrend(redline: string): string;
  exportEventsCsv: string;
  exportBreathsCsv: string;
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
  clinicalRegion: 'Clinical scoring (flow only)',
  ahiFlow: 'AHI (flow)',
  flagsPerHour: 'OSCAR flags per hour (not an AHI)',
  perHour: 'events/h',
  ahiAlert: (n) => `AHI (flow) ${n} or more: moderate or severe`,
  severityNames: { normal: 'normal (under 5)', mild: 'mild (5 to 15)', moderate: 'moderate (15 to 30)', severe: 'severe (30 or more)' },
  severityLine: (band) => `Severity: ${band}`,
  noSeverity: (minutes) => `No severity band: ${minutes} min analysed, less than one hour.`,
  noIndex: (reason) => `No index: ${reason}`,
  aiHi: (ai, hi) => `Apnea index ${ai}, hypopnea index ${hi} per hour`,
  presetLine: (name) => `Preset: ${name}`,
  presetNames: {
    aasm: 'AASM (apnea: flow at most 10 % of baseline; hypopnea: at most 70 %, unconfirmed)',
    'resmed-like': 'ResMed-like (apnea under 25 %, hypopnea at most 50 % of baseline)',
    'oscar-uf': "OSCAR's user flags UF1/UF2 (flags, not an AHI)",
  },
  uploadCarries: (which) => `Uploads carry the ${which === 'clinical' ? 'clinical count (counted events)' : "old system's count"} as the apnea count.`,
  chartLegend: 'Chart legend',
  legendApnea: 'Apnea (solid band)',
  legendHypopnea: 'Hypopnea: unconfirmed, flow only (hatched band)',
  legendFlag: 'OSCAR flag (dotted edges)',
  scoredEvents: 'Scored events',
  eventType: 'Event',
  eventStart: 'Start',
  eventDuration: 'Duration (s)',
  eventNadir: 'Lowest flow (% of baseline)',
  eventStatus: 'Status',
  eventTypes: { apnea: 'Apnea', hypopnea: 'Hypopnea', uf1: 'UF1 flag', uf2: 'UF2 flag' },
  unconfirmed: 'unconfirmed, flow only',
  notCounted: 'high leak: listed, not counted',
  counted: 'counted',
  showEvent: (type, start) => `Show the ${type} at ${start} on the chart`,
  noEvents: 'No events scored.',
  eventsPage: (from, to, total) => `Events ${from} to ${to} of ${total}`,
  previousPage: 'Previous events',
  nextPage: 'Next events',
  unscoredRuns: (n) => `${n} reduced run(s) cut by the end of the recording or a gap: listed, not counted.`,
  breathByBreath: 'Breath by breath',
  rrTrend: 'Breathing rate (breaths/min)',
  vtTrend: 'Tidal volume (mL)',
  mvTrend: 'Minute ventilation (L/min)',
  trendSummary: (label, median, p95) => `${label}: median ${median}, 95th percentile ${p95}`,
  totalLeak: 'Total leak',
  unintentionalLeak: 'Unintentional leak',
  lpm: 'L/min',
  p95Line: (p95) => `95th percentile ${p95} L/min`,
  overRedline: (minutes, redline) => `${minutes} min above the ${redline} L/min redline`,
  noVentCurve: "Unintentional leak needs the mask's vent curve (the vent-curve attribute).",
  leakTrend: (redline) => `Leak per 10-s epoch (L/min); the line marks the ${redline} L/min redline`,
  exportEventsCsv: 'Export events as CSV',
  exportBreathsCsv: 'Export breaths as CSV',
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
