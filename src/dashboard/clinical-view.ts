/**
 * `<cpap-clinical-view>`: the clinical scoring of one analysis (cpap-scoring.md) under the flow
 * chart: the AHI (flow) card with its severity band and preset, the chart's legend, the events list
 * (rows zoom the chart), breath-by-breath trends, the leak and the CSV exports. Code-split: the
 * dashboard loads it with the first clinical result. Renders from its properties only.
 */
import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { LocaleController } from '../elements/shared/locale.ts';
import { emit } from '../events.ts';
import type { ClinicalEvent, ClinicalResult } from '../core/scoring/types.ts';
import { AHI_ALERT_THRESHOLD, alerts, type UploadApneaCount } from './clinical-options.ts';
import { breathsCsv, downloadCsv, eventsCsv } from './clinical-csv.ts';
import { trendFigure } from './clinical-trend.ts';
import { clinicalViewStyles } from './clinical-view.styles.ts';
import { clinicalStrings, type ClinicalStrings } from './clinical-strings.ts';

/** Rows per page of the events list: a night's thousands of events never become thousands of rows. */
export const EVENTS_PAGE = 50;

/** `h:mm:ss` of a time in seconds from the start of the recording. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/**
 * Uses `<da-metric-card>`, which the dashboard defines (importing its define module here would
 * split the page's chunks: see scripts/size.js).
 *
 * @summary The clinical scoring of one analysis: AHI (flow), events list, breath trends, leak, CSV exports.
 * @event da-event-focus - An event row was chosen. Detail `{ index, type, start, end }`.
 */
export class CpapClinicalView extends LitElement {
  static override styles = clinicalViewStyles;

  /** The analysis's `clinical` result. */
  @property({ attribute: false }) clinical: ClinicalResult | null = null;
  /** The analysed file's name (for the exports). */
  @property({ attribute: false }) fileName = '';
  /** Which count uploads carry as `apnea_count` (said under the cards; decides which card alerts). */
  @property({ attribute: false }) uploadCount: UploadApneaCount = 'legacy';

