/**
 * The dashboard's larger pieces of markup, as functions of what they show: the shell passes state
 * down and callbacks for what the user does; nothing here reads the page.
 */
import { html, nothing } from 'lit';
import type { CpapMetrics } from '../core/analyze.ts';
import { APNEA_ALERT_THRESHOLD, REFRESH_INTERVAL_S } from '../patient-api/contract.ts';
import type { OutboxEntry } from '../patient-api/outbox.ts';
import type { Notice } from './controllers/upload.ts';

export function settingsPanel(autoRefresh: boolean, actions: { setAutoRefresh: (on: boolean) => void; reset: () => void }) {
  const { min, max } = REFRESH_INTERVAL_S;
  return html`
    <da-expander summary="Settings">
      <div class="settings">
        <label class="check"><input type="checkbox" .checked=${autoRefresh} @change=${(e: Event) => actions.setAutoRefresh((e.target as HTMLInputElement).checked)} />
          Refresh the CPAP pressure automatically</label>
        <da-text-input bind="refreshInterval" label="Refresh interval (s)" kind="integer" min=${min} max=${max}
          help-text=${`${min} to ${max} seconds; used when the server cannot push updates.`} ?disabled=${!autoRefresh}></da-text-input>
        <button type="button" class="secondary" @click=${actions.reset}>Reset form</button>
      </div>
    </da-expander>
  `;
}

export function metricCards(m: CpapMetrics | undefined) {
  return html`
    <div class="metrics">
      <da-metric-card label="Breathing rate" .value=${m?.breath_rate_bpm ?? null} precision="2" unit="breaths/min"></da-metric-card>
      <da-metric-card label="Apnea events" .value=${m ? m.apnea_count : null} alert-threshold=${APNEA_ALERT_THRESHOLD}
        alert-text=${`${APNEA_ALERT_THRESHOLD} or more apnea events`}></da-metric-card>
      <da-metric-card label="Breaths" .value=${m ? m.breaths : null}></da-metric-card>
      <da-metric-card label="Duration" .value=${m ? m.duration : null} precision="1" unit="s"></da-metric-card>
      <da-metric-card label="Leakage" .value=${m ? m.leakage : null} precision="2" unit="L"></da-metric-card>
      <da-metric-card label="Skipped lines" .value=${m ? m.invalid_line_count : null}></da-metric-card>
    </div>
  `;
}

export function analysisDetails(m: CpapMetrics, onExport: () => void) {
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
        <button type="button" class="secondary" @click=${onExport}>Export metrics as JSON</button>
      </div>
    </da-expander>
  `;
}

export function notice(n: Notice) {
  if (!n) return nothing;
  return html`<p class="notice ${n.kind}" role=${n.kind === 'error' ? 'alert' : 'status'}>${n.text}</p>
    ${n.action ? html`<button type="button" class="secondary" @click=${n.action.run}>${n.action.label}</button>` : nothing}`;
}

export function outboxList(entries: OutboxEntry[], actions: { discard: (id: string) => void; retry: () => void }) {
  if (entries.length === 0) return nothing;
  return html`
    <div class="outbox" role="region" aria-label="Uploads waiting to be sent">
      <h4>Outbox</h4>
      <ul>
        ${entries.map(
          (e) => html`<li>
            Room ${e.upload.room_number}, MRN ${e.upload.patient_mrn}:
            ${e.rejected
              ? html`<span class="error">refused: ${e.lastError}</span>
                  <button type="button" class="link" @click=${() => actions.discard(e.id)}>Discard</button>`
              : html`<span>pending${e.attempts ? `, ${e.attempts} attempt(s), last error: ${e.lastError}` : ''}</span>
                  <button type="button" class="link" @click=${actions.retry}>Retry now</button>`}
          </li>`,
        )}
      </ul>
    </div>
  `;
}

/** Saves the metrics as `<file>-metrics.json`. */
export function downloadMetrics(metrics: CpapMetrics, fileName: string): void {
  const blob = new Blob([JSON.stringify(metrics, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName.replace(/\.[^.]*$/, '') || 'cpap'}-metrics.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
