import type { Preview } from '@storybook/web-components-vite';
import { setCustomElementsManifest } from '@storybook/web-components-vite';
import { withActions } from 'storybook/actions/decorator';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { storybookManifest } from './manifest.ts';

// Docs pages, controls and their descriptions come from the Custom Elements Manifest.
setCustomElementsManifest(storybookManifest());

/**
 * Theme toolbar: wraps every story in a block with `color-scheme` light or dark (and `data-theme`),
 * the one mechanism our tokens follow (see src/elements/shared/tokens.styles.ts).
 */
const preview: Preview = {
  tags: ['autodocs'],
  globalTypes: {
    theme: {
      description: 'Colour scheme of the elements',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  decorators: [
    (story, context) => {
      const dark = context.globals.theme === 'dark' || context.parameters.theme === 'dark';
      return html`<div
        data-theme=${dark ? 'dark' : 'light'}
        style=${styleMap({
          colorScheme: dark ? 'dark' : 'light',
          background: dark ? '#202124' : '#ffffff',
          padding: '1rem',
          maxWidth: '40rem',
        })}
      >
        ${story()}
      </div>`;
    },
    // Events listed in a story's `parameters.actions.handles` (the element's da-* events) reach the actions panel.
    withActions,
  ],
  parameters: {
    controls: { expanded: true },
  },
};

export default preview;
