// The JS face of the engine: values in, exact strings out, real Error objects; host values
// it cannot read, hostile ones among them, are host-values.test.mjs's.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import init, { listRulesets, Ruleset, scoreJson, detectRuleset, boundsJson, adviseJson, answerSchema, ruleFormatSchema } from "zonescore";
import { repoRoot } from "./cases.mjs";

await init(); // a no-op in Node, so browser code runs unchanged

const zq = Ruleset.bundled("zone-qualification");
const example = readFileSync(join(repoRoot, "rules/examples/zone-qualification/oubei-valves-2013.json"), "utf8");
const RATE = "/quality/spot_check_pass_rate_pct";

test("bundled rulesets are listed with id, version, bilingual title and digest", () => {
  const list = listRulesets();
  assert.deepEqual(list.map((r) => r.id), ["zone-qualification", "annual-assessment"]);
  for (const r of list) {
    assert.match(r.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(typeof r.title.zh, "string");
    assert.equal(typeof r.title.en, "string");
  }
  assert.equal(zq.id, "zone-qualification");
  assert.equal(zq.digest, list[0].digest);
  assert.deepEqual(zq.info(), list[0]);
});

test("score gives the report with every score as a string", () => {
  const report = zq.score(JSON.parse(example));
  assert.equal(typeof report.final_score, "string");
  assert.match(report.final_score, /^\d+\.\d$/);
  for (const key of ["earned", "applicable_max", "base", "bonus", "bonus_counted", "unrounded"]) {
    assert.equal(typeof report[key], "string", key);
  }
  for (const c of report.criteria) assert.equal(typeof c.points, "string");
  // The object path and the JSON-text path agree; a report carries no answer `type`.
  assert.equal("type" in report, false);
  assert.deepEqual({ type: "success", ...report }, JSON.parse(scoreJson(example, "zone-qualification")));
});

test("numbers cross as their shortest text: 0.1 is the decimal 0.1", () => {
  const submission = JSON.parse(example);
  submission.quality.spot_check_pass_rate_pct = 0.1 + 0.2; // 0.30000000000000004 in binary
  const field = zq.score(submission).criteria.flatMap((c) => c.parts).map((p) => p.value);
  assert.ok(field.includes("0.30000000000000004"), "the double's own shortest text goes in, not a rounded one");
  assert.deepEqual(zq.validateField(RATE, 0.1), []);
  // A bigint goes in as its decimal digits; beyond 28 digits is the engine's out_of_range.
  assert.deepEqual(zq.validateField("/quality/above_scale_firms", 12345678901234567890n), []);
  const [big] = zq.validateField("/quality/above_scale_firms", 12345678901234567890123456789n);
  assert.equal(big.code, "out_of_range");
  assert.equal(big.params.max_digits, 28);
});

test("validateField answers one field as it is typed, in Chinese and English", () => {
  assert.deepEqual(zq.validateField(RATE, 95.6), []);
  const [e] = zq.validateField(RATE, 150);
  assert.equal(e.code, "out_of_range");
  assert.equal(e.path, RATE);
  assert.deepEqual(e.params, { value: "150", min: "0", max: "100" });
  assert.match(e.message.zh, /0 到 100/);
  assert.match(e.message.en, /from 0 to 100/);
  // A note, and a group as far as it is filled in.
  assert.deepEqual(zq.validateField("meta.notes", "补充说明"), []);
  const standards = zq.validateField("quality.standards_led", { national: -1 });
  assert.deepEqual(standards.map((s) => [s.path, s.code]), [["/quality/standards_led/national", "out_of_range"]]);
  // A dotted path is the same field, as in Python; the error names it by its pointer.
  assert.deepEqual(zq.validateField("quality.spot_check_pass_rate_pct", 150), [e]);
  assert.equal(zq.validateField(RATE, "95")[0].code, "wrong_type");
  assert.equal(zq.validateField(RATE, NaN)[0].code, "not_finite");
  assert.equal(zq.validateField(RATE, Infinity)[0].code, "not_finite");
  assert.equal(zq.validateField("/zone/name", null)[0].code, "required");
  assert.equal(zq.validateField("/quality/spot_check_pass_rte_pct", 1)[0].code, "unknown_field");
});

test("validate lists every error at once, form-shaped", () => {
  const v = zq.validate({ zone: { name: "", industry: "阀门" }, quality: { spot_check_pass_rate_pct: 150 } });
  assert.equal(v.valid, false);
  const codes = new Map(v.errors.map((e) => [e.path, e.code]));
  assert.equal(codes.get("/zone/name"), "too_short");
  assert.equal(codes.get("/zone/industry"), "unknown_enum_value");
  assert.equal(codes.get(RATE), "out_of_range");
  assert.equal(codes.get("/zone/town"), "required");
  for (const e of v.errors) assert.deepEqual(Object.keys(e), ["code", "path", "params", "message"]);
  assert.deepEqual(zq.validate(JSON.parse(example)), { valid: true, errors: [], more_errors: 0 });
});

test("undefined members are missing, as in JSON", () => {
  const submission = JSON.parse(example);
  submission.quality.spot_check_pass_rate_pct = undefined;
  const report = zq.score(submission);
  assert.ok(report.criteria.some((c) => c.missing.includes(RATE)));
});

test("an invalid submission throws an InvalidSubmissionError with the first error and all of them", () => {
  assert.throws(() => zq.score({ zone: { name: 1 } }), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, "InvalidSubmissionError");
    assert.equal(e.code, e.errors[0].code);
    assert.equal(e.path, e.errors[0].path);
    assert.deepEqual(e.params, e.errors[0].params);
    assert.equal(e.message, e.summary.en);
    assert.ok(e.summary.en.startsWith("invalid submission for `zone-qualification`"));
    assert.ok(e.summary.zh.includes("提交内容无效"));
    assert.ok(e.errors.some((x) => x.path === "/zone/name" && x.code === "wrong_type"));
    assert.equal(e.moreErrors, 0);
    assert.equal(e.ruleset.id, "zone-qualification");
    return true;
  });
});

