import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { provideStore } from '../store/bind.ts';
import { CpapWorkerClient, type AnalysisResult } from '../worker/client.ts';
import { CpapAnalysisError } from '../core/errors.ts';
import type { CpapMetrics } from '../core/analyze.ts';
import '../elements/text-input/define.ts';
import '../elements/file-uploader/define.ts';
import '../elements/tabs/define.ts';
import '../elements/expander/define.ts';
import '../elements/metric-card/define.ts';
import '../elements/flow-chart/define.ts';
import type { DaFlowChart } from '../elements/flow-chart/flow-chart.ts';
import type { DaFileUploader } from '../elements/file-uploader/file-uploader.ts';
import { PatientApi, PatientApiError, type PatientUpload } from '../patient-api/client.ts';
import { UploadOutbox, type OutboxEntry } from '../patient-api/outbox.ts';
import { watchPressure, type PressureFeedMode } from '../patient-api/pressure-feed.ts';
import { SAMPLE_RECORDINGS, sampleFile } from './samples.ts';
import { createDashboardStore, integerField, DASHBOARD_DEFAULTS, type DashboardStore, type Persistence } from './dashboard-state.ts';
import { dashboardStyles } from './dashboard.styles.ts';
import { defineElement } from '../elements/shared/define.ts';

/** The all-patients view is code-split: loaded and defined when its tab is first shown. */
function loadPatientsView(): void {
  if (customElements.get('cpap-patients-view')) return;
  void import('./patients-view.ts').then((m) => defineElement('cpap-patients-view', m.CpapPatientsView));
}

export interface DashboardAnalysisDetail {
  fileName: string;
  metrics: CpapMetrics;
}
export interface DashboardUploadDetail {
  /** The upload without its image. */
  upload: Omit<PatientUpload, 'flow_image'>;
  /** Stored by the server (true) or waiting in the outbox (false). */
  delivered: boolean;
  message: string;
}
export interface DashboardPressureDetail {
  value: number;
  previous: number | undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'cpap-dashboard': CpapDashboard;
  }
  interface GlobalEventHandlersEventMap {
    'da-analysis': CustomEvent<DashboardAnalysisDetail>;
    'da-upload': CustomEvent<DashboardUploadDetail>;
    'da-pressure-change': CustomEvent<DashboardPressureDetail>;
  }
}

/** Text files only; a night at 100 Hz is about 110 MB, so allow a little more than that. */
const MAX_FILE_BYTES = 200 * 1024 * 1024;

type Notice = { kind: 'info' | 'success' | 'error'; text: string } | null;

/**
 * @summary A sleep lab's patient monitoring screen in one tag: patient form, CPAP file analysis in a
 * Web Worker, breathing metrics, the flow chart, upload to the patient server (with an outbox that
 * loses nothing), live CPAP pressure requests, and every patient's records.
 *
 * Built only from the library's `da-` elements and its store.
 *
 * @event da-analysis - A file was analysed. Detail `{ fileName, metrics }`.
 * @event da-upload - An upload was stored or queued. Detail `{ upload, delivered, message }`.
 * @event da-pressure-change - The monitoring station asked for a new pressure. Detail `{ value, previous }`.
 *
 * @csspart header - Title, server address and connection state.
 * @csspart form - The patient form.
 * @csspart results - Metrics and chart.
 * @csspart chart - The `da-flow-chart`.
 *
 * @cssproperty --cpap-dashboard-max-width - Maximum width of the screen (default 72rem).
 */
export class CpapDashboard extends LitElement {
  static override styles = dashboardStyles;

