// Node: every conformance case, one test each, answered byte for byte as the Rust engine
// answers it (from the JSON text, and from the parsed object where the case allows).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as zonescore from "zonescore";
import { caseNames, loadCase } from "./cases.mjs";
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
