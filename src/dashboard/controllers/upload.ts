/**
 * The dashboard's uploads: the form and the analysis become one `POST /add_patient` body, checked
 * by the contract's rules, the MRN checked against the other rooms, then written to the outbox,
 * which delivers it now or when the server is back. The outbox's entries are shown by the shell.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PatientApiError, type PatientApi } from '../../patient-api/client.ts';
import { checkUpload, integerField, isRejection, PRESSURE_RANGE, type PatientUpload } from '../../patient-api/contract.ts';
import { UploadOutbox, type OutboxEntry } from '../../patient-api/outbox.ts';
import type { CpapMetrics } from '../../core/analyze.ts';
import type { AnalysisResult } from '../../worker/client.ts';
import type { DashboardState } from '../dashboard-state.ts';
import { flowImageBase64 } from '../flow-image.ts';
import { en, type Strings } from '../../elements/shared/locale.ts';

/** A message under the upload button, with at most one action the user can take on it. */
export type Notice = { kind: 'info' | 'success' | 'error'; text: string; action?: { label: string; run: () => void } } | null;

export const NO_PRESSURE = en.noPressure;

export const FORM_PROBLEM = en.formProblem(PRESSURE_RANGE.min, PRESSURE_RANGE.max);

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** What happened to an upload: `stored` by the server, `queued` in the outbox, or `refused`. */
export type UploadOutcome =
  | { status: 'stored' | 'queued'; upload: PatientUpload; message: string }
  | { status: 'invalid' | 'needs-pressure' | 'refused' | 'busy'; message: string };

export interface UploadOptions {
  /** Send the patient's details without the analysis (no pressure was entered): said so, never silent. */
  withoutMeasurement?: boolean;
  /** The `apnea_count` to send (the dashboard's `upload-apnea-count` choice); default the legacy count. */
  apneaCount?: number;
}

/**
 * The upload the form and the analysis's metrics make, or why the form cannot make one. The flow
 * image is drawn only once the form is valid.
 */
export function uploadFromForm(form: DashboardState, metrics: CpapMetrics, flowImage: () => string, formProblem = FORM_PROBLEM, apneaCount = metrics.apnea_count): PatientUpload | { problem: string } {
  const mrn = integerField(form.mrn);
  const room = integerField(form.room);
  const pressure = form.pressure.trim() === '' ? '' : integerField(form.pressure);
  const pressureOk = pressure === '' || (pressure !== undefined && pressure >= PRESSURE_RANGE.min && pressure <= PRESSURE_RANGE.max);
  if (mrn === undefined || mrn < 1 || room === undefined || room < 1 || !pressureOk) return { problem: formProblem };
  const upload: PatientUpload = {
    patient_mrn: mrn,
    room_number: room,
    patient_name: form.patientName.trim(),
    CPAP_pressure: pressure ?? '',
    breath_rate: metrics.breath_rate_bpm ?? '',
    apnea_count: apneaCount,
    flow_image: flowImage(),
  };
  const checked = checkUpload(upload); // the server's own rules, before anything is queued
  return isRejection(checked) ? { problem: checked.message } : upload;
}

export class UploadController implements ReactiveController {
  uploading = false;
  notice: Notice = null;
  /** This dashboard's outbox entries, oldest first. */
  entries: OutboxEntry[] = [];

  private api: PatientApi | null = null;
  private outbox: UploadOutbox | null = null;
  /** The queued upload the notice speaks of: the notice follows it until it is delivered or refused. */
  private queued: OutboxEntry | null = null;

