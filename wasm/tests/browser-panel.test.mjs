// Headless Chromium: a panel that helps before it judges — progress, no grade until the
// required fields are filled, 未填写 (never 缺少证明材料), the last valid score greyed, the
// problems in form order as links to their fields, a veto badge, the one-line breakdown
// from the answer's own figures, criteria by id, and examples by zone name and year.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launch } from "./chromium.mjs";
import {
  RATE, answerOf, control, exampleText, examples, fillExample, focused, openForm, withValue,
} from "./form-page.mjs";

let chrome;
before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
});

const MEETINGS = "/organization/leading_group_meetings";
const text = (page, testid) => page.locator(`[data-testid=${testid}]`).textContent();

test("chromium: an empty form shows progress and what to fill, no grade; 6/6 required gives a score with 未填写, never 缺少证明材料", async () => {
  const { page, problems } = await openForm(chrome);
  const panel = page.locator("[data-testid=panel]");
  const total = await page.locator("#form [data-path]:is(input, select)").count();
  assert.equal(await text(page, "progress"), `必填 0/6 项 · 已填 0/${total} 项`);
  assert.equal(await text(page, "pending"), "尚未填完必填项");
  assert.equal(await page.locator("[data-testid=final-score], [data-testid=grade]").count(), 0, "no grade before the required fields");
  assert.equal(await page.locator("[data-testid=errors]").count(), 0, "no scolding on an empty form");
  // The required fields to fill, in form order, each a link to its field.
  const required = await page.evaluate(() => [...document.querySelectorAll("#form .field")]
    .filter((row) => row.querySelector(".req") && row.closest("fieldset").dataset.path === "/zone")
    .map((row) => row.dataset.path));
  const todo = page.locator("[data-testid=todo] a.jump");
  assert.deepEqual(await todo.evaluateAll((links) => links.map((a) => a.dataset.path)), required);
  await todo.nth(4).click();
  assert.equal(await focused(page), required[4]);

  // Typed in as a person would: 2013年 for the year, the rest from the lists.
  const entries = [
    ["/zone/name", "示范区甲"], ["/zone/town", "甲镇"], ["/zone/industry", "valves"],
    ["/zone/creating_subject", "town_government"], ["/zone/assessment_year", "2013年"],
    ["/zone/industry_policy_category", "encouraged"],
  ];
  for (const [i, [pointer, value]] of entries.entries()) {
    assert.equal(await page.locator("[data-testid=final-score]").count(), 0);
    const c = control(page, pointer);
    if ((await c.evaluate((e) => e.tagName)) === "SELECT") await c.selectOption(value);
    else await c.fill(value);
    assert.equal(await text(page, "progress"), `必填 ${i + 1}/6 项 · 已填 ${i + 1}/${total} 项`);
  }
  const expected = answerOf(JSON.stringify({
    zone: { name: "示范区甲", town: "甲镇", industry: "valves", creating_subject: "town_government", assessment_year: 2013, industry_policy_category: "encouraged" },
  }));
  assert.equal(await text(page, "final-score"), expected.final_score);
  assert.equal(await text(page, "grade"), expected.grade);
  const shown = await panel.textContent();
  assert.ok(!shown.includes("缺少证明材料"), "unfilled is 未填写 while the form is being filled");
  const missing = [...new Set([...expected.criteria, ...expected.gates].flatMap((c) => c.missing))];
  assert.equal(await text(page, "zeroed"), `尚有 ${missing.length} 项影响得分的内容未填写，按不得分计`);
  // Criteria by id, as the CLI labels them, in the answer's order.
  const losing = expected.criteria.filter((c) => c.applicable && c.status !== "met");
  const rows = page.locator("[data-testid=losing] > li");
  assert.deepEqual(await rows.evaluateAll((li) => li.map((x) => x.textContent.split(" ")[0])), losing.map((c) => c.id));
  // A criterion's unfilled inputs are links to them; the first of A1's focuses its field.
  const a1 = expected.criteria.find((c) => c.id === "A1");
  const a1Row = page.locator('[data-testid=losing] > li[data-id="A1"]');
  assert.match(await a1Row.textContent(), /未填写：/);
  assert.deepEqual(await a1Row.locator("a.jump").evaluateAll((a) => a.map((x) => x.dataset.path)), a1.missing);
  await a1Row.locator("a.jump").first().click();
  assert.equal(await focused(page), a1.missing[0]);
  // The list of unfilled fields, in form order, every one a link.
  const unfilled = await page.locator("[data-testid=unfilled] a.jump").evaluateAll((a) => a.map((x) => x.dataset.path));
  assert.deepEqual(new Set(unfilled), new Set(missing));
  const order = await page.evaluate(() => [...document.querySelectorAll("#form .field")].map((r) => r.dataset.path));
  assert.deepEqual(unfilled, [...unfilled].sort((x, y) => order.indexOf(x) - order.indexOf(y)));
  await page.close();
  assert.deepEqual(problems, []);
});