test("scoreMany gives each report or the error it would throw, in order", () => {
  const answers = zq.scoreMany([JSON.parse(example), { zone: { name: 1 } }]);
  assert.equal(answers.length, 2);
  assert.deepEqual(answers[0], zq.score(JSON.parse(example)));
  assert.ok(answers[1] instanceof Error && answers[1].name === "InvalidSubmissionError");
  assert.throws(() => zq.scoreMany(3), (e) => e.name === "TypeError" && e.code === "invalid_argument");
  // A Map's entries are [key, value] pairs, not submissions: refused, naming what it was.
  const keyed = new Map([["瓯北", JSON.parse(example)]]);
  assert.throws(() => zq.scoreMany(keyed), (e) => e.code === "invalid_argument" && /not a `Map`/.test(e.message));
  assert.deepEqual(zq.scoreMany(keyed.values())[0], answers[0]);
  // A sparse array of 2³² − 1 holes is refused before any is scored; an endless iterator
  // once it passes the limit.
  const tooMany = (e) => e.code === "too_many_submissions" && e instanceof RangeError && e.summary.zh.startsWith("`submissions` 多于 100000");
  assert.throws(() => zq.scoreMany(Object.assign([], { length: 2 ** 32 - 1 })), tooMany);
  const endless = { *[Symbol.iterator]() { for (;;) yield null; } };
  assert.throws(() => zq.scoreMany(endless), tooMany);
});

test("an object's text counts its UTF-8 bytes, as Python counts a dict's", () => {
  // 400,000 characters of Chinese: 1.2 MB of UTF-8, over the largest submission.
  const o = JSON.parse(example);
  o.meta.notes = "长".repeat(400_000);
  assert.throws(() => zq.score(o), (e) => e.name === "InvalidSubmissionError" && e.code === "too_large");
  o.meta.notes = "长".repeat(300_000);
  assert.equal(zq.score(o).final_score, zq.score(JSON.parse(example)).final_score);
});

