import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/elements/flow-chart/define.ts';
import type { FlowData } from '../src/elements/flow-chart/flow-chart.ts';
import { eventsOf } from '../.storybook/manifest.ts';

interface FlowChartArgs {
  label: string;
  xLabel: string;
  yLabel: string;
  theme: 'light' | 'dark' | '';
  loading: boolean;
  minutes: number;
  marks: boolean;
}

interface Night extends FlowData {
  breaths: number[];
  apneas: Array<[number, number]>;
}

/** Deterministic breathing-like flow at 100 Hz with a 20 s pause every 3 minutes. */
function night(minutes: number): Night {
  const hz = 100;
  const n = Math.round(minutes * 60 * hz);
  const time = new Float64Array(n);
  const flow = new Float64Array(n);
  const breaths: number[] = [];
  const apneas: Array<[number, number]> = [];
  let seed = 1;
  const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.00002;
  let phase = 0;
  for (let i = 0; i < n; i++) {
    const t = i / hz;
    time[i] = t;
    const inApnea = t % 180 >= 90 && t % 180 < 110;
    if (t % 180 === 90) apneas.push([t, t + 20]);
    const before = phase;
    phase += 0.25 / hz;
    if (Math.floor(phase) > Math.floor(before) && !inApnea) breaths.push(t);
    flow[i] = (inApnea ? 0.00003 : 0.0005) * Math.sin(2 * Math.PI * phase) + noise();
  }
  return { time, flow, breaths, apneas };
}

const meta: Meta<FlowChartArgs> = {
  title: 'Elements/Flow chart',
  component: 'da-flow-chart',
  parameters: { actions: { handles: eventsOf('da-flow-chart') } },
  tags: ['autodocs'],
  argTypes: {
    theme: { control: 'inline-radio', options: ['', 'light', 'dark'] },
    minutes: { control: { type: 'number', min: 1, max: 480 } },
  },
  args: {
    label: 'Patient flow',
    xLabel: 'Time (s)',
    yLabel: 'Flow (m³/s)',
    theme: '',
    loading: false,
    minutes: 10,
    marks: false,
  },
  render: (args) => {
    const data = args.minutes > 0 ? night(args.minutes) : null;
    return html`
      <da-flow-chart
        style="display: block; width: 100%; --da-chart-height: 320px"
        label=${args.label}
        x-label=${args.xLabel}
        y-label=${args.yLabel}
        theme=${ifDefined(args.theme || undefined)}
        ?loading=${args.loading}
        .data=${data ?? undefined}
        .breathTimes=${args.marks && data ? data.breaths : []}
        .apneaSpans=${args.marks && data ? data.apneas : []}
        @da-zoom=${(e: CustomEvent) => console.log('da-zoom', e.detail)}
      ></da-flow-chart>
    `;
  },
};
export default meta;

type Story = StoryObj<FlowChartArgs>;

/** No data yet: the "No data" message in `::part(empty)`. */
export const Empty: Story = { args: { minutes: 0 } };

/** Ten minutes of flow. Drag to zoom, double-click or 0 to reset, +/− and arrows on the keyboard. */
export const WithData: Story = {};

/** Breaths as ticks on the time axis, apnea spans shaded. */
export const WithBreathsAndApneas: Story = { args: { marks: true } };

/** A whole night (2.9 M samples) decimated to the pixel width. */
export const WholeNight: Story = { args: { minutes: 480, marks: true } };

/** Waiting for the analysis: the overlay in `::part(loading)`. */
export const Loading: Story = { args: { minutes: 0, loading: true } };

/** Dark tokens from `theme="dark"`. */
export const Dark: Story = {
  args: { theme: 'dark', marks: true },
  parameters: { backgrounds: { default: 'dark' } },
};
