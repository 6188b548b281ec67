// Starts Debian's Chromium through playwright-core (never a downloaded browser), headless,
// with the flags this sandbox needs, and the local file server.
import { chromium } from "playwright-core";
import { startServer } from "../scripts/serve.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--no-first-run",
];

/** {browser, url, close()} */
export async function launch() {
  const { server, url } = await startServer(0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  return {
    browser,
    url,
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}
