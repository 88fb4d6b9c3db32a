/** The dashboard's code-split views: each loaded and defined on first use, so the page load stays small. */
import { defineElement } from '../elements/shared/define.ts';

/** The all-patients view: loaded when its tab is first shown. */
export function loadPatientsView(): void {
  if (customElements.get('cpap-patients-view')) return;
  void import('./patients-view.ts').then((m) => defineElement('cpap-patients-view', m.CpapPatientsView));
}

/** The clinical view (AHI card, events list, trends, leak, exports): loaded with the first clinical result. */
export function loadClinicalView(): void {
  if (customElements.get('cpap-clinical-view')) return;
  void import('./clinical-view.ts').then((m) => defineElement('cpap-clinical-view', m.CpapClinicalView));
}
