import { DaExpander } from './expander.ts';
import { defineElement } from '../shared/define.ts';

export { DaExpander };
defineElement('da-expander', DaExpander);

declare global {
  interface HTMLElementTagNameMap {
    'da-expander': DaExpander;
  }
}
