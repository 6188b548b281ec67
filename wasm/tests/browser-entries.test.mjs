// Headless Chromium: nothing typed into the demo form is lost — kept across reloads and
// per ruleset, replaced only after the page's own confirm dialog and with undo, downloaded
// and uploaded as JSON with every digit, printed as a scorecard.
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { listRulesets, scoreJson } from "zonescore";
import { launch } from "./chromium.mjs";
import {
  RATE, answerOf, control, exampleText, examples, fillExample, formValues, openForm, resultsDir, withValue,
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

test("chromium: a file that is not UTF-8 (GBK) is refused with the engine's message, and nothing changes", async () => {
  const { page, problems } = await openForm(chrome);
  await fillExample(page, "oubei-valves-2013");
  const kept = await formValues(page);
  // {"zone": {"name": "岩头"}} saved in GBK, as Windows tools often save Chinese text: read
  // as text, its name would come in garbled (U+FFFD) without a word.
  const gbk = Buffer.concat([Buffer.from('{"zone": {"name": "'), Buffer.from("d1d2cdb7", "hex"), Buffer.from('"}}')]);
  const [error] = JSON.parse(scoreJson(new Uint8Array(gbk), "zone-qualification")).errors;
  assert.equal(error.code, "invalid_utf8");
  await page.setInputFiles("[data-testid=upload-file]", { name: "gbk.json", mimeType: "application/json", buffer: gbk });
  const message = page.locator("[data-testid=message]", { hasText: "gbk.json" });
  await message.waitFor();
  assert.equal(await message.textContent(), `无法读取「gbk.json」：${error.message.zh}`);
  assert.equal(await page.locator("[data-testid=confirm]").isVisible(), false, "refused before asking to replace");
  assert.deepEqual(await formValues(page), kept);
  // A UTF-8 file with a byte-order mark is read as before.
  await page.setInputFiles("[data-testid=upload-file]", {
    name: "bom.json", mimeType: "application/json", buffer: Buffer.from(`\ufeff${exampleText("zone-qualification", "wuniu-early-tea-2014")}`),
  });
  await page.click("[data-testid=confirm-ok]");
  await page.locator("[data-testid=message]", { hasText: "已读入「bom.json」" }).waitFor();
  assert.equal(await control(page, "/zone/name").inputValue(), "永嘉乌牛早茶优质产品生产示范区");
  await page.close();
  assert.deepEqual(problems, []);
});

test("chromium: 撤销 lasts until a field is edited after the replace, so it never throws an edit away", async () => {
  const { page, problems } = await openForm(chrome);
  const undo = page.locator("[data-testid=undo]");
  await control(page, "/zone/name").fill("我的示范区");
  await fillExample(page, "oubei-valves-2013");
  assert.ok(await undo.isVisible(), "the replace can be undone");
  // Typed after the replace: undoing now would lose it, so 撤销 is gone.
  await control(page, RATE).fill("96.2");
  assert.equal(await undo.isVisible(), false, "an edit ends the undo's scope");
  assert.equal(await control(page, RATE).inputValue(), "96.2");
  // The same after 清空: undo offered, then gone once something is typed.
  await page.click("[data-testid=clear]");
  await page.click("[data-testid=confirm-ok]");
  assert.ok(await undo.isVisible());
  await control(page, "/zone/town").fill("瓯北镇");
  assert.equal(await undo.isVisible(), false);
  assert.equal(await control(page, "/zone/town").inputValue(), "瓯北镇");
  await page.close();
  assert.deepEqual(problems, []);
});

test("chromium: another ruleset's file is refused before anything is replaced; fields not on the form are counted", async () => {
  const { page, problems } = await openForm(chrome);
  await fillExample(page, "oubei-valves-2013");
  const kept = await formValues(page);
  const title = (id, lang) => listRulesets().find((info) => info.id === id).title[lang];
  const annual = examples()["annual-assessment"][0].text;
  await page.setInputFiles("[data-testid=upload-file]", { name: "annual.json", mimeType: "application/json", buffer: Buffer.from(annual) });
  const message = page.locator("[data-testid=message]", { hasText: "annual.json" });
  await message.waitFor();
  assert.equal(await page.locator("[data-testid=confirm]").isVisible(), false, "not asked: nothing is replaced");
  assert.deepEqual(await formValues(page), kept);
  const other = title("annual-assessment", "zh");
  assert.equal(await message.textContent(),
    `「annual.json」是「${other}」的申报，本表是「${title("zone-qualification", "zh")}」，未读入，已填内容未改动：请先在「规则集」中选择「${other}」，再上传`);

  // A file of this form's ruleset with five members it does not have: three named, all counted.
  const typos = exampleText("zone-qualification", "oubei-valves-2013")
    .replace('"zone": {', '"zone": {\n    "x1": 1, "x2": 2, "x3": 3, "x4": 4, "x5": 5,');
  await page.setInputFiles("[data-testid=upload-file]", { name: "typos.json", mimeType: "application/json", buffer: Buffer.from(typos) });
  await page.click("[data-testid=confirm-ok]");
  const read = page.locator("[data-testid=message]", { hasText: "typos.json" });
  await read.waitFor();
  assert.match(await read.textContent(), /^已读入「typos\.json」：\d+ 项；5 项不在本表中，未读入：\/zone\/x1、\/zone\/x2、\/zone\/x3 等$/);

  // In English too.
  await page.click("[data-testid=lang]");
  await page.setInputFiles("[data-testid=upload-file]", { name: "annual.json", mimeType: "application/json", buffer: Buffer.from(annual) });
  await page.locator("[data-testid=message]", { hasText: "submission for" }).waitFor();
  assert.match(await page.locator("[data-testid=message]").textContent(),
    new RegExp(`^“annual\\.json” is a submission for “${title("annual-assessment", "en")}”.*Choose “${title("annual-assessment", "en")}” under Ruleset`));
  await page.close();
  assert.deepEqual(problems, []);
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
