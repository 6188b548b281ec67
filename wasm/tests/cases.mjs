// Finds the conformance cases on disk (Node only): every folder of tests/conformance/ (or of
// tests/whatif-cases/, the what-if questions, or tests/goal-cases/, the goal over many
// reports) with a case.json, in name order.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const casesDir = join(repoRoot, "tests", "conformance");
export const whatifDir = join(repoRoot, "tests", "whatif-cases");
export const goalDir = join(repoRoot, "tests", "goal-cases");

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

/** The submission files of a goal case's folder, by their path from the case's folder, walked
 * as `zonescore summary` walks a folder (core/src/boundary/folder.rs): every `*.json`, in
 * sub-folders too, sorted by name at each level (the cases' names are ASCII, where the
 * engine's order by bytes is JavaScript's). */
export function goalFiles(name) {
  const caseDir = join(goalDir, name);
  const folder = JSON.parse(readFileSync(join(caseDir, "case.json"), "utf8")).folder;
  const walk = (relative) =>
    readdirSync(join(caseDir, relative), { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .flatMap((d) => {
        const path = `${relative}/${d.name}`;
        if (d.isDirectory()) return walk(path);
        return d.isFile() && d.name.endsWith(".json") ? [path] : [];
      });
  return walk(folder);
}

/** One goal case's files, as `replayGoal` takes them. */
export function loadGoalCase(name) {
  const dir = join(goalDir, name);
  return {
    name,
    case: JSON.parse(readFileSync(join(dir, "case.json"), "utf8")),
    files: goalFiles(name).map((path) => ({ name: path, bytes: new Uint8Array(readFileSync(join(dir, path))) })),
    expected: readFileSync(join(dir, "expected.json"), "utf8"),
  };
}
