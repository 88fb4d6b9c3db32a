#!/usr/bin/env node
// The flow chart: serves bench/pages/flow-chart.html on the Vite page server, opens it in Chromium,
// waits for its result and prints a table (time to first draw, per-step zoom work, frame intervals).
// Sizes are in bench/sizes.js. Usage: node bench/chart.js [--short] [--json]
import { SHORT, startPageServer, watchPage, watchdog } from './support.js';
import { launchChromium } from '../test/support/chromium.js';

const jsonOnly = process.argv.includes('--json');
// Short mode: 30 minutes at 100 Hz and 10 zoom steps instead of 8 hours and 60.
const query = SHORT ? '?hours=0.5&zoomSteps=10' : '';

async function runPage() {
  const pages = await startPageServer();
  let browser;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const watch = watchPage(page, 'flow chart bench page');
    await page.goto(`${pages.url}/bench/pages/flow-chart.html${query}`);
    await watch.waitFor('window.__benchResult', SHORT ? 30 : 75);
    const result = await page.evaluate(() => window.__benchResult);
    result.chromium = browser.version();
    return result;
  } finally {
    await browser?.close();
    await pages.close();
  }
}

watchdog('bench/chart.js', SHORT ? 60 : 120);
try {
  const result = await runPage();
  if (jsonOnly) {
    console.log(JSON.stringify(result));
  } else {
    const ms = (s) => `mean ${s.mean} ms, p95 ${s.p95} ms, max ${s.max} ms`;
    console.log(`da-flow-chart bench (Chromium ${result.chromium}, ${result.points.toLocaleString('en')} points, ${result.chartWidth} px wide${SHORT ? ', short mode' : ''})`);
    console.table({
      'time to first draw': `${result.firstDrawMs} ms`,
      'time to first draw (with envelope)': `${result.firstDrawWithEnvelopeMs} ms`,
      [`zoom step work (${result.zoomSteps} steps)`]: ms(result.zoomMs),
      'frame interval while zooming': ms(result.frameIntervalMs),
      'max points handed to uPlot': String(result.maxPointsDrawn),
      [`zoom step work with ${result.events.toLocaleString('en')} event bands`]: ms(result.zoomWithEventsMs),
      'frame interval while zooming, with the bands': ms(result.frameIntervalWithEventsMs),
    });
    console.log(JSON.stringify(result));
  }
  process.exit(0);
} catch (err) {
  console.error(`bench/chart.js failed: ${err.message}`);
  process.exit(1);
}
