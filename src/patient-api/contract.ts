/**
 * The patient API contract (../shared/spec/patient-api.md), written once: wire types, route paths,
 * server-sent event names and payloads, limits and rules, and the validation messages. No DOM and
 * no imports: the page (client, dashboard), the reference server and the tests import it from here.
 */

// ---------------------------------------------------------------------------------------------
// Wire types

/** The body of `POST /add_patient`: all seven keys; `""` means "not given". */
export interface PatientUpload {
  patient_mrn: number;
  room_number: number;
  patient_name: string;
  CPAP_pressure: number | '';
  breath_rate: number | '';
  apnea_count: number | '';
  /** Base64 JPEG or PNG, no `data:` prefix; `""` for none. */
  flow_image: string;
}

/** The contract's key order; the old server reported the first missing key in this order. */
export const UPLOAD_KEYS = [
  'patient_mrn',
  'room_number',
  'patient_name',
  'CPAP_pressure',
  'breath_rate',
  'apnea_count',
  'flow_image',
] as const satisfies readonly (keyof PatientUpload)[];

/**
 * One room's record; the arrays are parallel, one entry per measurement, oldest first. The old
 * server may send numbers as strings (`Value`); the reference server sends numbers.
 */
export interface PatientRecord<Value = number | string> {
  room_number: number;
  patient_mrn: number;
  patient_name: string;
  CPAP_pressure: Value[];
  breath_rate: Value[];
  apnea_count: Array<Value | null>;
  timestamp: string[];
  /** The old route inlines the images as base64. */
  flow_image?: string[];
  /** The reference server links them instead. */
  flow_image_url?: Array<string | null>;
}

/** Shown for a record stored without a name. */
export const NAME_NOT_PROVIDED = 'Not provided';

/** The answers of `POST /add_patient` (200). */
export const UPLOAD_ANSWERS = { created: 'New patient created', updated: 'Patient successfully updated' } as const;

// ---------------------------------------------------------------------------------------------
// Routes (relative to the server's base URL, no leading slash)

export const ROUTES = {
  /** `POST add_patient` with a {@link PatientUpload}. */
  addPatient: 'add_patient',
  /** `GET get_all_patients`: every record, images inline. */
  allPatients: 'get_all_patients',
  /** `GET new_cpap_pressure/<room>/<value>` (old) or `POST new_cpap_pressure` (JSON body). */
  newPressure: 'new_cpap_pressure',
  /** `GET CPAP_query/<room>`: the pending pressure request. */
  cpapQuery: 'CPAP_query',
  health: 'health',
  /** Reference server only: server-sent events (`?room=` for one room). */
  events: 'events',
  /** Reference server only: records without inline images (`?fields=`, `?mrn=`), `patients/<room>`. */
  patients: 'patients',
} as const;

/** Where the reference server serves measurement `index` of `room` (the etag pins one image). */
export function imagePath(room: number, index: number, etag: string): string {
  return `${ROUTES.patients}/${room}/images/${index}?v=${etag}`;
}

// ---------------------------------------------------------------------------------------------
// Server-sent events (reference server only)

/** The `event:` names on `/events`. */
export const SERVER_EVENTS = {
  /** The monitoring station asked for a pressure: {@link PressureEventData}. */
  pressure: 'pressure',
  /** A measurement was stored: {@link MeasurementEventData}. */
  measurement: 'measurement',
  /** A patient was created, replaced or renamed: {@link PatientEventData}. */
  patient: 'patient',
  /** The server cannot replay what the client missed: reload everything. */
  reset: 'reset',
} as const;
export type ServerEventName = (typeof SERVER_EVENTS)[keyof typeof SERVER_EVENTS];

export interface PressureEventData {
  id: number;
  room_number: number;
  CPAP_pressure: number;
}
export interface PatientEventData {
  id: number;
  room_number: number;
  patient_mrn: number;
  patient_name: string;
  change: 'created' | 'replaced' | 'renamed';
}
export interface MeasurementEventData {
  id: number;
  room_number: number;
  patient_mrn: number;
  patient_name: string;
  index: number;
  CPAP_pressure: number;
  breath_rate: number;
  apnea_count: number | null;
  timestamp: string;
  flow_image_url: string | null;
}

// ---------------------------------------------------------------------------------------------
// Limits and rules

/** CPAP pressure, cmH2O, whole numbers. */
export const PRESSURE_RANGE = { min: 4, max: 25 } as const;
/** A measurement with at least this many apnea events raises the alert. */
export const APNEA_ALERT_THRESHOLD = 2;
/** Seconds between polls of `CPAP_query` (the old screen: 30, adjustable 10..60). */
export const REFRESH_INTERVAL_S = { min: 10, max: 60, default: 30 } as const;

export function isApneaAlert(count: unknown): boolean {
  const n = typeof count === 'number' ? count : typeof count === 'string' && count !== '' ? Number(count) : NaN;
  return Number.isFinite(n) && n >= APNEA_ALERT_THRESHOLD;
}

