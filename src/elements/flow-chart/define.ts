import { DaFlowChart } from './flow-chart.ts';

export { DaFlowChart };
export type { FlowData, FlowEnvelope, DaZoomDetail, DaDrawDetail, ChartImageType } from './flow-chart.ts';

if (!customElements.get('da-flow-chart')) customElements.define('da-flow-chart', DaFlowChart);

declare global {
  interface HTMLElementTagNameMap {
    'da-flow-chart': DaFlowChart;
  }
}