test("new Ruleset(id) opens a bundled ruleset, as Python's Ruleset(id) does", () => {
  const opened = new Ruleset("annual-assessment");
  assert.ok(opened instanceof Ruleset);
  assert.equal(opened.id, "annual-assessment");
  // Without an id, the default bundled ruleset; the same answers as Ruleset.bundled's.
  const byDefault = new Ruleset();
  assert.equal(byDefault.id, "zone-qualification");
  assert.equal(byDefault.scoreJson(example), zq.scoreJson(example));
  assert.equal(new Ruleset(undefined).id, "zone-qualification");
  assert.throws(() => new Ruleset("nope"), { name: "RulesetError", code: "unknown_ruleset" });
  assert.throws(() => new Ruleset(42), (e) => e.name === "TypeError" && e.code === "invalid_argument");
  opened.free();
  byDefault.free();
});

test("rule-file problems throw a RulesetError listing every diagnostic with line and column", () => {
  assert.throws(() => Ruleset.bundled("nope"), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, "RulesetError");
    assert.equal(e.code, "unknown_ruleset");
    assert.equal(e.errors[0].code, "unknown_ruleset");
    assert.deepEqual(e.summary, e.errors[0].message);
    return true;
  });
  assert.throws(() => scoreJson("{}", "nope"), { name: "RulesetError", code: "unknown_ruleset" });
  assert.throws(() => Ruleset.fromText("format_version = 1\n[ruleset]\nid = 3\n", "broken.toml"), (e) => {
    assert.equal(e.code, e.errors[0].code);
    assert.equal(e.origin, "broken.toml");
    assert.ok(e.errors.length > 0);
    assert.equal(typeof e.errors[0].line, "number");
    return true;
  });
});

test("without a ruleset id, the submission names its bundled ruleset, as in every face", () => {
  const town = readFileSync(join(repoRoot, "rules/examples/annual-assessment/huangtian-2015.json"), "utf8");
  assert.equal(detectRuleset(town), "annual-assessment");
  assert.equal(detectRuleset(new TextEncoder().encode(example)), "zone-qualification");
  assert.equal(detectRuleset("{}"), undefined);
  assert.equal(detectRuleset("[not json"), undefined);
  assert.throws(() => detectRuleset(42), { code: "not_json_text" });
  assert.equal(scoreJson(town), scoreJson(town, "annual-assessment"));
  assert.equal(scoreJson(town, undefined, { detail: "numbers" }), scoreJson(town, "annual-assessment", { detail: "numbers" }));
  assert.equal(scoreJson(example, null), scoreJson(example, "zone-qualification"));
  // What names no ruleset, or is not JSON, gets the default ruleset's failure answer.
  const broken = JSON.parse(scoreJson("[not json"));
  assert.equal(broken.type, "failure");
  assert.equal(broken.ruleset.id, "zone-qualification");
  assert.equal(boundsJson(town), boundsJson(town, "annual-assessment"));
  assert.equal(adviseJson(town), adviseJson(town, "annual-assessment"));
  // A ruleset given is used even when the submission names another.
  assert.equal(JSON.parse(scoreJson(town, "zone-qualification")).ruleset.id, "zone-qualification");
});

test("a TOML rule file compiles to the bundled ruleset's very digest", () => {
  const text = readFileSync(join(repoRoot, "rules/zone-qualification.toml"), "utf8");
  const r = Ruleset.fromText(text, "zone-qualification.toml");
  assert.equal(r.digest, zq.digest);
  assert.equal(r.scoreJson(example), scoreJson(example, "zone-qualification"));
  r.free();
});

