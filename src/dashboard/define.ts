/** Importing this module defines `<cpap-dashboard>` and its parts (the `da-` elements define themselves). */
import { defineElement } from '../elements/shared/define.ts';
import { CpapDashboard } from './cpap-dashboard.ts';
import { CpapPatientsView } from './patients-view.ts';

defineElement('cpap-patients-view', CpapPatientsView);
defineElement('cpap-dashboard', CpapDashboard);

export { CpapDashboard, CpapPatientsView };