  /** `owner` names this dashboard's entries in the shared outbox; `onSent` hears of each stored or queued upload. */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly owner: () => string,
    private readonly onSent: (outcome: Extract<UploadOutcome, { upload: PatientUpload }>) => void,
    /** The host's current strings (English by default). */
    private readonly strings: () => Strings = () => en,
  ) {
    host.addController(this);
  }

  /** Sends to `api` from now on, and delivers what an earlier visit left for it. */
  connect(api: PatientApi): void {
    this.outbox?.close();
    this.api = api;
    const outbox = new UploadOutbox(api.baseUrl, this.owner(), async (upload, id) => {
      try {
        return { ok: true, message: await api.addPatient(upload, id) };
      } catch (e) {
        const err = e instanceof PatientApiError ? e : new PatientApiError(0, String(e));
        return { ok: false, retryable: err.retryable, message: err.message };
      }
    });
    this.outbox = outbox;
    const refresh = () =>
      void outbox
        .entries(true)
        .then((entries) => {
          this.entries = entries;
          this.followQueued(entries);
          this.host.requestUpdate();
        })
        .catch(() => undefined);
    outbox.onChange(refresh);
    refresh();
    void outbox.flush();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.outbox?.close();
    this.outbox = null;
  }

  say(notice: Notice): void {
    this.notice = notice;
    this.queued = null;
    this.host.requestUpdate();
  }

  /** The notice about a queued upload follows it: delivered (by any tab) or refused. */
  private followQueued(entries: OutboxEntry[]): void {
    const queued = this.queued;
    if (!queued) return;
    const now = entries.find((e) => e.id === queued.id);
    const room = String(queued.upload.room_number);
    if (!now) this.say({ kind: 'success', text: this.strings().waitedDelivered(room) });
    else if (now.rejected) this.say({ kind: 'error', text: this.strings().waitedRefused(room, now.lastError ?? '') });
  }

  /** Checks the form and the MRN, then stores the upload in the outbox and delivers it. */
  async upload(form: DashboardState, result: AnalysisResult, options: UploadOptions = {}): Promise<UploadOutcome> {
    const api = this.api;
    const outbox = this.outbox;
    if (this.uploading || !api || !outbox) return { status: 'busy', message: this.strings().uploadBusy };
    const s = this.strings();
    const built = uploadFromForm(form, result.metrics, () => flowImageBase64(result), s.formProblem(PRESSURE_RANGE.min, PRESSURE_RANGE.max), options.apneaCount);
    if ('problem' in built) {
      this.say({ kind: 'error', text: built.problem });
      return { status: 'invalid', message: built.problem };
    }
    if (built.CPAP_pressure === '' && !options.withoutMeasurement) {
      const run = () => void this.upload(form, result, { withoutMeasurement: true });
      this.say({ kind: 'error', text: s.noPressure, action: { label: s.uploadAlone, run } });
      return { status: 'needs-pressure', message: s.noPressure };
    }
    const upload: PatientUpload = options.withoutMeasurement ? { ...built, breath_rate: '', apnea_count: '', flow_image: '' } : built;
    const alone = options.withoutMeasurement ? s.savedAlone : '';
    this.uploading = true;
    this.say({ kind: 'info', text: s.uploading });
    try {
      const elsewhere = await this.roomsElsewhere(api, upload);
      if (elsewhere.length > 0) {
        const text = s.mrnElsewhere(String(upload.patient_mrn), elsewhere.join(', '));
        this.say({ kind: 'error', text });
        return { status: 'refused', message: text };
      }
      const sent = await outbox.send(upload);
      if (sent.delivered || !sent.entry.rejected) {
        this.say(
          sent.delivered
            ? { kind: 'success', text: `${sentence(sent.message)}${alone}` }
            : { kind: 'info', text: `${s.notSent(sent.message)}${alone}` },
        );
        if (!sent.delivered) this.queued = sent.entry;
        const outcome = { status: sent.delivered ? ('stored' as const) : ('queued' as const), upload, message: sent.message };
        this.onSent(outcome);
        return outcome;
      }
      await outbox.discard(sent.entry.id);
      this.say({ kind: 'error', text: s.serverRefused(sent.message) });
      return { status: 'refused', message: sent.message };
    } catch (e) {
      this.say({ kind: 'error', text: (e as Error).message });
      return { status: 'refused', message: (e as Error).message };
    } finally {
      this.uploading = false;
      this.host.requestUpdate();
    }
  }

  discard(id: string): void {
    void this.outbox?.discard(id);
  }

  /** "Retry now": every waiting entry, whatever its backoff. */
  retry(): void {
    void this.outbox?.flush(true);
  }

  /** Other rooms holding this MRN; none when the server is unreachable (it checks on arrival). */
  private async roomsElsewhere(api: PatientApi, upload: PatientUpload): Promise<number[]> {
    try {
      return (await api.roomsWithMrn(upload.patient_mrn)).filter((r) => r !== upload.room_number);
    } catch (e) {
      if (e instanceof PatientApiError && e.retryable) return [];
      throw e;
    }
  }
}
