import type { Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

/**
 * Theme toolbar: wraps every story in a block with `color-scheme` light or dark, the one
 * mechanism our tokens follow (see src/elements/shared/tokens.styles.ts).
 */
const preview: Preview = {
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
  ],
  parameters: {
    controls: { expanded: true },
  },
};

export default preview;
