// Writes the demo form's index of bundled example submissions: every
// rules/examples/<ruleset>/*.json whose folder is a bundled ruleset's id, with its raw
// text (so numbers keep their exact text). Runs after the build: it asks the Node build
// which rulesets are bundled.
// Usage: node scripts/gen-examples.mjs <rules/examples> <out.json>
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { listRulesets } from "zonescore";

const [examplesDir, outFile] = process.argv.slice(2);
const index = {};
for (const { id: ruleset } of listRulesets()) {
  const dir = join(examplesDir, ruleset);
  if (!existsSync(dir)) continue;
  index[ruleset] = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({
      name: file.replace(/\.json$/, ""),
      file: `rules/examples/${ruleset}/${file}`,
      text: readFileSync(join(dir, file), "utf8"),
    }));
}
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(index, null, 1)}\n`);
