import { DaTextInput } from './text-input.ts';
import { defineElement } from '../shared/define.ts';

export { DaTextInput };
defineElement('da-text-input', DaTextInput);

declare global {
  interface HTMLElementTagNameMap {
    'da-text-input': DaTextInput;
  }
}
