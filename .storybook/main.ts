import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts', '../src/**/*.stories.ts'],
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // The project's vite.config.ts builds a library in its default mode; Storybook builds an app.
  async viteFinal(config) {
    if (config.build && 'lib' in config.build) delete config.build.lib;
    return { ...config, base: './' };
  },
};

export default config;
