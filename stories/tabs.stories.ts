import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/elements/tabs/define.ts';
import '../src/elements/metric-card/define.ts';
import { eventsOf } from '../.storybook/manifest.ts';

interface Args {
  selected: string;
  disabledTab: boolean;
}

const meta: Meta<Args> = {
  title: 'Elements/da-tabs',
  component: 'da-tabs',
  parameters: { actions: { handles: eventsOf('da-tabs') } },
  args: { selected: 'summary', disabledTab: false },
  argTypes: { selected: { control: 'inline-radio', options: ['summary', 'breaths', 'notes'] } },
  render: (a) => html`<da-tabs label="Night views" selected=${a.selected}>
    <da-tab panel="summary">Summary</da-tab>
    <da-tab panel="breaths">Breaths</da-tab>
    <da-tab panel="notes" ?disabled=${a.disabledTab}>Notes</da-tab>
    <da-tab-panel name="summary">
      <da-metric-card label="Breath rate" .value=${9.34} unit="breaths/min" precision="2"></da-metric-card>
    </da-tab-panel>
    <da-tab-panel name="breaths"><p>Rendered on first selection.</p></da-tab-panel>
    <da-tab-panel name="notes"><template><p>Stamped from a template on first selection.</p></template></da-tab-panel>
  </da-tabs>`,
};
export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {};
export const SecondSelected: Story = { args: { selected: 'breaths' } };
export const DisabledTab: Story = { args: { disabledTab: true } };
export const Empty: Story = { render: () => html`<da-tabs label="Nothing yet"></da-tabs>` };
export const DarkTheme: Story = { parameters: { theme: 'dark' } };
