/** A small per-room trend of breath rate (line) and apnea events (bars) over its measurements, as SVG. */
import { isApneaAlert } from '../patient-api/contract.ts';
import { svg, html } from 'lit';

const W = 240, H = 60, PAD = 4;

export function trendChart(rates: number[], apneas: number[], label: string, caption = 'Breath rate (line) and apnea events (bars) per measurement') {
  const n = Math.max(rates.length, apneas.length);
  if (n < 2) return html``;
  const finite = rates.filter(Number.isFinite);
  const lo = Math.min(...finite, 0), hi = Math.max(...finite, 1);
  const maxApnea = Math.max(...apneas.filter(Number.isFinite), 1);
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / (n - 1);
  const y = (v: number) => H - PAD - ((v - lo) * (H - 2 * PAD)) / (hi - lo || 1);
  const points = rates.map((r, i) => (Number.isFinite(r) ? `${x(i).toFixed(1)},${y(r).toFixed(1)}` : '')).filter(Boolean).join(' ');
  const barW = Math.max(2, (W - 2 * PAD) / n / 2);
  return html`<figure class="trend">
    <svg viewBox="0 0 ${W} ${H}" width=${W} height=${H} role="img" aria-label=${label}>
      ${apneas.map((a, i) => {
        if (!Number.isFinite(a) || a <= 0) return null;
        const h = (a / maxApnea) * (H - 2 * PAD);
        return svg`<rect class=${isApneaAlert(a) ? 'apnea alert' : 'apnea'} x=${x(i) - barW / 2} y=${H - PAD - h} width=${barW} height=${h}></rect>`;
      })}
      <polyline class="rate" points=${points}></polyline>
    </svg>
    <figcaption>${caption}</figcaption>
  </figure>`;
}
