/**
 * Importing this module defines `<cpap-dashboard>` (the `da-` elements define themselves; the
 * all-patients view is loaded and defined when its tab is first opened).
 */
import { defineElement } from '../elements/shared/define.ts';
import { CpapDashboard } from './cpap-dashboard.ts';

defineElement('cpap-dashboard', CpapDashboard);

export { CpapDashboard };
// Its events' details; re-exporting from the catalogue brings the typed `da-*` events to this entry.
export type { DaEventMap, DashboardAnalysisDetail, DashboardUploadDetail, DashboardPressureDetail } from '../events.ts';
