// Headless Chromium: nothing typed into the demo form is lost — kept across reloads and
// per ruleset, replaced only after the page's own confirm dialog and with undo, downloaded
// and uploaded as JSON with every digit, printed as a scorecard.
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { scoreJson } from "zonescore";
import { launch } from "./chromium.mjs";
import {
  RATE, answerOf, control, exampleText, fillExample, formValues, openForm, resultsDir, withValue,
} from "./form-page.mjs";

let chrome;
before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
});

const score = (page) => page.locator("[data-testid=final-score]").textContent();

test("chromium: entries are kept across a reload, and each ruleset keeps its own", async () => {
  const { page, problems } = await openForm(chrome);
  await fillExample(page, "oubei-valves-2013");
  // 22 digits: kept as typed, through storage too.
  await control(page, RATE).fill("94.99999999999999999999");
  const expected = answerOf(withValue(exampleText("zone-qualification", "oubei-valves-2013"), "spot_check_pass_rate_pct", "94.99999999999999999999"));
  assert.equal(await score(page), expected.final_score);
  const before = await formValues(page);

  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.deepEqual(await formValues(page), before, "every entry is back after a reload");
  assert.equal(await control(page, RATE).inputValue(), "94.99999999999999999999");
  assert.equal(await score(page), expected.final_score);

  // Another ruleset: its own entries, and the first ruleset's are still there on return.
  await page.selectOption("[data-testid=ruleset]", "annual-assessment");
  assert.equal(await control(page, "/town/name").inputValue(), "", "annual-assessment starts empty");
  await control(page, "/town/name").fill("瓯北");
  await page.selectOption("[data-testid=ruleset]", "zone-qualification");
  assert.deepEqual(await formValues(page), before, "switching back keeps zone-qualification's entries");
  await page.selectOption("[data-testid=ruleset]", "annual-assessment");
  assert.equal(await control(page, "/town/name").inputValue(), "瓯北", "and annual-assessment's");
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await page.selectOption("[data-testid=ruleset]", "annual-assessment");
  assert.equal(await control(page, "/town/name").inputValue(), "瓯北", "each ruleset's entries survive a reload");
  await page.close();
  assert.deepEqual(problems, []);
});

test("chromium: 清空 and 填入示例 ask in the page's own dialog, cancel keeps everything, 撤销 undoes", async () => {
  const { page, problems } = await openForm(chrome);
  const dialog = page.locator("[data-testid=confirm]");
  const undo = page.locator("[data-testid=undo]");
  // window.confirm is never used: if it were, this would fail the test.
  page.on("dialog", (d) => {
    problems.push(`native dialog: ${d.message()}`);
    d.dismiss();
  });
  // An empty form is filled without a question.
  await page.selectOption("[data-testid=example]", "oubei-valves-2013");
  await page.click("[data-testid=fill]");
  assert.equal(await dialog.isVisible(), false);
  await control(page, "/zone/name").fill("我的示范区");
  const mine = await formValues(page);

  // 清空: asked; cancelled, nothing changes.
  await page.click("[data-testid=clear]");
  await dialog.waitFor();
  assert.match(await page.locator("#confirm-text").textContent(), /^清空已填的 \d+ 项？/);
  await page.click("[data-testid=confirm-cancel]");
  await dialog.waitFor({ state: "hidden" });
  assert.deepEqual(await formValues(page), mine);
  // Escape cancels too.
  await page.click("[data-testid=clear]");
  await dialog.waitFor();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  assert.deepEqual(await formValues(page), mine);

  // Confirmed: empty; 撤销 brings every entry back, once.
  await page.click("[data-testid=clear]");
  await page.click("[data-testid=confirm-ok]");
  assert.ok(Object.values(await formValues(page)).every((v) => v === ""));
  await page.locator("[data-testid=pending]").waitFor();
  await undo.click();
  assert.deepEqual(await formValues(page), mine);
  assert.equal(await undo.isVisible(), false, "one undo, for the last replace");

  // 填入示例 over entries: asked, naming the example by zone and year; cancel keeps mine.
  await page.selectOption("[data-testid=example]", "wuniu-early-tea-2014");
  await page.click("[data-testid=fill]");
  await dialog.waitFor();
  assert.match(await page.locator("#confirm-text").textContent(), /^用示例「永嘉乌牛早茶优质产品生产示范区 2014年」替换已填的 \d+ 项？/);
  await page.click("[data-testid=confirm-cancel]");
  assert.deepEqual(await formValues(page), mine);
  await page.click("[data-testid=fill]");
  await page.click("[data-testid=confirm-ok]");
  const wuniu = answerOf(exampleText("zone-qualification", "wuniu-early-tea-2014"));
  assert.equal(await score(page), wuniu.final_score);
  await undo.click();
  assert.deepEqual(await formValues(page), mine, "the example's replace is undone");
  // The undone state is what is kept.
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  assert.deepEqual(await formValues(page), mine);
  await page.close();
  assert.deepEqual(problems, []);
});

