import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/elements/file-uploader/define.ts';
import type { DaFileUploader } from '../src/elements/file-uploader/file-uploader.ts';
import { eventsOf } from '../.storybook/manifest.ts';

interface Args {
  label: string;
  accept: string;
  multiple: boolean;
  maxSize?: number;
  busy: boolean;
  progress?: number;
  disabled: boolean;
}

const sample = () => new File(['Time,Pressure\n0,10\n'], 'patient_01.txt', { type: 'text/plain' });

const meta: Meta<Args> = {
  title: 'Elements/da-file-uploader',
  component: 'da-file-uploader',
  parameters: { actions: { handles: eventsOf('da-file-uploader') } },
  args: { label: 'CPAP recording', accept: '.txt,.csv', multiple: false, maxSize: 50 * 1024 * 1024, busy: false, disabled: false },
  render: (a) => html`<da-file-uploader
    label=${a.label}
    accept=${a.accept}
    ?multiple=${a.multiple}
    max-size=${ifDefined(a.maxSize)}
    ?busy=${a.busy}
    .progress=${a.progress ?? null}
    ?disabled=${a.disabled}
  ></da-file-uploader>`,
};
export default meta;
type Story = StoryObj<Args>;

const withFile = async ({ canvasElement }: { canvasElement: HTMLElement }) => {
  const el = canvasElement.querySelector('da-file-uploader') as DaFileUploader;
  await el.updateComplete;
  el.busy = false;
  el.addFiles([sample()]);
};

export const Empty: Story = {};
export const Filled: Story = { play: withFile };
export const Invalid: Story = {
  args: { maxSize: 10 },
  play: async ({ canvasElement }) => {
    const el = canvasElement.querySelector('da-file-uploader') as DaFileUploader;
    await el.updateComplete;
    el.addFiles([sample(), new File(['%PDF'], 'scan.pdf', { type: 'application/pdf' })]);
  },
};
export const Loading: Story = {
  args: { progress: 0.42 },
  play: async (ctx) => {
    await withFile(ctx);
    const el = ctx.canvasElement.querySelector('da-file-uploader') as DaFileUploader;
    el.busy = true;
  },
};
export const Indeterminate: Story = { args: { busy: true } };
export const Disabled: Story = { args: { disabled: true } };
export const DarkTheme: Story = { play: withFile, parameters: { theme: 'dark' } };
