// Headless Chromium: what a half-filled form can still reach and what it must change. Type a
// few fields of a bundled example, then half of them: the range and grades shown are the
// engine's bounds of that half-filled submission (no grade while required fields are empty);
// ask for advice, pick another target, apply the first option and see the grade reached;
// the phone layout still fits. Takes test-results/form-advice.png (copied to docs/). Also
// times bounds and advise inside a page with the size-optimised build.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Ruleset, adviseJson, boundsJson } from "zonescore";
import { repoRoot } from "./cases.mjs";
import { launch } from "./chromium.mjs";
import { RATE, control, exampleText, openForm, resultsDir } from "./form-page.mjs";

const RULESET = "zone-qualification";
let chrome;
before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
});

/** An example's fields as [pointer, value] in file order (the form's order), `meta` left out. */
function leavesOf(object, prefix = "") {
  return Object.entries(object).flatMap(([k, v]) => {
    if (k === "meta" && prefix === "") return [];
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return leavesOf(v, `${prefix}/${k}`);
    return [[`${prefix}/${k}`, v]];
  });
}

/** The submission of some of those fields, as JSON text. */
function submissionOf(leaves) {
  const out = {};
  for (const [pointer, value] of leaves) {
    const keys = pointer.split("/").slice(1);
    let at = out;
    for (const k of keys.slice(0, -1)) at = at[k] ??= {};
    at[keys.at(-1)] = value;
  }
  return JSON.stringify(out);
}


async function type(page, leaves) {
  for (const [pointer, value] of leaves) {
    const c = control(page, pointer);
    if ((await c.evaluate((e) => e.tagName)) === "SELECT") await c.selectOption(String(value));
    else await c.fill(String(value));
  }
  await page.waitForSelector("body[data-whatif=ready]");
}

