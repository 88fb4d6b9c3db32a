import { DaTextInput } from './text-input.ts';
import { defineElement } from '../shared/define.ts';

export { DaTextInput };
// Its events' details; re-exporting from the catalogue brings the typed `da-*` events to this entry.
export type { DaEventMap, DaValueDetail } from '../../events.ts';
defineElement('da-text-input', DaTextInput);

declare global {
  interface HTMLElementTagNameMap {
    'da-text-input': DaTextInput;
  }
}
