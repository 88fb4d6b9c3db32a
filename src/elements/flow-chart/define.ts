import { DaFlowChart } from './flow-chart.ts';
import { defineElement } from '../shared/define.ts';

export { DaFlowChart };
export type { FlowData, FlowEnvelope, ChartImageType } from './flow-chart.ts';
// Its events' details; re-exporting from the catalogue brings the typed `da-*` events to this entry.
export type { DaEventMap, DaZoomDetail, DaDrawDetail } from '../../events.ts';
defineElement('da-flow-chart', DaFlowChart);

declare global {
  interface HTMLElementTagNameMap {
    'da-flow-chart': DaFlowChart;
  }
}
