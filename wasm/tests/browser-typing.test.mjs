// Headless Chromium: Chinese typing habits in the demo form — 94.6%, full-width ９６,
// 2013年, 1,180,000, 52000万元, 阀门 — read by the engine's readTyped, exactly; its notes
// under the field; text it cannot read gets its message, and the score waits.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Ruleset } from "zonescore";
import { launch } from "./chromium.mjs";
import {
  RATE, answerOf, control, exampleText, fillExample, openForm, resultsDir, withValue,
} from "./form-page.mjs";

let chrome;
before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
});

const OUTPUT = "/industry/output_10k_cny";
const YEAR = "/zone/assessment_year";
const BUDGET = "/organization/dedicated_budget_10k_cny";

/** The submission the page would download, as text. */
async function downloaded(page, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download]")]);
  const path = join(resultsDir, name);
  await file.saveAs(path);
  return readFileSync(path, "utf8");
}

test("chromium: typed as people type — %, full-width digits, 年, thousands separators, 万元 — read exactly, with a note", async () => {
  const rules = Ruleset.bundled("zone-qualification");
  const { page, problems } = await openForm(chrome);
  const name = "oubei-valves-2013";
  await fillExample(page, name);
  const typed = [
    // [pointer, as typed, the value the engine reads, a note it gives]
    [RATE, "９６.２%", "96.2", "全角字符已按半角读取"],
    [YEAR, "2013年", "2013", "已去掉单位「年」"],
    [OUTPUT, "1,180,000", "1180000", "已去掉千位分隔符"],
    [BUDGET, "1,200万元", "1200", "已去掉单位「万元」"],
  ];
  let text = exampleText("zone-qualification", name);
  for (const [pointer, input, value, note] of typed) {
    // The engine's reading, as Node sees it: the page must show the same.
    const reading = rules.readTyped(pointer, input);
    assert.equal(reading.value, value, input);
    assert.deepEqual(reading.errors, []);
    await control(page, pointer).fill(input);
    const slot = page.locator(`[data-testid="typed-${pointer}"]`);
    await slot.filter({ hasText: note }).waitFor();
    assert.equal(await slot.textContent(), `读作 ${value}：${reading.normalised.map((n) => n.zh).join("；")}`);
    assert.equal((await page.locator(`[data-testid="error-${pointer}"]`).textContent()).trim(), "");
    assert.equal(await control(page, pointer).getAttribute("aria-invalid"), "false");
    assert.equal(await control(page, pointer).inputValue(), input, "the field keeps what was typed");
    text = withValue(text, pointer.split("/").at(-1), value);
  }
  // The score is the engine's for the values as read; the submission holds them, not the text.
  const expected = answerOf(text);
  assert.equal(await page.locator("[data-testid=final-score]").textContent(), expected.final_score);
  const file = await downloaded(page, "typed-submission.json");
  for (const [pointer, , value] of typed) {
    assert.match(file, new RegExp(`"${pointer.split("/").at(-1)}": ${value},?\\n`), pointer);
  }
  // A percent with 22 digits and a sign: every digit kept (as a JS number it would be 95).
  await control(page, RATE).fill("94.99999999999999999999%");
  await page.locator(`[data-testid="typed-${RATE}"]`, { hasText: "读作 94.99999999999999999999" }).waitFor();
  const exact = answerOf(withValue(text, "spot_check_pass_rate_pct", "94.99999999999999999999"));
  assert.equal(await page.locator("[data-testid=final-score]").textContent(), exact.final_score);
  assert.match(await downloaded(page, "typed-exact.json"), /"spot_check_pass_rate_pct": 94\.99999999999999999999,/);

  // English: the same note in English.
  await page.click("[data-testid=lang]");
  await page.locator(`[data-testid="typed-${BUDGET}"]`, { hasText: "read as 1200: unit “万元” removed" }).waitFor();
  await page.close();
  rules.free();
  assert.deepEqual(problems, []);
});

test("chromium: text the engine cannot read gets its message at the field; the last score stays, greyed", async () => {
  const { page, problems } = await openForm(chrome);
  await fillExample(page, "oubei-valves-2013");
  const before = await page.locator("[data-testid=final-score]").textContent();
  const cases = [
    // [pointer, as typed, the message, the example's value]
    [RATE, "九十四点六", /^无法读取「九十四点六」：请只填阿拉伯数字/, "94.6"],
    [OUTPUT, "118万0000", /^无法读取「118万0000」/, "1180000"],
    [OUTPUT, "1,18,0000", /千位分隔符应每三位一个/, "1180000"],
    [YEAR, "2013年度", /请去掉单位「年度」/, "2013"],
  ];
  for (const [pointer, input, message, value] of cases) {
    await control(page, pointer).fill(input);
    const error = page.locator(`[data-testid="error-${pointer}"]`);
    await error.filter({ hasText: "无法读取" }).waitFor();
    assert.match(await error.textContent(), message);
    assert.equal(await control(page, pointer).getAttribute("aria-invalid"), "true");
    // Not scored as if the field were empty: the last valid score, greyed, and the problem.
    assert.equal(await page.locator("[data-testid=final-score]").count(), 0);
    assert.equal(await page.locator("[data-testid=stale-final-score]").textContent(), before);
    // In the panel's problem list, after the field's label.
    const label = await page.locator(`label[for="${await control(page, pointer).getAttribute("id")}"]`).evaluate((l) => l.firstChild.textContent);
    const listed = await page.locator(`[data-testid=errors] li[data-path="${pointer}"]`).textContent();
    assert.ok(listed.startsWith(`${label}：无法读取`), listed);
    await control(page, pointer).fill(value);
    assert.equal(await page.locator("[data-testid=final-score]").textContent(), before);
  }
  await page.close();
  assert.deepEqual(problems, []);
});

