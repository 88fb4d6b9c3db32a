import { DaExpander } from './expander.ts';
import { defineElement } from '../shared/define.ts';

export { DaExpander };
// Its events' details; re-exporting from the catalogue brings the typed `da-*` events to this entry.
export type { DaEventMap, DaToggleDetail } from '../../events.ts';
defineElement('da-expander', DaExpander);

declare global {
  interface HTMLElementTagNameMap {
    'da-expander': DaExpander;
  }
}
