/**
 * Client for the sleep lab's patient API (../shared/spec/patient-api.md). Works with the lab's
 * existing Flask server and prefers the reference server's extra routes where they exist
 * (`/patients` without images, `/events` push), falling back to the old routes otherwise.
 */

import { ROUTES, type PatientRecord, type PatientUpload } from './contract.ts';

export class PatientApiError extends Error {
  /** HTTP status; 0 when the server could not be reached. */
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'PatientApiError';
    this.status = status;
  }
  /** Worth trying again later: unreachable, overloaded or failing server. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface PatientApiOptions {
  /** Bearer token for write routes, when the server asks for one. */
  token?: string;
  /** Milliseconds before a request is given up. Default 15000. */
  timeoutMs?: number;
}

export class PatientApi {
  readonly baseUrl: string;
  private readonly token?: string;
  private readonly timeoutMs: number;
  /** Whether `/patients` exists (reference server); learnt on first use. */
  private hasPatientsRoute: boolean | undefined;

  constructor(baseUrl: string, options: PatientApiOptions = {}) {
    // Same origin by default; a trailing slash keeps relative paths under the base.
    const base = new URL(baseUrl || '.', document.baseURI).href;
    this.baseUrl = base.endsWith('/') ? base : `${base}/`;
    this.token = options.token || undefined;
    this.timeoutMs = options.timeoutMs ?? 15000;
  }

  url(path: string): string {
    return new URL(path.replace(/^\//, ''), this.baseUrl).href;
  }

  /**
   * Sends one upload; resolves with the server's message ("New patient created", ...). With an
   * `idempotencyKey`, the reference server stores a retried upload only once.
   */
  async addPatient(upload: PatientUpload, idempotencyKey?: string): Promise<string> {
    return String(await this.request('POST', ROUTES.addPatient, upload, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}));
  }

  /** Every room's record. Images come as URLs from the reference server, inline from the old one. */
  listPatients(): Promise<PatientRecord[]> {
    return this.records(
      `${ROUTES.patients}?fields=room_number,patient_mrn,patient_name,CPAP_pressure,breath_rate,apnea_count,timestamp,flow_image_url`,
    );
  }

  /** Rooms whose record holds `mrn`, without downloading every image where the server allows. */
  async roomsWithMrn(mrn: number): Promise<number[]> {
    const records = await this.records(`${ROUTES.patients}?mrn=${encodeURIComponent(mrn)}&fields=room_number,patient_mrn`);
    return records.filter((r) => Number(r.patient_mrn) === mrn).map((r) => Number(r.room_number));
  }

  /** Records from the reference server's `/patients` route, or every record from the old route. */
  private async records(patientsQuery: string): Promise<PatientRecord[]> {
    if (this.hasPatientsRoute !== false) {
      try {
        const records = asRecords(await this.request('GET', patientsQuery));
        this.hasPatientsRoute = true;
        return records;
      } catch (e) {
        if (!(e instanceof PatientApiError) || e.status !== 404) throw e;
        this.hasPatientsRoute = false; // the lab's old server: learnt once
      }
    }
    return asRecords(await this.request('GET', ROUTES.allPatients));
  }

  /**
   * The CPAP pressure last asked for the room, or null when none is pending. The old server answers
   * 500 for "none pending" and 400 for a room it does not know yet: both mean "nothing to apply".
   */
  async requestedPressure(room: number): Promise<number | null> {
    try {
      const value = await this.request('GET', `${ROUTES.cpapQuery}/${encodeURIComponent(room)}`);
      return typeof value === 'number' && Number.isInteger(value) ? value : null;
    } catch (e) {
      if (e instanceof PatientApiError && (e.status === 500 || e.status === 400)) return null;
      throw e;
    }
  }

  /** The server-sent event stream of every room (reference server only). */
  eventsUrl(): string {
    return this.url(ROUTES.events);
  }

  /** An `<img src>` for measurement `i` of `record`, or null when it has no image. */
  imageSrc(record: PatientRecord, i: number): string | null {
    const linked = record.flow_image_url?.[i];
    if (linked) return this.url(linked);
    const inline = record.flow_image?.[i];
    if (!inline) return null;
    return `data:${inline.startsWith('iVBOR') ? 'image/png' : 'image/jpeg'};base64,${inline}`;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown, extra: Record<string, string> = {}): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extra };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.token && method === 'POST') headers.Authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
        cache: 'no-store',
      });
    } catch (e) {
      const why = e instanceof DOMException && e.name === 'TimeoutError' ? 'did not answer in time' : 'could not be reached';
      throw new PatientApiError(0, `The patient server at ${this.baseUrl} ${why}.`);
    }
    const text = await response.text().catch(() => '');
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    if (!response.ok) {
      const message = typeof data === 'string' && data ? data : `${response.status} ${response.statusText}`.trim();
      throw new PatientApiError(response.status, message);
    }
    return data;
  }
}

function asRecords(value: unknown): PatientRecord[] {
  if (!Array.isArray(value)) throw new PatientApiError(502, 'The patient server sent something that is not a list of patients.');
  return value.filter((r): r is PatientRecord => typeof r === 'object' && r !== null && 'room_number' in r);
}
