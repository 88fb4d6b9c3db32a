/**
 * The storage interface (issue 12): everything the server reads and writes, async so that SQLite
 * (embedded, the default) and PostgreSQL (`DATABASE_URL=postgres://...`, several instances on one
 * database) are interchangeable. Nothing outside `server/storage/` knows which one runs.
 *
 * Events: every write appends its events to the `events` table in the same transaction. Ids come from
 * one sequence per database and are global: on PostgreSQL, events are inserted last in a write under
 * one transaction-level advisory lock, so they commit in id order and a reader of `eventsAfter(x)`
 * never sees id n+1 without n. PostgreSQL writes also `NOTIFY` {@link EVENTS_CHANNEL} with the last
 * event id in the committing transaction, for the other instances' event streams.
 */
import {
  imagePath,
  SERVER_EVENTS,
  type PatientRecord as ContractRecord,
} from '../../src/patient-api/contract.ts';
import type { ImageType, ValidUpload } from '../validate.ts';

/** PostgreSQL `NOTIFY` channel: the payload is the last event id of a committed write (a decimal string). */
export const EVENTS_CHANNEL = 'patient_events';

/** One room's record as this server's `GET /get_all_patients` sends it: numbers, images inline. */
export type PatientRecord = Omit<ContractRecord<number>, 'flow_image' | 'flow_image_url'> & { flow_image: string[] };

/** A record of `list()`: images inline (or `''` when not asked for) and their URLs. */
export type ListedRecord = PatientRecord & { flow_image_url: (string | null)[] };

export type PatientField = keyof PatientRecord | 'flow_image_url' | 'measurement_count';

export const patientFields: readonly PatientField[] = [
  'room_number',
  'patient_mrn',
  'patient_name',
  'CPAP_pressure',
  'breath_rate',
  'apnea_count',
  'flow_image',
  'flow_image_url',
  'timestamp',
  'measurement_count',
];

export interface StoredEvent {
  /** Global, increasing; the SSE `id:` and what `Last-Event-ID` resumes after. */
  id: number;
  type: typeof SERVER_EVENTS.pressure | typeof SERVER_EVENTS.measurement | typeof SERVER_EVENTS.patient;
  room_number: number;
  /** The event's JSON payload as sent (it carries `id` too). */
  data: string;
}

export interface UploadResult {
  created: boolean;
  events: StoredEvent[];
  /** Set when an Idempotency-Key repeated an earlier upload: nothing was written. */
  replayed?: boolean;
  /** The key was used before for a different body. */
  conflict?: boolean;
}

export interface ImageRow {
  flow_image: string;
  image_type: ImageType;
  image_etag: string;
}

export type CheckResult = { ok: true } | { ok: false; problem: string };

export interface ListOptions {
  images: boolean;
  measurements?: boolean;
  room?: number;
  mrn?: number;
}

/** Measurements kept per room: the newest `keep` (0 = all), none older than `days` days (0 = no age limit). */
export interface Retention {
  keep: number;
  days: number;
}

export interface Storage {
  readonly backend: 'sqlite' | 'postgres';
  /** For logs and messages: the file, or the URL without its password. */
  readonly location: string;

  /** `POST /add_patient`: one transaction with its events, recorded once per idempotency key. */
  upload(u: ValidUpload, key?: string): Promise<UploadResult>;
  /** Stores the room's pressure request and its event (one transaction). */
  requestPressure(room: number, value: number): Promise<StoredEvent>;
  hasPatient(room: number): Promise<boolean>;
  pendingPressure(room: number): Promise<number | null>;
  list(options: ListOptions): Promise<ListedRecord[]>;
  image(room: number, index: number): Promise<ImageRow | null>;

  /** Committed events with id above `after`, oldest first, at most `limit`. */
  eventsAfter(after: number, limit: number): Promise<StoredEvent[]>;
  firstEventId(): Promise<number | null>;
  /** The newest event id (0 when none). */
  lastEventId(): Promise<number>;
  /**
   * Calls `onCommit` whenever another process may have committed events, with the newest id committed
   * (null: unknown): PostgreSQL LISTENs on EVENTS_CHANNEL over a dedicated connection (and calls it with
   * null after each reconnect, since notices sent meanwhile are lost). Absent on SQLite: one process, its own writes are all there is. Resolves
   * once listening, to the function that stops it.
   */
  watchCommits?(onCommit: (lastId: number | null) => void): Promise<() => Promise<void>>;

  /** Changes whenever the lists may have changed (on PostgreSQL: any instance's writes); keys the list cache. */
  listVersion(): Promise<string>;
  /** An upper estimate of the image-carrying list's JSON size in bytes (no image is read). */
  estimateList(): Promise<number>;
  /** The whole list with `fields` as JSON bytes, read from one consistent snapshot. */
  encodeList(fields: readonly PatientField[]): Promise<Buffer>;
  /**
   * The list as JSON pieces (text, one Buffer per image) from one snapshot held until the generator
   * finishes or its `return()` is called (a client that went away).
   */
  listPieces(fields: readonly PatientField[], mrn?: number): AsyncGenerator<string | Buffer, void, undefined>;

  /** Keeps the event log bounded; a client further behind reloads the whole list instead. */
  pruneEvents(keep: number): Promise<void>;
  pruneUploadKeys(olderThanMs: number): Promise<void>;
  /** Applies the retention settings to every room; returns the rows dropped. */
  pruneMeasurements(): Promise<number>;

  /** Schema is this server's and the database answers; `thorough` adds SQLite's quick_check. */
  check(thorough?: boolean): Promise<CheckResult>;
  close(): Promise<void>;
}

/** `YYYY-MM-DD HH:MM:SS` in the server's local time, as the old server wrote it. */
export function formatTimestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function imageUrl(room: number, index: number, etag: string): string {
  return `/${imagePath(room, index, etag)}`;
}
