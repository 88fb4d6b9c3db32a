import { DaMetricCard } from './metric-card.ts';
import { defineElement } from '../shared/define.ts';

export { DaMetricCard };
// It emits no events; re-exporting the catalogue's map brings the typed `da-*` events to this entry.
export type { DaEventMap } from '../../events.ts';
defineElement('da-metric-card', DaMetricCard);

declare global {
  interface HTMLElementTagNameMap {
    'da-metric-card': DaMetricCard;
  }
}