/** The refresh interval to use for `value` (seconds): clamped to the contract's bounds. */
export function clampRefreshInterval(value: number | undefined): number {
  return Math.min(REFRESH_INTERVAL_S.max, Math.max(REFRESH_INTERVAL_S.min, value ?? REFRESH_INTERVAL_S.default));
}

export function isPressureInRange(value: number): boolean {
  return Number.isInteger(value) && value >= PRESSURE_RANGE.min && value <= PRESSURE_RANGE.max;
}

const digits = /^[0-9]+$/;
const decimal = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** The integer rule: an int (not a bool, not 3.5) or a digit string, as a safe non-negative integer. */
export function toWireInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && digits.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** The breath-rate rule: a finite non-negative number or numeric string. */
export function toWireRate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && decimal.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  }
  return undefined;
}

/** A whole number typed in a form field (surrounding spaces and a sign allowed), or undefined. */
export function integerField(text: string): number | undefined {
  const t = text.trim();
  return /^[+-]?\d+$/.test(t) ? Number(t) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Validation messages (the old server's, word for word, plus the reference server's own)

export const MESSAGES = {
  notDictionary: 'Input is not a dictionary',
  missingKey: (key: string) => `Key ${key} is missing from input`,
  notNumeric: (key: string) => `Key ${key} is not an int or numeric string`,
  wrongType: (key: string) => `Key ${key} has the incorrect value type`,
  badPressure: 'Bad value for room number or new value',
  pressureRange: `CPAP pressure must be an integer from ${PRESSURE_RANGE.min} to ${PRESSURE_RANGE.max} cmH2O`,
  patientNotFound: 'Patient not in database',
  imageTooLarge: (limit: number) => `Key flow_image is larger than ${limit} bytes`,
  imageNotBase64: 'Key flow_image is not valid base64',
  imageNotPicture: 'Key flow_image is not a JPEG or PNG image',
} as const;

/** A refusal: the HTTP status and the JSON string body. */
export interface Rejection {
  status: 400 | 413;
  message: string;
}

export function isRejection(v: unknown): v is Rejection {
  return typeof v === 'object' && v !== null && 'status' in v && 'message' in v;
}

/** An upload that passed {@link checkUpload}; `null` is `""` on the wire: not given / not measured. */
export interface CheckedUpload {
  patient_mrn: number;
  room_number: number;
  patient_name: string;
  CPAP_pressure: number | null;
  breath_rate: number | null;
  apnea_count: number | null;
  /** As sent; the server checks the image's bytes itself. */
  flow_image: string;
}

/**
 * The `POST /add_patient` rules, as the old server applied them and in its order, plus the pressure
 * range the spec gives: the same function refuses a bad upload on the page before it is queued and
 * on the server when it arrives.
 */
export function checkUpload(body: unknown): CheckedUpload | Rejection {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, message: MESSAGES.notDictionary };
  const input = body as Record<string, unknown>;
  for (const key of UPLOAD_KEYS) {
    if (!Object.hasOwn(input, key)) return { status: 400, message: MESSAGES.missingKey(key) };
  }
  const mrn = toWireInteger(input.patient_mrn);
  if (mrn === undefined) return { status: 400, message: MESSAGES.notNumeric('patient_mrn') };
  const room = toWireInteger(input.room_number);
  if (room === undefined) return { status: 400, message: MESSAGES.notNumeric('room_number') };
  if (typeof input.patient_name !== 'string') return { status: 400, message: MESSAGES.wrongType('patient_name') };
  const optional = (key: string, parse: (v: unknown) => number | undefined): number | null | Rejection => {
    const v = input[key];
    if (v === '') return null;
    const parsed = parse(v);
    return parsed === undefined ? { status: 400, message: MESSAGES.notNumeric(key) } : parsed;
  };
  const pressure = optional('CPAP_pressure', toWireInteger);
  if (isRejection(pressure)) return pressure;
  if (pressure !== null && !isPressureInRange(pressure)) return { status: 400, message: MESSAGES.pressureRange };
  const rate = optional('breath_rate', toWireRate);
  if (isRejection(rate)) return rate;
  const apnea = optional('apnea_count', toWireInteger);
  if (isRejection(apnea)) return apnea;
  if (typeof input.flow_image !== 'string') return { status: 400, message: MESSAGES.wrongType('flow_image') };
  return {
    patient_mrn: mrn,
    room_number: room,
    patient_name: input.patient_name,
    CPAP_pressure: pressure,
    breath_rate: rate,
    apnea_count: apnea,
    flow_image: input.flow_image,
  };
}

/** The pressure request's two values, from URL segments or a JSON body. */
export function checkPressureRequest(room: unknown, value: unknown): { room: number; value: number } | Rejection {
  const r = toWireInteger(room);
  const v = toWireInteger(value);
  if (r === undefined || v === undefined) return { status: 400, message: MESSAGES.badPressure };
  if (!isPressureInRange(v)) return { status: 400, message: MESSAGES.pressureRange };
  return { room: r, value: v };
}
