// The built demo on a throwaway reference server, and Chromium to drive it: what the Node end-to-end
// tests of <cpap-dashboard> start before their tests and stop after them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestServer, tempDir, type TestServer } from '../../server/test-support.ts';
import { launchChromium } from './chromium.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface Demo {
  browser: Browser;
  server: TestServer;
  /** The server's data folder. */
  dir: string;
}

export async function startDemo(): Promise<Demo> {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist/demo/index.html')), 'run npm run build first');
  const dir = tempDir();
  const server = await startTestServer({}, dir);
  return { browser: await launchChromium(), server, dir };
}

/** Stops what started (any part may be missing when the start failed). */
export async function stopDemo(demo: Partial<Demo>): Promise<void> {
  await demo.browser?.close();
  await demo.server?.close();
  if (demo.dir) fs.rmSync(demo.dir, { recursive: true, force: true });
}
