/**
 * The patient lists that carry images inline (`GET /get_all_patients`, `/patients?fields=flow_image`),
 * written piece by piece from SQLite: one record's small columns, then its images one row at a time.
 * Nothing builds the whole answer as one string. `ListCache` keeps the encoded `get_all_patients`
 * answer (and its gzip/brotli forms) between writes while it fits `--list-cache`; above that the answer
 * is streamed from a read-only connection of its own (a consistent snapshot, and the main connection
 * stays free for writes), and above `--list-limit` it is refused.
 */
import Database from 'better-sqlite3';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Db } from './db.ts';
import { imageUrl, type PatientField } from './patients.ts';
import { NAME_NOT_PROVIDED } from '../src/patient-api/contract.ts';

interface PatientRow {
  room_number: number;
  patient_mrn: number;
  patient_name: string;
}

interface SmallRow {
  id: number;
  cpap_pressure: number;
  breath_rate: number;
  apnea_count: number | null;
  image_etag: string | null;
  timestamp: string;
}

/** `GET /get_all_patients`'s keys, in the old server's order. */
export const legacyFields: readonly PatientField[] = [
  'room_number',
  'patient_mrn',
  'patient_name',
  'CPAP_pressure',
  'breath_rate',
  'apnea_count',
  'flow_image',
  'timestamp',
];

/** Prepared statements on one connection; `chunks()` yields the JSON of a list in pieces. */
export class ListReader {
  private readonly stmt;

  constructor(readonly db: Db) {
    this.stmt = {
      all: db.prepare<[], PatientRow>('SELECT room_number, patient_mrn, patient_name FROM patients ORDER BY room_number'),
      byMrn: db.prepare<[number], PatientRow>(
        'SELECT room_number, patient_mrn, patient_name FROM patients WHERE patient_mrn = ? ORDER BY room_number',
      ),
      small: db.prepare<[number], SmallRow>(
        `SELECT id, cpap_pressure, breath_rate, apnea_count, image_etag, timestamp FROM measurements
         WHERE room_number = ? ORDER BY id`,
      ),
      // As a BLOB: the bytes arrive as one Buffer (outside the JS heap), never a JS string.
      image: db.prepare<[number], { flow_image: Buffer | null }>('SELECT CAST(flow_image AS BLOB) AS flow_image FROM measurements WHERE id = ?'),
      size: db.prepare<[], { bytes: number; n: number }>(
        'SELECT coalesce(sum(octet_length(flow_image)), 0) AS bytes, count(*) AS n FROM measurements',
      ),
      patients: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM patients'),
    };
  }

  /** An upper estimate of the whole list's JSON size in bytes, from SQLite's lengths (no image is read). */
  estimate(): number {
    const { bytes, n } = this.stmt.size.get()!;
    return bytes + n * 120 + this.stmt.patients.get()!.n * 1000 + 2;
  }

  /** The list as JSON in pieces: text for the small fields, one Buffer per image. */
  *chunks(fields: readonly PatientField[], mrn?: number): Generator<string | Buffer> {
    const patients = mrn === undefined ? this.stmt.all.all() : this.stmt.byMrn.all(mrn);
    yield '[';
    let first = true;
    for (const p of patients) {
      const rows = fields.some(isMeasurementField) ? this.stmt.small.all(p.room_number) : [];
      let head = first ? '{' : ',{';
      first = false;
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
          const image = this.stmt.image.get(rows[i]!.id)?.flow_image ?? Buffer.alloc(0);
          // Stored images are validated base64 (nothing to escape); anything else goes through JSON.stringify.
          if (image.indexOf(0x22) >= 0 || image.indexOf(0x5c) >= 0 || image.some((b) => b < 0x20)) {
            yield (i ? ',' : '') + JSON.stringify(image.toString('utf8'));
          } else {
            yield i ? ',"' : '"';
            yield image;
            yield '"';
          }
        }
        head = ']';
      }
      yield head + '}';
    }
    yield ']';
  }
}

function isMeasurementField(f: PatientField): boolean {
  return f !== 'room_number' && f !== 'patient_mrn' && f !== 'patient_name';
}