test("chromium: while a field is wrong the last score stays greyed, and the problems are links in form order", async () => {
  const { page, problems } = await openForm(chrome);
  await fillExample(page, "oubei-valves-2013");
  const last = await text(page, "final-score");
  // Typed in the opposite of form order: quality first, then organisation.
  await control(page, RATE).fill("150");
  await control(page, MEETINGS).fill("三次");
  assert.equal(await page.locator("[data-testid=final-score]").count(), 0);
  assert.equal(await text(page, "stale-final-score"), last);
  const stale = page.locator("[data-testid=stale]");
  assert.ok(Number(await stale.evaluate((e) => getComputedStyle(e).opacity)) < 1, "greyed");
  assert.match(await text(page, "invalid"), /^有 2 处需改正/);
  const items = page.locator("[data-testid=errors] > li");
  assert.deepEqual(await items.evaluateAll((li) => li.map((x) => x.dataset.path)), [MEETINGS, RATE]);
  await items.nth(1).locator("a.jump").click();
  assert.equal(await focused(page), RATE);
  await items.nth(0).locator("a.jump").click();
  assert.equal(await focused(page), MEETINGS);
  // Fixed: the live score again.
  await control(page, MEETINGS).fill("3");
  await control(page, RATE).fill("94.6");
  assert.equal(await text(page, "final-score"), last);
  assert.equal(await page.locator("[data-testid=stale]").count(), 0);
  await page.close();
  assert.deepEqual(problems, []);
});

test("chromium: a fired veto is a badge beside the score, the engine's conclusion on the 结论 line", async () => {
  for (const [ruleset, name] of [["zone-qualification", "huangtian-leather-shoes-2013-vetoed"], ["annual-assessment", "qiaotou-2013-vetoed"]]) {
    const { page, problems } = await openForm(chrome, { ruleset });
    await fillExample(page, name);
    const expected = answerOf(exampleText(ruleset, name), ruleset);
    const fired = expected.vetoes.filter((v) => v.fired);
    assert.ok(fired.length > 0);
    assert.equal(await text(page, "final-score"), expected.final_score);
    const badge = page.locator("[data-testid=veto-badge]");
    assert.equal(await badge.textContent(), "一票否决");
    assert.equal(await badge.evaluate((b) => b.parentElement.querySelector("[data-testid=final-score]") !== null), true, "beside the score");
    // The conclusion names the fired veto: 不予命名（一票否决：V1 …）.
    assert.ok(expected.conclusion.zh.startsWith(`${expected.outcome_label.zh}（一票否决：${fired[0].id} `), expected.conclusion.zh);
    assert.equal(await text(page, "outcome"), expected.conclusion.zh);
    const line = await page.locator(".outcome-line").textContent();
    assert.ok(line.startsWith(`结论：${expected.conclusion.zh}`), line);
    assert.match(await page.locator("[data-testid=scorebar]").innerHTML(), /一票否决/);
    // Neither vetoed nor short of a condition: no badge, no reason.
    const other = examples()[ruleset].find((e) => {
      const x = answerOf(e.text, ruleset);
      return !x.vetoes.some((v) => v.fired) && !x.gates.some((g) => g.passed === false);
    });
    await fillExample(page, other.name);
    assert.equal(await page.locator("[data-testid=veto-badge]").count(), 0);
    assert.equal(await text(page, "outcome"), answerOf(other.text, ruleset).outcome_label.zh);
    await page.close();
    assert.deepEqual(problems, []);
  }
});

test("chromium: the one-line breakdown is the engine's own (实得 + 加分 → 得分, normalised when it is)", async () => {
  const cases = [
    ["zone-qualification", "oubei-valves-2013", "实得 88 + 加分 3 → 91.0"],
    ["zone-qualification", "wuniu-early-tea-2014", "实得 84.5（应得 103，折算 82.03…） + 加分 2 → 84.0"],
    ["zone-qualification", "oubei-valves-2016", null],
    ["annual-assessment", "huangtian-2015", null],
  ];
  for (const [ruleset, name, literal] of cases) {
    const a = answerOf(exampleText(ruleset, name), ruleset);
    if (literal) assert.equal(a.breakdown.zh, literal, "the example's figures as documented");
    const { page, problems } = await openForm(chrome, { ruleset });
    await fillExample(page, name);
    assert.equal(await text(page, "breakdown"), a.breakdown.zh, name);
    // Every digit of the normalised score, and the score before rounding, in its title.
    const title = await page.locator("[data-testid=breakdown]").getAttribute("title");
    assert.ok(title.startsWith(`四舍五入前 ${a.unrounded}`), title);
    if (a.base !== a.earned) assert.ok(title.endsWith(`折算得分 ${a.base}`), title);
    await page.close();
    assert.deepEqual(problems, []);
  }
});

