import { createHash } from 'node:crypto';
import type { Db } from './sqlite-schema.ts';
import type { ValidUpload } from '../validate.ts';
import {
  SERVER_EVENTS,
  type MeasurementEventData,
  type PatientEventData,
  type PressureEventData,
} from '../../src/patient-api/contract.ts';
import { groupRecords } from './list-json.ts';
import { formatTimestamp, imageUrl, type ImageRow, type ListedRecord, type Retention, type StoredEvent, type UploadResult } from './types.ts';

interface PatientRow {
  room_number: number;
  patient_mrn: number;
  patient_name: string;
}

interface MeasurementRow {
  id: number;
  room_number: number;
  cpap_pressure: number;
  breath_rate: number;
  apnea_count: number | null;
  flow_image: string;
  image_etag: string | null;
  timestamp: string;
}

/**
 * SQLite's synchronous store (wrapped by sqlite.ts as the async Storage): all reads and writes of patients, measurements, pressure requests and the event log. Each write is
 * one transaction that also appends its events, so a client that resumes with Last-Event-ID sees
 * exactly the changes that were committed.
 */
export class PatientStore {
  private readonly stmt;
  readonly upload: (u: ValidUpload, key?: string) => UploadResult;
  /** Bumped on every change to patients or measurements; this process is the only writer, so it keys caches. */
  version = 0;
  readonly requestPressure: (room: number, value: number) => StoredEvent;

