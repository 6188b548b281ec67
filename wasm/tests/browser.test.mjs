// Headless Chromium: the conformance cases replayed inside a real page with both browser
// builds, and the demo form used as a town official would use it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Ruleset, scoreJson } from "zonescore";
import { caseNames, casesDir, goalDir, goalFiles, repoRoot, whatifDir } from "./cases.mjs";
import { launch } from "./chromium.mjs";
import { fillExample } from "./form-page.mjs";

const names = caseNames();
const whatifNames = caseNames(whatifDir);
let chrome;

before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
});

async function replayInPage(build, kind = "conformance", cases = names) {
  const page = await chrome.browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${chrome.url}/wasm/tests/browser/replay.html`);
  await page.waitForFunction(() => typeof window.replay === "function");
  const results = await page.evaluate(([b, n, k]) => window.replay(b, n, k), [build, cases, kind]);
  await page.close();
  assert.deepEqual(problems, []);
  return results;
}

test("chromium: conformance replay, full build (pkg/web-full)", async () => {
  assert.ok(names.length > 0, "no case found in tests/conformance/");
  const results = await replayInPage("web-full");
  const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`);
  assert.deepEqual(failed, []);
  assert.equal(results.filter((r) => r.ok).length, names.length);
  console.log(`# chromium web-full: ${results.length} cases replayed, ${results.filter((r) => r.objectOk).length} also as objects`);
});

test("chromium: conformance replay, size-optimised build (pkg/web)", async () => {
  assert.ok(names.length > 0, "no case found in tests/conformance/");
  const results = await replayInPage("web");
  // This build scores the bundled rulesets, compiled ahead of time, and has no rule
  // compiler: a case with a rule file of its own cannot be loaded (no `fromText`), and every
  // other case must be answered byte for byte.
  const own = new Set(names.filter((n) => JSON.parse(readFileSync(join(casesDir, n, "case.json"), "utf8")).ruleset_file));
  const failed = results
    .filter((r) => (own.has(r.name) ? !r.unsupported : !r.ok))
    .map((r) => `${r.name}: ${r.detail}`);
  assert.deepEqual(failed, []);
  assert.equal(results.length, names.length);
  assert.ok(own.size > 0 && results.filter((r) => r.ok).length === names.length - own.size);
  console.log(`# chromium web: ${results.length - own.size} cases replayed, ${own.size} with a rule file of their own left to the other builds`);
});

// The browser's what-if calls live in their own module (pkg/web-whatif), loaded when a form
// first asks; pkg/web, the first download, has none of them.
// Like the first download, the what-if module scores the bundled rulesets only (compiled ahead
// of time): a case with a rule file of its own is left to the full build.
for (const build of ["web-full", "web-whatif"]) {
  test(`chromium: what-if replay (tests/whatif-cases), ${build} build`, async () => {
    assert.ok(whatifNames.length > 0, "no case found in tests/whatif-cases/");
    const results = await replayInPage(build, "whatif", whatifNames);
    const own = new Set(build === "web-full" ? [] : whatifNames.filter((n) => JSON.parse(readFileSync(join(whatifDir, n, "case.json"), "utf8")).ruleset_file));
    const failed = results.filter((r) => (own.has(r.name) ? !r.unsupported : !r.ok)).map((r) => `${r.name}: ${r.detail}`);
    assert.deepEqual(failed, []);
    assert.equal(results.length, whatifNames.length);
    assert.ok(results.filter((r) => !own.has(r.name)).every((r) => r.textOk && r.objectOk));
    assert.ok(build === "web-full" || own.size > 0, "no what-if case with a rule file of its own");
    console.log(`# chromium ${build}: ${results.length - own.size} what-if cases replayed, from text and from objects${own.size ? `, ${own.size} with a rule file of their own left to the full build` : ""}`);
  });
}

test("chromium: goal replay (tests/goal-cases), full build (pkg/web-full)", async () => {
  const cases = caseNames(goalDir).map((name) => ({ name, files: goalFiles(name) }));
  assert.ok(cases.length > 0, "no case found in tests/goal-cases/");
  const page = await chrome.browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${chrome.url}/wasm/tests/browser/replay.html`);
  await page.waitForFunction(() => typeof window.replayGoal === "function");
  const results = await page.evaluate(([b, c]) => window.replayGoal(b, c), ["web-full", cases]);
  await page.close();
  assert.deepEqual(problems, []);
  assert.deepEqual(results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail}`), []);
  assert.equal(results.length, cases.length);
  console.log(`# chromium web-full: ${results.length} goal cases replayed, from the files' bytes and from objects`);
});

