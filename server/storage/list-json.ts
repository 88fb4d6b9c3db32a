/**
 * The JSON of the image-carrying lists (`GET /get_all_patients`, `/patients?fields=flow_image`), written
 * piece by piece for both backends (`listJson`): one record's small columns as text, then its images one
 * row at a time (`{ image: id }` pieces, which the backend resolves to the stored bytes), so nothing builds
 * the whole answer as one string. The pieces are not batched here: `streamList` (server/list.ts) gathers
 * them into the ~64 KB chunks sent.
 */
import { NAME_NOT_PROVIDED } from '../../src/patient-api/contract.ts';
import { imageUrl, type ListedRecord, type PatientField } from './types.ts';

export interface ListPatientRow {
  room_number: number;
  patient_mrn: number;
  patient_name: string;
}

export interface ListSmallRow {
  id: number;
  cpap_pressure: number;
  breath_rate: number;
  apnea_count: number | null;
  image_etag: string | null;
  timestamp: string;
}

/** A piece of text, or the image of measurement `image` (written as a JSON string). */
export type ListPiece = string | { image: number };

/** An upper estimate of the list's JSON size from the images' total length and the row counts. */
export function estimateListBytes(imageBytes: number, measurements: number, patients: number): number {
  return imageBytes + measurements * 120 + patients * 1000 + 2;
}

export function isMeasurementField(f: PatientField): boolean {
  return f !== 'room_number' && f !== 'patient_mrn' && f !== 'patient_name';
}

/**
 * The whole list's pieces, `[` to `]`, for both backends: each patient's record with its measurement
 * rows from `rowsOf` (ordered by id). Synchronous, so SQLite can read a list in one go on its connection;
 * each backend reads the `{ image: id }` pieces itself (`imageJson`).
 */
export function* listJson(
  patients: Iterable<ListPatientRow>,
  rowsOf: (p: ListPatientRow) => ListSmallRow[],
  fields: readonly PatientField[],
): Generator<ListPiece> {
  yield '[';
  let first = true;
  for (const p of patients) {
    yield* recordPieces(p, rowsOf(p), fields, first);
    first = false;
  }
  yield ']';
}

/** One record's pieces; `first` leaves out the separating comma. */
function* recordPieces(p: ListPatientRow, rows: ListSmallRow[], fields: readonly PatientField[], first: boolean): Generator<ListPiece> {
  let head = first ? '{' : ',{';
  let sep = '';
  for (const f of fields) {
    head += `${sep}${JSON.stringify(f)}:`;
    sep = ',';
    if (f !== 'flow_image') {
      head += JSON.stringify(smallValue(p, rows, f));
      continue;
    }
    yield head + '[';
    head = '';
    for (let i = 0; i < rows.length; i++) {
      if (i) yield ',';
      yield { image: rows[i]!.id };
    }
    head = ']';
  }
  yield head + '}';
}

/** A stored image as a JSON string: validated base64 goes out as it is, anything else through JSON.stringify. */
export function imageJson(image: Buffer | null | undefined): (string | Buffer)[] {
  const b = image ?? Buffer.alloc(0);
  if (b.indexOf(0x22) >= 0 || b.indexOf(0x5c) >= 0 || b.some((x) => x < 0x20)) return [JSON.stringify(b.toString('utf8'))];
  return ['"', b, '"'];
}

function smallValue(p: ListPatientRow, rows: ListSmallRow[], f: PatientField): unknown {
  switch (f) {
    case 'room_number':
      return p.room_number;
    case 'patient_mrn':
      return p.patient_mrn;
    case 'patient_name':
      return p.patient_name || NAME_NOT_PROVIDED;
    case 'CPAP_pressure':
      return rows.map((r) => r.cpap_pressure);
    case 'breath_rate':
      return rows.map((r) => r.breath_rate);
    case 'apnea_count':
      return rows.map((r) => r.apnea_count);
    case 'timestamp':
      return rows.map((r) => r.timestamp);
    case 'measurement_count':
      return rows.length;
    case 'flow_image_url':
      return rows.map((r, i) => (r.image_etag ? imageUrl(p.room_number, i, r.image_etag) : null));
    default:
      return null;
  }
}

/** `list()`'s records from the patients and their measurements (ordered by room, then id). */
export function groupRecords(
  patients: ListPatientRow[],
  measurements: (ListSmallRow & { room_number: number; flow_image: string })[],
): ListedRecord[] {
  const byRoom = new Map<number, ListedRecord>();
  for (const p of patients) {
    byRoom.set(p.room_number, {
      room_number: p.room_number,
      patient_mrn: p.patient_mrn,
      patient_name: p.patient_name || NAME_NOT_PROVIDED,
      CPAP_pressure: [],
      breath_rate: [],
      apnea_count: [],
      flow_image: [],
      flow_image_url: [],
      timestamp: [],
    });
  }
  for (const m of measurements) {
    const r = byRoom.get(m.room_number);
    if (!r) continue;
    r.CPAP_pressure.push(m.cpap_pressure);
    r.breath_rate.push(m.breath_rate);
    r.apnea_count.push(m.apnea_count);
    r.flow_image.push(m.flow_image);
    r.flow_image_url.push(m.image_etag ? imageUrl(m.room_number, r.timestamp.length, m.image_etag) : null);
    r.timestamp.push(m.timestamp);
  }
  return [...byRoom.values()];
}