test("chromium: an uploaded file with labels (阀门, 是) and units is read as the form reads typing", async () => {
  const { page, problems } = await openForm(chrome);
  const original = exampleText("zone-qualification", "oubei-valves-2013");
  const text = original
    .replace('"industry": "valves"', '"industry": "阀门"')
    .replace('"work_plan_issued": true', '"work_plan_issued": "是"')
    .replace('"assessment_year": 2013', '"assessment_year": "2013年"');
  assert.notEqual(text, original);
  await page.setInputFiles("[data-testid=upload-file]", { name: "labels.json", mimeType: "application/json", buffer: Buffer.from(text) });
  await page.locator("[data-testid=final-score]").waitFor();
  assert.equal(await control(page, "/zone/industry").inputValue(), "valves");
  assert.equal(await page.locator('[data-testid="typed-/zone/industry"]').textContent(), "已按名称「阀门」选定");
  assert.equal(await control(page, "/organization/work_plan_issued").inputValue(), "true");
  assert.equal(await page.locator(`[data-testid="typed-${YEAR}"]`).textContent(), "读作 2013：已去掉单位「年」");
  assert.equal(await page.locator("[data-testid=final-score]").textContent(), answerOf(original).final_score);
  await page.close();
  assert.deepEqual(problems, []);
});

test("chromium: text being composed with an input method (pinyin) is read once it is committed, not at each keystroke", async () => {
  const { page, problems } = await openForm(chrome);
  await fillExample(page, "oubei-valves-2013");
  const score = await page.locator("[data-testid=final-score]").textContent();
  const cdp = await page.context().newCDPSession(page);
  const stored = () => page.evaluate((p) => JSON.parse(localStorage.getItem("zonescore.form.v1.zone-qualification")).entries[p], YEAR);
  const error = page.locator(`[data-testid="error-${YEAR}"]`);
  await control(page, YEAR).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type("2013");
  // 年 typed as n, ni, nia, nian: in the control while composing, but no error, the score
  // stays, and storage keeps 2013.
  for (const s of ["n", "ni", "nia", "nian"]) {
    await cdp.send("Input.imeSetComposition", { text: s, selectionStart: s.length, selectionEnd: s.length });
    assert.equal(await control(page, YEAR).inputValue(), `2013${s}`);
    assert.equal(await error.textContent(), "", `no error while composing ${s}`);
    assert.equal(await control(page, YEAR).getAttribute("aria-invalid"), "false");
    assert.equal(await page.locator("[data-testid=invalid]").count(), 0);
    assert.equal(await page.locator("[data-testid=final-score]").textContent(), score);
    assert.equal(await stored(), "2013");
  }
  // Committed: read as typed, with the engine's note.
  await cdp.send("Input.insertText", { text: "年" });
  await page.locator(`[data-testid="typed-${YEAR}"]`, { hasText: "读作 2013" }).waitFor();
  assert.equal(await control(page, YEAR).inputValue(), "2013年");
  assert.equal(await page.locator(`[data-testid="typed-${YEAR}"]`).textContent(), "读作 2013：已去掉单位「年」");
  assert.equal(await error.textContent(), "");
  assert.equal(await stored(), "2013年");
  // A unit of two characters in 万元: composed, then committed.
  await control(page, BUDGET).click();
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Backspace");
  await page.keyboard.type("1000");
  for (const s of ["w", "wan", "wanyuan"]) await cdp.send("Input.imeSetComposition", { text: s, selectionStart: s.length, selectionEnd: s.length });
  assert.equal(await page.locator(`[data-testid="error-${BUDGET}"]`).textContent(), "");
  await cdp.send("Input.insertText", { text: "万元" });
  await page.locator(`[data-testid="typed-${BUDGET}"]`, { hasText: "读作 1000" }).waitFor();
  assert.equal(await page.locator(`[data-testid="error-${BUDGET}"]`).textContent(), "");
  await page.close();
  assert.deepEqual(problems, []);
});