test("an expression as tall as its length allows is refused, and the module goes on", () => {
  // `1+1+…` stands a level a term: 2,048 terms overflowed the module's stack, and broke it.
  const custom = readFileSync(join(repoRoot, "tests/conformance/custom-ruleset/ruleset.toml"), "utf8");
  const withChain = (terms) =>
    custom.replace(
      '[[fields]]\npath = "firm.points"',
      `[[derived]]\nid = "tall"\nexpr = "${Array(terms).fill("1").join("+")}"\nlabel = { zh = "高", en = "Tall" }\n\n[[fields]]\npath = "firm.points"`,
    );
  for (const terms of [129, 2048]) {
    assert.throws(() => Ruleset.fromText(withChain(terms), "tall.toml"), (e) => {
      assert.equal(e.code, "expr_too_deep");
      assert.match(e.errors[0].message.en, /more than 128 operations/);
      assert.equal(e.errors[0].path, "derived[1].expr");
      return true;
    });
  }
  const tallest = Ruleset.fromText(withChain(128), "tall.toml");
  assert.equal(JSON.parse(tallest.scoreJson(readFileSync(join(repoRoot, "tests/conformance/custom-ruleset/submission.json"), "utf8"))).type, "success");
  tallest.free();
  assert.equal(JSON.parse(zq.scoreJson(example)).type, "success");
});

test("validateFieldJson reads the value from JSON text: every digit counts", () => {
  const own = (pointer, json) => JSON.parse(zq.validateFieldJson(pointer, json));
  // What validateField answers for the same value, when a JS value can carry it.
  for (const [json, value] of [["95.6", 95.6], ["150", 150], ["true", true], ['"95"', "95"], ["null", null]]) {
    assert.deepEqual(own(RATE, json), zq.validateField(RATE, value), json);
  }
  assert.deepEqual(own("/zone/name", '"瓯北"'), []);
  assert.equal(own("/quality/no_such_field", "1")[0].code, "unknown_field");
  // 22 significant digits: as a JS number it is 100, in range; as text it is above 100.
  const over = "100.00000000000000000001";
  assert.deepEqual(zq.validateField(RATE, Number(over)), []);
  const [e] = own(RATE, over);
  assert.equal(e.code, "out_of_range");
  assert.equal(e.params.value, over);
  // 29 significant digits: the engine's limit, not a rounded double.
  assert.equal(own(RATE, "1.0000000000000000000000000001")[0].params.max_digits, 28);
  // Text that is not one JSON value: the error validateJson gives the same text.
  // Text that is not one JSON value: the error validateJson gives the same text, at the field.
  for (const text of ["95.", "[1,", "abc"]) {
    const whole = JSON.parse(zq.validateJson(text)).errors.map((e) => ({ ...e, path: RATE + e.path }));
    assert.deepEqual(own(RATE, text), whole, JSON.stringify(text));
  }
  assert.equal(own(RATE, "95.")[0].code, "invalid_json");
  assert.equal(own("quality.spot_check_pass_rate_pct", "95.")[0].path, RATE);
  // Nothing typed yet is no error, as readTyped answers empty text; a path naming no field
  // is still one.
  for (const text of ["", "  "]) assert.deepEqual(own(RATE, text), [], JSON.stringify(text));
  assert.deepEqual(zq.readTyped(RATE, "").errors, []);
  assert.deepEqual(zq.validateField(RATE, undefined), []);
  assert.deepEqual(zq.validateField("/zone/name", undefined), []);
  assert.deepEqual(zq.validateField("/quality", undefined), []);
  assert.equal(zq.validateField("/quality/no_such_field", undefined)[0].code, "unknown_field");
  assert.equal(own("/quality/no_such_field", "")[0].code, "unknown_field");
  // null is a value: a required field's `required`.
  assert.equal(zq.validateField("/zone/name", null)[0].code, "required");
});

test("scoreJson takes text or bytes and answers failures as data", () => {
  const bytes = new TextEncoder().encode(example);
  assert.equal(scoreJson(bytes, "zone-qualification"), scoreJson(example, "zone-qualification"));
  const broken = JSON.parse(scoreJson(new Uint8Array([0x7b, 0xff, 0x7d]), "zone-qualification"));
  assert.equal(broken.type, "failure");
  // Word for word what Python's score_json answers for the same bytes
  // (python/tests/test_json_bytes.py checks the same error).
  assert.deepEqual(broken.errors, [{
    code: "invalid_utf8",
    path: "",
    params: { offset: 1 },
    message: {
      zh: "不是有效的 UTF-8 文本（第 1 字节）：请改用 UTF-8 编码（GBK、UTF-16 等编码不能读取）",
      en: "not valid UTF-8 text (at byte 1): use the UTF-8 encoding (GBK, UTF-16 and others cannot be read)",
    },
  }]);
  assert.equal(JSON.parse(scoreJson("[", "zone-qualification")).errors[0].code, "invalid_json");
  assert.throws(() => scoreJson(42, "zone-qualification"), { code: "not_json_text" });
});