  @state() private page = 0;
  @state() private current = -1;
  private readonly locale = new LocaleController(this);
  /** This view's strings in the element's locale. */
  private get t(): { s: ClinicalStrings; lang: string } {
    return { s: clinicalStrings(this.locale.lang), lang: this.locale.lang };
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('clinical')) [this.page, this.current] = [0, -1];
  }

  protected override render() {
    const c = this.clinical;
    if (!c) return nothing;
    const t = this.t.s;
    return html`<section class="clinical" aria-label=${t.clinicalRegion}>
      <h4>${t.clinicalRegion}</h4>
      ${this.cards(c)}
      <p class="note preset">${t.presetLine(t.presetNames[c.method.preset])} ${t.uploadCarries(this.uploadCount)}</p>
      <ul class="legend" aria-label=${t.chartLegend}>
        ${c.method.preset === 'oscar-uf'
          ? html`<li><span class="swatch flag" aria-hidden="true"></span>${t.legendFlag}</li>`
          : html`<li><span class="swatch apnea" aria-hidden="true"></span>${t.legendApnea}</li>
              <li><span class="swatch hypopnea" aria-hidden="true"></span>${t.legendHypopnea}</li>`}
      </ul>
      ${c.warnings.length ? html`<ul class="warnings">${c.warnings.map((w) => html`<li>${w.message}</li>`)}</ul>` : nothing}
      ${this.eventsList(c)}
      ${this.trends(c)}
      <div class="actions">
        <button type="button" class="secondary" @click=${() => downloadCsv(eventsCsv(c, this.fileName), this.fileName, 'events')}>${t.exportEventsCsv}</button>
        <button type="button" class="secondary" @click=${() => downloadCsv(breathsCsv(c, this.fileName), this.fileName, 'breaths')}>${t.exportBreathsCsv}</button>
      </div>
    </section>`;
  }

  private num(n: number | null | undefined, digits = 1): string {
    return n === null || n === undefined || !Number.isFinite(n) ? '–' : new Intl.NumberFormat(this.t.lang, { maximumFractionDigits: digits }).format(n);
  }

  private cards(c: ClinicalResult) {
    const t = this.t.s;
    const alert = alerts(this.uploadCount, c);
    const flags = c.method.preset === 'oscar-uf';
    const minutes = this.num(c.analysedS / 60, 0);
    const band = c.reason ? t.noIndex(c.reason) : c.severity ? t.severityLine(t.severityNames[c.severity]) : t.noSeverity(minutes);
    const leak = c.leak;
    const u = leak.unintentional;
    return html`<div class="metrics">
      <da-metric-card class="ahi" label=${flags ? t.flagsPerHour : t.ahiFlow} .value=${c.ahi} precision="1" unit=${t.perHour}
        ?alert=${alert.ahi} alert-text=${t.ahiAlert(String(AHI_ALERT_THRESHOLD))}>
        <span slot="footer" class="band">${flags ? nothing : band}${flags ? nothing : html`<br />`}${t.aiHi(this.num(c.ai), this.num(c.hi))}</span>
      </da-metric-card>
      <da-metric-card class="leak" label=${t.totalLeak} .value=${leak.total.median} precision="1" unit=${t.lpm}>
        <span slot="footer">${t.p95Line(this.num(leak.total.p95))}</span>
      </da-metric-card>
      ${u
        ? html`<da-metric-card class="leak" label=${t.unintentionalLeak} .value=${u.median} precision="1" unit=${t.lpm}
            ?alert=${(u.p95 ?? 0) > leak.redlineLpm} alert-text=${t.overRedline(this.num(u.overRedlineS / 60), this.num(leak.redlineLpm, 0))}>
            <span slot="footer">${t.p95Line(this.num(u.p95))}<br />${t.overRedline(this.num(u.overRedlineS / 60), this.num(leak.redlineLpm, 0))}</span>
          </da-metric-card>`
        : nothing}
    </div>
    ${u ? nothing : html`<p class="note">${t.noVentCurve}</p>`}`;
  }

  private eventsList(c: ClinicalResult) {
    const t = this.t.s;
    const total = c.events.length;
    const pages = Math.max(1, Math.ceil(total / EVENTS_PAGE));
    const page = Math.min(this.page, pages - 1);
    const from = page * EVENTS_PAGE;
    const rows = c.events.slice(from, from + EVENTS_PAGE);
    const status = (e: ClinicalEvent) => [!e.counted ? t.notCounted : t.counted, e.type === 'hypopnea' ? t.unconfirmed : ''].filter(Boolean).join('; ');
    return html`
      <h4 id="events-heading">${t.scoredEvents} (${this.num(total, 0)})</h4>
      ${c.unscored.length ? html`<p class="note">${t.unscoredRuns(this.num(c.unscored.length, 0))}</p>` : nothing}
      ${total === 0
        ? html`<p>${t.noEvents}</p>`
        : html`<table class="events" aria-labelledby="events-heading" @keydown=${this.onKey}>
            <thead><tr><th scope="col">${t.eventType}</th><th scope="col">${t.eventStart}</th><th scope="col">${t.eventDuration}</th>
              <th scope="col">${t.eventNadir}</th><th scope="col">${t.eventStatus}</th></tr></thead>
            <tbody>${rows.map((e, k) => {
              const i = from + k;
              const name = t.eventTypes[e.type];
              return html`<tr class=${e.type} aria-current=${i === this.current ? 'true' : 'false'}>
                <th scope="row"><button type="button" class="link" data-index=${i} aria-label=${t.showEvent(name, clock(e.start))}
                  @click=${() => this.focusEvent(i)}>${name}</button></th>
                <td>${clock(e.start)}</td><td>${this.num(e.durationS)}</td><td>${this.num(e.nadirPct, 0)}</td><td>${status(e)}</td>
              </tr>`;
            })}</tbody>
          </table>
          ${pages > 1
            ? html`<div class="pager">
                <button type="button" class="secondary" ?disabled=${page === 0} @click=${() => (this.page = page - 1)}>${t.previousPage}</button>
                <span role="status">${t.eventsPage(this.num(from + 1, 0), this.num(from + rows.length, 0), this.num(total, 0))}</span>
                <button type="button" class="secondary" ?disabled=${page >= pages - 1} @click=${() => (this.page = page + 1)}>${t.nextPage}</button>
              </div>`
            : nothing}`}
    `;
  }

  /** Emits `da-event-focus` for event `i` (the dashboard zooms its chart) and marks its row. */
  focusEvent(i: number): void {
    const e = this.clinical?.events[i];
    if (!e) return;
    this.current = i;
    emit(this, 'da-event-focus', { index: i, type: e.type, start: e.start, end: e.end });
  }

  /** Up and down arrows move between the rows' buttons (Home and End: first and last of the page). */
  private readonly onKey = (ev: KeyboardEvent): void => {
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('table.events button')];
    const at = buttons.indexOf(ev.target as HTMLButtonElement);
    if (at < 0) return;
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[ev.key];
    if (to === undefined || !buttons[to]) return;
    ev.preventDefault();
    buttons[to].focus();
  };

  private trends(c: ClinicalResult) {
    const t = this.t.s;
    const b = c.breaths;
    const bt = c.breathTable;
    const sum = (label: string, s: { median: number | null; p95: number | null }, d = 1) => t.trendSummary(label, this.num(s.median, d), this.num(s.p95, d));
    const leak = c.leak;
    const redline = leak.unintentional ? leak.redlineLpm : undefined;
    const leakValues = leak.epochs.unintentional ?? leak.epochs.total;
    const leakSummary = sum(leak.unintentional ? t.unintentionalLeak : t.totalLeak, leak.unintentional ?? leak.total);
    return html`<h4>${t.breathByBreath}</h4>
      <div class="trends">
        ${trendFigure(t.rrTrend, sum(t.rrTrend, b.rr), bt.start, bt.rr)}
        ${trendFigure(t.vtTrend, sum(t.vtTrend, b.vt, 0), bt.start, bt.vt)}
        ${trendFigure(t.mvTrend, sum(t.mvTrend, b.mv), bt.start, bt.mv)}
        ${trendFigure(t.leakTrend(this.num(leak.redlineLpm, 0)), leakSummary, leak.epochs.time, leakValues, redline)}
      </div>`;
  }
}
