import { DaTabs } from './tabs.ts';
import { DaTab } from './tab.ts';
import { DaTabPanel } from './tab-panel.ts';
import { defineElement } from '../shared/define.ts';

export { DaTabs, DaTab, DaTabPanel };
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
