// Headless Chromium: the demo form at phone width (400 px) and on a desktop (1400 px) —
// labels above inputs, a header that scrolls away, a score bar that opens the panel, no
// element wider than the screen — with the screenshots of both widths.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launch } from "./chromium.mjs";
import { RATE, answerOf, control, exampleText, fillExample, openForm, resultsDir } from "./form-page.mjs";

let chrome;
before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.close();
});

/** Elements that reach outside the viewport horizontally (none may), and the page's scroll width. */
const overflow = (page) => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const e of document.querySelectorAll("body *")) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 0.5 || r.left < -0.5) {
      wide.push(`<${e.tagName.toLowerCase()} id="${e.id}" class="${e.className}"> ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return { width, scrollWidth: document.documentElement.scrollWidth, wide, checked: document.querySelectorAll("body *").length };
});

async function assertFits(page, when) {
  const o = await overflow(page);
  assert.ok(o.checked > 200, `${when}: the page has its form (${o.checked} elements)`);
  assert.deepEqual(o.wide, [], `${when}: elements wider than the ${o.width} px viewport`);
  assert.equal(o.scrollWidth, o.width, `${when}: no horizontal scrolling`);
}

const box = (locator) => locator.boundingBox();

test("chromium: at 400 px — labels above inputs, header not sticky, score bar opens the panel, nothing wider than the screen", async () => {
  const { page, problems } = await openForm(chrome, { width: 400, height: 860 });
  assert.equal(await page.evaluate(() => innerWidth), 400);
  await assertFits(page, "empty form");

  // Labels above their inputs, inputs nearly the screen's width.
  const label = await box(page.locator(`label[for="${await control(page, RATE).getAttribute("id")}"]`));
  const input = await box(control(page, RATE));
  assert.ok(input.y >= label.y + label.height - 1, "the input is below its label");
  assert.ok(input.width > 300, `the input is ${input.width} px wide`);

  // The header scrolls away with the page.
  assert.equal(await page.locator("header").evaluate((h) => getComputedStyle(h).position), "static");
  await control(page, RATE).scrollIntoViewIfNeeded();
  assert.ok((await box(page.locator("header"))).y + (await box(page.locator("header"))).height <= 0, "the header is scrolled out of view");

  // The panel is not in the page; the compact bar is fixed at the bottom.
  const bar = page.locator("[data-testid=scorebar]");
  assert.equal(await page.locator("[data-testid=side]").isVisible(), false);
  const b = await box(bar);
  assert.ok(Math.abs(b.y + b.height - 860) < 1 && b.height < 90, `the bar sits at the bottom (${JSON.stringify(b)})`);
  assert.match(await bar.textContent(), /尚未填完必填项/);

  const name = "wuniu-early-tea-2014";
  const expected = answerOf(exampleText("zone-qualification", name));
  await fillExample(page, name);
  assert.match(await bar.textContent(), new RegExp(`^${expected.final_score} ${expected.grade}`));
  await assertFits(page, "filled form");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(resultsDir, "form-400.png") });

  // A wrong value: its message under the field fits the screen too.
  await control(page, RATE).fill("九十五点六");
  await page.locator(`[data-testid="error-${RATE}"]`, { hasText: "无法读取" }).waitFor();
  await assertFits(page, "with an error");
  await control(page, RATE).fill("94.6%");
  await page.locator(`[data-testid="typed-${RATE}"]`, { hasText: "读作 94.6" }).waitFor();

  // The bar opens the full panel over the form; 关闭 closes it.
  await bar.click();
  const side = page.locator("[data-testid=side]");
  assert.ok(await side.isVisible());
  const s = await box(side);
  assert.ok(s.x === 0 && s.width === 400, "the panel takes the screen");
  assert.ok(await page.locator("[data-testid=final-score]").isVisible());
  await assertFits(page, "panel open");
  await page.screenshot({ path: join(resultsDir, "form-400-panel.png") });
  await page.click("[data-testid=panel-close]");
  assert.equal(await side.isVisible(), false);
  assert.ok(await bar.isVisible());

  // A problem link in the panel closes it and focuses the field.
  await control(page, "/organization/leading_group_meetings").fill("两次");
  await bar.click();
  await page.locator("[data-testid=errors] a.jump").first().click();
  assert.equal(await side.isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.path), "/organization/leading_group_meetings");
  await page.close();
  assert.deepEqual(problems, []);
});

test("chromium: at 1400 px — labels beside inputs, a sticky header, the panel beside the form, no score bar", async () => {
  const { page, problems } = await openForm(chrome, { width: 1400, height: 1000 });
  await fillExample(page, "oubei-valves-2013");
  const label = await box(page.locator(`label[for="${await control(page, RATE).getAttribute("id")}"]`));
  const input = await box(control(page, RATE));
  assert.ok(input.x > label.x + 200 && Math.abs(input.y - label.y) < 12, "the input is beside its label");
  assert.equal(await page.locator("header").evaluate((h) => getComputedStyle(h).position), "sticky");
  assert.equal(await page.locator("[data-testid=scorebar]").isVisible(), false);
  const side = await box(page.locator("[data-testid=side]"));
  const form = await box(page.locator("[data-testid=form]"));
  assert.ok(side.x >= form.x + form.width, "the panel is to the right of the form");
  await assertFits(page, "desktop");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(resultsDir, "form-1400.png") });
  await page.close();
  assert.deepEqual(problems, []);
  console.log("# chromium layout: screenshots in wasm/test-results/form-400.png, form-400-panel.png, form-1400.png");
});

test("chromium: scrolled down, the panel's first line is below the sticky header, however tall the header wraps", async () => {
  for (const [width, lang] of [[1400, undefined], [1400, "en"], [1000, undefined]]) {
    const { page, problems } = await openForm(chrome, { width, height: 900, lang });
    await fillExample(page, "oubei-valves-2013");
    // An error (the panel's red line first) and the message line in the header, as after a fill.
    await control(page, RATE).fill("150");
    await page.locator("[data-testid=invalid]").waitFor();
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    await page.waitForFunction(() => window.scrollY > 500);
    // Measured after a frame, when the header's height is known to the style sheet.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const header = await box(page.locator("header"));
    const first = await box(page.locator("[data-testid=panel] > *").first());
    const where = `${width} px${lang ? ` ${lang}` : ""}`;
    assert.ok(header.height > 60, `${where}: the header is ${header.height} px tall`);
    assert.ok(first.y >= header.y + header.height, `${where}: the panel's first line at ${first.y}, the header's bottom at ${header.y + header.height}`);
    assert.ok(await page.locator("[data-testid=invalid]").isVisible());
    await page.close();
    assert.deepEqual(problems, []);
  }
});