test("scoreJson and answerJson take {detail, lang}: the engine's options, checked", () => {
  const full = JSON.parse(zq.scoreJson(example));
  const numbers = JSON.parse(zq.scoreJson(example, { detail: "numbers" }));
  assert.equal(numbers.detail, "numbers");
  assert.equal(numbers.final_score, full.final_score);
  assert.deepEqual(numbers.criteria.map((c) => c.status), full.criteria.map((c) => c.status));
  assert.equal(numbers.criteria[0].title, undefined);
  // The same bytes from the text, the bundled function, and the object.
  const reasons = { detail: "reasons", lang: "en" };
  const text = zq.scoreJson(example, reasons);
  assert.equal(scoreJson(example, "zone-qualification", reasons), text);
  assert.equal(zq.answerJson(JSON.parse(example), reasons), text);
  assert.ok(JSON.parse(text).criteria.every((c) => c.parts.every((p) => typeof p.reason.code === "string")));
  const zh = JSON.parse(zq.answerJson(JSON.parse(example), { lang: "zh" }));
  assert.deepEqual(zh.grade_label, { zh: "优秀" });
  // A page passes navigator.language as it is: a tag names its language.
  assert.equal(zq.scoreJson(example, { lang: "zh-CN" }), zq.scoreJson(example, { lang: "zh" }));
  assert.equal(zq.scoreJson(example, { lang: "en-US" }), zq.scoreJson(example, { lang: "en" }));
  // Absent, undefined or null options are the defaults.
  assert.equal(zq.scoreJson(example, undefined), zq.scoreJson(example));
  assert.equal(zq.scoreJson(example, null), zq.scoreJson(example));
  assert.equal(zq.scoreJson(example, {}), zq.scoreJson(example));
  // An unknown name is a RangeError with the engine's error; a wrong kind a TypeError.
  assert.throws(() => zq.scoreJson(example, { detail: "short" }), (e) => {
    assert.equal(e.name, "RangeError");
    assert.equal(e.code, "unknown_option");
    assert.deepEqual(e.errors[0].params.allowed, ["numbers", "reasons", "full"]);
    assert.deepEqual([e.summary, e.message], [e.errors[0].message, e.errors[0].message.en]);
    assert.ok(e.summary.zh.length > 0);
    return true;
  });
  assert.throws(() => zq.answerJson({}, { lang: 1 }), (e) => e.name === "TypeError" && e.code === "invalid_argument");
  assert.throws(() => zq.scoreJson(example, "numbers"), (e) => e.name === "TypeError");
  // Never passed over for the defaults: a misspelt member, an object that is not plain, a
  // value with a lone surrogate; a getter's exception is thrown on.
  const argument = (name) => (e) => e.name === "TypeError" && e.code === "invalid_argument" && e.argument === name;
  assert.throws(() => zq.scoreJson(example, { detial: "numbers" }), argument("options.detial"));
  for (const odd of [["numbers"], new Map([["detail", "numbers"]]), new Date()]) {
    assert.throws(() => zq.scoreJson(example, odd), argument("options"));
  }
  assert.throws(() => zq.scoreJson(example, { lang: "zh\ud800" }), argument("options.lang"));
  const boom = new Error("boom");
  assert.throws(() => zq.scoreJson(example, { get detail() { throw boom; } }), (e) => e === boom);
  // The module keeps working.
  assert.equal(zq.scoreJson(example), JSON.stringify(full));
});

