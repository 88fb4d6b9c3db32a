/**
 * Client for the sleep lab's patient API (../shared/spec/patient-api.md). Works with the lab's
 * existing Flask server and prefers the reference server's extra routes where they exist
 * (`/patients` without images, `/events` push), falling back to the old routes otherwise.
 */

import { ROUTES, type PatientRecord, type PatientUpload } from './contract.ts';

/** Why a request got no answer: the server is down or slow, or the browser blocked it (CORS). */
export type Unreachable = 'down' | 'timeout' | 'cors';

export class PatientApiError extends Error {
  /** HTTP status; 0 when no answer reached the page. */
  readonly status: number;
  /** With status 0: why there was no answer. */
  readonly unreachable?: Unreachable;
  constructor(status: number, message: string, unreachable?: Unreachable) {
    super(message);
    this.name = 'PatientApiError';
    this.status = status;
    this.unreachable = unreachable;
  }
  /** Worth trying again later: unreachable, overloaded or failing server. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface PatientApiOptions {
  /** Bearer token, sent on every request (the reference server guards reads too when one is set). */
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
    // The page's origin by default (not its folder: a page in a host's `static/` is not the API); a
    // relative value resolves against the page's URL; a trailing slash keeps paths under the base.
    const base = (baseUrl ? new URL(baseUrl, document.baseURI) : new URL('/', location.origin)).href;
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

  /**
   * Rooms whose record holds `mrn`, without downloading every image where the server allows. None
   * when the server wants a token for reads that this client lacks (401): the same token guards
   * `add_patient`, so the upload this check precedes is refused with that 401 and says so.
   */
  async roomsWithMrn(mrn: number): Promise<number[]> {
    let records: PatientRecord[];
    try {
      records = await this.records(`${ROUTES.patients}?mrn=${encodeURIComponent(mrn)}&fields=room_number,patient_mrn`);
    } catch (e) {
      if (e instanceof PatientApiError && e.status === 401) return [];
      throw e;
    }
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
      const value = await this.request('GET', `${ROUTES.cpapQuery}/${encodeURIComponent(room)}`, undefined, {}, false);
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

  /**
   * After a request got no answer: whether the server is up but its answer was blocked by CORS. A
   * `no-cors` request to a cross-origin server reaches it (an opaque answer) when only CORS failed.
   */
  private async blockedByCors(): Promise<boolean> {
    if (new URL(this.baseUrl).origin === location.origin) return false;
    try {
      await fetch(this.url(ROUTES.health), { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(this.timeoutMs) });
      return true;
    } catch {
      return false;
    }
  }

  /** `diagnose`: when no answer arrives, tell CORS from a server that is down (off for background polls). */
  private async request(method: 'GET' | 'POST', path: string, body?: unknown, extra: Record<string, string> = {}, diagnose = true): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json', ...extra };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
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
      if (e instanceof DOMException && e.name === 'TimeoutError') {
        throw new PatientApiError(0, `The patient server at ${this.baseUrl} did not answer in time.`, 'timeout');
      }
      if (diagnose && (await this.blockedByCors())) {
        throw new PatientApiError(
          0,
          `The patient server at ${this.baseUrl} answered, but the browser blocked the answer (CORS): the server does not allow this page's origin, ${location.origin}. Add it to the server's allowed origins (the reference server: --allowed-origins or ALLOWED_ORIGINS), or serve the API from this page's origin.`,
          'cors',
        );
      }
      throw new PatientApiError(0, `The patient server at ${this.baseUrl} could not be reached.`, 'down');
    }
    const text = await response.text().catch(() => '');
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = undefined; // not JSON (a host's HTML error page, say): never shown as the message
    }
    if (!response.ok) {
      const message =
        typeof data === 'string' && data
          ? data
          : `The patient server answered ${`${response.status} ${response.statusText}`.trim()} for ${this.url(path)}.`;
      throw new PatientApiError(response.status, message);
    }
    return data;
  }
}

function asRecords(value: unknown): PatientRecord[] {
  if (!Array.isArray(value)) throw new PatientApiError(502, 'The patient server sent something that is not a list of patients.');
  return value.filter((r): r is PatientRecord => typeof r === 'object' && r !== null && 'room_number' in r);
}
