// Node: every what-if case of tests/whatif-cases/, one test each: `boundsJson` / `adviseJson`
// and `bounds` / `advise` of the parsed object answer byte for byte as the Rust engine
// (expected.json, what `zonescore bounds|advise --format json` prints); and a few
// submissions of the bundled examples, half emptied, answered as the CLI answers them.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import * as zonescore from "zonescore";
import { caseNames, loadCase, repoRoot, whatifDir } from "./cases.mjs";
import { replayWhatif } from "./replay.mjs";

const names = caseNames(whatifDir);

test("what-if cases exist", () => {
  assert.ok(names.length > 0, "no case found in tests/whatif-cases/");
  const calls = new Set(names.map((n) => loadCase(n, whatifDir).case.call));
  assert.deepEqual([...calls].sort(), ["advise", "bounds"], "cases of both calls");
});

for (const name of names) {
  test(`what-if: ${name}`, () => {
    const r = replayWhatif(zonescore, loadCase(name, whatifDir));
    assert.ok(r.ok, r.detail);
  });
}

test("the method and the bundled-id twins give the same text; errors are Error objects", () => {
  const text = readFileSync(join(repoRoot, "rules", "examples", "zone-qualification", "oubei-valves-2013.json"), "utf8");
  const rules = zonescore.Ruleset.bundled("zone-qualification");
  assert.equal(rules.boundsJson(text), zonescore.boundsJson(text, "zone-qualification"));
  assert.equal(rules.boundsJson(new TextEncoder().encode(text)), rules.boundsJson(text));
  assert.equal(rules.adviseJson(text, "named", 2), zonescore.adviseJson(text, "zone-qualification", "named", 2));
  assert.equal(rules.adviseJson(text), rules.adviseJson(text, undefined, 3));
  // A complete submission: its bounds are its score.
  const b = rules.bounds(JSON.parse(text));
  const score = rules.score(JSON.parse(text));
  assert.deepEqual(b.final_score, { min: score.final_score, max: score.final_score });
  assert.equal(b.exact, true);
  // Unknown target, invalid field, not JSON text: thrown or answered as the core answers.
  // A target the rules do not know is the target's error, as in Python, not the submission's.
  assert.throws(() => rules.advise(JSON.parse(text), "Z"), (e) => e instanceof Error && e.name === "TargetError"
    && e.code === "unknown_target" && e.errors[0].code === "unknown_target" && e.params.target === "Z"
    && e.params.allowed.includes("A") && e.message === e.summary.en && e.summary.zh.length > 0);
  assert.throws(() => rules.bounds({ quality: { spot_check_pass_rate_pct: 150 } }),
    (e) => e.name === "InvalidSubmissionError" && e.errors.some((x) => x.code === "out_of_range"));
  assert.throws(() => rules.boundsJson(42), (e) => e.name === "TypeError" && e.code === "not_json_text");
  // Arguments of the wrong kind are TypeErrors, never a broken module.
  const obj = JSON.parse(text);
  for (const target of [5, {}, true]) {
    assert.throws(() => rules.advise(obj, target), (e) => e.code === "invalid_argument" && e.argument === "target");
    assert.throws(() => rules.adviseJson(text, target), (e) => e.code === "invalid_argument" && e.argument === "target");
  }
  for (const options of [-1, 1.5, "3", NaN, 2 ** 32]) {
    assert.throws(() => rules.advise(obj, "A", options), (e) => e.code === "invalid_argument" && e.argument === "options");
  }
  assert.throws(() => rules.adviseJson(42), (e) => e.code === "not_json_text");
  assert.throws(() => zonescore.adviseJson(new Uint8Array([123, 125]), "zone-qualification"), (e) => e.code === "not_json_text");
  assert.equal(rules.advise(obj, null, null).target, rules.advise(obj).target);
  assert.equal(rules.advise(obj, "named", 0).type, undefined);
  assert.equal(rules.scoreJson(text).length > 0, true, "the module still works");
  assert.throws(() => zonescore.boundsJson("{}", "nope"), (e) => e.name === "RulesetError" && e.code === "unknown_ruleset");
  assert.equal(JSON.parse(rules.boundsJson("{")).type, "failure");
  assert.equal(JSON.parse(rules.adviseJson("[]")).type, "failure");
  // A missing required field is no error for bounds.
  assert.ok(rules.bounds({}).missing > 0);
  rules.free();
});

// The bundled examples with every other section emptied, and asked as the CLI is asked: the
// CLI test.sh builds from the same sources (ZONESCORE_CLI), else the newest one cargo built.
const clis = ["release", "debug"].map((p) => join(repoRoot, "target", p, "zonescore")).filter((f) => existsSync(f))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
const cli = process.env.ZONESCORE_CLI || clis[0];
test("bounds and advice of half-filled bundled examples equal the CLI's, byte for byte", () => {
  assert.ok(cli && existsSync(cli), "no CLI built: cargo build -p zonescore-cli (wasm/test.sh builds it)");
  const dir = mkdtempSync(join(tmpdir(), "zonescore-whatif-"));
  let compared = 0;
  for (const ruleset of ["zone-qualification", "annual-assessment"]) {
    const examples = join(repoRoot, "rules", "examples", ruleset);
    const file = execFileSync("ls", [examples], { encoding: "utf8" }).split("\n").find((f) => f.endsWith(".json"));
    const full = JSON.parse(readFileSync(join(examples, file), "utf8"));
    const half = Object.fromEntries(Object.entries(full).filter((_, i) => i % 2 === 0));
    for (const [name, data] of [["full", full], ["half", half]]) {
      const path = join(dir, `${ruleset}-${name}.json`);
      writeFileSync(path, JSON.stringify(data));
      const text = readFileSync(path, "utf8");
      const run = (...args) => execFileSync(cli, [...args, "--ruleset", ruleset, "--format", "json", path], { encoding: "utf8" });
      assert.equal(`${zonescore.boundsJson(text, ruleset)}\n`, run("bounds"), `${ruleset} ${name}: bounds`);
      if (name === "full") {
        assert.equal(`${zonescore.adviseJson(text, ruleset)}\n`, run("advise"), `${ruleset} ${name}: advise`);
        compared += 1;
      }
      compared += 1;
    }
  }
  assert.equal(compared, 6);
});

test("targets() lists the grades then the outcomes with their names, each one advice accepts", () => {
  const rules = zonescore.Ruleset.bundled("zone-qualification");
  const targets = rules.targets();
  assert.deepEqual(targets.map((t) => `${t.kind}:${t.code}`),
    ["grade:A", "grade:B", "grade:C", "grade:D", "outcome:ineligible", "outcome:named", "outcome:not_named"]);
  assert.equal(targets[0].label.zh, "优秀");
  const text = readFileSync(join(repoRoot, "rules/examples/zone-qualification/oubei-valves-2013.json"), "utf8");
  for (const t of targets) assert.notEqual(JSON.parse(rules.adviseJson(text, t.code, 1)).type, "failure", t.code);
  rules.free();
});
