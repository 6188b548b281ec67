// Helpers of the demo form's Chromium tests: open the page, fill an example (answering the
// page's own confirm dialog), the engine's answer for a file, and what a file holds.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { scoreJson } from "zonescore";
import { repoRoot } from "./cases.mjs";

export const RATE = "/quality/spot_check_pass_rate_pct";
export const resultsDir = join(repoRoot, "wasm", "test-results");
mkdirSync(resultsDir, { recursive: true });

/** The bundled examples index the build wrote (label, file, text per ruleset). */
export function examples() {
  return JSON.parse(readFileSync(join(repoRoot, "wasm", "www", "generated", "examples.json"), "utf8"));
}

/** A bundled example's text by its name (file name without .json). */
export function exampleText(ruleset, name) {
  return readFileSync(join(repoRoot, "rules", "examples", ruleset, `${name}.json`), "utf8");
}

/** The engine's answer (parsed) for JSON text. */
export const answerOf = (text, ruleset = "zone-qualification") => JSON.parse(scoreJson(text, ruleset));

/** An example's text with one member's value replaced (the member must be there). */
export function withValue(text, name, value) {
  const member = new RegExp(`("${name}"\\s*:\\s*)[^,}\\s]+`);
  assert.match(text, member, `${name} is not in the example`);
  return text.replace(member, (_, key) => `${key}${value}`);
}

/** Opens the form in a new page (a fresh browser context: empty storage). */
export async function openForm(chrome, { width = 1400, height = 1000, ruleset = "zone-qualification", lang } = {}) {
  const page = await chrome.browser.newPage({ viewport: { width, height }, acceptDownloads: true });
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${chrome.url}/wasm/www/?ruleset=${ruleset}${lang ? `&lang=${lang}` : ""}`);
  await page.waitForSelector("body[data-ready=true]");
  return { page, problems };
}

/** Fills a bundled example; when the page asks before replacing entries, answers OK. */
export async function fillExample(page, name) {
  await page.selectOption("[data-testid=example]", name);
  await page.click("[data-testid=fill]");
  if (await page.locator("[data-testid=confirm]").isVisible()) await page.click("[data-testid=confirm-ok]");
  await page.locator("[data-testid=confirm]").waitFor({ state: "hidden" });
}

/** The control of a field, by JSON pointer. */
export const control = (page, pointer) => page.locator(`[data-path="${pointer}"]:is(input, select)`);

/** The JSON pointer of the focused control, or null. */
export const focused = (page) => page.evaluate(() => document.activeElement?.dataset?.path ?? null);

/** Every entry of the form: pointer → control value. */
export const formValues = (page) => page.evaluate(() =>
  Object.fromEntries([...document.querySelectorAll("#form [data-path]:is(input, select)")]
    .map((c) => [c.dataset.path, c.value])));
