// Node: the county's goal over many reports (§2.1): every goal case of tests/goal-cases/
// answered byte for byte as `zonescore summary --format json` answers its folder, and the
// arguments a page could get wrong refused in both languages.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { goalSummary, goalSummaryJson, Ruleset } from "zonescore";
import * as zonescore from "zonescore";
import { caseNames, goalDir, loadGoalCase, repoRoot } from "./cases.mjs";
import { replayGoal } from "./replay.mjs";

const names = caseNames(goalDir);
const example = (ruleset, name) => readFileSync(join(repoRoot, "rules/examples", ruleset, name), "utf8");
// Three zones named in 2012–2014, from the first goal case's folder.
const met = (path) => readFileSync(join(goalDir, "zq-goal-met-ruleset-unnamed/submissions", path), "utf8");
const named = [met("2012-oubei-valves.json"), met("sub/2013-qiaoxia-toys.json"), met("sub/2014-qiaotou-buttons.json")];

test("goal cases exist", () => {
  assert.ok(names.length > 0, "no case found in tests/goal-cases/");
});

for (const name of names) {
  test(`goal: ${name}`, () => {
    const c = loadGoalCase(name);
    assert.ok(c.files.length > 0, `${name}: its folder holds no submission`);
    const r = replayGoal(zonescore, c);
    assert.ok(r.ok, r.detail);
  });
}

test("goalSummary says whether the goal is met, naming each zone, as the command line does", () => {
  const answer = goalSummary(named, undefined, ["a.json", "b.json", "c.json"]);
  assert.equal(answer.summary.met, true);
  assert.equal(answer.summary.met_in_year, 2014);
  assert.equal(answer.summary.named.length, 3);
  assert.equal(answer.summary.statement.zh, "截至2014年累计3个示范区通过考核验收（目标3个以上）");
  assert.deepEqual(answer.sources, ["a.json", "b.json", "c.json"]);
  assert.deepEqual(answer.skipped, []);
  assert.equal(JSON.stringify(answer), goalSummaryJson(named, undefined, ["a.json", "b.json", "c.json"]));
  // Without names, each is named by its position, as in Python.
  assert.deepEqual(goalSummary(named).sources, ["0", "1", "2"]);
  // Objects, bytes and text score alike; a generator and a Set are lists too.
  const mixed = [JSON.parse(named[0]), new TextEncoder().encode(named[1]), named[2]];
  assert.equal(JSON.stringify(goalSummary(mixed)), goalSummaryJson(named));
  assert.equal(goalSummaryJson(new Set(named)), goalSummaryJson(named));
  assert.equal(goalSummaryJson((function* () { yield* named; })()), goalSummaryJson(named));
});

test("what counts for nothing is listed as skipped, with why", () => {
  const annual = example("annual-assessment", "oubei-2014.json");
  const withFunction = { ...JSON.parse(named[0]), zone: { name: () => 1 } };
  const answer = goalSummary([named[0], "{", annual, withFunction], undefined, ["ok", "cut", "annual", "fn"]);
  assert.deepEqual(answer.skipped.map((s) => [s.source, s.code]), [
    ["cut", "invalid_json"],
    ["annual", "other_ruleset"],
    ["fn", "unsupported_value"],
  ]);
  assert.equal(answer.summary.met, false);
  for (const s of answer.skipped) assert.ok(s.message.zh && s.message.en);
  // With the ruleset named, another ruleset's file is an invalid submission, not skipped as another's.
  const strict = goalSummary([named[0], annual], "zone-qualification");
  assert.notEqual(strict.skipped[0].code, "other_ruleset");
  assert.equal(JSON.stringify(strict), Ruleset.bundled("zone-qualification").goalSummaryJson([named[0], annual]));
});

test("no verdict that would pass for a result: GoalError", () => {
  const isGoalError = (code, en) => (e) =>
    e instanceof Error && e.name === "GoalError" && e.code === code && en.test(e.message) &&
    e.summary.en === e.message && e.summary.zh.length > 0 && Array.isArray(e.errors);
  assert.throws(() => goalSummary([]), isGoalError("nothing_to_sum_up", /there are no submissions/));
  const annual = [example("annual-assessment", "oubei-2014.json"), example("annual-assessment", "wuniu-2013.json")];
  assert.throws(() => goalSummary(annual), isGoalError("nothing_to_sum_up", /none of the 2 submissions/));
  // Every submission invalid is no verdict either (a folder of files all saved wrong is not "not met").
  assert.throws(
    () => goalSummary(["[]", "{"], null, ["a.json", "b.json"]),
    (e) =>
      isGoalError("nothing_to_sum_up", /none of the 2 submissions counts \(2 are invalid; the skipped list says why/)(e) &&
      e.skipped.map((k) => [k.source, k.code]).join() === "a.json,not_an_object,b.json,invalid_json",
  );
  assert.throws(() => goalSummary(annual, "annual-assessment"), isGoalError("no_goal", /annual-assessment/));
  const aa = Ruleset.bundled("annual-assessment");
  assert.throws(() => aa.goalSummary(annual), isGoalError("no_goal", /annual-assessment/));
  aa.free();
});

test("arguments of the wrong kind are refused in both languages", () => {
  const argument = (name) => (e) =>
    e instanceof TypeError && e.code === "invalid_argument" && e.argument === name && Boolean(e.summary.zh && e.summary.en);
  // One text is not a list of submissions (it would iterate as characters), nor a Map.
  for (const wrong of [named[0], 3, { zone: {} }, new Map([["a", named[0]]])]) {
    assert.throws(() => goalSummary(wrong), argument("submissions"));
  }
  // A name per submission, as text: not one text, not too few, not a number.
  for (const wrong of ["ab", ["a.json"], ["a", "b", 3], { 0: "a", 1: "b", 2: "c", length: 3 }]) {
    assert.throws(() => goalSummary(named, undefined, wrong), argument("sources"));
  }
  assert.throws(() => goalSummary(named, undefined, ["a", "b", "c\ud800"]), argument("sources"));
  assert.throws(() => goalSummary(named, 7), argument("rulesetId"));
  assert.throws(() => goalSummary(named, "zone-qualificaton"), (e) => e.name === "RulesetError");
  const tooMany = (e) => e instanceof RangeError && e.code === "too_many_submissions";
  assert.throws(() => goalSummary(Object.assign([], { length: 2 ** 32 - 1 })), tooMany);
});
