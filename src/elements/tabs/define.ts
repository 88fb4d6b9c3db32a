import { DaTabs } from './tabs.ts';
import { DaTab } from './tab.ts';
import { DaTabPanel } from './tab-panel.ts';
import { defineElement } from '../shared/define.ts';

export { DaTabs, DaTab, DaTabPanel };
// Its events' details; re-exporting from the catalogue brings the typed `da-*` events to this entry.
export type { DaEventMap, DaTabChangeDetail } from '../../events.ts';
defineElement('da-tab', DaTab);
defineElement('da-tab-panel', DaTabPanel);
defineElement('da-tabs', DaTabs);

declare global {
  interface HTMLElementTagNameMap {
    'da-tabs': DaTabs;
    'da-tab': DaTab;
    'da-tab-panel': DaTabPanel;
  }
}
