// Types for test/support/chromium.js.
import type { Browser, LaunchOptions } from 'playwright-core';
export function chromeExecutable(): string;
export const chromeArgs: string[];
export function launchChromium(options?: LaunchOptions): Promise<Browser>;