  /** Base URL of the patient server; default: the page's own origin. */
  @property({ attribute: 'api-url' }) apiUrl = '';
  /** Bearer token for write routes, when the server requires one. */
  @property() token = '';
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';
  /**
   * Names this dashboard's saved state and outbox view. Default: the element's `id`, else its place
   * among the page's dashboards, so several dashboards on one page never share state.
   */
  @property({ attribute: 'store-key' }) storeKey = '';
  /** Where the form survives reloads: `session` (default), `local`, or `none`. */
  @property() persist: Persistence = 'session';
  /** Title shown in the header. */
  @property() heading = 'Sleep lab patient monitor';

  @state() private analysis: AnalysisResult | null = null;
  @state() private analysedName = '';
  @state() private analysing = false;
  @state() private progress: number | null = null;
  @state() private analysisError = '';
  @state() private uploadNotice: Notice = null;
  @state() private pressureNotice = '';
  @state() private feedMode: PressureFeedMode | 'off' = 'off';
  @state() private feedProblem = '';
  @state() private outbox: OutboxEntry[] = [];
  @state() private uploading = false;
  @state() private view = { ...DASHBOARD_DEFAULTS };

  @query('da-flow-chart') private chart!: DaFlowChart;
  @query('da-file-uploader') private uploader!: DaFileUploader;
  @query('form') private form!: HTMLFormElement;
  @query('#sample') private sampleSelect!: HTMLSelectElement;

  /** The dashboard's state store (form fields and settings); the `da-` elements bind to it. */
  store!: DashboardStore;
  private api!: PatientApi;
  private readonly worker = new CpapWorkerClient();
  private outboxQueue: UploadOutbox | null = null;
  private cleanup: Array<() => void> = [];
  private stopFeed: (() => void) | null = null;
  private analysisAbort: AbortController | null = null;
  private analysedKey = '';
  /** Room, interval and server the pressure feed watches ('' when off). */
  private feedKey = '';

  /** The key this dashboard's state is saved and synced under. */
  get stateKey(): string {
    if (this.storeKey) return this.storeKey;
    if (this.id) return this.id;
    const all = [...document.querySelectorAll('cpap-dashboard')];
    return `dashboard-${Math.max(0, all.indexOf(this))}`;
  }

  /** The latest analysis (metrics, columns and envelope), or null. */
  get result(): AnalysisResult | null {
    return this.analysis;
  }