test("chromium: a half-filled form shows the engine's reachable range; advice applied reaches the grade", async () => {
  const { page, problems } = await openForm(chrome);
  const leaves = leavesOf(JSON.parse(exampleText(RULESET, "oubei-valves-2013")));
  assert.ok(leaves.length > 40, "the example fills the form");
  const range = page.locator("[data-testid=range]");

  // An empty form: the whole range, no grade.
  await page.waitForSelector("body[data-whatif=ready]");
  const empty = JSON.parse(boundsJson("{}", RULESET));
  assert.equal(await range.textContent(), empty.summary.zh);
  // Its count (尚有 56 项未填) is of the fields that can move the score; the progress line's
  // (已填 0/60) is of every field: the fields between the two are said, named by label.
  const total = await page.locator("#form [data-path]:is(input, select)").count();
  const open = new Set(empty.open_fields.map((f) => f.path));
  const others = await page.locator("#form .field").evaluateAll((rows, openPaths) => rows
    .filter((row) => !openPaths.includes(row.dataset.path))
    .map((row) => row.querySelector("label").firstChild.textContent), [...open]);
  assert.equal(empty.missing + others.length, total, "the two counts differ by the fields named");
  assert.ok(others.length > 0);
  assert.equal(await page.locator("[data-testid=range-note]").textContent(),
    `（未计入不影响得分的 ${others.length} 项：${others.slice(0, 3).join("、")}${others.length > 3 ? " 等" : ""}）`);

  // Three fields typed, required ones still empty: the range narrows, still no grade.
  await type(page, leaves.slice(0, 3));
  const few = JSON.parse(boundsJson(submissionOf(leaves.slice(0, 3)), RULESET));
  assert.equal(few.type, "bounds");
  assert.equal(await range.textContent(), few.summary.zh);
  assert.equal(await page.locator("[data-testid=pending]").count(), 1);
  assert.equal(await page.locator("[data-testid=grade]").count(), 0, "no grade until the required fields are filled");
  assert.equal(await page.locator("[data-testid=advice-heading]").count(), 0, "no advice before the form can be scored");

  // Two thirds typed (the required fields among them): the range is the engine's bounds of
  // that submission, with the score the engine gives it so far.
  const half = leaves.slice(0, 40);
  await type(page, half.slice(3));
  const text = submissionOf(half);
  const bounds = JSON.parse(boundsJson(text, RULESET));
  assert.equal(bounds.type, "bounds");
  assert.ok(bounds.missing > 0 && bounds.final_score.min !== bounds.final_score.max, "fields are still open");
  assert.equal(await range.textContent(), bounds.summary.zh);
  const nextFields = await page.locator("[data-testid=next-fields] li").evaluateAll((lis) => lis.map((li) => li.dataset.path));
  assert.deepEqual(nextFields, bounds.open_fields.filter((f) => f.worth_asking).slice(0, 3).map((f) => f.path));
  const score = page.locator("[data-testid=final-score]");
  const grade = page.locator("[data-testid=grade]");

  // Advice to the next grade up, as the engine gives it.
  const advice = JSON.parse(adviseJson(text, RULESET));
  assert.equal(advice.type, "advice");
  assert.ok(advice.reachable && advice.options.length > 0, "the next grade is reachable");
  assert.equal(await page.locator("[data-testid=advice-heading]").textContent(), `如何达到 ${advice.target}`);
  assert.equal(await page.locator("[data-testid=advice-summary]").textContent(), advice.summary.zh);
  assert.equal(await page.locator("[data-testid=options] > li").count(), advice.options.length);
  const first = advice.options[0];
  const shown = await page.locator("[data-testid=option-0] li").allTextContents();
  assert.equal(shown.length, first.changes.length);
  first.changes.forEach((c, i) => {
    assert.ok(shown[i].startsWith(c.label.zh), `${shown[i]}: the field's label`);
    // The values as the engine words them for a form (是/否, an enum's title).
    assert.ok(shown[i].includes(`${c.from_text.zh} → ${c.to_text.zh}`), `${shown[i]}: the change ${c.from} → ${c.to}`);
    assert.ok(shown[i].includes(`${c.criterion} `) && shown[i].includes(`+${c.points} 分`), `${shown[i]}: criterion and points`);
  });

  // Another target: A, answered as the engine answers it.
  // The select offers the engine's targets, named.
  const offered = await page.locator("[data-testid=target] option").allTextContents();
  assert.ok(offered.includes("A 优秀"), offered.join(" | "));
  // Outcomes by their names alone, never their codes (ineligible, not_named), grouped apart from grades.
  const targets = new Ruleset(RULESET).targets();
  for (const target of targets.filter((x) => x.kind === "outcome")) {
    assert.ok(offered.includes(target.label.zh), `${target.label.zh} offered: ${offered.join(" | ")}`);
    assert.ok(offered.every((o) => !o.split(/\s+/).includes(target.code)), `no code ${target.code}: ${offered.join(" | ")}`);
  }
  assert.deepEqual(await page.locator("[data-testid=target] optgroup").evaluateAll((gs) => gs.map((g) => g.label)), ["等级", "结论"]);
  await page.selectOption("[data-testid=target]", "A");
  await page.waitForSelector("body[data-whatif=ready]");
  const toA = JSON.parse(adviseJson(text, RULESET, "A"));
  assert.equal(await page.locator("[data-testid=advice-heading]").textContent(), "如何达到 A");
  assert.equal(await page.locator("[data-testid=advice-summary]").textContent(), toA.summary.zh);
  await page.screenshot({ path: join(resultsDir, "form-advice.png") });

  // Back to the next grade up; apply the first option: the form holds the new values and the
  // engine's score reaches the grade the option promised.
  await page.selectOption("[data-testid=target]", "");
  await page.waitForSelector("body[data-whatif=ready]");
  await page.click("[data-testid=apply-0]");
  await page.waitForSelector("body[data-whatif=ready]");
  for (const c of first.changes) {
    const value = await control(page, c.path).inputValue();
    assert.equal(value, String(c.to), `${c.path} now holds ${c.to}`);
  }
  assert.equal(await score.textContent(), first.final_score);
  assert.equal(await grade.textContent(), first.grade);
  assert.equal(first.grade, advice.target);
  assert.match(await page.locator("[data-testid=message]").textContent(), /已按方案修改/);
  // 撤销 puts the entries back.
  await page.click("[data-testid=undo]");
  await page.waitForSelector("body[data-whatif=ready]");
  assert.equal(await range.textContent(), bounds.summary.zh);
  // In English: the targets' English names, and ASCII colons (Outcome: Named), never full-width ones.
  await page.click("[data-testid=lang]");
  await page.waitForSelector("body[data-whatif=ready]");
  const english = await page.locator("[data-testid=target] option").allTextContents();
  assert.ok(english.includes("A Excellent") && english.includes("Named") && !english.some((o) => /\bnot_named\b/.test(o)), english.join(" | "));
  assert.match(await page.locator(".outcome-line").textContent(), /^Outcome: /);
  const panelText = await page.locator("[data-testid=panel]").innerText();
  assert.ok(!panelText.includes("："), `a full-width colon in the English panel: ${panelText.split("\n").find((l) => l.includes("："))}`);
  // A problem whose message does not name its field is said after the field's label.
  await control(page, RATE).fill("ninety");
  const problem = await page.locator("[data-testid=errors] li").first().textContent();
  assert.match(problem, /^Supervision spot-check pass rate \(current year\): [^：]+$/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("chromium: at 400 px the range and the advice panel fit the screen", async () => {
  const { page, problems } = await openForm(chrome, { width: 400, height: 800 });
  const leaves = leavesOf(JSON.parse(exampleText(RULESET, "oubei-valves-2013")));
  await type(page, leaves.slice(0, 40));
  await page.click("[data-testid=scorebar]");
  await page.locator("[data-testid=advice-summary]").waitFor();
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("#side *")].filter((e) => {
      const r = e.getBoundingClientRect();
      return (r.width > 0 || r.height > 0) && (r.right > width + 0.5 || r.left < -0.5);
    }).map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`);
  });
  assert.deepEqual(wide, []);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 400);
  await page.screenshot({ path: join(resultsDir, "form-advice-400.png") });
  assert.deepEqual(problems, []);
  await page.close();
});

test("chromium: the size-optimised what-if build answers the cases on its first call and once optimised; times printed", async () => {
  const page = await chrome.browser.newPage();
  await page.goto(`${chrome.url}/wasm/tests/browser/replay.html`);
  const dir = join(repoRoot, "tests", "whatif-cases");
  const half = readFileSync(join(dir, "zq-bounds-half-filled", "submission.json"), "utf8");
  const full = readFileSync(join(dir, "zq-advise-next-grade", "submission.json"), "utf8");
  const ms = await page.evaluate(async ([halfText, fullText]) => {
    const api = await import("../../pkg/web/zonescore.js");
    const whatif = await import("../../pkg/web-whatif/zonescore.js");
    await api.default();
    await whatif.default();
    const rules = api.Ruleset.bundled("zone-qualification");
    const whatifRules = whatif.Ruleset.bundled("zone-qualification");
    // V8 runs a module's first calls in its baseline tier and optimises the hot functions
    // in the background: the first few dozen calls of bounds take 2 to 20 times a warm call,
    // depending on the machine's load. The first call is what a page feels once; the median
    // after 40 warm-up calls is what it feels while a form is typed.
    // The answers of the first and the last call are kept: optimised code must answer alike.
    const median = (f) => {
      let t = performance.now();
      const answer = f();
      const first = performance.now() - t;
      for (let i = 0; i < 40; i += 1) f();
      const times = [];
      let last;
      for (let i = 0; i < 15; i += 1) {
        t = performance.now();
        last = f();
        times.push(performance.now() - t);
      }
      return { first, warm: times.sort((a, b) => a - b)[7], answers: [answer, last] };
    };
    return {
      bounds: median(() => whatifRules.boundsJson(halfText)),
      advise: median(() => whatifRules.adviseJson(fullText)),
      score: median(() => rules.scoreJson(fullText)),
    };
  }, [half, full]);
  const shown = (m, digits) => `${m.warm.toFixed(digits)} ms (first call ${m.first.toFixed(digits)})`;
  console.log(`# chromium web, warm medians of 15: boundsJson of a half-filled form ${shown(ms.bounds, 1)}, adviseJson to the next grade ${shown(ms.advise, 1)}, scoreJson ${shown(ms.score, 2)}`);
  // The size-optimised builds give the cases' canonical answers, on the first call and once
  // optimised.
  for (const [name, m] of [["zq-bounds-half-filled", ms.bounds], ["zq-advise-next-grade", ms.advise]]) {
    const expected = readFileSync(join(dir, name, "expected.json"), "utf8").replace(/\n$/, "");
    assert.deepEqual(m.answers, [expected, expected], name);
  }
  await page.close();
});
