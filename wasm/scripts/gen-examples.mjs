// Writes the demo form's index of bundled example submissions: every
// rules/examples/<ruleset>/*.json, with its raw text (so numbers keep their exact text).
// Usage: node scripts/gen-examples.mjs <rules/examples> <out.json>
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const [examplesDir, outFile] = process.argv.slice(2);
const index = {};
for (const ruleset of readdirSync(examplesDir).sort()) {
  const dir = join(examplesDir, ruleset);
  if (!statSync(dir).isDirectory()) continue;
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