  override connectedCallback(): void {
    this.store = createDashboardStore(this.stateKey, this.persist);
    this.view = { ...this.store.get() };
    if (this.view.selectedTab === 'patients') loadPatientsView();
    // Provided before the children connect, so their `bind` attributes find this store.
    this.cleanup.push(provideStore(this, this.store as never));
    this.cleanup.push(
      this.store.subscribe((s) => {
        this.view = { ...s };
        this.updateFeed();
        if (s.selectedTab === 'patients') loadPatientsView();
      }),
    );
    this.cleanup.push(() => this.store.close());
    this.worker.acquire();
    this.connectServer();
    super.connectedCallback();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.analysisAbort?.abort();
    this.stopFeed?.();
    this.stopFeed = null;
    this.outboxQueue?.close();
    this.outboxQueue = null;
    this.cleanup.forEach((f) => f());
    this.cleanup = [];
    this.worker.release();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('apiUrl') || changed.has('token')) && this.hasUpdated) this.connectServer();
  }

  private connectServer(): void {
    this.api = new PatientApi(this.apiUrl, { token: this.token });
    this.outboxQueue?.close();
    const outbox = new UploadOutbox(this.api.baseUrl, this.stateKey, async (upload, id) => {
      try {
        return { ok: true, message: await this.api.addPatient(upload, id) };
      } catch (e) {
        const err = e instanceof PatientApiError ? e : new PatientApiError(0, String(e));
        return { ok: false, retryable: err.retryable, message: err.message };
      }
    });
    this.outboxQueue = outbox;
    const refresh = () => void outbox.entries(true).then((entries) => (this.outbox = entries)).catch(() => undefined);
    outbox.onChange(refresh);
    refresh();
    void outbox.flush(); // deliver what an earlier visit left behind
    this.stopFeed?.();
    this.stopFeed = null;
    this.updateFeed();
  }

  /** Watches the requested pressure while a room is set and auto-refresh is on. */
  private updateFeed(): void {
    const { room, autoRefresh, refreshInterval } = this.view;
    const roomNumber = integerField(room);
    const interval = Math.min(60, Math.max(10, integerField(refreshInterval) ?? 30));
    const key = autoRefresh && roomNumber !== undefined ? `${roomNumber}/${interval}/${this.api?.baseUrl}` : '';
    if (key === this.feedKey) return;
    this.feedKey = key;
    this.stopFeed?.();
    this.stopFeed = null;
    this.feedMode = 'off';
    this.feedProblem = '';
    if (!key || !this.isConnected) return;
    this.stopFeed = watchPressure(this.api, {
      room: roomNumber!,
      intervalS: interval,
      onPressure: (value) => this.applyRequestedPressure(value),
      onMode: (mode) => (this.feedMode = mode),
      onProblem: (message) => (this.feedProblem = message ?? ''),
    });
  }

  private applyRequestedPressure(value: number): void {
    const previous = integerField(this.store.get('pressure'));
    if (previous === value) return;
    this.store.set('pressure', String(value));
    this.pressureNotice = `The monitoring station set the CPAP pressure to ${value} cmH2O${previous === undefined ? '' : ` (was ${previous})`}.`;
    this.emit('da-pressure-change', { value, previous });
  }

  private emit<K extends 'da-analysis' | 'da-upload' | 'da-pressure-change'>(
    type: K,
    detail: GlobalEventHandlersEventMap[K] extends CustomEvent<infer D> ? D : never,
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** Analyses a file (or a sample) in the worker; the same file twice is analysed once. */
  async analyse(file: File): Promise<void> {
    const key = `${file.name}:${file.size}:${file.lastModified}`;
    if (key === this.analysedKey && this.analysis) {
      this.uploadNotice = { kind: 'info', text: `${file.name} is already analysed.` };
      return;
    }
    this.analysisAbort?.abort();
    const abort = new AbortController();
    this.analysisAbort = abort;
    this.analysing = true;
    this.progress = 0;
    this.analysisError = '';
    try {
      const width = Math.max(300, Math.round((this.chart?.clientWidth || 800) * devicePixelRatio));
      const result = await this.worker.analyze(file, {
        signal: abort.signal,
        envelopeWidth: width,
        onProgress: (p) => {
          if (this.analysisAbort === abort) this.progress = p.fraction;
        },
      });
      this.analysis = result;
      this.analysedKey = key;
      this.analysedName = file.name;
      this.uploadNotice = null;
      this.emit('da-analysis', { fileName: file.name, metrics: result.metrics });
    } catch (e) {
      if (this.analysisAbort !== abort) return; // superseded by another file, or reset
      if (e instanceof DOMException && e.name === 'AbortError') {
        this.analysisError = `Analysis of ${file.name} was cancelled.`;
      } else {
        const message = e instanceof CpapAnalysisError ? e.message : `The analysis failed: ${(e as Error)?.message ?? e}`;
        this.analysisError = `${file.name}: ${message}`;
      }
    } finally {
      if (this.analysisAbort === abort) {
        this.analysing = false;
        this.progress = null;
        this.analysisAbort = null;
      }
    }
  }

  private onFiles(e: CustomEvent<{ files: File[] }>): void {
    const file = e.detail.files[0];
    if (file) void this.analyse(file);
  }

  private async loadSample(): Promise<void> {
    const sample = SAMPLE_RECORDINGS.find((s) => s.id === this.sampleSelect.value);
    if (!sample) return;
    this.analysing = true;
    this.progress = 0;
    const abort = new AbortController();
    this.analysisAbort = abort;
    try {
      const file = await sampleFile(sample, abort.signal, this.worker);
      if (this.analysisAbort === abort) this.analysisAbort = null;
      await this.analyse(file);
    } catch (e) {
      if (this.analysisAbort === abort) {
        this.analysing = false;
        this.progress = null;
        this.analysisAbort = null;
        this.analysisError = abort.signal.aborted
          ? `Loading ${sample.label} was cancelled.`
          : `Could not generate ${sample.label}: ${(e as Error)?.message ?? e}`;
      }
    }
  }

  private cancelAnalysis(): void {
    this.analysisAbort?.abort();
  }

  /** Checks the form and the MRN, then stores the upload in the outbox and delivers it. */
  async upload(): Promise<void> {
    const analysis = this.analysis;
    if (!analysis || this.uploading) return;
    if (!this.form.reportValidity()) {
      this.uploadNotice = { kind: 'error', text: 'Check the highlighted fields: MRN and room are required, the pressure is a whole number from 4 to 25.' };
      return;
    }
    const s = this.store.get();
    const mrn = integerField(s.mrn)!;
    const room = integerField(s.room)!;
    const pressure = integerField(s.pressure);
    this.uploading = true;
    this.uploadNotice = { kind: 'info', text: 'Uploading…' };
    try {
      try {
        const rooms = await this.api.roomsWithMrn(mrn);
        const elsewhere = rooms.filter((r) => r !== room);
        if (elsewhere.length > 0) {
          this.uploadNotice = { kind: 'error', text: `MRN ${mrn} is already assigned to room ${elsewhere.join(', ')}. Check the MRN and the room.` };
          return;
        }
      } catch (e) {
        // Unreachable server: the outbox keeps the upload; the server checks it on arrival.
        if (!(e instanceof PatientApiError) || !e.retryable) throw e;
      }
      const upload: PatientUpload = {
        patient_mrn: mrn,
        room_number: room,
        patient_name: s.patientName.trim(),
        CPAP_pressure: pressure ?? '',
        breath_rate: analysis.metrics.breath_rate_bpm ?? '',
        apnea_count: analysis.metrics.apnea_count,
        flow_image: this.chart.toBase64('image/jpeg', 0.85),
      };
      const outcome = await this.outboxQueue!.send(upload);
      const { flow_image: _, ...summary } = upload;
      if (outcome.delivered || !outcome.entry.rejected) {
        this.store.set('locked', true);
        this.uploadNotice = outcome.delivered
          ? { kind: 'success', text: outcome.message }
          : { kind: 'info', text: `The server could not be reached (${outcome.message}). The upload is kept in the outbox and will be sent when it is back.` };
        this.emit('da-upload', { upload: summary, delivered: outcome.delivered, message: outcome.message });
      } else {
        await this.outboxQueue!.discard(outcome.entry.id);
        this.uploadNotice = { kind: 'error', text: `The server refused the upload: ${outcome.message}` };
      }
    } catch (e) {
      this.uploadNotice = { kind: 'error', text: (e as Error).message };
    } finally {
      this.uploading = false;
    }
  }

  /** Clears the form, unlocks MRN and room, and forgets the analysis. */
  reset(): void {
    this.analysisAbort?.abort();
    this.analysisAbort = null;
    this.analysing = false;
    this.progress = null;
    const { autoRefresh, refreshInterval } = this.store.get();
    this.store.set({ ...DASHBOARD_DEFAULTS, autoRefresh, refreshInterval, selectedTab: this.store.get('selectedTab') });
    this.form?.reset();
    this.uploader?.clear?.();
    this.analysis = null;
    this.analysedKey = '';
    this.analysedName = '';
    this.analysisError = '';
    this.uploadNotice = null;
    this.pressureNotice = '';
  }

  private exportJson(): void {
    if (!this.analysis) return;
    const blob = new Blob([JSON.stringify(this.analysis.metrics, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${this.analysedName.replace(/\.[^.]*$/, '') || 'cpap'}-metrics.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  protected override render() {
    const s = this.view;
    const m = this.analysis?.metrics;
    return html`
      <header part="header">
        <h2>${this.heading}</h2>
        <p class="server">
          Server: <code>${this.api.baseUrl}</code>
          <span class="feed" role="status">${this.renderFeedState()}</span>
        </p>
      </header>

      <da-expander summary="Settings">
        <div class="settings">
          <label class="check"><input type="checkbox" .checked=${s.autoRefresh} @change=${(e: Event) => this.store.set('autoRefresh', (e.target as HTMLInputElement).checked)} />
            Refresh the CPAP pressure automatically</label>
          <da-text-input bind="refreshInterval" label="Refresh interval (s)" kind="integer" min="10" max="60" help-text="10 to 60 seconds; used when the server cannot push updates." ?disabled=${!s.autoRefresh}></da-text-input>
          <button type="button" class="secondary" @click=${this.reset}>Reset form</button>
        </div>
      </da-expander>

      <da-tabs bind="selectedTab" label="Dashboard views">
        <da-tab panel="entry">Patient data entry</da-tab>
        <da-tab panel="patients">All patients</da-tab>
        <da-tab-panel name="entry">${this.renderEntry(s, m)}</da-tab-panel>
        <da-tab-panel name="patients"><cpap-patients-view .api=${this.api}></cpap-patients-view></da-tab-panel>
      </da-tabs>
    `;
  }

  private renderFeedState() {
    if (this.feedProblem) return html`<span class="warn">${this.feedProblem}</span>`;
    if (this.feedMode === 'push') return 'Live pressure updates: pushed by the server';
    if (this.feedMode === 'poll') return `Live pressure updates: every ${integerField(this.view.refreshInterval) ?? 30} s`;
    return this.view.autoRefresh ? 'Live pressure updates start when a room is set' : 'Live pressure updates off';
  }

  private renderEntry(s: typeof this.view, m: CpapMetrics | undefined) {
    return html`
      <div class="columns">
        <form part="form" @submit=${(e: Event) => { e.preventDefault(); void this.upload(); }} novalidate>
          <h3>Patient information</h3>
          <da-text-input bind="patientName" name="patient_name" label="Patient name" autocomplete="off"></da-text-input>
          <da-text-input bind="mrn" name="patient_mrn" label="Medical record number" kind="integer" min="1" required ?readonly=${s.locked}
            help-text=${s.locked ? 'Locked after the first upload; reset the form to change it.' : ''}></da-text-input>
          <da-text-input bind="room" name="room_number" label="Room number" kind="integer" min="1" required ?readonly=${s.locked}></da-text-input>
          <da-text-input bind="pressure" name="CPAP_pressure" label="CPAP pressure (cmH2O)" kind="integer" min="4" max="25"></da-text-input>
          ${this.pressureNotice ? html`<p class="notice info" role="status">${this.pressureNotice}</p>` : nothing}

          <h3>CPAP data</h3>
          <div class="sample-row">
            <label for="sample">Sample recording</label>
            <select id="sample">
              ${SAMPLE_RECORDINGS.map((r) => html`<option value=${r.id}>${r.label}</option>`)}
            </select>
            <button type="button" class="secondary" ?disabled=${this.analysing} @click=${this.loadSample}>Load sample</button>
          </div>
          <da-file-uploader label="Or upload a CPAP file" accept=".txt,.csv,text/plain,text/csv" max-size=${MAX_FILE_BYTES}
            ?busy=${this.analysing} .progress=${this.progress} progress-label="Analysing"
            @da-files-selected=${this.onFiles} @da-cancel=${this.cancelAnalysis}></da-file-uploader>
          ${this.analysing && !this.uploader?.busy ? html`<p role="status">Preparing the sample…</p>` : nothing}
          ${this.analysisError ? html`<p class="notice error" role="alert">${this.analysisError}</p>` : nothing}

          <div class="actions">
            <button type="submit" ?disabled=${!m || this.uploading || this.analysing}>Upload to server</button>
            ${!m ? html`<span class="hint">Analyse a file first.</span>` : nothing}
          </div>
          ${this.uploadNotice ? html`<p class="notice ${this.uploadNotice.kind}" role=${this.uploadNotice.kind === 'error' ? 'alert' : 'status'}>${this.uploadNotice.text}</p>` : nothing}
          ${this.renderOutbox()}
        </form>

        <section part="results" class="results" aria-label="Results">
          <h3>Results${this.analysedName ? html` <small>${this.analysedName}</small>` : nothing}</h3>
          <div class="metrics">
            <da-metric-card label="Breathing rate" .value=${m?.breath_rate_bpm ?? null} precision="2" unit="breaths/min"></da-metric-card>
            <da-metric-card label="Apnea events" .value=${m ? m.apnea_count : null} alert-threshold="2" alert-text="Two or more apnea events"></da-metric-card>
            <da-metric-card label="Breaths" .value=${m ? m.breaths : null}></da-metric-card>
            <da-metric-card label="Duration" .value=${m ? m.duration : null} precision="1" unit="s"></da-metric-card>
            <da-metric-card label="Leakage" .value=${m ? m.leakage : null} precision="2" unit="L"></da-metric-card>
            <da-metric-card label="Skipped lines" .value=${m ? m.invalid_line_count : null}></da-metric-card>
          </div>
          <da-flow-chart part="chart" label="Flow versus time" theme=${this.theme === 'auto' ? nothing : this.theme} .time=${this.analysis?.time} .flow=${this.analysis?.flow}
            .envelope=${this.analysis?.envelope} .breathTimes=${m?.breath_times ?? []} .apneaSpans=${m?.apnea_spans ?? []}
            ?loading=${this.analysing}></da-flow-chart>
          ${m ? this.renderDetails(m) : nothing}
        </section>
      </div>
    `;
  }

  private renderDetails(m: CpapMetrics) {
    return html`
      <da-expander summary="Details: skipped lines, warnings, export">
        <div class="details">
          ${m.warnings.length ? html`<h4>Warnings</h4><ul>${m.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : html`<p>No warnings.</p>`}
          ${m.invalid_lines.length
            ? html`<h4>Skipped lines (${m.invalid_line_count})</h4>
                <table><thead><tr><th scope="col">Line</th><th scope="col">Reason</th></tr></thead>
                <tbody>${m.invalid_lines.slice(0, 200).map((l) => html`<tr><td>${l.line}</td><td>${l.reason}</td></tr>`)}</tbody></table>`
            : html`<p>No skipped lines.</p>`}
          <p>Analysed ${m.samples.toLocaleString()} samples in ${m.timing.total_ms.toFixed(0)} ms.</p>
          <button type="button" class="secondary" @click=${this.exportJson}>Export metrics as JSON</button>
        </div>
      </da-expander>
    `;
  }

  private renderOutbox() {
    if (this.outbox.length === 0) return nothing;
    return html`
      <div class="outbox" role="region" aria-label="Uploads waiting to be sent">
        <h4>Outbox</h4>
        <ul>
          ${this.outbox.map(
            (e) => html`<li>
              Room ${e.upload.room_number}, MRN ${e.upload.patient_mrn}:
              ${e.rejected
                ? html`<span class="error">refused: ${e.lastError}</span>
                    <button type="button" class="link" @click=${() => this.outboxQueue?.discard(e.id)}>Discard</button>`
                : html`<span>pending${e.attempts ? `, ${e.attempts} attempt(s), last error: ${e.lastError}` : ''}</span>
                    <button type="button" class="link" @click=${() => this.outboxQueue?.flush()}>Retry now</button>`}
            </li>`,
          )}
        </ul>
      </div>
    `;
  }
}
