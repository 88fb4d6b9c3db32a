import { LitElement, html, css, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { tokens } from '../elements/shared/tokens.styles.ts';
import '../elements/expander/define.ts';
import type { PatientApi } from '../patient-api/client.ts';
import { isApneaAlert, SERVER_EVENTS, type PatientRecord } from '../patient-api/contract.ts';
import type { ServerEventStream } from '../patient-api/event-stream.ts';
import { trendChart } from './trend.ts';
import { LocaleController } from '../elements/shared/locale.ts';

/** A server timestamp through `Intl` in `lang`; kept as sent when it does not parse. */
function formatTime(t: string, lang: string): string {
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'medium' }).format(d);
}

declare global {
  interface HTMLElementTagNameMap {
    'cpap-patients-view': CpapPatientsView;
  }
}

/**
 * @summary Every room's record: one expander per room with its measurements, their flow images and
 * a trend. Loads when first shown, on Refresh, and (with the reference server) when the server
 * announces a new measurement.
 *
 * @csspart toolbar - Refresh button and count.
 */
export class CpapPatientsView extends LitElement {
  static override styles = [
    tokens,
    css`
      :host { display: block; }
      .toolbar { display: flex; gap: var(--_space); align-items: center; margin: var(--_space) 0; }
      button { font: inherit; padding: 0.4rem 0.9rem; border-radius: var(--_radius); border: 1px solid var(--_accent); background: transparent; color: var(--_accent); cursor: pointer; }
      button:focus-visible { outline: var(--_focus); outline-offset: 2px; }
      .error { color: var(--_danger); }
      da-expander { margin-bottom: calc(var(--_space) / 2); }
      table { border-collapse: collapse; width: 100%; }
      th, td { text-align: start; padding: 0.3rem 0.5rem; border-bottom: 1px solid var(--_surface-alt); vertical-align: middle; }
      tr.alert td { background: color-mix(in srgb, var(--_danger) 14%, transparent); }
      tr.alert td.apnea { color: var(--_danger); font-weight: 600; }
      img { display: block; max-width: 180px; height: auto; border: 1px solid var(--_surface-alt); }
      .trend { margin: 0 0 var(--_space); }
      .trend figcaption { color: var(--_muted); font-size: 0.8rem; }
      .trend .rate { fill: none; stroke: var(--_accent); stroke-width: 2; }
      .trend .apnea { fill: var(--_muted); opacity: 0.6; }
      .trend .apnea.alert { fill: var(--_danger); }
      .empty { color: var(--_muted); }
    `,
  ];

  @property({ attribute: false }) api?: PatientApi;
  /** The dashboard's event stream: the list reloads when the server announces a change. */
  @property({ attribute: false }) events?: ServerEventStream;
  @state() private records: PatientRecord[] | null = null;
  @state() private loading = false;
  @state() private error = '';
  private readonly t = new LocaleController(this);
  private unwatch: (() => void) | null = null;
  private watched: ServerEventStream | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) void this.refresh(); // back in the page: the list may be stale
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Properties set before the element was defined reach it only now, at its first update.
    if (changed.has('api') && this.api) void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unwatch?.();
    this.unwatch = null;
    this.watched = undefined;
    clearTimeout(this.reloadTimer);
  }

  protected override updated(): void {
    this.watchServer();
  }

  /** Reloads the list from the server. */
  async refresh(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.loading = true;
    try {
      this.records = (await api.listPatients()).sort((a, b) => Number(a.room_number) - Number(b.room_number));
      this.error = '';
    } catch (e) {
      this.error = (e as Error).message; // shown through the locale's loadFailed
    } finally {
      this.loading = false;
    }
  }

  /** Reference server: reload shortly after any upload, in this tab or elsewhere. */
  private watchServer(): void {
    if (this.events === this.watched) return;
    this.unwatch?.();
    this.watched = this.events;
    const soon = () => {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => void this.refresh(), 300);
    };
    this.unwatch =
      this.events?.subscribe({
        events: { [SERVER_EVENTS.measurement]: soon, [SERVER_EVENTS.patient]: soon, [SERVER_EVENTS.reset]: soon },
      }) ?? null;
  }

  protected override render() {
    const records = this.records;
    const s = this.t.s;
    return html`
      <div class="toolbar" part="toolbar">
        <button type="button" @click=${() => this.refresh()} ?disabled=${this.loading}>${s.refresh}</button>
        <span role="status">${this.loading ? s.loading : records ? s.found(records.length) : ''}</span>
      </div>
      ${this.error ? html`<p class="error" role="alert">${s.loadFailed(this.error)}</p>` : nothing}
      ${(records ?? []).map((r) => this.renderRecord(r))}
    `;
  }

  private renderRecord(r: PatientRecord) {
    const n = r.timestamp?.length ?? 0;
    const { s, lang } = this.t;
    const name = r.patient_name || s.nameNotProvided;
    const room = String(r.room_number);
    return html`
      <da-expander summary=${s.patientSummary(room, name, String(r.patient_mrn))}>
        ${n === 0
          ? html`<p class="empty">${s.noCpapData}</p>`
          : html`
              ${trendChart(r.breath_rate.map(Number), r.apnea_count.map(Number), s.trendFor(room), s.trendCaption)}
              <table>
                <caption class="empty">${s.measurements(n)}</caption>
                <thead><tr>
                  <th scope="col">${s.record}</th><th scope="col">${s.timestamp}</th><th scope="col">${s.pressureCol}</th>
                  <th scope="col">${s.breathRateCol}</th><th scope="col">${s.apneaCol}</th><th scope="col">${s.flowChartCol}</th>
                </tr></thead>
                <tbody>
                  ${r.timestamp.map((t, i) => {
                    const alert = isApneaAlert(r.apnea_count[i]);
                    const rate = Number(r.breath_rate[i]);
                    const src = this.api?.imageSrc(r, i);
                    return html`<tr class=${alert ? 'alert' : ''}>
                      <td>${i + 1}/${n}</td>
                      <td>${formatTime(t, lang)}</td>
                      <td>${r.CPAP_pressure[i] === '' ? '—' : r.CPAP_pressure[i]}</td>
                      <td>${Number.isFinite(rate) ? this.t.num(rate, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '—'}</td>
                      <td class="apnea">${r.apnea_count[i] === '' ? '—' : r.apnea_count[i]}${alert ? s.alertMark : ''}</td>
                      <td>${src ? html`<img src=${src} crossorigin="anonymous" loading="lazy" alt=${s.flowChartOf(String(i + 1), room)} />` : '—'}</td>
                    </tr>`;
                  })}
                </tbody>
              </table>`}
      </da-expander>
    `;
  }
}
