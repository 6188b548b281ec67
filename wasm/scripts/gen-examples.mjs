// Writes the demo form's index of bundled example submissions: every
// rules/examples/<ruleset>/*.json whose folder is a bundled ruleset's id, with its raw
// text (so numbers keep their exact text) and a label by zone name and year, as the
// engine's answer names them (its `subject` and `year`), never the file name. Runs after
// the build: it asks the Node build which rulesets are bundled.
// Usage: node scripts/gen-examples.mjs <rules/examples> <out.json>
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { listRulesets, scoreJson } from "zonescore";

/** {zh, en} label of an example: 永嘉瓯北阀门优质产品生产示范区 2013年; the file name if unscored. */
function labelOf(text, ruleset, name) {
  const answer = JSON.parse(scoreJson(text, ruleset));
  const zone = answer.subject?.[0]?.value;
  if (answer.type !== "success" || !zone) return { zh: name, en: name };
  return answer.year ? { zh: `${zone} ${answer.year}年`, en: `${zone} ${answer.year}` } : { zh: zone, en: zone };
}

const [examplesDir, outFile] = process.argv.slice(2);
const index = {};
for (const { id: ruleset } of listRulesets()) {
  const dir = join(examplesDir, ruleset);
  if (!existsSync(dir)) continue;
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      const name = file.replace(/\.json$/, "");
      return { name, label: labelOf(text, ruleset, name), file: `rules/examples/${ruleset}/${file}`, text };
    });
  // Two examples of the same zone and year: told apart by a number, in file order.
  const seen = new Map();
  for (const ex of examples) {
    const n = (seen.get(ex.label.zh) ?? 0) + 1;
    seen.set(ex.label.zh, n);
    if (n > 1) ex.label = { zh: `${ex.label.zh}（${n}）`, en: `${ex.label.en} (${n})` };
  }
  index[ruleset] = examples.sort((a, b) => a.label.zh.localeCompare(b.label.zh, "zh-CN"));
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(index, null, 1)}\n`);