test("chromium: the examples are listed by zone name and year, never by file name", async () => {
  const index = examples();
  for (const [ruleset, list] of Object.entries(index)) {
    const { page, problems } = await openForm(chrome, { ruleset });
    const options = await page.locator("[data-testid=example] option").evaluateAll((o) => o.map((x) => [x.value, x.textContent]));
    assert.equal(options.length, list.length);
    for (const [value, label] of options) {
      const ex = list.find((e) => e.name === value);
      const a = answerOf(ex.text, ruleset);
      assert.equal(label, `${a.subject[0].value} ${a.year}年`, value);
      assert.ok(!label.includes(value));
    }
    assert.equal(new Set(options.map(([, l]) => l)).size, options.length, "no two alike");
    await page.click("[data-testid=lang]");
    const en = await page.locator("[data-testid=example] option").first().textContent();
    assert.match(en, /\d{4}$/);
    await page.close();
    assert.deepEqual(problems, []);
  }
});

test("chromium: a screen reader hears which fields are required and each field's help", async () => {
  for (const ruleset of ["zone-qualification", "annual-assessment"]) {
    const { page, problems } = await openForm(chrome, { ruleset });
    // The required fields are those the empty form lists as still to fill.
    const todo = await page.locator("[data-testid=todo] a.jump").evaluateAll((links) => links.map((a) => a.dataset.path));
    assert.ok(todo.length > 0);
    const fields = await page.evaluate(() => [...document.querySelectorAll("#form .field")].map((row) => {
      const control = row.querySelector("input, select");
      const described = (control.getAttribute("aria-describedby") ?? "").split(" ").map((id) => document.getElementById(id));
      return {
        path: row.dataset.path,
        required: control.getAttribute("aria-required"),
        help: row.querySelector(".help")?.textContent ?? null,
        described: described.map((node) => node?.className ?? null),
        helpDescribed: described.find((node) => node?.className === "help")?.textContent ?? null,
      };
    }));
    assert.deepEqual(fields.filter((f) => f.required === "true").map((f) => f.path), todo, `${ruleset}: aria-required on the required fields alone`);
    assert.ok(fields.every((f) => f.required === null || f.required === "true"));
    const helped = fields.filter((f) => f.help !== null);
    assert.ok(helped.length > 10, `${ruleset}: fields with help`);
    for (const f of fields) {
      assert.ok(f.described.every(Boolean), `${f.path}: every id in aria-describedby is on the page`);
      assert.equal(f.helpDescribed, f.help, `${f.path}: its help is in its description`);
    }
    await page.close();
    assert.deepEqual(problems, []);
  }
});

test("chromium: a cross-field error is shown at both fields, the one just typed in too, and listed once", async () => {
  const { page, problems } = await openForm(chrome);
  await fillExample(page, "oubei-valves-2013");
  const OUTPUT = "/industry/output_10k_cny";
  const TOWN = "/industry/town_industrial_output_10k_cny";
  // 全镇工业总产值 typed below the zone's own output (1,180,000).
  await control(page, TOWN).fill("1000000");
  const expected = answerOf(withValue(exampleText("zone-qualification", "oubei-valves-2013"), "town_industrial_output_10k_cny", "1000000"));
  const [error] = expected.errors;
  assert.equal(error.path, OUTPUT);
  assert.equal(error.params.other, TOWN);
  for (const pointer of [TOWN, OUTPUT]) {
    assert.equal(await page.locator(`[data-testid="error-${pointer}"]`).textContent(), error.message.zh, `${pointer} shows it`);
    assert.equal(await control(page, pointer).getAttribute("aria-invalid"), "true");
  }
  assert.equal(await page.locator("[data-testid=errors] li").count(), 1, "one problem in the panel");
  assert.equal(await text(page, "invalid"), "有 1 处需改正，改正后更新得分");
  // Fixed at either field: gone from both.
  await control(page, TOWN).fill("2600000");
  for (const pointer of [TOWN, OUTPUT]) assert.equal(await page.locator(`[data-testid="error-${pointer}"]`).textContent(), "");
  assert.equal(await page.locator("[data-testid=errors]").count(), 0);
  await page.close();
  assert.deepEqual(problems, []);
});
