/**
 * The dashboard's larger pieces of markup, as functions of what they show: the shell passes state
 * down and callbacks for what the user does; nothing here reads the page.
 */
import { html, nothing } from 'lit';
import type { CpapMetrics } from '../core/analyze.ts';
import { APNEA_ALERT_THRESHOLD, REFRESH_INTERVAL_S } from '../patient-api/contract.ts';
import type { OutboxEntry } from '../patient-api/outbox.ts';
import type { Notice } from './controllers/upload.ts';
import type { ClinicalResult } from '../core/scoring/types.ts';
import { eventWindow, type UploadApneaCount } from './clinical-options.ts';
import { loadClinicalView } from './lazy-views.ts';
import type { Strings } from '../elements/shared/locale.ts';
import { downloadBlob } from './download.ts';

export function settingsPanel(s: Strings, autoRefresh: boolean, actions: { setAutoRefresh: (on: boolean) => void; reset: () => void }) {
  const { min, max } = REFRESH_INTERVAL_S;
  return html`
    <da-expander summary=${s.settings}>
      <div class="settings">
        <label class="check"><input type="checkbox" .checked=${autoRefresh} @change=${(e: Event) => actions.setAutoRefresh((e.target as HTMLInputElement).checked)} />
          ${s.autoRefresh}</label>
        <da-text-input bind="refreshInterval" label=${s.refreshInterval} kind="integer" min=${min} max=${max}
          help-text=${s.refreshHelp(String(min), String(max))} ?disabled=${!autoRefresh}></da-text-input>
        <button type="button" class="secondary" @click=${actions.reset}>${s.resetForm}</button>
      </div>
    </da-expander>
  `;
}

/** The legacy metrics; the apnea count is labelled as the old system's rule and alerts only when `legacyAlert` (see clinical-options.ts). */
export function metricCards(s: Strings, m: CpapMetrics | undefined, legacyAlert = true) {
  return html`
    <div class="metrics">
      <da-metric-card label=${s.breathingRate} .value=${m?.breath_rate_bpm ?? null} precision="2" unit=${s.breathsPerMin}></da-metric-card>
      <da-metric-card label=${s.apneaEvents} .value=${m ? m.apnea_count : null} alert-threshold=${legacyAlert ? APNEA_ALERT_THRESHOLD : nothing}
        alert-text=${s.apneaAlert(String(APNEA_ALERT_THRESHOLD))}><span slot="footer" class="legacy-rule">${s.legacyRule}</span></da-metric-card>
      <da-metric-card label=${s.breaths} .value=${m ? m.breaths : null}></da-metric-card>
      <da-metric-card label=${s.duration} .value=${m ? m.duration : null} precision="1" unit="s"></da-metric-card>
      <da-metric-card label=${s.leakage} .value=${m ? m.leakage : null} precision="2" unit="L"></da-metric-card>
      <da-metric-card label=${s.skippedLines} .value=${m ? m.invalid_line_count : null}></da-metric-card>
    </div>
  `;
}

export function analysisDetails(s: Strings, lang: string, m: CpapMetrics, onExport: () => void) {
  const num = (n: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n);
  return html`
    <da-expander summary=${s.details}>
      <div class="details">
        ${m.warnings.length ? html`<h4>${s.warnings}</h4><ul>${m.warnings.map((w) => html`<li>${s.analysisText(w)}</li>`)}</ul>` : html`<p>${s.noWarnings}</p>`}
        ${m.invalid_lines.length
          ? html`<h4>${s.skippedLinesCount(num(m.invalid_line_count))}</h4>
              <table><thead><tr><th scope="col">${s.line}</th><th scope="col">${s.reason}</th></tr></thead>
              <tbody>${m.invalid_lines.slice(0, 200).map((l) => html`<tr><td>${l.line}</td><td>${s.analysisText(l.reason)}</td></tr>`)}</tbody></table>`
          : html`<p>${s.noSkippedLines}</p>`}
        <p>${s.analysed(num(m.samples), num(m.timing.total_ms))}</p>
        <button type="button" class="secondary" @click=${onExport}>${s.exportJson}</button>
      </div>
    </da-expander>
  `;
}

/**
 * The clinical view (code-split, loaded with the first clinical result) under the chart; its event
 * rows zoom the chart through `zoom` to about 3 minutes around the event.
 */
export function clinicalSection(clinical: ClinicalResult | null, fileName: string, uploadCount: UploadApneaCount, zoom: (min: number, max: number) => void) {
  if (!clinical) return nothing;
  loadClinicalView();
  const focus = (e: GlobalEventHandlersEventMap['da-event-focus']) => {
    const w = eventWindow(e.detail);
    zoom(w.min, w.max);
  };
  return html`<cpap-clinical-view part="clinical" .clinical=${clinical} .fileName=${fileName} .uploadCount=${uploadCount} @da-event-focus=${focus}></cpap-clinical-view>`;
}

export function notice(n: Notice) {
  if (!n) return nothing;
  return html`<p class="notice ${n.kind}" role=${n.kind === 'error' ? 'alert' : 'status'}>${n.text}</p>
    ${n.action ? html`<button type="button" class="secondary" @click=${n.action.run}>${n.action.label}</button>` : nothing}`;
}

export function outboxList(s: Strings, entries: OutboxEntry[], actions: { discard: (id: string) => void; retry: () => void }) {
  if (entries.length === 0) return nothing;
  return html`
    <div class="outbox" role="region" aria-label=${s.outboxRegion}>
      <h4>${s.outbox}</h4>
      <ul>
        ${entries.map(
          (e) => html`<li>
            ${s.outboxEntry(String(e.upload.room_number), String(e.upload.patient_mrn))}
            ${e.rejected
              ? html`<span class="error">${s.refused(e.lastError ?? '')}</span>
                  <button type="button" class="link" @click=${() => actions.discard(e.id)}>${s.discard}</button>`
              : html`<span>${s.pending(e.attempts, e.lastError ?? '')}</span>
                  <button type="button" class="link" @click=${actions.retry}>${s.retryNow}</button>`}
          </li>`,
        )}
      </ul>
    </div>
  `;
}

/** Saves the metrics as `<file>-metrics.json`. */
export function downloadMetrics(metrics: CpapMetrics, fileName: string): void {
  downloadBlob(new Blob([JSON.stringify(metrics, null, 2)], { type: 'application/json' }), fileName, 'metrics.json');
}
