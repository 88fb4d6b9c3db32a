import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/elements/metric-card/define.ts';
import { APNEA_ALERT_THRESHOLD } from '../src/patient-api/contract.ts';
import { eventsOf } from '../.storybook/manifest.ts';

interface Args {
  label: string;
  value: number | string | null;
  unit: string;
  precision?: number;
  delta?: number;
  inverse: boolean;
  alert: boolean;
  alertThreshold?: number;
  placeholder: string;
}

const meta: Meta<Args> = {
  title: 'Elements/da-metric-card',
  component: 'da-metric-card',
  parameters: { actions: { handles: eventsOf('da-metric-card') } },
  args: { label: 'Breath rate', value: null, unit: 'breaths/min', precision: 2, inverse: false, alert: false, placeholder: 'Not measured' },
  render: (a) => html`<da-metric-card
    label=${a.label}
    .value=${a.value}
    unit=${a.unit}
    precision=${ifDefined(a.precision)}
    .delta=${a.delta ?? null}
    ?inverse=${a.inverse}
    ?alert=${a.alert}
    alert-threshold=${ifDefined(a.alertThreshold)}
    placeholder=${a.placeholder}
  ></da-metric-card>`,
};
export default meta;
type Story = StoryObj<Args>;

export const Empty: Story = {};
export const Filled: Story = { args: { value: 9.3412 } };
export const WithDelta: Story = { args: { value: 9.34, delta: 0.42 } };
export const InverseDelta: Story = { args: { label: 'Apnea events', value: 1, unit: '', precision: 0, delta: 1, inverse: true } };
export const Alert: Story = {
  args: { label: 'Apnea events', value: 3, unit: '', precision: 0, alertThreshold: APNEA_ALERT_THRESHOLD, delta: 2, inverse: true },
};
export const Loading: Story = { args: { placeholder: 'Analysing…' } };
export const DarkTheme: Story = {
  args: { label: 'Apnea events', value: 3, unit: '', precision: 0, alertThreshold: APNEA_ALERT_THRESHOLD },
  parameters: { theme: 'dark' },
};