test("chromium: the first download has no what-if call, the what-if module no scoring call, neither a rule compiler nor the goal summary", async () => {
  const page = await chrome.browser.newPage();
  await page.goto(`${chrome.url}/wasm/tests/browser/replay.html`);
  const exported = await page.evaluate(async () => {
    const names = async (build) => {
      const api = await import(`../../pkg/${build}/zonescore.js`);
      await api.default();
      const rules = api.Ruleset.bundled("zone-qualification");
      const methods = Object.getOwnPropertyNames(api.Ruleset.prototype).filter((n) => typeof rules[n] === "function");
      rules.free();
      const fromText = typeof api.Ruleset.fromText === "function";
      return { functions: Object.keys(api).filter((n) => typeof api[n] === "function").sort(), methods: methods.sort(), fromText };
    };
    return { web: await names("web"), whatif: await names("web-whatif") };
  });
  await page.close();
  for (const name of ["boundsJson", "adviseJson"]) {
    assert.ok(!exported.web.functions.includes(name), `pkg/web exports ${name}`);
    assert.ok(exported.whatif.functions.includes(name), `pkg/web-whatif lacks ${name}`);
  }
  for (const name of ["bounds", "boundsJson", "advise", "adviseJson", "targets"]) {
    assert.ok(!exported.web.methods.includes(name), `pkg/web's Ruleset has ${name}`);
    assert.ok(exported.whatif.methods.includes(name), `pkg/web-whatif's Ruleset lacks ${name}`);
  }
  for (const name of ["score", "scoreJson", "validate", "readTyped", "submissionSchema"]) {
    assert.ok(exported.web.methods.includes(name), `pkg/web's Ruleset lacks ${name}`);
    assert.ok(!exported.whatif.methods.includes(name), `pkg/web-whatif's Ruleset has ${name}`);
  }
  assert.ok(exported.web.functions.includes("scoreJson") && !exported.whatif.functions.includes("scoreJson"));
  // A form is one zone: the goal over many reports is the full module's (`zonescore/full`).
  for (const build of ["web", "whatif"]) {
    assert.ok(!exported[build].functions.includes("goalSummary"), `pkg/${build} exports goalSummary`);
    assert.ok(!exported[build].methods.includes("goalSummary"), `pkg/${build}'s Ruleset has goalSummary`);
  }
  // Neither has a rule compiler: their bundled rulesets come compiled (`zonescore/full` has it).
  assert.equal(exported.web.fromText, false, "pkg/web has Ruleset.fromText");
  assert.equal(exported.whatif.fromText, false, "pkg/web-whatif has Ruleset.fromText");
});

test("chromium: demo form — Chinese error as you type, fix, fill every bundled example, same score as the engine", async () => {
  const examples = JSON.parse(readFileSync(join(repoRoot, "wasm", "www", "generated", "examples.json"), "utf8"));
  const all = Object.entries(examples).flatMap(([ruleset, list]) => list.map((e) => ({ ruleset, ...e })));
  assert.ok(all.some((e) => e.ruleset === "zone-qualification"), "no bundled example in rules/examples/zone-qualification/");

  const page = await chrome.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${chrome.url}/wasm/www/?ruleset=zone-qualification`);
  await page.waitForSelector("body[data-ready=true]");

  // Type a percentage of 150: the Chinese message appears next to the field; fix it.
  const pointer = "/quality/spot_check_pass_rate_pct";
  // Found as a person finds it: by its Chinese label.
  const input = page.getByLabel("监督抽查合格率（本年度）");
  assert.equal(await input.getAttribute("data-path"), pointer);
  const error = page.locator(`[data-testid="error-${pointer}"]`);
  await input.fill("150");
  await error.filter({ hasText: "应在 0 到 100 之间" }).waitFor();
  assert.match(await error.textContent(), /[\u4e00-\u9fff]/, "the message is in Chinese");
  assert.equal(await input.getAttribute("aria-invalid"), "true");
  await input.fill("95.6");
  assert.equal((await error.textContent()).trim(), "");
  assert.equal(await input.getAttribute("aria-invalid"), "false");

  // Fill each bundled example: the page shows the engine's own final score and grade.
  const score = page.locator("[data-testid=final-score]");
  for (const example of all) {
    const expected = JSON.parse(scoreJson(readFileSync(join(repoRoot, example.file)), example.ruleset));
    if ((await page.inputValue("[data-testid=ruleset]")) !== example.ruleset) {
      await page.selectOption("[data-testid=ruleset]", example.ruleset);
    }
    await fillExample(page, example.name);
    if (expected.type === "failure") {
      await page.locator("[data-testid=invalid]").waitFor();
      continue;
    }
    await score.waitFor();
    assert.equal(await score.textContent(), expected.final_score, example.file);
    assert.equal(await page.locator("[data-testid=grade]").textContent(), expected.grade, example.file);
    assert.equal(await page.locator("[data-testid=outcome]").textContent(), expected.conclusion.zh, example.file);
    const losing = expected.criteria.filter((c) => c.applicable && c.status !== "met").length;
    assert.equal(await page.locator("[data-testid=losing] li").count(), Math.max(losing, 1));
  }

  // A named zone's figures, filled in, in Chinese (the screenshots are browser-layout's).
  const shown = all.find((e) => e.name === "oubei-valves-2013") ?? all[0];
  await page.selectOption("[data-testid=ruleset]", shown.ruleset);
  await fillExample(page, shown.name);
  await score.waitFor();
  const expected = JSON.parse(scoreJson(readFileSync(join(repoRoot, shown.file)), shown.ruleset));

  // English switch: the same score, English words.
  await page.click("[data-testid=lang]");
  assert.equal(await score.textContent(), expected.final_score);
  assert.equal(await page.locator("[data-testid=outcome]").textContent(), expected.conclusion.en);
  await page.close();
  assert.deepEqual(problems, []);
  console.log(`# chromium form: ${all.length} examples filled and scored as the engine scores them; ${shown.file}: ${expected.final_score} (${expected.grade})`);
});

