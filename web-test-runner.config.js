// Browser tests: every *.test.ts under src/ and test/browser/ runs in Debian's Chromium.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter, summaryReporter } from '@web/test-runner';
import { sharedFilesPlugin, cssInlinePlugin, cspPagePlugin, countingReporter, jsonModulePlugin } from './scripts/wtr-plugins.js';
import { chromeExecutable, chromeArgs } from './test/support/chromium.js';
import { patientServersPlugin } from './test/support/patient-servers.js';

export default {
  files: ['src/**/*.test.ts', 'test/browser/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: Chromium gives a page in the background no animation frames, and charts wait for one.
  concurrency: 1,
  testFramework: { config: { timeout: 60000 } },
  testsFinishTimeout: 20 * 60 * 1000,
  browserStartTimeout: 60000,
  plugins: [
    sharedFilesPlugin(),
    cssInlinePlugin(),
    jsonModulePlugin(),
    cspPagePlugin(),
    patientServersPlugin(),
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: chromeExecutable(), headless: true, args: chromeArgs },
    }),
  ],
  filterBrowserLogs: ({ args }) =>
    !args.some((a) => typeof a === 'string' && a.includes('Lit is in dev mode')),
  reporters: [defaultReporter(), summaryReporter({ flatten: false }), countingReporter('.cache/wtr-results.json')],
};
