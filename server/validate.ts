/**
 * The old Flask server's validation, message for message, plus the checks it lacked (image content,
 * pressure range). Each failure carries the status and the JSON string body to send.
 */

export interface Rejection {
  status: 400 | 413;
  message: string;
}

export type ImageType = 'image/jpeg' | 'image/png';

/** A validated `POST /add_patient` body; `null` is "" on the wire: not given / not measured. */
export interface PatientUpload {
  patient_mrn: number;
  room_number: number;
  patient_name: string;
  CPAP_pressure: number | null;
  breath_rate: number | null;
  apnea_count: number | null;
  /** Base64 without any `data:` prefix or whitespace, or "" for none. */
  flow_image: string;
  image_type: ImageType | null;
}

/** The contract's key order; the old server reported the first missing key in this order. */
export const uploadKeys = [
  'patient_mrn',
  'room_number',
  'patient_name',
  'CPAP_pressure',
  'breath_rate',
  'apnea_count',
  'flow_image',
] as const;

const digits = /^[0-9]+$/;
const decimal = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** An int (not a bool, not 3.5) or a digit string, as a safe non-negative integer; undefined if not. */
export function toInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && digits.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

function toRate(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value === 'string' && decimal.test(value.trim())) {
    const n = Number(value.trim());
    return Number.isFinite(n) && n >= 0 ? n : undefined;
  }
  return undefined;
}

const notNumeric = (k: string): Rejection => ({ status: 400, message: `Key ${k} is not an int or numeric string` });
const wrongType = (k: string): Rejection => ({ status: 400, message: `Key ${k} has the incorrect value type` });

export function validateUpload(body: unknown, imageLimit: number): PatientUpload | Rejection {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { status: 400, message: 'Input is not a dictionary' };
  }
  const input = body as Record<string, unknown>;
  for (const key of uploadKeys) {
    if (!Object.hasOwn(input, key)) return { status: 400, message: `Key ${key} is missing from input` };
  }
  const mrn = toInteger(input.patient_mrn);
  if (mrn === undefined) return notNumeric('patient_mrn');
  const room = toInteger(input.room_number);
  if (room === undefined) return notNumeric('room_number');
  if (typeof input.patient_name !== 'string') return wrongType('patient_name');

  const optional = <T>(key: string, parse: (v: unknown) => T | undefined): T | null | Rejection => {
    const v = input[key];
    if (v === '') return null;
    const parsed = parse(v);
    return parsed === undefined ? notNumeric(key) : parsed;
  };
  const pressure = optional('CPAP_pressure', toInteger);
  if (isRejection(pressure)) return pressure;
  const rate = optional('breath_rate', toRate);
  if (isRejection(rate)) return rate;
  const apnea = optional('apnea_count', toInteger);
  if (isRejection(apnea)) return apnea;

  if (typeof input.flow_image !== 'string') return wrongType('flow_image');
  let image = '';
  let imageType: ImageType | null = null;
  if (input.flow_image !== '') {
    const checked = checkImage(input.flow_image, imageLimit);
    if (isRejection(checked)) return checked;
    image = checked.base64;
    imageType = checked.type;
  }
  return {
    patient_mrn: mrn,
    room_number: room,
    patient_name: input.patient_name,
    CPAP_pressure: pressure,
    breath_rate: rate,
    apnea_count: apnea,
    flow_image: image,
    image_type: imageType,
  };
}

export function isRejection(v: unknown): v is Rejection {
  return typeof v === 'object' && v !== null && 'status' in v && 'message' in v;
}

const base64Chars = /^[A-Za-z0-9+/]*={0,2}$/;

/** Magic bytes decide the type; the extension-free base64 the client sent says nothing we can trust. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 24 && png.every((b, i) => bytes[i] === b)) {
    // The first chunk of a real PNG is IHDR.
    if (String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!) === 'IHDR') return 'image/png';
  }
  return null;
}

export function checkImage(raw: string, limit: number): { base64: string; type: ImageType } | Rejection {
  // Tolerate a data: URL prefix and line breaks (what FileReader and `base64` produce), store the bare form.
  const bare = raw.replace(/^data:image\/[a-z+.-]+;base64,/i, '').replace(/\s+/g, '');
  // Check the size before decoding, so a huge string costs no allocation.
  if (Math.floor((bare.length * 3) / 4) > limit) {
    return { status: 413, message: `Key flow_image is larger than ${limit} bytes` };
  }
  if (bare.length % 4 !== 0 || !base64Chars.test(bare)) {
    return { status: 400, message: 'Key flow_image is not valid base64' };
  }
  const type = sniffImage(Buffer.from(bare.slice(0, 64), 'base64'));
  if (!type) return { status: 400, message: 'Key flow_image is not a JPEG or PNG image' };
  return { base64: bare, type };
}

export const badPressureMessage = 'Bad value for room number or new value';
export const pressureRangeMessage = 'CPAP pressure must be an integer from 4 to 25 cmH2O';
export const minPressure = 4;
export const maxPressure = 25;

/** The pressure request's two values, from URL segments or a JSON body. */
export function validatePressure(room: unknown, value: unknown): { room: number; value: number } | Rejection {
  const r = toInteger(room);
  const v = toInteger(value);
  if (r === undefined || v === undefined) return { status: 400, message: badPressureMessage };
  if (v < minPressure || v > maxPressure) return { status: 400, message: pressureRangeMessage };
  return { room: r, value: v };
}
