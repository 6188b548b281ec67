// Host values the walk cannot read as JSON (throwing getters and proxies, lone surrogates,
// objects that are not plain, exceptions thrown thousands of times): each is a field error
// at its path, never an empty group scored silently, and the module keeps working.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { Ruleset } from "zonescore";
import { repoRoot } from "./cases.mjs";

const zq = Ruleset.bundled("zone-qualification");
const text = readFileSync(join(repoRoot, "rules/examples/zone-qualification/oubei-valves-2013.json"), "utf8");
const example = () => JSON.parse(text);
const codes = (errors) => errors.map((e) => [e.code, e.path]);

test("a value JS throws on while it is read is an error at its path, never an empty group", () => {
  const getter = example();
  Object.defineProperty(getter.quality, "unlicensed_cases", {
    enumerable: true,
    get() {
      throw new Error("form state not ready");
    },
  });
  const v = zq.validate(getter);
  assert.deepEqual(codes(v.errors), [["unsupported_value", "/quality/unlicensed_cases"]]);
  // The exception's own words, in the error's type and both languages' messages.
  assert.match(v.errors[0].params.type, /form state not ready/);
  assert.match(v.errors[0].message.zh, /form state not ready/);
  assert.equal(zq.readsStraight(getter), false);
  assert.throws(() => zq.score(getter), { name: "InvalidSubmissionError", code: "unsupported_value" });
  assert.throws(() => zq.bounds(getter), { name: "InvalidSubmissionError", code: "unsupported_value" });
  assert.equal(JSON.parse(zq.answerJson(getter)).type, "failure");
  // A proxy whose keys cannot be listed: the error is the whole group's.
  for (const trap of ["ownKeys", "getOwnPropertyDescriptor"]) {
    const proxied = example();
    proxied.brands = new Proxy(proxied.brands, { [trap]() { throw new Error(trap); } });
    assert.deepEqual(codes(zq.validate(proxied).errors), [["unsupported_value", "/brands"]], trap);
    assert.throws(() => zq.score(proxied), { code: "unsupported_value", path: "/brands" });
  }
  // An array item or an array's length that throws.
  const item = new Proxy([1, 2], { get(t, k) { if (k === "1") throw new Error("item"); return Reflect.get(t, k); } });
  assert.deepEqual(codes(zq.validateField("/zone/name", item)), [["unsupported_value", "/zone/name/1"]]);
  const length = new Proxy([], { get(t, k) { if (k === "length") throw new Error("length"); return Reflect.get(t, k); } });
  assert.deepEqual(codes(zq.validateField("/zone/name", length)), [["unsupported_value", "/zone/name"]]);
  assert.equal(zq.score(example()).final_score, "91.0");
});
