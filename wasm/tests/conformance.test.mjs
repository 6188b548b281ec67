// Node: every conformance case, one test each, answered byte for byte as the Rust engine
// answers it (from the JSON text, and from the parsed object where the case allows); and
// every conformance and what-if case's expected.meaning.json, the answer without its wording.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import * as zonescore from "zonescore";
import { caseNames, casesDir, loadCase, whatifDir } from "./cases.mjs";
import { replayCase } from "./replay.mjs";

const names = caseNames();

test("conformance cases exist", () => {
  assert.ok(names.length > 0, "no case found in tests/conformance/");
});

for (const name of names) {
  test(`conformance: ${name}`, () => {
    const c = loadCase(name);
    const r = replayCase(zonescore, c);
    assert.ok(r.ok, r.detail);
  });
}

// expected.meaning.json, by the rules of tests/conformance/README.md ("Meaning and wording") as
// tests/src/meaning.rs applies them: no text ({zh, en}, one or both, strings only) and no list
// of texts, no `digest`. (Rule 3 is for ruleset comparisons, which this package does not make.)
const isText = (v) =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length > 0 &&
  Object.entries(v).every(([k, x]) => (k === "zh" || k === "en") && typeof x === "string");

function withoutWording(value) {
  if (Array.isArray(value)) return value.map(withoutWording);
  if (value === null || typeof value !== "object") return value;
  const kept = Object.entries(value).filter(
    ([k, v]) => k !== "digest" && !isText(v) && !(Array.isArray(v) && v.length > 0 && v.every(isText)),
  );
  return Object.fromEntries(kept.map(([k, v]) => [k, withoutWording(v)]));
}

function meaningOf(answerJson) {
  const answer = JSON.parse(answerJson);
  // An integer past 2^53 or an integer-like key (which objects list first) would not survive
  // JSON.parse: the answer must come back as the same text before it is projected.
  assert.equal(JSON.stringify(answer), answerJson, "the answer does not survive JSON.parse");
  return `${JSON.stringify(withoutWording(answer), null, 2)}\n`;
}

const meaningFile = (dir, name) => readFileSync(join(dir, name, "expected.meaning.json"), "utf8");

for (const name of names) {
  test(`meaning: ${name}`, () => {
    const c = loadCase(name);
    // The meaning is the answer at `reasons` detail (core's answer without sentences).
    const options = { ...c.case.options, detail: "reasons" };
    const ruleset = c.case.ruleset_file
      ? zonescore.Ruleset.fromText(c.rulesetText, c.case.ruleset_file)
      : zonescore.Ruleset.bundled(c.case.ruleset);
    try {
      const expected = meaningFile(casesDir, name);
      assert.equal(meaningOf(ruleset.scoreJson(c.submission, options)), expected, "scoreJson");
      if (c.case.object_replay !== false) {
        const object = JSON.parse(new TextDecoder().decode(c.submission));
        assert.equal(meaningOf(ruleset.answerJson(object, options)), expected, "answerJson");
      }
    } finally {
      ruleset.free();
    }
  });
}

for (const name of caseNames(whatifDir)) {
  test(`meaning: what-if ${name}`, () => {
    const c = loadCase(name, whatifDir);
    const text = new TextDecoder().decode(c.submission);
    const ruleset = c.case.ruleset_file
      ? zonescore.Ruleset.fromText(c.rulesetText, c.case.ruleset_file)
      : zonescore.Ruleset.bundled(c.case.ruleset);
    try {
      const answer = c.case.call === "bounds"
        ? ruleset.boundsJson(c.submission)
        : ruleset.adviseJson(text, c.case.target, c.case.options);
      assert.equal(meaningOf(answer), meaningFile(whatifDir, name));
    } finally {
      ruleset.free();
    }
  });
}
