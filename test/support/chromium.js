// The one Chromium launcher: Debian's Chromium (or CHROME_PATH) with the flags this machine needs.
// Shared by web-test-runner.config.js, the Node end-to-end tests and the benchmarks in bench/.
import fs from 'node:fs';

/** Path of the Chromium binary; throws with the fix when none is installed. */
export function chromeExecutable() {
  for (const p of [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('Chromium not found: install it (apt-get install -y chromium) or set CHROME_PATH');
}

/** As root Chromium needs --no-sandbox; without the networking flags it floods refused connections. */
export const chromeArgs = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // Test pages run side by side: a page in the background must still get frames and timers, or a
  // chart waiting for requestAnimationFrame never draws.
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
];

/** Launches headless Chromium through playwright-core (Node tests and benchmarks). */
export async function launchChromium(options = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: chromeExecutable(), args: chromeArgs, ...options });
}
