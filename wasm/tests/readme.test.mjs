// Runs the README's Node snippet (the ```js node block), so the README cannot rot.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const wasmDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const readme = readFileSync(join(wasmDir, "README.md"), "utf8");
const snippets = [...readme.matchAll(/```js node\n([\s\S]*?)```/g)].map((m) => m[1]);

test("the README has a Node snippet", () => {
  assert.ok(snippets.length > 0);
});

snippets.forEach((code, i) => {
  test(`README Node snippet ${i + 1} runs`, () => {
    // Inside the package, so `import "zonescore"` resolves to this package.
    const dir = join(wasmDir, "test-results");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `readme-snippet-${i + 1}.mjs`);
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, [file], { cwd: wasmDir, encoding: "utf8" });
    if (i === 0) {
      assert.match(out, /^91\.0 A 通过考核验收，推荐命名$/m);
      assert.match(out, /^true$/m);
      assert.match(out, /true InvalidSubmissionError/);
      assert.match(out, /的提交内容无效，共 \d+ 处错误/);
    }
    if (i === 1) {
      assert.match(out, /^61\.0 91\.0 A\/B\/C true$/m);
      assert.match(out, /^监督抽查合格率（本年度） 94\.2 → 95 {2}C1 \+2$/m);
      assert.match(out, /^91\.0 A 改动1项可达到优秀（A）/m);
    }
    if (i === 2) {
      assert.match(out, /^false 截至2014年累计2个示范区通过考核验收（目标3个以上）$/m);
      assert.match(out, /^桥下 2013 91\.0\n桥头 2014 91\.0$/m);
      assert.match(out, /^annual\.json other_ruleset\ncut\.json invalid_json$/m);
    }
  });
});

// The repository's front page has a browser snippet too; it runs the same way in Node.
const rootReadme = readFileSync(join(wasmDir, "..", "README.md"), "utf8");
const rootSnippets = [...rootReadme.matchAll(/```js node\n([\s\S]*?)```/g)].map((m) => m[1]);

test("the repository README's browser snippet runs", () => {
  assert.equal(rootSnippets.length, 1);
  const dir = join(wasmDir, "test-results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "root-readme-snippet.mjs");
  writeFileSync(file, rootSnippets[0]);
  const out = execFileSync(process.execPath, [file], { cwd: wasmDir, encoding: "utf8" });
  assert.match(out, /^out_of_range 「监督抽查合格率（本年度）」应在 0 到 100 之间，实际为 150$/m);
  assert.match(out, /^string 0\.0 not_named$/m);
});
