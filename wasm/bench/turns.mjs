// Benchmark (not a test): two or more builds of the browser module in turns in one headless
// Chromium page, so that each pair of figures shares the machine's moment. Each build is a
// folder under pkg/ holding a `--target web` build (`zonescore.js` and its .wasm): keep the
// one before a change with `cp -r pkg/web pkg/web-before`, rebuild, then
//   node bench/turns.mjs web-before web
// Prints the median µs per call of `scoreJson` (full answer) and `score(obj)` of the worked
// example over 24 rounds, and whether every build gives the same answer.
import { launch } from "../tests/chromium.mjs";

const builds = process.argv.slice(2);
if (builds.length < 2) {
  console.error("usage: node bench/turns.mjs BUILD BUILD… (folders under wasm/pkg/)");
  process.exit(2);
}
const chrome = await launch();
try {
  const page = await chrome.browser.newPage();
  await page.goto(`${chrome.url}/wasm/bench/bench.html`);
  const out = await page.evaluate(async (builds) => {
    const text = await (await fetch("/tests/conformance/zq-worked-example/submission.json")).text();
    const object = JSON.parse(text);
    const rules = {};
    for (const b of builds) {
      const api = await import(`../pkg/${b}/zonescore.js`);
      await api.default();
      rules[b] = new api.Ruleset("zone-qualification");
    }
    const same = builds.every((b) => rules[b].scoreJson(text) === rules[builds[0]].scoreJson(text));
    const times = Object.fromEntries(builds.map((b) => [b, { scoreJson: [], score: [] }]));
    const perCall = (f, calls) => {
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) f();
      return ((performance.now() - t0) * 1000) / calls;
    };
    for (let round = 0; round < 24; round++) {
      // Every other round in the other order, so that no build always goes first.
      for (const b of round % 2 ? [...builds].reverse() : builds) {
        times[b].scoreJson.push(perCall(() => rules[b].scoreJson(text), 500));
        times[b].score.push(perCall(() => rules[b].score(object), 200));
      }
    }
    const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
    const rows = builds.map((b) => ({ build: b, scoreJson: median(times[b].scoreJson), score: median(times[b].score) }));
    return { same, rows };
  }, builds);
  const first = out.rows[0];
  console.log(`| build | scoreJson (µs) | ÷ ${first.build} | score(obj) (µs) | ÷ ${first.build} |`);
  console.log("|---|---|---|---|---|");
  for (const r of out.rows) {
    const ratio = (x, y) => (x / y).toFixed(3);
    console.log(`| ${r.build} | ${r.scoreJson.toFixed(1)} | ${ratio(r.scoreJson, first.scoreJson)} | ${r.score.toFixed(1)} | ${ratio(r.score, first.score)} |`);
  }
  console.log(out.same ? "every build gives the same answer" : "the builds give different answers");
  if (!out.same) process.exitCode = 1;
} finally {
  await chrome.close();
}
