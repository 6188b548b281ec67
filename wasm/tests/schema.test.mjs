// The generated JSON Schemas are real JSON Schema: AJV (draft 2020-12) compiles them in
// strict mode, with the engine's `x-` keywords registered as a vocabulary (annotations
// that AJV leaves alone and the form reads), and agrees with the engine on what is valid.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import Ajv2020 from "ajv/dist/2020.js";
import { answerSchema, listRulesets, Ruleset, ruleFormatSchema } from "zonescore";
import { caseNames, casesDir, repoRoot } from "./cases.mjs";

const X_KEYWORDS = ["x-title", "x-help", "x-unit", "x-type", "x-enum-labels", "x-constraints", "x-ruleset"];

function ajv() {
  // strict: unknown keywords and formats are errors, so every `x-` keyword is declared
  // here, and so are the integer formats schemars writes for Rust integer types.
  const a = new Ajv2020({ strict: true, allErrors: true });
  a.addVocabulary(X_KEYWORDS);
  const whole = (min, max) => ({ type: "number", validate: (n) => Number.isInteger(n) && n >= min && n <= max });
  a.addFormat("uint", whole(0, Number.MAX_SAFE_INTEGER));
  a.addFormat("uint8", whole(0, 255));
  a.addFormat("uint32", whole(0, 2 ** 32 - 1));
  a.addFormat("int64", whole(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  a.addFormat("uint64", whole(0, Number.MAX_SAFE_INTEGER));
  return a;
}

/** Examples of a bundled ruleset: rules/examples/<id>/*.json. */
function examplesOf(id) {
  const dir = join(repoRoot, "rules", "examples", id);
  try {
    return readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => join(dir, f));
  } catch {
    return [];
  }
}

for (const { id } of listRulesets()) {
  test(`AJV accepts the submission schema of ${id} and agrees with the engine`, () => {
    const ruleset = Ruleset.bundled(id);
    const schema = ruleset.submissionSchema();
    const used = new Set(JSON.stringify(schema).match(/"x-[a-z-]+"(?=:)/g)?.map((k) => k.slice(1, -1)));
    assert.deepEqual([...used].filter((k) => !X_KEYWORDS.includes(k)), [], "an x- keyword not registered");
    const validate = ajv().compile(schema);
    const files = examplesOf(id);
    for (const file of files) {
      const submission = JSON.parse(readFileSync(file, "utf8"));
      const engine = ruleset.validate(submission);
      const ok = validate(submission);
      // The engine also checks cross-field constraints (x-constraints), which AJV cannot:
      // whatever AJV rejects the engine rejects, at the same JSON pointer.
      if (!ok) {
        assert.equal(engine.valid, false, `${file}: AJV rejects, the engine accepts`);
        const paths = new Set(engine.errors.map((e) => e.path));
        for (const e of validate.errors) {
          const at = e.keyword === "required" ? `${e.instancePath}/${e.params.missingProperty}` : e.instancePath;
          if (e.keyword === "type" || e.keyword === "enum" || e.keyword === "maximum" || e.keyword === "minimum" || e.keyword === "required") {
            assert.ok(paths.has(at) || [...paths].some((p) => p.startsWith(at)), `${file}: AJV ${e.keyword} at ${at}, engine: ${[...paths]}`);
          }
        }
      } else if (!engine.valid) {
        assert.ok(engine.errors.every((e) => ["constraint_violated", "duplicate_key"].includes(e.code)), file);
      }
    }
    // A percentage of 150: both say so, at the same place.
    const bad = files.length > 0 ? JSON.parse(readFileSync(files[0], "utf8")) : {};
    const [group, field] = Object.entries(schema.properties)
      .flatMap(([g, node]) => Object.entries(node.properties ?? {}).map(([f, s]) => [g, f, s]))
      .find(([, , s]) => s["x-type"] === "percent") ?? [];
    if (group) {
      bad[group] = { ...(bad[group] ?? {}), [field]: 150 };
      assert.equal(validate(bad), false);
      assert.ok(validate.errors.some((e) => e.instancePath === `/${group}/${field}` && e.keyword === "maximum"));
      assert.ok(ruleset.validate(bad).errors.some((e) => e.path === `/${group}/${field}` && e.code === "out_of_range"));
    }
    ruleset.free();
  });
}

test("AJV accepts the answer schema, and every conformance answer conforms to it", () => {
  const validate = ajv().compile(answerSchema());
  const names = caseNames();
  assert.ok(names.length > 0);
  for (const name of names) {
    const answer = JSON.parse(readFileSync(join(casesDir, name, "expected.json"), "utf8"));
    assert.ok(validate(answer), `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test("AJV accepts the rule-format schema", () => {
  assert.equal(typeof ajv().compile(ruleFormatSchema()), "function");
});
