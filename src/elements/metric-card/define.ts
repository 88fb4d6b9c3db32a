import { DaMetricCard } from './metric-card.ts';
import { defineElement } from '../shared/define.ts';

export { DaMetricCard };
defineElement('da-metric-card', DaMetricCard);

declare global {
  interface HTMLElementTagNameMap {
    'da-metric-card': DaMetricCard;
  }
}