test("chromium: demo form — a typed number keeps every digit, at the field and in the score", async () => {
  const file = "rules/examples/zone-qualification/oubei-valves-2013.json";
  const pointer = "/quality/spot_check_pass_rate_pct";
  // 22 significant digits, just below the ≥ 95 band of C1: as a JS number it is 95.
  const typed = "94.99999999999999999999";
  assert.equal(Number(typed), 95);
  // The engine's answer for the same JSON text: the example with that value, as typed.
  const original = readFileSync(join(repoRoot, file), "utf8");
  const withRate = (value) => {
    const text = original.replace(/("spot_check_pass_rate_pct"\s*:\s*)[^,}\s]+/, `$1${value}`);
    assert.notEqual(text, original);
    return JSON.parse(scoreJson(text, "zone-qualification"));
  };
  const expected = withRate(typed);
  const rounded = withRate("95");
  const c1 = expected.criteria.find((c) => c.id === "C1");
  assert.equal(c1.title.zh, "监督抽查合格率");
  assert.notEqual(c1.points, rounded.criteria.find((c) => c.id === "C1").points, "95 reaches the next band");
  assert.notEqual(expected.final_score, rounded.final_score);

  const page = await chrome.browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${chrome.url}/wasm/www/?ruleset=zone-qualification`);
  await page.waitForSelector("body[data-ready=true]");
  await fillExample(page, "oubei-valves-2013");
  const input = page.getByLabel("监督抽查合格率（本年度）");
  const error = page.locator(`[data-testid="error-${pointer}"]`);

  // The field's own check: 100.00000000000000000001 is above 100 (as a JS number it is 100).
  await input.fill("100.00000000000000000001");
  await error.filter({ hasText: "应在 0 到 100 之间" }).waitFor();
  assert.equal(await input.getAttribute("aria-invalid"), "true");

  // The live score: the engine's score of the same JSON text, not the score of 95.
  await input.fill(typed);
  const score = page.locator("[data-testid=final-score]");
  await score.waitFor();
  assert.equal((await error.textContent()).trim(), "");
  assert.equal(await input.getAttribute("aria-invalid"), "false");
  assert.equal(await score.textContent(), expected.final_score);
  assert.equal(await page.locator("[data-testid=grade]").textContent(), expected.grade);
  const row = page.locator("[data-testid=losing] li", { hasText: c1.title.zh });
  assert.match(await row.textContent(), new RegExp(`${c1.points} / ${c1.max} 分`));
  assert.ok((await row.textContent()).includes(c1.reason.zh), "the reason names the value as the engine read it");
  await page.close();
  assert.deepEqual(problems, []);
  console.log(`# chromium form: ${typed} scores ${expected.final_score} (C1 ${c1.points}/${c1.max}); read as 95 it would be ${rounded.final_score}`);
});

