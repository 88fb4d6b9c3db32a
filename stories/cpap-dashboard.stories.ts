import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import '../src/dashboard/define.ts';
import type { CpapDashboard } from '../src/dashboard/cpap-dashboard.ts';
import { SAMPLE_RECORDINGS, sampleFile } from '../src/dashboard/samples.ts';
import { eventsOf } from '../.storybook/manifest.ts';

interface Args {
  apiUrl: string;
  theme: 'light' | 'dark' | 'auto';
  heading: string;
  /** OSCAR-style vent curve "P4,F4,P20,F20" for the unintentional leak; none by default. */
  ventCurve?: string;
}

const meta: Meta<Args> = {
  title: 'Dashboard/cpap-dashboard',
  component: 'cpap-dashboard',
  // Same origin: Storybook has no patient server, so uploads wait in the outbox.
  args: { apiUrl: '', theme: 'auto', heading: 'Sleep lab patient monitor' },
  argTypes: { theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] } },
  // A screen, not a widget: wider than the preview's 40rem wrapper (it paints its own background).
  parameters: { layout: 'fullscreen', actions: { handles: eventsOf('cpap-dashboard') } },
  render: (a) => html`<cpap-dashboard
    style="width: min(72rem, calc(100vw - 2rem))"
    api-url=${a.apiUrl}
    theme=${a.theme}
    heading=${a.heading}
    vent-curve=${a.ventCurve ?? nothing}
    persist="none"
  ></cpap-dashboard>`,
};
export default meta;
type Story = StoryObj<Args>;

export const Default: Story = {};

export const DarkTheme: Story = {
  name: 'Dark theme',
  args: { theme: 'dark' },
  parameters: { theme: 'dark' },
};

export const WithSampleAnalysed: Story = {
  name: 'With a sample analysed',
  play: async ({ canvasElement }) => {
    const dashboard = canvasElement.querySelector<CpapDashboard>('cpap-dashboard');
    if (!dashboard) return;
    await dashboard.updateComplete;
    await dashboard.analyse(await sampleFile(SAMPLE_RECORDINGS[0]));
  },
};

/**
 * The clinical view: a scripted 62-minute recording with 32 known events (cpap-scoring.md §12, T08:
 * apneas and hypopneas of 60 and 40 %), generated in the page and analysed in the worker, with
 * OSCAR's default vent curve so the unintentional leak and its redline show.
 */
export const WithClinicalScoring: Story = {
  name: 'With clinical scoring (scripted night)',
  args: { ventCurve: '4,20.167,20,48.333' },
  play: async ({ canvasElement }) => {
    const dashboard = canvasElement.querySelector<CpapDashboard>('cpap-dashboard');
    if (!dashboard) return;
    await dashboard.updateComplete;
    const { scriptedCpap } = await import('../src/core/scripted.ts');
    const { scriptedCase } = await import('../src/core/scripted-cases.ts');
    await dashboard.analyse(new File([scriptedCpap(scriptedCase('T08')).text], 'T08.txt', { type: 'text/plain' }));
  },
};
