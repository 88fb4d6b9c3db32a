// Fixtures shared by the flow chart's browser tests (flow-chart.test.ts, flow-chart-interaction.test.ts).
// Only for tests, so it lives in test/ and never ships.
import '../../src/elements/flow-chart/define.ts';
import type { DaFlowChart } from '../../src/elements/flow-chart/flow-chart.ts';
import { seededRandom } from '../../src/core/synthetic.ts';

/** A 0.25 Hz sine of `n` samples at `hz` with a little seeded noise. */
export function signal(n: number, hz = 100): { time: Float64Array; flow: Float64Array } {
  const time = new Float64Array(n);
  const flow = new Float64Array(n);
  const rand = seededRandom(7); // deterministic (mulberry32), so failures reproduce
  for (let i = 0; i < n; i++) {
    time[i] = i / hz;
    flow[i] = 0.0005 * Math.sin((2 * Math.PI * time[i]!) / 4) + 0.00002 * (rand() - 0.5);
  }
  return { time, flow };
}

/** Creates a sized chart with `props`, attaches it and waits for its first draw when it has data. */
export async function mount(props: Partial<DaFlowChart> = {}, width = 600, height = 300): Promise<DaFlowChart> {
  const el = document.createElement('da-flow-chart');
  el.style.width = `${width}px`;
  el.style.height = `${height}px`;
  Object.assign(el, props);
  const drawn = props.time || props.data || props.envelope ? new Promise<Event>((resolve) => el.addEventListener('da-draw', resolve, { once: true })) : null;
  document.body.append(el);
  await el.updateComplete;
  if (drawn) await drawn;
  return el;
}

export function plot(el: DaFlowChart): HTMLElement {
  return el.shadowRoot!.querySelector('[part~="plot"]') as HTMLElement;
}
