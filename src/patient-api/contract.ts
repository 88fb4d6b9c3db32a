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
/**
 * Events carry ids and small fields only, never a stored name or image: a listener fetches the
 * record (`patients/<room>`) when it needs more. The log stays small whatever was uploaded.
 */
export interface PatientEventData {
  id: number;
  room_number: number;
  patient_mrn: number;
  change: 'created' | 'replaced' | 'renamed';
}
export interface MeasurementEventData {
  id: number;
  room_number: number;
  patient_mrn: number;
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
/** Medical record number: a whole number of at most 12 digits. */
export const MRN_RANGE = { min: 0, max: 999_999_999_999 } as const;
/** Room number: a whole number of at most 6 digits. */
export const ROOM_RANGE = { min: 0, max: 999_999 } as const;
/** Breath rate, breaths/min: a plausible measurement (any decimal in the range). */
export const BREATH_RATE_RANGE = { min: 0, max: 120 } as const;
/** Apnea events in one measurement, whole numbers. */
export const APNEA_COUNT_RANGE = { min: 0, max: 10_000 } as const;
/** `patient_name`: at most this many characters (Unicode code points). */
export const NAME_MAX_LENGTH = 200;
/** JSON bodies nested deeper than this are refused before they are parsed. */
export const JSON_MAX_DEPTH = 32;
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

function inRange(value: number, range: { min: number; max: number }): boolean {
  return value >= range.min && value <= range.max;
}

// C0 controls, DEL and C1 controls; a high surrogate not followed by a low one, or a low one alone.
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a patient name is refused, or null when it is fine: too long, control characters, lone surrogates. */
export function nameProblem(name: string): string | null {
  // Code units bound code points from above and below (one or two units each): cheap checks first.
  if (name.length > NAME_MAX_LENGTH * 2) return MESSAGES.nameTooLong;
  if (controlCharacter.test(name) || loneSurrogate.test(name)) return MESSAGES.nameCharacters;
  if (name.length > NAME_MAX_LENGTH) {
    let points = 0;
    for (const _ of name) points++;
    if (points > NAME_MAX_LENGTH) return MESSAGES.nameTooLong;
  }
  return null;
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
  outOfRange: (key: string, range: { min: number; max: number }, unit = '') =>
    `Key ${key} must be ${key === 'breath_rate' ? 'a number' : 'an integer'} from ${range.min} to ${range.max}${unit ? ` ${unit}` : ''}`,
  nameTooLong: `Key patient_name must be at most ${NAME_MAX_LENGTH} characters`,
  nameCharacters: 'Key patient_name must not contain control characters or unpaired surrogates',
  jsonTooDeep: `JSON body is nested deeper than ${JSON_MAX_DEPTH} levels`,
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
  if (!inRange(mrn, MRN_RANGE)) return { status: 400, message: MESSAGES.outOfRange('patient_mrn', MRN_RANGE) };
  const room = toWireInteger(input.room_number);
  if (room === undefined) return { status: 400, message: MESSAGES.notNumeric('room_number') };
  if (!inRange(room, ROOM_RANGE)) return { status: 400, message: MESSAGES.outOfRange('room_number', ROOM_RANGE) };
  if (typeof input.patient_name !== 'string') return { status: 400, message: MESSAGES.wrongType('patient_name') };
  const badName = nameProblem(input.patient_name);
  if (badName) return { status: 400, message: badName };
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
  if (rate !== null && !inRange(rate, BREATH_RATE_RANGE)) {
    return { status: 400, message: MESSAGES.outOfRange('breath_rate', BREATH_RATE_RANGE, 'breaths/min') };
  }
  const apnea = optional('apnea_count', toWireInteger);
  if (isRejection(apnea)) return apnea;
  if (apnea !== null && !inRange(apnea, APNEA_COUNT_RANGE)) {
    return { status: 400, message: MESSAGES.outOfRange('apnea_count', APNEA_COUNT_RANGE) };
  }
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
  if (!inRange(r, ROOM_RANGE)) return { status: 400, message: MESSAGES.outOfRange('room_number', ROOM_RANGE) };
  if (!isPressureInRange(v)) return { status: 400, message: MESSAGES.pressureRange };
  return { room: r, value: v };
}
