// Finds the conformance cases on disk (Node only): every folder of tests/conformance/ (or of
// tests/whatif-cases/, the what-if questions) with a case.json, in name order.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const casesDir = join(repoRoot, "tests", "conformance");
export const whatifDir = join(repoRoot, "tests", "whatif-cases");

/** Names of the case folders. */
export function caseNames(dir = casesDir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "case.json")))
    .map((d) => d.name)
    .sort();
}

/** One case's files, as `replayCase` takes them. */
export function loadCase(name, from = casesDir) {
  const dir = join(from, name);
  const meta = JSON.parse(readFileSync(join(dir, "case.json"), "utf8"));
  return {
    name,
    case: meta,
    submission: new Uint8Array(readFileSync(join(dir, "submission.json"))),
    expected: readFileSync(join(dir, "expected.json"), "utf8"),
    rulesetText: meta.ruleset_file ? readFileSync(join(dir, meta.ruleset_file), "utf8") : undefined,
  };
}
