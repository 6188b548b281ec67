// The package's TypeScript declarations against the answer's JSON Schema
// (rules/schema/answer.schema.json, generated from the Rust types): every object the schema
// defines is an interface with exactly its members, every field-error code is in the
// `FieldCode` union, and every code the module throws has its error type in `ZonescoreError`.
// A member added to the Rust report fails here until the declarations have it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { repoRoot } from "./cases.mjs";

const schema = JSON.parse(readFileSync(join(repoRoot, "rules/schema/answer.schema.json"), "utf8"));
const builds = ["web", "web-full", "node"];
const declarations = Object.fromEntries(
  builds.map((b) => [b, readFileSync(join(repoRoot, "wasm/pkg", b, "types.d.ts"), "utf8")]),
);
const dts = declarations.node;

/** The body of `export interface Name … { … }`: the lines up to its closing brace. */
function interfaceBody(name) {
  const start = dts.search(new RegExp(`^export interface ${name}\\b[^{]*\\{`, "m"));
  assert.notEqual(start, -1, `types.d.ts declares no interface ${name}`);
  const end = dts.indexOf("\n}", start);
  return dts.slice(dts.indexOf("{", start) + 1, end);
}

/** Member names of an interface: the names declared at its first level of indentation. */
function members(name) {
  const body = interfaceBody(name);
  return [...body.matchAll(/^ {2}(?:readonly )?"?([A-Za-z_$][\w$]*)"?\??:/gm)].map((m) => m[1]);
}

/** The string literals of `export type Name = "a" | "b" …;`. */
function literalUnion(name) {
  const match = dts.match(new RegExp(`^export type ${name} =([^;]*);`, "m"));
  assert.ok(match, `types.d.ts declares no type ${name}`);
  return [...match[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}

const objects = Object.entries(schema.$defs).filter(([, def]) => def.properties);

test("the schema's objects are checked here", () => {
  const names = objects.map(([n]) => n);
  for (const name of ["Report", "CriterionResult", "PartResult", "FieldError", "Failure", "Brief"]) {
    assert.ok(names.includes(name), name);
  }
});

for (const [name, def] of objects) {
  test(`interface ${name} has every member of the schema's ${name} and no other`, () => {
    assert.deepEqual(members(name).sort(), Object.keys(def.properties).sort());
  });
}

test("every build has the same declarations", () => {
  for (const b of builds) assert.equal(declarations[b], dts, b);
});

test("FieldError.code is the union of every field-error code the core knows", () => {
  const codes = schema.$defs.FieldCode.oneOf.map((v) => v.const);
  assert.ok(codes.includes("unsupported_value") && codes.includes("too_large"));
  assert.deepEqual(literalUnion("FieldCode"), codes);
  assert.match(interfaceBody("FieldError"), /^ {2}code: FieldCode;/m);
});

test("every code the module throws has its error type in ZonescoreError", () => {
  // The codes given to `error(name, code, …)` or `worded(name, code, …)` in the binding's
  // error module.
  const source = readFileSync(join(repoRoot, "wasm/src/errors.rs"), "utf8");
  const thrown = [...source.matchAll(/(?:error|worded)\("(\w+)", "(\w+)"/g)].map((m) => ({ name: m[1], code: m[2] }));
  assert.ok(thrown.length >= 4, "no thrown codes found in wasm/src/errors.rs");
  const union = dts.match(/^export type ZonescoreError =([^;]*);/m);
  assert.ok(union, "types.d.ts declares no ZonescoreError");
  const types = [...union[1].matchAll(/\w+/g)].map((m) => m[0]);
  const declared = new Map();
  // Errors whose `code` is their first problem's (a diagnostic's or a field error's code).
  const firstProblem = new Set();
  for (const type of types) {
    const head = dts.match(new RegExp(`^export interface ${type} extends (\\w+) \\{`, "m"));
    assert.ok(head, `${type} declares no base class`);
    // One code, or a union of them (`GoalError`: the refusal's code, which the engine gives).
    const code = interfaceBody(type).match(/^ {2}code: ("\w+"(?: \| "\w+")*);/m);
    if (code) {
      for (const [, one] of code[1].matchAll(/"(\w+)"/g)) declared.set(one, head[1]);
    } else {
      assert.match(interfaceBody(type), /^ {2}code: (FieldCode|DiagnosticCode);/m, `${type} declares no code`);
      assert.equal(head[1], "Error", type);
      firstProblem.add(type);
    }
  }
  for (const { name, code } of thrown) {
    if (firstProblem.has(name)) continue;
    assert.ok(declared.has(code), `thrown code \`${code}\` has no error type in ZonescoreError`);
    assert.equal(declared.get(code), name, code);
  }
  // A target error's first problem is always `unknown_target`: declared as such.
  assert.deepEqual([...firstProblem].sort(), ["InvalidSubmissionError", "RulesetError"]);
  assert.equal(declared.get("unknown_target"), "Error");
  // The goal's refusals are core's `GoalRefusal` codes (core/src/boundary/goal.rs).
  const refusals = readFileSync(join(repoRoot, "core/src/boundary/goal.rs"), "utf8");
  const codes = [...refusals.matchAll(/Self::\w+\(_\) => "(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(codes.sort(), ["no_goal", "nothing_to_sum_up"], "GoalRefusal's codes in core/src/boundary/goal.rs");
  for (const one of codes) assert.equal(declared.get(one), "Error", one);
});