test("chromium: download the submission as JSON and upload it back, every digit kept", async () => {
  const { page, problems } = await openForm(chrome);
  const name = "yantou-nanxi-agrifood-2015";
  const original = exampleText("zone-qualification", name);
  await fillExample(page, name);
  const typed = "94.99999999999999999999";
  await control(page, RATE).fill(typed);
  const expected = scoreText(withValue(original, "spot_check_pass_rate_pct", typed));

  const [file] = await Promise.all([page.waitForEvent("download"), page.click("[data-testid=download]")]);
  assert.match(file.suggestedFilename(), /^永嘉岩头楠溪江农特产品优质产品生产示范区-2015\.json$/);
  const path = join(resultsDir, "downloaded-submission.json");
  await file.saveAs(path);
  const text = readFileSync(path, "utf8");
  assert.match(text, new RegExp(`"spot_check_pass_rate_pct": ${typed.replace(".", "\\.")}\\b`), "the number as typed, not a JS double");
  assert.ok(text.includes('"meta": {'), "the example's meta is kept");
  // The file's answer is byte for byte the example's with the typed value.
  assert.equal(scoreText(text), expected);

  // Uploaded into an emptied form: the same entries and score.
  const shown = await formValues(page);
  await page.click("[data-testid=clear]");
  await page.click("[data-testid=confirm-ok]");
  await page.setInputFiles("[data-testid=upload-file]", path);
  await page.locator("[data-testid=final-score]").waitFor();
  assert.deepEqual(await formValues(page), shown);
  assert.equal(await score(page), JSON.parse(expected).final_score);
  assert.match(await page.locator("[data-testid=message]").textContent(), /^已读入「downloaded-submission\.json」：\d+ 项$/);

  // Over entries the upload asks first; a field that is not on the form is named, not lost silently.
  await page.setInputFiles("[data-testid=upload-file]", {
    name: "with-typo.json",
    mimeType: "application/json",
    buffer: Buffer.from(withValue(original, "spot_check_pass_rate_pct", "96").replace('"zone": {', '"zone": {\n    "nmae": "x",')),
  });
  await page.locator("[data-testid=confirm]").waitFor();
  await page.click("[data-testid=confirm-ok]");
  await page.locator("[data-testid=message]", { hasText: "未读入：/zone/nmae" }).waitFor();
  assert.equal(await control(page, RATE).inputValue(), "96");

  // Not JSON: the engine's own message, in Chinese; the entries stay.
  const kept = await formValues(page);
  await page.setInputFiles("[data-testid=upload-file]", { name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{"zone": {"name": "x",}}') });
  await page.locator("[data-testid=message]", { hasText: "无法读取「broken.json」" }).waitFor();
  assert.match(await page.locator("[data-testid=message]").textContent(), /[\u4e00-\u9fff]/);
  assert.equal(await page.locator("[data-testid=confirm]").isVisible(), false);
  assert.deepEqual(await formValues(page), kept);
  await page.close();
  assert.deepEqual(problems, []);
  console.log(`# chromium form: downloaded ${statSync(path).size} bytes, uploaded back: ${JSON.parse(expected).final_score}`);
});

test("chromium: 打印评分表 prints the score panel alone", async () => {
  const { page, problems } = await openForm(chrome);
  await fillExample(page, "huangtian-leather-shoes-2013-vetoed");
  await page.evaluate(() => {
    window.printed = 0;
    window.print = () => {
      window.printed += 1;
    };
  });
  await page.click("[data-testid=print]");
  assert.equal(await page.evaluate(() => window.printed), 1);

  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator("[data-testid=form]").isVisible(), false, "no form on paper");
  assert.equal(await page.locator("[data-testid=fill]").isVisible(), false, "no toolbar on paper");
  assert.equal(await page.locator("[data-testid=scorebar]").isVisible(), false);
  assert.ok(await page.locator("[data-testid=final-score]").isVisible());
  assert.ok(await page.locator("[data-testid=veto-badge]").isVisible());
  assert.ok(await page.locator("[data-testid=losing]").isVisible());
  const pdf = join(resultsDir, "scorecard.pdf");
  await page.pdf({ path: pdf, format: "A4" });
  assert.ok(statSync(pdf).size > 10_000);
  // At phone width too: the panel, not the bar.
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 400, height: 860 });
  await page.emulateMedia({ media: "print" });
  assert.ok(await page.locator("[data-testid=final-score]").isVisible());
  assert.equal(await page.locator("[data-testid=scorebar]").isVisible(), false);
  await page.close();
  assert.deepEqual(problems, []);
});

/** The canonical answer text of a submission, as the CLI prints it. */
const scoreText = (text) => scoreJson(text, "zone-qualification");
