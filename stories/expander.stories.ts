import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/expander/define.ts';
import { eventsOf } from '../.storybook/manifest.ts';

interface Args {
  summary: string;
  open: boolean;
  eager: boolean;
  disabled: boolean;
}

const meta: Meta<Args> = {
  title: 'Elements/da-expander',
  component: 'da-expander',
  parameters: { actions: { handles: eventsOf('da-expander') } },
  args: { summary: 'How the breath rate is computed', open: false, eager: false, disabled: false },
  render: (a) => html`<da-expander summary=${a.summary} ?open=${a.open} ?eager=${a.eager} ?disabled=${a.disabled}>
    <p>Peaks of the flow signal are paired into breaths; the rate is breaths per minute of recording.</p>
  </da-expander>`,
};
export default meta;
type Story = StoryObj<Args>;

export const Closed: Story = {};
export const Open: Story = { args: { open: true } };
export const Empty: Story = {
  args: { open: true, summary: 'No notes' },
  render: (a) => html`<da-expander summary=${a.summary} ?open=${a.open}></da-expander>`,
};
export const LazyTemplate: Story = {
  render: () => html`<da-expander summary="Open me: the content is stamped from a template">
    <template><p>Created on first open.</p></template>
  </da-expander>`,
};
export const Disabled: Story = { args: { disabled: true } };
export const DarkTheme: Story = { args: { open: true }, parameters: { theme: 'dark' } };