  constructor(
    db: Db,
    private readonly retention: Retention = { keep: 0, days: 0 },
  ) {
    this.stmt = {
      getPatient: db.prepare<[number], PatientRow>(
        'SELECT room_number, patient_mrn, patient_name FROM patients WHERE room_number = ?',
      ),
      allPatients: db.prepare<[], PatientRow>('SELECT room_number, patient_mrn, patient_name FROM patients ORDER BY room_number'),
      patientsByMrn: db.prepare<[number], PatientRow>(
        'SELECT room_number, patient_mrn, patient_name FROM patients WHERE patient_mrn = ? ORDER BY room_number',
      ),
      insertPatient: db.prepare<[number, number, string, string]>(
        'INSERT INTO patients (room_number, patient_mrn, patient_name, created_at) VALUES (?, ?, ?, ?)',
      ),
      deletePatient: db.prepare<[number]>('DELETE FROM patients WHERE room_number = ?'),
      renamePatient: db.prepare<[string, number]>('UPDATE patients SET patient_name = ? WHERE room_number = ?'),
      insertMeasurement: db.prepare<[number, number, number, number | null, string, string | null, string | null, string]>(
        `INSERT INTO measurements (room_number, cpap_pressure, breath_rate, apnea_count, flow_image, image_type, image_etag, timestamp)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      trimRoom: db.prepare<[number, number, number]>(
        `DELETE FROM measurements WHERE room_number = ? AND id <= (
           SELECT id FROM measurements WHERE room_number = ? ORDER BY id DESC LIMIT 1 OFFSET ?)`,
      ),
      trimAllByCount: db.prepare<[number]>(
        `DELETE FROM measurements WHERE id IN (
           SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY room_number ORDER BY id DESC) AS k FROM measurements)
           WHERE k > ?)`,
      ),
      expireRoom: db.prepare<[number, string]>('DELETE FROM measurements WHERE room_number = ? AND timestamp < ?'),
      expireAll: db.prepare<[string]>('DELETE FROM measurements WHERE timestamp < ?'),
      countMeasurements: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM measurements WHERE room_number = ?'),
      allMeasurements: db.prepare<[], MeasurementRow>(
        `SELECT id, room_number, cpap_pressure, breath_rate, apnea_count, flow_image, image_etag, timestamp
         FROM measurements ORDER BY room_number, id`,
      ),
      allMeasurementsNoImage: db.prepare<[], MeasurementRow>(
        `SELECT id, room_number, cpap_pressure, breath_rate, apnea_count, '' AS flow_image, image_etag, timestamp
         FROM measurements ORDER BY room_number, id`,
      ),
      roomMeasurements: db.prepare<[number], MeasurementRow>(
        `SELECT id, room_number, cpap_pressure, breath_rate, apnea_count, flow_image, image_etag, timestamp
         FROM measurements WHERE room_number = ? ORDER BY id`,
      ),
      roomMeasurementsNoImage: db.prepare<[number], MeasurementRow>(
        `SELECT id, room_number, cpap_pressure, breath_rate, apnea_count, '' AS flow_image, image_etag, timestamp
         FROM measurements WHERE room_number = ? ORDER BY id`,
      ),
      image: db.prepare<[number, number], ImageRow>(
        `SELECT flow_image, image_type, image_etag FROM measurements
         WHERE room_number = ? ORDER BY id LIMIT 1 OFFSET ?`,
      ),
      setPressure: db.prepare<[number, number, string]>(
        `INSERT INTO pressure_requests (room_number, cpap_pressure, requested_at) VALUES (?, ?, ?)
         ON CONFLICT (room_number) DO UPDATE SET cpap_pressure = excluded.cpap_pressure, requested_at = excluded.requested_at`,
      ),
      getPressure: db.prepare<[number], { cpap_pressure: number }>('SELECT cpap_pressure FROM pressure_requests WHERE room_number = ?'),
      clearPressure: db.prepare<[number]>('DELETE FROM pressure_requests WHERE room_number = ?'),
      insertEvent: db.prepare<[string, number, string, string]>(
        'INSERT INTO events (type, room_number, data, created_at) VALUES (?, ?, ?, ?)',
      ),
      eventsAfter: db.prepare<[number, number], StoredEvent>(
        'SELECT id, type, room_number, data FROM events WHERE id > ? ORDER BY id LIMIT ?',
      ),
      lastEventId: db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM events'),
      firstEventId: db.prepare<[], { id: number | null }>('SELECT min(id) AS id FROM events'),
      getKey: db.prepare<[string], { body_hash: string; created: number }>('SELECT body_hash, created FROM upload_keys WHERE key = ?'),
      putKey: db.prepare<[string, string, number, string]>(
        'INSERT INTO upload_keys (key, body_hash, created, created_at) VALUES (?, ?, ?, ?)',
      ),
      pruneKeys: db.prepare<[string]>('DELETE FROM upload_keys WHERE created_at < ?'),
      fillEvent: db.prepare<[string, number]>('UPDATE events SET data = ? WHERE id = ?'),
      pruneEvents: db.prepare<[number]>('DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - ?'),
    };

    const upload = db.transaction((u: ValidUpload, key?: string): UploadResult => {
      if (key === undefined) return this.uploadInTransaction(u);
      // Checked and recorded in the same transaction as the write, so a retry racing the original
      // cannot store the measurement twice.
      const hash = createHash('sha256').update(JSON.stringify(u)).digest('base64url');
      const seen = this.stmt.getKey.get(key);
      if (seen) return { created: seen.created === 1, events: [], replayed: true, conflict: seen.body_hash !== hash };
      const result = this.uploadInTransaction(u);
      this.stmt.putKey.run(key, hash, result.created ? 1 : 0, new Date().toISOString());
      return result;
    });
    this.upload = (u, key) => {
      const result = upload(u, key);
      if (!result.replayed) this.version++;
      return result;
    };
    this.requestPressure = db.transaction((room: number, value: number): StoredEvent => {
      const now = formatTimestamp(new Date());
      this.stmt.setPressure.run(room, value, now);
      return this.addEvent(SERVER_EVENTS.pressure, room, (id): PressureEventData => ({ room_number: room, CPAP_pressure: value, id }));
    });
  }

  private addEvent<T extends { id: number }>(type: StoredEvent['type'], room: number, build: (id: number) => T): StoredEvent {
    // The payload carries its own id, so the row is written first and its data filled in after.
    const info = this.stmt.insertEvent.run(type, room, '', new Date().toISOString());
    const id = Number(info.lastInsertRowid);
    const data = JSON.stringify(build(id));
    this.stmt.fillEvent.run(data, id);
    return { id, type, room_number: room, data };
  }

  private uploadInTransaction(u: ValidUpload): UploadResult {
    const events: StoredEvent[] = [];
    const existing = this.stmt.getPatient.get(u.room_number);
    const now = new Date();
    if (!existing || existing.patient_mrn !== u.patient_mrn) {
      if (existing) {
        // A new patient took the room: the old record, its measurements and any pressure asked for the
        // previous patient go.
        this.stmt.deletePatient.run(u.room_number);
        this.stmt.clearPressure.run(u.room_number);
      }
      this.stmt.insertPatient.run(u.room_number, u.patient_mrn, u.patient_name, now.toISOString());
      events.push(
        this.addEvent(SERVER_EVENTS.patient, u.room_number, (id): PatientEventData => ({
          room_number: u.room_number,
          patient_mrn: u.patient_mrn,
          change: existing ? 'replaced' : 'created',
          id,
        })),
      );
    } else if (u.patient_name !== '' && u.patient_name !== existing.patient_name) {
      this.stmt.renamePatient.run(u.patient_name, u.room_number);
      events.push(
        this.addEvent(SERVER_EVENTS.patient, u.room_number, (id): PatientEventData => ({
          room_number: u.room_number,
          patient_mrn: u.patient_mrn,
          change: 'renamed',
          id,
        })),
      );
    }
    if (u.CPAP_pressure !== null && u.breath_rate !== null) {
      const timestamp = formatTimestamp(now);
      const etag = u.flow_image ? createHash('sha256').update(u.flow_image).digest('base64url').slice(0, 22) : null;
      this.stmt.insertMeasurement.run(
        u.room_number,
        u.CPAP_pressure,
        u.breath_rate,
        u.apnea_count,
        u.flow_image,
        u.image_type,
        etag,
        timestamp,
      );
      // Retention: the room's oldest measurements go before the new one gets its index.
      if (this.retention.keep > 0) this.stmt.trimRoom.run(u.room_number, u.room_number, this.retention.keep);
      if (this.retention.days > 0) this.stmt.expireRoom.run(u.room_number, this.cutoff(now));
      const index = this.stmt.countMeasurements.get(u.room_number)!.n - 1;
      const pressure = u.CPAP_pressure;
      const rate = u.breath_rate;
      events.push(
        this.addEvent(SERVER_EVENTS.measurement, u.room_number, (id): MeasurementEventData => ({
          room_number: u.room_number,
          patient_mrn: u.patient_mrn,
          index,
          CPAP_pressure: pressure,
          breath_rate: rate,
          apnea_count: u.apnea_count,
          timestamp,
          flow_image_url: etag ? imageUrl(u.room_number, index, etag) : null,
          id,
        })),
      );
    }
    return { created: !existing, events };
  }

  private cutoff(now: Date): string {
    return formatTimestamp(new Date(now.getTime() - this.retention.days * 86_400_000));
  }

  /** Applies the retention settings to every room (at start and every minute); returns the rows dropped. */
  pruneMeasurements(): number {
    let dropped = 0;
    if (this.retention.keep > 0) dropped += this.stmt.trimAllByCount.run(this.retention.keep).changes;
    if (this.retention.days > 0) dropped += this.stmt.expireAll.run(this.cutoff(new Date())).changes;
    if (dropped > 0) this.version++;
    return dropped;
  }

  hasPatient(room: number): boolean {
    return this.stmt.getPatient.get(room) !== undefined;
  }

  pendingPressure(room: number): number | null {
    return this.stmt.getPressure.get(room)?.cpap_pressure ?? null;
  }

  /** Records with images inline (the old contract) or without (`flow_image` left out, URLs instead). */
  list(options: { images: boolean; measurements?: boolean; room?: number; mrn?: number }): ListedRecord[] {
    let patients: PatientRow[];
    let measurements: MeasurementRow[];
    const wanted = options.measurements ?? true;
    if (options.room !== undefined) {
      const p = this.stmt.getPatient.get(options.room);
      patients = p ? [p] : [];
      measurements =
        p && wanted ? (options.images ? this.stmt.roomMeasurements : this.stmt.roomMeasurementsNoImage).all(options.room) : [];
    } else {
      patients = options.mrn !== undefined ? this.stmt.patientsByMrn.all(options.mrn) : this.stmt.allPatients.all();
      measurements =
        patients.length === 0 || !wanted ? [] : (options.images ? this.stmt.allMeasurements : this.stmt.allMeasurementsNoImage).all();
    }
    return groupRecords(patients, measurements);
  }

  image(room: number, index: number): ImageRow | null {
    const row = this.stmt.image.get(room, index);
    return row && row.image_etag ? row : null;
  }

  eventsAfter(id: number, limit: number): StoredEvent[] {
    return this.stmt.eventsAfter.all(id, limit);
  }

  firstEventId(): number | null {
    return this.stmt.firstEventId.get()?.id ?? null;
  }

  lastEventId(): number {
    return this.stmt.lastEventId.get()?.id ?? 0;
  }

  /** Keeps the event log bounded; a client further behind than this reloads the whole list instead. */
  pruneEvents(keep: number): void {
    this.stmt.pruneEvents.run(keep);
  }

  /** Idempotency keys matter for retries within minutes; a day is ample. */
  pruneUploadKeys(olderThanMs: number): void {
    this.stmt.pruneKeys.run(new Date(Date.now() - olderThanMs).toISOString());
  }
}
