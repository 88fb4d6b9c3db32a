import { LitElement, html, isServer, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { provideStore } from '../store/bind.ts';
import type { AnalysisResult } from '../worker/client.ts';
import '../elements/text-input/define.ts';
import '../elements/file-uploader/define.ts';
import '../elements/tabs/define.ts';
import '../elements/expander/define.ts';
import '../elements/metric-card/define.ts';
import '../elements/flow-chart/define.ts';
import { LocaleController } from '../elements/shared/locale.ts';
import { emit } from '../events.ts';
import { PatientApi } from '../patient-api/client.ts';
import { PRESSURE_RANGE } from '../patient-api/contract.ts';
import { ServerEventStream } from '../patient-api/event-stream.ts';
import { AnalysisController } from './controllers/analysis.ts';
import { PressureController } from './controllers/pressure.ts';
import { UploadController } from './controllers/upload.ts';
import { createDashboardStore, DASHBOARD_DEFAULTS, type DashboardState, type DashboardStore, type Persistence } from './dashboard-state.ts';
import { dashboardStyles } from './dashboard.styles.ts';
import { SAMPLE_RECORDINGS } from './samples.ts';
import { analysisDetails, clinicalSection, downloadMetrics, metricCards, notice, outboxList, settingsPanel } from './views.ts';
import { alerts, apneaCountFor, chartEvents, legacySpans, scoringOptions, uploadApneaCount, type UploadApneaCount } from './clinical-options.ts';
import { loadPatientsView } from './lazy-views.ts';

export type { DashboardAnalysisDetail, DashboardUploadDetail, DashboardPressureDetail } from '../events.ts';

declare global {
  interface HTMLElementTagNameMap {
    'cpap-dashboard': CpapDashboard;
  }
}

/** Text files only; a night at 100 Hz is about 110 MB, so allow a little more than that. */
const MAX_FILE_BYTES = 200 * 1024 * 1024;

/**
 * @summary A sleep lab's patient monitoring screen in one tag: patient form, CPAP file analysis in a
 * Web Worker, breathing metrics, the flow chart, upload to the patient server (with an outbox that
 * loses nothing), live CPAP pressure requests, and every patient's records.
 *
 * A thin shell: the analysis, the uploads and the live pressure are reactive controllers
 * (`controllers/`); state flows from them and the store into this element's render, then down to
 * the `da-` elements.
 *
 * @event da-analysis - A file was analysed. Detail `{ fileName, metrics }`.
 * @event da-upload - An upload was stored or queued. Detail `{ upload, delivered, message }`.
 * @event da-pressure-change - The monitoring station asked for a new pressure. Detail `{ value, previous }`.
 * @event da-event-focus - A scored event was chosen in the events list (the chart zooms to it). Detail `{ index, type, start, end }`.
 *
 * @csspart header - Title, server address and connection state.
 * @csspart form - The patient form.
 * @csspart results - Metrics and chart.
 * @csspart chart - The `da-flow-chart`.
 * @csspart clinical - The clinical view under the chart (AHI card, events list, trends, leak, exports).
 *
 * @cssproperty --cpap-dashboard-max-width - Maximum width of the screen (default 72rem).
 */
export class CpapDashboard extends LitElement {
  static override styles = dashboardStyles;
  /** Base URL of the patient server; default: the page's own origin. */
  @property({ attribute: 'api-url' }) apiUrl = '';
  /** Bearer token for write routes, when the server requires one. */
  @property() token = '';
  /** Colour scheme: `light`, `dark`, or `auto` (default) to follow the page. */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';
  /** Names this dashboard's saved state and outbox view. Default: the element's `id`, else its place among the page's dashboards, so several dashboards on one page never share state. */
  @property({ attribute: 'store-key' }) storeKey = '';
  /** Where the form survives reloads: `session` (default), `local`, or `none`. */
  @property() persist: Persistence = 'session';
  /** Title shown in the header. */
  @property() heading = ''; // the locale's heading when empty
  /** Clinical scoring preset (cpap-scoring.md §10): `aasm` (default), `resmed-like`, or `oscar-uf` (OSCAR's flags, not an AHI). A change analyses the last file again. */
  @property({ attribute: 'scoring-preset' }) scoringPreset = 'aasm';
  /** The mask's vent flow as `P1,F1,P2,F2` (cmH2O, L/min), e.g. OSCAR's default `4,20.167,20,48.333`: shows unintentional leak with the 24 L/min redline. Empty: total leak only. A change analyses the last file again. */
  @property({ attribute: 'vent-curve' }) ventCurve = '';
  /** The count an upload carries as `apnea_count`: `legacy` (default, the old system's rule, so records stay comparable) or `clinical` (counted scored events). The legacy card alerts only under `legacy`. */
  @property({ attribute: 'upload-apnea-count' }) uploadApneaCount: UploadApneaCount = 'legacy';

  @state() private view: DashboardState = { ...DASHBOARD_DEFAULTS };
  @query('form') private form!: HTMLFormElement;
  @query('#sample') private sampleSelect!: HTMLSelectElement;

  /** The state store (form fields and settings) the `da-` elements bind to; opened on connect from `store-key` and `persist` (read it, do not replace it). */
  store!: DashboardStore;
  private readonly t = new LocaleController(this);
  private readonly analysis = new AnalysisController(this, () => this.t.s, () => scoringOptions(this.scoringPreset, this.ventCurve));
  private readonly uploads = new UploadController(this, () => this.stateKey, ({ status, upload: { flow_image: _, ...upload }, message }) => {
    this.store.set('locked', true);
    emit(this, 'da-upload', { upload, delivered: status === 'stored', message });
  }, () => this.t.s);
  private readonly pressure = new PressureController(this, () => this.t.s);
  /** The patient server, and its one event stream shared by the pressure feed and the patients view. */
  private server!: { api: PatientApi; stream: ServerEventStream };
  private cleanup: Array<() => void> = [];
  private opened = { store: '', server: '' }; // the settings the store and the server were opened with

  /** The key this dashboard's state is saved and synced under. */
  get stateKey(): string {
    if (this.storeKey || this.id) return this.storeKey || this.id;
    const all = isServer ? [] : [...document.querySelectorAll('cpap-dashboard')];
    return `dashboard-${Math.max(0, all.indexOf(this))}`;
  }

  /** The latest analysis (metrics, columns and envelope), or null. */
  get result(): AnalysisResult | null {
    return this.analysis.result;
  }

  override connectedCallback(): void {
    this.openStore();
    super.connectedCallback();
    this.connectServer();
  }

  /** Opens the store, provided before the children connect (they render later) so that their `bind` finds it. */
  private openStore(): void {
    this.cleanup.splice(0).forEach((f) => f());
    const store = (this.store = createDashboardStore(this.stateKey, this.persist));
    const show = (s: DashboardState) => (this.view = { ...s }).selectedTab === 'patients' && loadPatientsView();
    this.opened.store = `${this.stateKey} ${this.persist}`;
    show(store.get());
    this.cleanup.push(provideStore(this, store), () => store.close(), store.subscribe((s) => (show(s), this.pressure.update(store, this.server))));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.server?.stream.close();
    this.cleanup.splice(0).forEach((f) => f());
  }

  // Properties set before the upgrade arrive only in the first update: until then the store follows them, the server always; under SSR neither (markup only).
  protected override willUpdate(): void {
    if (!isServer && !this.hasUpdated && this.opened.store !== `${this.stateKey} ${this.persist}`) this.openStore();
    if (!isServer && this.opened.server !== `${this.apiUrl} ${this.token} ${this.stateKey}`) this.connectServer();
  }

  private connectServer(): void {
    this.server?.stream.close();
    this.opened.server = `${this.apiUrl} ${this.token} ${this.stateKey}`;
    const api = new PatientApi(this.apiUrl, { token: this.token });
    this.server = { api, stream: new ServerEventStream(api.eventsUrl()) };
    this.uploads.connect(api);
    this.pressure.update(this.store, this.server);
  }

  /** Analyses a file (or a sample) in the worker; the same file twice is analysed once. */
  async analyse(file: File): Promise<void> {
    this.report(file.name, await this.analysis.analyse(file));
  }

  private async analyseSample(): Promise<void> {
    const sample = SAMPLE_RECORDINGS.find((s) => s.id === this.sampleSelect.value);
    if (sample) this.report(`${sample.id}.txt`, await this.analysis.analyseSample(sample));
  }

  private report(fileName: string, outcome: Awaited<ReturnType<AnalysisController['analyse']>>): void {
    const result = this.analysis.result;
    if (outcome === 'already-analysed') this.uploads.say({ kind: 'info', text: this.t.s.alreadyAnalysed(fileName) });
    if (outcome !== 'analysed' || !result) return;
    this.uploads.say(null);
    emit(this, 'da-analysis', { fileName: this.analysis.fileName, metrics: result.metrics });
  }

  /** Checks the form and the MRN, then stores the upload in the outbox and delivers it. */
  async upload(): Promise<void> {
    const result = this.analysis.result;
    if (!result) return;
    const outcome = await this.uploads.upload(this.store.get(), result, { apneaCount: apneaCountFor(uploadApneaCount(this.uploadApneaCount), result.metrics.apnea_count, this.analysis.clinical) });
    if (outcome.status === 'invalid') this.form?.reportValidity(); // shows which fields
  }

  /** Clears the form, unlocks MRN and room, and forgets the analysis. */
  reset(): void {
    this.analysis.reset();
    const { autoRefresh, refreshInterval, selectedTab } = this.store.get();
    this.store.set({ ...DASHBOARD_DEFAULTS, autoRefresh, refreshInterval, selectedTab });
    this.form?.reset();
    this.uploads.say(null);
    this.pressure.clearNotice();
  }

  protected override render() {
    const [s, t] = [this.view, this.t.s];
    return html`
      <header part="header">
        <h2>${this.heading || t.heading}</h2>
        <p class="server">
          ${t.server} <code>${this.server?.api.baseUrl ?? this.apiUrl}</code>
          <span class="feed" role="status">${this.pressure.describe(s.autoRefresh, s.refreshInterval)}</span>
        </p>
      </header>
      ${settingsPanel(t, s.autoRefresh, { setAutoRefresh: (on) => this.store.set('autoRefresh', on), reset: () => this.reset() })}
      <da-tabs bind="selectedTab" label=${t.dashboardViews}>
        <da-tab panel="entry">${t.entryTab}</da-tab>
        <da-tab panel="patients">${t.patientsTab}</da-tab>
        <da-tab-panel name="entry">${this.renderEntry(s)}</da-tab-panel>
        <da-tab-panel name="patients"><cpap-patients-view .api=${this.server?.api} .events=${this.server?.stream}></cpap-patients-view></da-tab-panel>
      </da-tabs>
    `;
  }

  private renderEntry(s: DashboardState) {
    const a = this.analysis;
    const [m, t, c, count] = [a.result?.metrics, this.t.s, a.clinical, uploadApneaCount(this.uploadApneaCount)];
    return html`
      <div class="columns">
        <form part="form" @submit=${(e: Event) => { e.preventDefault(); void this.upload(); }} novalidate>
          <h3>${t.patientInfo}</h3>
          <da-text-input bind="patientName" name="patient_name" label=${t.patientName} autocomplete="off"></da-text-input>
          <da-text-input bind="mrn" name="patient_mrn" label=${t.mrn} kind="integer" min="1" required ?readonly=${s.locked}
            help-text=${s.locked ? t.mrnLocked : ''}></da-text-input>
          <da-text-input bind="room" name="room_number" label=${t.room} kind="integer" min="1" required ?readonly=${s.locked}></da-text-input>
          <da-text-input bind="pressure" name="CPAP_pressure" label=${t.pressure} kind="integer" min=${PRESSURE_RANGE.min} max=${PRESSURE_RANGE.max}></da-text-input>
          ${this.pressure.notice ? html`<p class="notice info" role="status">${this.pressure.notice}</p>` : nothing}

          <h3>${t.cpapData}</h3>
          <div class="sample-row">
            <label for="sample">${t.sampleRecording}</label>
            <select id="sample">${SAMPLE_RECORDINGS.map((r) => html`<option value=${r.id}>${t.samples[r.id] ?? r.label}</option>`)}</select>
            <button type="button" class="secondary" ?disabled=${a.busy} @click=${this.analyseSample}>${t.loadSample}</button>
          </div>
          <da-file-uploader label=${t.uploadFile} accept=".txt,.csv,text/plain,text/csv" max-size=${MAX_FILE_BYTES}
            ?busy=${a.busy} .progress=${a.progress} progress-label=${t.analysing}
            @da-files-selected=${(e: GlobalEventHandlersEventMap['da-files-selected']) => e.detail.files[0] && void this.analyse(e.detail.files[0])}
            @da-cancel=${() => a.cancel()}></da-file-uploader>
          ${a.phase === 'preparing' ? html`<p role="status">${t.preparing}</p>` : nothing}
          ${a.error ? html`<p class="notice error" role="alert">${a.error}</p>` : nothing}

          <div class="actions">
            <button type="submit" ?disabled=${!m || this.uploads.uploading || a.busy}>${t.uploadToServer}</button>
            ${!m ? html`<span class="hint">${t.analyseFirst}</span>` : nothing}
          </div>
          ${notice(this.uploads.notice)}
          ${outboxList(t, this.uploads.entries, { discard: (id) => this.uploads.discard(id), retry: () => this.uploads.retry() })}
        </form>

        <section part="results" class="results" aria-label=${t.results}>
          <h3>${t.results}${a.fileName ? html` <small>${a.fileName}</small>` : nothing}</h3>
          ${metricCards(t, m, alerts(count, c).legacy)}
          <da-flow-chart part="chart" label=${t.flowVsTime} theme=${this.theme === 'auto' ? nothing : this.theme} .time=${a.result?.time}
            .flow=${a.result?.flow} .envelope=${a.result?.envelope} .breathTimes=${m?.breath_times ?? []} .apneaSpans=${legacySpans(m?.apnea_spans, c)}
            .events=${chartEvents(c?.events)} ?loading=${a.busy}></da-flow-chart>
          ${clinicalSection(c, a.fileName, count, (min, max) => this.renderRoot.querySelector('da-flow-chart')?.zoomTo(min, max))}
          ${m ? analysisDetails(t, this.t.lang, m, () => downloadMetrics(m, a.fileName)) : nothing}
        </section>
      </div>
    `;
  }
}