test("the submission schema carries zh/en titles, units and enum labels", () => {
  const s = zq.submissionSchema();
  assert.equal(s.$schema, "https://json-schema.org/draft/2020-12/schema");
  const rate = s.properties.quality.properties.spot_check_pass_rate_pct;
  assert.equal(typeof rate["x-title"].zh, "string");
  assert.equal(typeof rate["x-title"].en, "string");
  assert.equal(rate.maximum, 100);
  const industry = s.properties.zone.properties.industry;
  assert.ok(industry["x-enum-labels"].every((v) => v.label.zh && v.label.en));
});

test("the full build exports the answer and rule-format schemas", () => {
  assert.equal(answerSchema().anyOf.length, 2); // the full answer, or a shorter one (detail)
  assert.equal(typeof ruleFormatSchema(), "object");
});

test("clauseLabel and clauseCoverage give the source document's own numbering", () => {
  assert.equal(zq.clauseLabel("§5.2.3"), "§5.2.3（五（二）3）");
  assert.equal(zq.clauseLabel("§99"), "§99"); // not a clause of the document: the ID alone
  const coverage = zq.clauseCoverage();
  assert.equal(coverage[0].id, "§1");
  assert.deepEqual(coverage[0].title, { zh: "指导思想", en: "Guiding ideology" });
  const byId = new Map(coverage.map((c) => [c.id, c]));
  assert.equal(byId.size, coverage.length);
  for (const c of coverage) {
    assert.deepEqual(Object.keys(c), ["id", "number", "title", "cited_by", "unscored"]);
    assert.equal(zq.clauseLabel(c.id), `${c.id}（${c.number}）`);
    // Every clause is accounted for: cited by a rule, or unscored with a reason.
    assert.notEqual(c.cited_by.length > 0, c.unscored !== null, c.id);
  }
  const report = zq.score(JSON.parse(example));
  for (const criterion of report.criteria) {
    for (const clause of criterion.clause) {
      assert.ok(byId.get(clause).cited_by.some((x) => x.kind === "criterion" && x.id === criterion.id), clause);
    }
  }
  // A rule file without an outline of its document: the clauses its rules cite, unnumbered.
  const custom = Ruleset.fromText(readFileSync(join(repoRoot, "tests/conformance/custom-ruleset/ruleset.toml"), "utf8"), "ruleset.toml");
  assert.ok(custom.clauseCoverage().every((c) => c.number === null && c.cited_by.length > 0));
  assert.equal(custom.clauseLabel("§1"), "§1");
  custom.free();
});

test("notices carry the JSON pointer of the field or group they are about", () => {
  const text = readFileSync(join(repoRoot, "tests/conformance/zq-usual-mistakes/submission.json"), "utf8");
  const report = zq.score(JSON.parse(text));
  const warnings = new Map(report.warnings.map((w) => [w.code, w]));
  assert.equal(warnings.get("percent_as_fraction").path, RATE);
  assert.match(warnings.get("percent_as_fraction").message.zh, /^「监督抽查合格率（本年度）」填写为0\.946，应填百分数/);
  assert.equal(warnings.get("vetoes_not_reported").path, "/integrity");
  assert.deepEqual(report.notes.map((n) => n.path), [null]);
  assert.deepEqual(report.warnings, JSON.parse(zq.scoreJson(text)).warnings);
});

