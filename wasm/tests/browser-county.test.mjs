// Headless Chromium: the county summary page (www/county.html). Files chosen in batches,
// every bundled example and a set with no zone application are shown as Node's `goalSummary`
// answers for the same files and names: the verdict, the zones named, every report,
// repeated and doubtful reports, and skipped files. Also checked: English, and nothing
// wider than a 400 px screen (screenshots at both widths).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import { goalSummary } from "zonescore";
import { goalDir, goalFiles, repoRoot } from "./cases.mjs";
import { launch } from "./chromium.mjs";
import { examples, resultsDir } from "./form-page.mjs";

let chrome;
before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
});

async function openCounty({ width = 1400, lang } = {}) {
  const page = await chrome.browser.newPage({ viewport: { width, height: 1000 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${chrome.url}/wasm/www/county.html${lang ? `?lang=${lang}` : ""}`);
  await page.waitForSelector("body[data-ready=true]");
  return { page, problems };
}

/** A goal case's files on disk, by path. */
const caseFiles = (name) => goalFiles(name).map((p) => join(goalDir, name, p));

/** Node's answer for files named by their base names, sorted as the page sorts them (the
 * cases' names are ASCII, where UTF-8 byte order is JavaScript's). */
function expectedFor(files) {
  const named = files.map((f) => ({ name: f.name, bytes: f.bytes })).sort((a, b) => (a.name < b.name ? -1 : 1));
  return goalSummary(named.map((f) => f.bytes), null, named.map((f) => f.name));
}
const onDisk = (paths) => paths.map((p) => ({ name: basename(p), bytes: readFileSync(p) }));

/** What the page shows: the verdict, the tables' rows, and the lists' items. */
const shown = (page) => page.evaluate(() => {
  const text = (sel) => [...document.querySelectorAll(sel)].map((n) => n.textContent);
  const tables = [...document.querySelectorAll("#result table")].map((t) =>
    [...t.querySelectorAll("tbody tr")].map((r) => [...r.children].map((c) => c.textContent)));
  return {
    badge: text(".verdict .badge")[0], statement: text(".verdict .statement")[0], tables,
    repeated: text("[data-testid=repeated] li"), duplicates: text("[data-testid=duplicates] li"),
    skipped: text("[data-testid=skipped] li"), headings: text("#result h2"), refusal: text("[data-testid=refusal]")[0],
  };
});

function assertShows(got, answer, lang) {
  const s = answer.summary;
  assert.equal(got.statement, s.statement[lang]);
  assert.equal(got.badge, s.met ? (lang === "zh" ? "已达成" : "Met") : (lang === "zh" ? "未达成" : "Not met"));
  const [named, rows] = got.tables.length === 2 ? got.tables : [[], got.tables[0] ?? []];
  assert.deepEqual(named.map((r) => [r[2], r[3]]), s.named.map((z) => [String(z.first_year), z.final_score]));
  assert.deepEqual(rows.map((r) => [r[1], r[2], r[3]]), s.rows.map((r) => [String(r.year), r.final_score, r.grade]));
  assert.deepEqual(rows.map((r) => r[4]), s.rows.map((r) => r.outcome_label[lang]));
  assert.equal(got.repeated.length, s.repeated.length);
  s.repeated.forEach((r, i) => {
    assert.ok(got.repeated[i].startsWith(r.message[lang]), got.repeated[i]);
    for (const at of r.reports) assert.ok(got.repeated[i].includes(answer.sources[at]), answer.sources[at]);
  });
  assert.equal(got.duplicates.length, s.probable_duplicates.length);
  s.probable_duplicates.forEach((d, i) => assert.ok(got.duplicates[i].endsWith(d.message[lang]), got.duplicates[i]));
  assert.equal(got.skipped.length, answer.skipped.length);
  answer.skipped.forEach((k, i) => {
    assert.ok(got.skipped[i].startsWith(k.source) && got.skipped[i].endsWith(k.message[lang]), got.skipped[i]);
  });
}

test("chromium: the county page sums up the files chosen, batch after batch, as the engine does", async () => {
  const { page, problems } = await openCounty();
  assert.match(await page.textContent("[data-testid=hint]"), /拖入/);
  const first = caseFiles("zq-goal-repeated-ruleset-named");
  await page.setInputFiles("[data-testid=files]", first);
  await page.locator(".verdict").waitFor();
  const answer = expectedFor(onDisk(first));
  assert.ok(answer.summary.repeated.length > 0 && answer.summary.probable_duplicates.length > 0 && answer.skipped.length > 0);
  assertShows(await shown(page), answer, "zh");
  // In English, every text is the engine's English.
  await page.click("[data-testid=lang]");
  assertShows(await shown(page), answer, "en");
  assert.ok((await shown(page)).headings.some((h) => h.startsWith("Results by zone and year")));
  await page.click("[data-testid=lang]");
  // A second batch: added to the first (a name already there replaced), summed up again.
  const second = caseFiles("zq-goal-met-ruleset-unnamed");
  await page.setInputFiles("[data-testid=files]", second);
  const all = new Map([...onDisk(first), ...onDisk(second)].map((f) => [f.name, f]));
  // The files are read before the page answers: wait for its word that they were added.
  await page.waitForFunction(() => document.querySelector("[data-testid=message]").textContent !== "");
  const replaced = onDisk(second).map((f) => f.name).filter((name) => first.some((p) => basename(p) === name)).sort();
  assert.ok(replaced.length > 0);
  assert.equal(await page.textContent("[data-testid=message]"),
    `已添加 ${second.length} 份文件，共 ${all.size} 份；${replaced.join("、")} 替换了先前读入的同名文件`);
  assertShows(await shown(page), expectedFor([...all.values()]), "zh");
  await page.click("[data-testid=clear]");
  assert.equal(await page.locator("#result > *").count(), 0);
  assert.match(await page.textContent("[data-testid=hint]"), /拖入/);
  assert.deepEqual(problems, []);
  await page.close();
});

test("chromium: a file whose name is already loaded replaces the earlier one, and the page says so", async () => {
  const { page, problems } = await openCounty();
  const [a, b] = examples()["zone-qualification"];
  const file = (x) => ({ name: "qiaotou.json", mimeType: "application/json", buffer: Buffer.from(x.text) });
  await page.setInputFiles("[data-testid=files]", [file(a)]);
  await page.locator("[data-testid=message]", { hasText: "共 1 份" }).waitFor();
  assert.equal(await page.textContent("[data-testid=message]"), "已添加 1 份文件，共 1 份");
  // Another zone's file of the same name: it replaces the first, said in the message.
  await page.setInputFiles("[data-testid=files]", [file(b)]);
  await page.locator("[data-testid=message]", { hasText: "替换" }).waitFor();
  assert.equal(await page.textContent("[data-testid=message]"), "已添加 1 份文件，共 1 份；qiaotou.json 替换了先前读入的同名文件");
  assertShows(await shown(page), expectedFor([{ name: "qiaotou.json", bytes: new TextEncoder().encode(b.text) }]), "zh");
  await page.click("[data-testid=lang]");
  await page.setInputFiles("[data-testid=files]", [file(a)]);
  await page.locator("[data-testid=message]", { hasText: "replaced" }).waitFor();
  assert.equal(await page.textContent("[data-testid=message]"), "Added 1 file, 1 in all; qiaotou.json replaced the file of the same name read before");
  assert.deepEqual(problems, []);
  await page.close();
});

test("chromium: every bundled example summed up, and no verdict where nothing counts", async () => {
  const { page, problems } = await openCounty();
  await page.click("[data-testid=examples]");
  await page.locator(".verdict").waitFor();
  const index = Object.values(examples()).flat();
  const answer = expectedFor(index.map((x) => ({ name: basename(x.file), bytes: new TextEncoder().encode(x.text) })));
  assertShows(await shown(page), answer, "zh");
  assert.ok(answer.skipped.some((k) => k.code === "other_ruleset"), "the annual assessments are listed as skipped");
  await page.click("[data-testid=clear]");
  // Only annual assessments: the engine refuses a verdict, and the page says why.
  const annual = ["oubei-2014.json", "wuniu-2013.json"].map((f) => join(repoRoot, "rules/examples/annual-assessment", f));
  await page.setInputFiles("[data-testid=files]", annual);
  await page.locator("[data-testid=refusal]").waitFor();
  let refusal;
  try {
    expectedFor(onDisk(annual));
  } catch (e) {
    refusal = e;
  }
  assert.equal(refusal?.code, "nothing_to_sum_up");
  let got = await shown(page);
  assert.equal(got.refusal, refusal.summary.zh);
  assert.deepEqual(got.skipped, refusal.skipped.map((k) => `${k.source} ${k.message.zh}`));
  assert.equal(await page.locator(".verdict").count(), 0);
  // Files all invalid: no verdict either, and each file's reason under the refusal.
  await page.click("[data-testid=clear]");
  await page.setInputFiles("[data-testid=files]", [
    { name: "empty.json", mimeType: "application/json", buffer: Buffer.from("") },
    { name: "year.json", mimeType: "application/json", buffer: Buffer.from('{"zone": {"assessment_year": "2013"}}') },
  ]);
  await page.locator("[data-testid=refusal]").waitFor();
  got = await shown(page);
  assert.match(got.refusal, /没有可汇总的提交：2 份提交都未计入（2 份无效/);
  assert.equal(got.skipped.length, 2);
  assert.ok(got.skipped[0].startsWith("empty.json ") && got.skipped[1].startsWith("year.json /zone/"), got.skipped.join("\n"));
  assert.equal(await page.locator(".verdict").count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("chromium: the county page at 400 px and 1400 px — nothing wider than the screen; linked from the form", async () => {
  for (const width of [400, 1400]) {
    const { page, problems } = await openCounty({ width });
    await page.setInputFiles("[data-testid=files]", caseFiles("zq-goal-repeated-ruleset-named"));
    await page.locator(".verdict").waitFor();
    const fit = await page.evaluate(() => {
      const view = document.documentElement.clientWidth;
      // A table may scroll inside its frame; nothing else may reach past the screen.
      const wide = [...document.querySelectorAll("body *")]
        .filter((e) => !e.closest(".table-wrap table"))
        .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > view + 0.5 || r.left < -0.5); })
        .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">`);
      return { view, scroll: document.documentElement.scrollWidth, wide };
    });
    assert.deepEqual(fit.wide, [], `${width} px`);
    assert.equal(fit.scroll, fit.view, `${width} px: no horizontal scrolling`);
    await page.screenshot({ path: join(resultsDir, `county-${width}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  }
  // The form links to the page, in its language.
  const form = await chrome.browser.newPage();
  await form.goto(`${chrome.url}/wasm/www/?lang=en`);
  await form.waitForSelector("body[data-ready=true]");
  assert.equal(await form.getAttribute("[data-testid=county-link]", "href"), "county.html?lang=en");
  await form.click("[data-testid=county-link]");
  await form.waitForSelector("body[data-ready=true]");
  assert.equal(await form.textContent("h1"), "County goal over many reports");
  await form.close();
});
