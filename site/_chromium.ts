/**
 * Test support: Debian's Chromium, driven by Playwright, for the browser
 * tests of the site and of the live course.
 *
 * @module
 */

import { type Browser, chromium } from "playwright-core";

/** Where Chromium is expected (`CHROMIUM_PATH` overrides it). */
export const CHROMIUM: string = Deno.env.get("CHROMIUM_PATH") ??
  "/usr/bin/chromium";

/** Whether Chromium is installed, so that browser tests can run. */
export const hasChromium: boolean = await Deno.stat(CHROMIUM).then(
  (info) => info.isFile,
  () => false,
);

/** Launches headless Chromium with the flags a container needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}
