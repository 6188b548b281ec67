// Benchmark (not a test): validateField and score per call, in Node (the Node
// build) and in headless Chromium (the size-optimised browser build), on the bundled
// examples. Needs the package built (scripts/build.sh). Usage: node bench/bench.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch } from "../tests/chromium.mjs";
import { repoRoot } from "../tests/cases.mjs";
import { coldLoad, runBench } from "./core.mjs";

const t0 = performance.now();
const api = await import("zonescore");
const nodeInit = performance.now() - t0;
const examples = JSON.parse(readFileSync(join(repoRoot, "wasm/www/generated/examples.json"), "utf8"));
const node = { init_ms: nodeInit, cold: coldLoad(api), rows: runBench(api, examples) };

const chrome = await launch();
const page = await chrome.browser.newPage();
await page.goto(`${chrome.url}/wasm/bench/bench.html`);
await page.waitForFunction(() => typeof window.bench === "function");
const browser = await page.evaluate(() => window.bench("web"));
const version = chrome.browser.version();
await chrome.close();

const f = (x) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
console.log(`| runtime | ruleset | validateField ok (µs) | validateField error (µs) | score (µs) | scoreJson (µs) | of which the answer's text decoded (µs) | scoreJson, lang zh (µs) | scoreJson, numbers (µs) |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
for (const [name, r] of [[`Node ${process.version}`, node], [`Chromium ${version}`, browser]]) {
  for (const row of r.rows) {
    console.log(`| ${name} | ${row.ruleset} | ${f(row.validate_field_us)} | ${f(row.validate_field_error_us)} | ${f(row.score_submission_us)} | ${f(row.score_json_us)} | ${f(row.answer_decode_us)} (${row.answer_bytes} B) | ${f(row.score_json_zh_us)} | ${f(row.score_json_numbers_us)} |`);
  }
}
console.log(`\nmodule start-up: Node ${f(node.init_ms)} ms (import), Chromium ${f(browser.init_ms)} ms (fetch + compile + instantiate, localhost)`);
console.log(`compiling the bundled rulesets (first listRulesets): Node ${f(node.cold.compile_all_ms)} ms, Chromium ${f(browser.cold.compile_all_ms)} ms`);
const out = join(repoRoot, "wasm", "bench", `results-${new Date().toISOString().slice(0, 10)}.json`);
writeFileSync(out, JSON.stringify({ node, chromium: { version, ...browser } }, null, 1));
console.log(`raw figures: ${out}`);
