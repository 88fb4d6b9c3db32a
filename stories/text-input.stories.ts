import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/elements/text-input/define.ts';
import { PRESSURE_RANGE } from '../src/patient-api/contract.ts';
import { eventsOf } from '../.storybook/manifest.ts';

interface Args {
  label: string;
  value: string;
  placeholder: string;
  helpText: string;
  kind: 'text' | 'integer';
  min?: number;
  max?: number;
  required: boolean;
  disabled: boolean;
  readonly: boolean;
  type: 'text' | 'password';
}

const meta: Meta<Args> = {
  title: 'Elements/da-text-input',
  component: 'da-text-input',
  parameters: { actions: { handles: eventsOf('da-text-input') } },
  args: {
    label: 'Patient name',
    value: '',
    placeholder: 'e.g. Ann Example',
    helpText: 'As printed on the referral',
    kind: 'text',
    required: false,
    disabled: false,
    readonly: false,
    type: 'text',
  },
  argTypes: {
    kind: { control: 'inline-radio', options: ['text', 'integer'] },
    type: { control: 'inline-radio', options: ['text', 'password'] },
  },
  render: (a) => html`<da-text-input
    label=${a.label}
    value=${a.value}
    placeholder=${a.placeholder}
    help-text=${a.helpText}
    kind=${a.kind}
    min=${ifDefined(a.min)}
    max=${ifDefined(a.max)}
    type=${a.type}
    ?required=${a.required}
    ?disabled=${a.disabled}
    ?readonly=${a.readonly}
  ></da-text-input>`,
};
export default meta;
type Story = StoryObj<Args>;

export const Empty: Story = {};
export const Filled: Story = { args: { value: 'Ann Example' } };
export const Pressure: Story = {
  args: { label: 'CPAP pressure (cmH2O)', kind: 'integer', min: PRESSURE_RANGE.min, max: PRESSURE_RANGE.max, value: '10', helpText: `Whole number, ${PRESSURE_RANGE.min} to ${PRESSURE_RANGE.max}`, placeholder: '' },
};
export const Invalid: Story = {
  args: { label: 'CPAP pressure (cmH2O)', kind: 'integer', min: PRESSURE_RANGE.min, max: PRESSURE_RANGE.max, value: '30', helpText: `Whole number, ${PRESSURE_RANGE.min} to ${PRESSURE_RANGE.max}`, placeholder: '' },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('da-text-input')!;
    await el.updateComplete;
    el.reportValidity();
  },
};
export const Required: Story = { args: { required: true } };
export const Disabled: Story = { args: { value: 'Ann Example', disabled: true } };
export const ReadOnly: Story = { args: { value: 'Ann Example', readonly: true } };
export const Password: Story = { args: { label: 'Access code', type: 'password', value: 'secret', helpText: '' } };
export const DarkTheme: Story = { args: { value: 'Ann Example' }, parameters: { theme: 'dark' } };