test("readTyped reads text as people type it, exactly, and says what it changed or what to change", () => {
  const read = (pointer, text) => zq.readTyped(pointer, text);
  // The value as JSON text, never through a JS number.
  assert.deepEqual(read(RATE, "94.99999999999999999999%"), {
    value: "94.99999999999999999999",
    normalised: [{ zh: "已去掉单位「%」", en: "unit “%” removed" }],
    errors: [],
  });
  assert.equal(read(RATE, "９４.６").value, "94.6");
  assert.equal(read("/zone/assessment_year", "2013年").value, "2013");
  assert.equal(read("/industry/output_10k_cny", "1,180,000").value, "1180000");
  assert.equal(read("/industry/output_10k_cny", "52000万元").value, "52000");
  assert.equal(read("/zone/industry", "阀门").value, '"valves"');
  assert.equal(read("/organization/leading_group", "是").value, "true");
  assert.equal(read("/zone/name", " 瓯北 ").value, '"瓯北"');
  // Empty: the field is left out, nothing to say.
  assert.deepEqual(read(RATE, "  "), { value: null, normalised: [], errors: [] });
  // Unreadable: no value, a message that says what to change.
  const bad = read(RATE, "九十四点六");
  assert.equal(bad.value, null);
  assert.deepEqual(bad.errors.map((e) => [e.code, e.path]), [["unreadable_text", RATE]]);
  assert.match(bad.errors[0].message.zh, /^无法读取「九十四点六」/);
  // Read, but outside the field's declaration: the value and the engine's own error.
  const high = read(RATE, "150%");
  assert.equal(high.value, "150");
  assert.deepEqual(high.errors.map((e) => e.code), ["out_of_range"]);
  // An unknown pointer is the engine's unknown_field.
  assert.deepEqual(read("/zone/nmae", "x").errors.map((e) => e.code), ["unknown_field"]);
  // The binding gives the core's answer as it is: the same as its JSON twin would.
  for (const [pointer, text] of [[RATE, "94.6%"], ["/zone/industry", "铜"], ["/zone/assessment_year", "2013年度"]]) {
    const reading = read(pointer, text);
    assert.deepEqual(Object.keys(reading), ["value", "normalised", "errors"]);
    if (reading.value !== null) assert.deepEqual(zq.validateFieldJson(pointer, reading.value), JSON.stringify(reading.errors));
  }
});

// The example, then each field in turn left out, null, text of spaces, a bool and numbers
// of every shape `String(n)` writes, and each group null, a list and with an unknown key.
function* variants(base) {
  yield base;
  for (const [group, fields] of Object.entries(base)) {
    if (fields === null || typeof fields !== "object") continue;
    for (const value of [null, [1], { unknown: 1 }]) yield { ...base, [group]: value };
    for (const key of Object.keys(fields)) {
      for (const value of [null, "   ", true, 7, 7.25, -0, 1e-7, 1e21, 0.1 + 0.2, undefined]) {
        yield { ...base, [group]: { ...fields, [key]: value } };
      }
    }
  }
}

test("a submission object gets the answer of its JSON text, read straight or through a tree", () => {
  // A plainly valid object is read straight into the engine's record, anything else into a
  // tree: both answer as the object's JSON text does.
  for (const id of ["zone-qualification", "annual-assessment"]) {
    const rules = Ruleset.bundled(id);
    const dir = join(repoRoot, "rules/examples", id);
    const name = id === "zone-qualification" ? "oubei-valves-2013.json" : "huangtian-2015.json";
    const example = JSON.parse(readFileSync(join(dir, name), "utf8"));
    let scored = 0;
    const paths = { straight: 0, tree: 0 };
    for (const v of variants(example)) {
      const text = JSON.parse(scoreJson(JSON.stringify(v), id));
      paths[rules.readsStraight(v) ? "straight" : "tree"] += 1;
      let answer;
      try {
        answer = { type: "success", ...rules.score(v) };
        scored += 1;
      } catch (e) {
        answer = { type: "failure", errors: e.errors };
      }
      if (text.type === "success") assert.deepEqual(answer, text, JSON.stringify(v));
      else assert.deepEqual(answer, { type: "failure", errors: text.errors }, JSON.stringify(v));
    }
    assert.ok(scored > 100, `${id}: ${scored} scored`);
    // Both paths ran: the example itself and most of its variants straight, an unknown key
    // or a value its field refuses through the tree.
    assert.ok(rules.readsStraight(example), `${id}: the example is not read straight`);
    assert.ok(!rules.readsStraight({ ...example, unknown_group: 1 }), `${id}: an unknown key is read straight`);
    assert.ok(paths.straight > 100 && paths.tree > 50, `${id}: ${JSON.stringify(paths)}`);
  }
});