function smallValue(p: PatientRow, rows: SmallRow[], f: PatientField): unknown {
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

/** Whole-list encodings for the cache: built synchronously on the main connection (one consistent read). */
export function encodeAll(reader: ListReader, fields: readonly PatientField[]): Buffer {
  const parts: Buffer[] = [];
  for (const piece of reader.chunks(fields)) parts.push(typeof piece === 'string' ? Buffer.from(piece) : piece);
  return Buffer.concat(parts);
}

/**
 * The list as a pull stream of ~64 KB byte chunks, read on a read-only connection of its own inside
 * one transaction (a snapshot: writes meanwhile are not half-seen). Pulled as the client drains it,
 * so memory holds about one image at a time; the connection closes at the end or when the client goes.
 */
export function streamList(dbPath: string, main: Db, fields: readonly PatientField[], mrn?: number): ReadableStream<Uint8Array> {
  const own = dbPath !== ':memory:';
  const db = own ? new Database(dbPath, { readonly: true, fileMustExist: true }) : main;
  if (own) {
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN');
  }
  const reader = new ListReader(db);
  const pieces = reader.chunks(fields, mrn);
  const slice = 64 * 1024;
  let rest: Buffer | null = null;
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    if (own) {
      try {
        db.exec('COMMIT');
      } finally {
        db.close();
      }
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        try {
          // An image left over from the last pull goes out in 64 KB views of it (no copies).
          if (rest) {
            controller.enqueue(rest.subarray(0, slice));
            rest = rest.length > slice ? rest.subarray(slice) : null;
            return;
          }
          const out: Buffer[] = [];
          let size = 0;
          let done = false;
          while (size < slice) {
            const next = pieces.next();
            if (next.done) {
              done = true;
              break;
            }
            const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
            if (b.length > slice) {
              rest = b;
              break;
            }
            out.push(b);
            size += b.length;
          }
          if (size > 0) controller.enqueue(out.length === 1 ? out[0]! : Buffer.concat(out, size));
          else if (rest) {
            controller.enqueue(rest.subarray(0, slice));
            rest = rest.subarray(slice);
          }
          if (done) {
            finish();
            controller.close();
          }
        } catch (e) {
          finish();
          controller.error(e);
        }
      },
      cancel() {
        finish();
      },
    },
    { highWaterMark: 0 },
  );
}

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts among br, gzip and identity (q=0 refuses one). */
export function negotiate(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const qp = params.map((s) => s.trim()).find((s) => s.startsWith('q='));
    q.set(name!.trim(), qp ? Number(qp.slice(2)) || 0 : 1);
  }
  const accepts = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Compresses off the main thread (zlib's pool); brotli at quality 5: near gzip's speed, smaller. */
export function compress(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  return encoding === 'gzip'
    ? gzip(body, { level: 6 })
    : brotli(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
        },
      });
}

/**
 * `GET /get_all_patients` between writes: the encoded answer and, once asked for, its compressed
 * forms, keyed by the store's version (bumped by every write of this process, the only writer).
 */
export class ListCache {
  private version = -1;
  private body: Buffer | null = null;
  private encoded = new Map<'br' | 'gzip', Promise<Buffer>>();

  constructor(
    private readonly reader: ListReader,
    private readonly currentVersion: () => number,
  ) {}

  /** The cached answer for the current version, built when it fits `cap` bytes; null = stream it. */
  get(cap: number): { body: Buffer; version: number } | null {
    const version = this.currentVersion();
    if (this.version !== version) {
      this.version = version;
      this.encoded = new Map();
      this.body = this.reader.estimate() <= cap ? encodeAll(this.reader, legacyFields) : null;
      if (this.body && this.body.length > cap) this.body = null;
    }
    return this.body ? { body: this.body, version } : null;
  }

  /** The compressed form of the cached answer of `version`, computed once. */
  compressed(version: number, body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
    if (version !== this.version) return compress(body, encoding);
    let p = this.encoded.get(encoding);
    if (!p) {
      p = compress(body, encoding);
      this.encoded.set(encoding, p);
      p.catch(() => this.encoded.delete(encoding));
    }
    return p;
  }
}