test("chromium: demo form — a warning shows under the field it is about, the score is not blocked, clauses are numbered", async () => {
  const file = "rules/examples/zone-qualification/oubei-valves-2013.json";
  const pointer = "/quality/spot_check_pass_rate_pct";
  const original = readFileSync(join(repoRoot, file), "utf8");
  // The engine's answer for the example with the pass rate typed as the fraction 0.946.
  const text = original.replace(/("spot_check_pass_rate_pct"\s*:\s*)[^,}\s]+/, "$10.946");
  assert.notEqual(text, original);
  const expected = JSON.parse(scoreJson(text, "zone-qualification"));
  assert.equal(expected.type, "success");
  const warning = expected.warnings.find((w) => w.code === "percent_as_fraction");
  assert.equal(warning.path, pointer);
  assert.match(warning.message.zh, /^「监督抽查合格率（本年度）」填写为0\.946，应填百分数/);
  const rules = Ruleset.bundled("zone-qualification");
  const c1 = expected.criteria.find((c) => c.id === "C1");
  const numbered = c1.clause.map((id) => rules.clauseLabel(id)).join(" ");
  assert.match(numbered, /^§\S+（[^）]+）/, "C1's clauses have the document's numbering");

  const page = await chrome.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${chrome.url}/wasm/www/?ruleset=zone-qualification`);
  await page.waitForSelector("body[data-ready=true]");
  await fillExample(page, "oubei-valves-2013");
  const input = page.getByLabel("监督抽查合格率（本年度）");
  const error = page.locator(`[data-testid="error-${pointer}"]`);
  const notice = page.locator(`[data-testid="notice-${pointer}"]`);
  assert.equal((await notice.textContent()).trim(), "", "no warning for 94.6");

  // Typed as a fraction: the engine's warning under the field, which is not an error.
  await input.fill("0.946");
  await notice.filter({ hasText: "应填百分数" }).waitFor();
  assert.equal((await notice.textContent()).trim(), warning.message.zh);
  assert.ok(await notice.isVisible());
  assert.equal((await error.textContent()).trim(), "");
  assert.equal(await input.getAttribute("aria-invalid"), "false");
  assert.ok((await input.getAttribute("aria-describedby")).split(" ").includes(await notice.getAttribute("id")));
  // The score goes on: the engine's score of that text.
  const score = page.locator("[data-testid=final-score]");
  assert.equal(await score.textContent(), expected.final_score);
  assert.equal(await page.locator("[data-testid=grade]").textContent(), expected.grade);
  // In the panel too, and C1 cited with the source document's numbering.
  const listed = page.locator(`[data-testid=warnings] li[data-path="${pointer}"]`);
  assert.equal((await listed.textContent()).trim(), warning.message.zh);
  // Labelled by its id, as the CLI labels it, then its clauses.
  const row = page.locator("[data-testid=losing] li", { hasText: c1.title.zh });
  assert.ok((await row.textContent()).startsWith(`C1 ${c1.title.zh} ${numbered} `), await row.textContent());

  // Every veto item left blank: the warning shows at the group (一票否决事项).
  for (const path of ["/integrity/major_quality_incidents_3y", "/integrity/major_counterfeit_cases_3y"]) {
    await page.locator(`[data-path="${path}"]:is(input, select)`).fill("");
  }
  await page.locator('select[data-path="/integrity/falsified_material"]').selectOption("");
  const group = page.locator('[data-testid="notice-/integrity"]');
  await group.filter({ hasText: "一票否决事项未填报" }).waitFor();
  assert.equal(await page.locator("fieldset[data-path='/integrity'] > legend").textContent(), "一票否决事项");

  // English: the same warning in English, under the same field.
  await page.click("[data-testid=lang]");
  await notice.filter({ hasText: "a percent from 0 to 100 is expected" }).waitFor();
  assert.equal((await notice.textContent()).trim(), warning.message.en);
  assert.ok((await page.locator("[data-testid=losing] li", { hasText: c1.title.en }).textContent()).startsWith(`C1 ${c1.title.en} ${c1.clause.join(" ")} `));

  // Fixed: the warning goes away.
  await page.locator(`input[data-path="${pointer}"]`).fill("94.6");
  await page.waitForFunction((p) => document.querySelector(`[data-testid="notice-${p}"]`)?.textContent === "", pointer);
  assert.equal(await page.locator(`[data-testid=warnings] li[data-path="${pointer}"]`).count(), 0);
  await page.close();
  rules.free();
  assert.deepEqual(problems, []);
  console.log(`# chromium form: 0.946 warned at ${pointer} and scored ${expected.final_score}; C1 cited as ${numbered}`);
});
