// Host values the walk cannot read as JSON (throwing getters and proxies, lone surrogates,
// objects that are not plain, exceptions thrown thousands of times, deep or cyclic values,
// functions and symbols, arguments of another type): each is a field error at its path or a
// TypeError, never an empty group scored silently, and the module keeps working.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import vm from "node:vm";
import { Ruleset, goalSummary, scoreJson } from "zonescore";
import { repoRoot } from "./cases.mjs";

const zq = Ruleset.bundled("zone-qualification");
const RATE = "/quality/spot_check_pass_rate_pct";
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
  // Core's error for a value that threw, with the exception's own words in both languages.
  assert.equal(v.errors[0].params.type, "unreadable");
  assert.match(v.errors[0].params.reason, /form state not ready/);
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

test("text with a lone surrogate is invalid_text at its path, never read with U+FFFD", () => {
  const cut = "瓯北阀门示范区😀".slice(0, 8); // a maxlength cut through an emoji: a lone \ud83d
  const value = example();
  value.zone.name = cut;
  assert.deepEqual(codes(zq.validate(value).errors), [["invalid_text", "/zone/name"]]);
  assert.equal(zq.readsStraight(value), false);
  assert.throws(() => zq.score(value), { name: "InvalidSubmissionError", code: "invalid_text", path: "/zone/name" });
  assert.deepEqual(codes(zq.validateField("/zone/name", cut)), [["invalid_text", "/zone/name"]]);
  // A key: the error at the path the key would have, U+FFFD standing for the surrogate.
  const key = example();
  key.zone["name\ud800"] = "x";
  assert.deepEqual(codes(zq.validate(key).errors), [["invalid_text", "/zone/name\ufffd"]]);
  const reading = zq.readTyped("quality.spot_check_pass_rate_pct", "94\udc00");
  assert.equal(reading.value, null);
  assert.deepEqual(codes(reading.errors), [["invalid_text", "/quality/spot_check_pass_rate_pct"]]);
  // A U+FFFD typed as such is text like any other.
  assert.deepEqual(zq.validateField("/zone/name", "瓯北\ufffd"), []);
  // JSON text: JSON.stringify escapes the surrogate, which the engine refuses; raw in the
  // text, it is answered as bytes with invalid UTF-8 are, never read with U+FFFD.
  assert.equal(JSON.parse(zq.scoreJson(JSON.stringify(value))).errors[0].code, "invalid_json");
  const json = text.replace("永嘉瓯北阀门优质产品生产示范区", cut);
  assert.notEqual(json, text);
  assert.equal(JSON.parse(zq.scoreJson(json)).errors[0].code, "invalid_utf8");
  assert.equal(JSON.parse(zq.validateJson(json)).errors[0].code, "invalid_utf8");
  assert.equal(JSON.parse(zq.validateFieldJson("/zone/name", `"${cut}"`))[0].code, "invalid_utf8");
  assert.equal(JSON.parse(zq.adviseJson(json)).type, "failure");
  assert.equal(JSON.parse(zq.boundsJson(json)).type, "failure");
  // String arguments: refused, not read as another name.
  for (const call of [() => zq.validateField("/zone/name\ud800", 1), () => Ruleset.bundled("zone-qualification\ud800"), () => zq.advise(example(), "A\ud800")]) {
    assert.throws(call, (e) => e instanceof TypeError && e.code === "invalid_argument" && /lone surrogate/.test(e.message));
  }
});

test("exceptions thrown by JS during a call never unwind through the module: thousands leave it working", () => {
  // Each JS call that may throw is a catching import: an exception unwinding through wasm
  // leaked its stack, and after about 2000 every call trapped "memory access out of bounds".
  const revoked = () => {
    const r = Proxy.revocable({}, {});
    r.revoke();
    return r.proxy;
  };
  const throwingDone = { [Symbol.iterator]: () => ({ next: () => ({ get done() { throw new Error("done"); } }) }) };
  const throwingValue = { [Symbol.iterator]: () => ({ next: () => ({ done: false, get value() { throw new Error("value"); } }) }) };
  const throwingNext = { [Symbol.iterator]: () => ({ get next() { throw new Error("next"); } }) };
  class Shifty extends Uint8Array {
    get length() { throw new Error("length"); }
  }
  const detached = new Uint8Array(4);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  for (let i = 0; i < 3000; i += 1) {
    assert.equal(zq.validateField("/zone/name", revoked())[0].code, "unsupported_value");
    assert.equal(zq.validate({ zone: revoked() }).errors[0].path, "/zone");
    assert.equal(zq.readsStraight({ zone: revoked() }), false);
    assert.throws(() => zq.scoreMany(throwingDone), { message: "done" });
    assert.throws(() => zq.scoreMany(throwingValue), { message: "value" });
    assert.throws(() => zq.scoreMany(throwingNext), { message: "next" });
  }
  for (let i = 0; i < 500; i += 1) {
    assert.equal(JSON.parse(zq.scoreJson(new Shifty([123, 125]))).type, "failure");
    assert.throws(() => zq.scoreJson(detached), TypeError);
  }
  assert.equal(zq.score(example()).final_score, "91.0");
  assert.deepEqual(zq.scoreMany(new Set([example()])).map((r) => r.final_score), ["91.0"]);
});

test("objects that are not plain (Map, Set, Date, RegExp, buffers, boxed numbers, class instances) are refused by their class", () => {
  const map = example();
  map.brands = new Map(Object.entries(map.brands));
  assert.deepEqual(zq.validate(map).errors.map((e) => [e.code, e.path, e.params.type]), [["unsupported_value", "/brands", "Map"]]);
  assert.equal(zq.readsStraight(map), false);
  assert.throws(() => zq.score(map), { name: "InvalidSubmissionError", code: "unsupported_value", path: "/brands" });
  class Counted {
    constructor() {
      this.value = 3;
    }
  }
  const refused = [
    [new Set([1]), "Set"], [/9/, "RegExp"], [new ArrayBuffer(2), "ArrayBuffer"], [new Uint8Array([1]), "Uint8Array"],
    [new Date(0), "Date"], [new Number(95), "Number"], [new Boolean(true), "Boolean"], [new String("95"), "String"],
    [new Counted(), "Counted"], [Object.create({ value: 1 }), "object with a prototype"],
  ];
  for (const [value, type] of refused) {
    const errors = zq.validateField(RATE, value);
    assert.deepEqual(errors.map((e) => [e.code, e.path, e.params.type]), [["unsupported_value", RATE, type]], type);
    const group = example();
    group.quality = value;
    assert.deepEqual(codes(zq.validate(group).errors), [["unsupported_value", "/quality"]], type);
  }
  // Plain objects from anywhere are read: `Object.create(null)`, another realm, a proxy of one.
  const bare = Object.assign(Object.create(null), example());
  assert.equal(zq.score(bare).final_score, "91.0");
  assert.equal(zq.score(new Proxy(example(), {})).final_score, "91.0");
  assert.equal(zq.score(vm.runInNewContext(`(${text})`)).final_score, "91.0");
});

test("argument errors say what the call takes and what it was given, in both languages", () => {
  const thrown = (f) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof TypeError);
      // Worded as Python's `ArgumentError`: `message` is the English of `summary`.
      assert.deepEqual(Object.keys(e.summary), ["zh", "en"]);
      assert.equal(e.summary.en, e.message);
      assert.match(e.summary.zh, /[\u4e00-\u9fff]/);
      assert.deepEqual(e.errors, []);
      return e;
    }
    assert.fail("no error");
  };
  const message = (f) => {
    const e = thrown(f);
    return `${e.code}: ${e.message}`;
  };
  assert.equal(thrown(() => zq.scoreJson(42)).summary.zh, "应为 JSON 文本（字符串或 Uint8Array），而不是数字 42");
  assert.equal(thrown(() => zq.validateField([1], 1)).summary.zh, "`path` 应为字符串，而不是 `array`");
  assert.equal(thrown(() => zq.scoreJson("{}", { detial: "numbers" })).summary.zh, "`options.detial` 不是选项：选项为 `detail` 和 `lang`");
  assert.equal(thrown(() => zq.validateField("\ud800", 1)).summary.zh, "`path` 含有 UTF-8 无法编码的单个代理项（lone surrogate）");
  // The *Json calls that take a string say so, naming a Uint8Array given to them.
  assert.equal(message(() => zq.validateJson(new Uint8Array([123, 125]))), "not_json_text: expected JSON text as a string, not a `Uint8Array`");
  assert.equal(message(() => zq.adviseJson(new Uint8Array([123, 125]))), "not_json_text: expected JSON text as a string, not a `Uint8Array`");
  assert.equal(message(() => zq.scoreJson(42)), "not_json_text: expected JSON text as a string or a Uint8Array, not the number 42");
  // A count of options out of range is named by its value, with the range allowed.
  for (const [bad, shown] of [[-1, "the number -1"], [1.5, "the number 1.5"], [NaN, "the number NaN"], [2 ** 32, "the number 4294967296"], ["3", "a `string`"]]) {
    assert.equal(message(() => zq.advise(example(), "A", bad)), `invalid_argument: \`options\` should be a whole number of options from 0 to 2^32 − 1 (4294967295), not ${shown}`);
  }
  assert.equal(message(() => zq.validateField([1], 1)), "invalid_argument: `path` should be a string, not an `array`");
});

test("hostile values: deep, cyclic, functions, symbols never crash", () => {
  let deep = {};
  const top = deep;
  for (let i = 0; i < 100_000; i += 1) deep = deep.a = {};
  const v = zq.validate(top);
  assert.ok(v.errors.some((e) => e.code === "too_deep"));
  const cyclic = { zone: {} };
  cyclic.zone.self = cyclic;
  assert.ok(zq.validate(cyclic).errors.some((e) => e.code === "too_deep"));
  const arr = [];
  arr.push(arr);
  assert.equal(zq.validate(arr).valid, false);
  // A function or a symbol is the core's error `unsupported_value` at its path, answered as
  // Python answers its values of no JSON shape: every one listed, in both languages.
  assert.throws(() => zq.score({ zone: { name: () => 1 } }), (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, "InvalidSubmissionError");
    assert.equal(e.code, "unsupported_value");
    assert.equal(e.path, "/zone/name");
    assert.deepEqual(e.params, { type: "function" });
    assert.match(e.errors[0].message.zh, /[\u4e00-\u9fff]/);
    assert.match(e.summary.zh, /[\u4e00-\u9fff]/);
    return true;
  });
  const field = zq.validateField(RATE, Symbol("x"));
  assert.deepEqual(field.map((e) => [e.code, e.path, e.params.type]), [["unsupported_value", RATE, "symbol"]]);
  const odd = { zone: { name: Symbol("n"), town: () => 0 }, quality: { "a/b": [1, () => 2] } };
  const listed = zq.validate(odd);
  assert.equal(listed.valid, false);
  assert.deepEqual(listed.errors.map((e) => e.path), ["/quality/a~1b/1", "/zone/name", "/zone/town"]);
  assert.ok(listed.errors.every((e) => e.code === "unsupported_value"));
  const [item] = zq.scoreMany([odd]);
  assert.equal(item.name, "InvalidSubmissionError");
  assert.deepEqual(item.errors, listed.errors);
  assert.equal(JSON.parse(zq.answerJson(odd)).errors.length, 3);
  // More than a submission can hold is not read further, not looped over: the core answers
  // it with its error, as it answers Python's dict.
  const sparse = [];
  sparse.length = 2 ** 32 - 1;
  const huge = { zone: { name: sparse } };
  const refused = zq.validate(huge);
  assert.equal(refused.valid, false);
  assert.deepEqual(refused.errors.map((x) => [x.code, x.path, x.params.limit]), [["too_large", "", 1 << 20]]);
  // Worded by the core in both languages, as every other error is.
  assert.match(refused.errors[0].message.zh, /超过/);
  assert.throws(() => zq.score(huge), (e) => {
    assert.equal(e.name, "InvalidSubmissionError");
    assert.equal(e.code, "too_large");
    assert.deepEqual(e.errors, refused.errors);
    return true;
  });
  const [big, fine] = zq.scoreMany([huge, {}]);
  assert.equal(big.code, "too_large");
  assert.equal(fine.name, "InvalidSubmissionError");
  assert.deepEqual(zq.validateField("/zone/name", "长".repeat(2_000_000)).map((x) => x.code), ["too_large"]);
  const throwing = { get zone() { throw new Error("getter"); } };
  assert.equal(zq.validate(throwing).valid, false);
  // The ruleset is still usable after all of that.
  assert.deepEqual(zq.validateField(RATE, 95), []);
});

test("string arguments of another type throw a TypeError, and the module keeps working", () => {
  const rules = Ruleset.bundled("zone-qualification");
  const wrong = (f, code) => assert.throws(f, (e) => e instanceof TypeError && e.name === "TypeError" && e.code === code);
  for (const bad of [5, {}, null, undefined, Symbol("s")]) {
    wrong(() => Ruleset.bundled(bad), "invalid_argument");
    wrong(() => rules.validateField(bad, 1), "invalid_argument");
    wrong(() => rules.readTyped(bad, "1"), "invalid_argument");
    wrong(() => rules.readTyped("/quality/spot_check_pass_rate_pct", bad), "invalid_argument");
    wrong(() => rules.clauseLabel(bad), "invalid_argument");
    wrong(() => rules.validateJson(bad), "not_json_text");
    wrong(() => rules.validateFieldJson("/quality/spot_check_pass_rate_pct", bad), "not_json_text");
    // `null` and `undefined` leave the ruleset to the submission's groups.
    if (bad !== null && bad !== undefined) wrong(() => scoreJson("{}", bad), "invalid_argument");
  }
  wrong(() => Ruleset.fromText("{}", 5), "invalid_argument");
  // What was given, in words: `null` as itself, a class with its article.
  const said = (f) => { try { f(); } catch (e) { return e.message; } return ""; };
  assert.match(said(() => Ruleset.bundled(null)), /not `null`$/);
  assert.match(said(() => Ruleset.bundled(new ArrayBuffer(1))), /not an `ArrayBuffer`$/);
  assert.equal(JSON.parse(rules.scoreJson("{}")).type, "failure");
  assert.equal(rules.clauseLabel("§5.2.3"), "§5.2.3（五（二）3）");
  rules.free();
});

test("JSON text past 16 MiB is refused by its length before it is copied; up to it, it is answered", () => {
  const most = 16 * (1 << 20);
  // Over a submission's limit but within what is copied: the failure answer every face gives.
  const answered = JSON.parse(zq.scoreJson(new Uint8Array((1 << 20) + 1).fill(0x20)));
  assert.deepEqual(answered.errors.map((x) => [x.code, x.params.size]), [["too_large", (1 << 20) + 1]]);
  // Past what is copied (a 2 GB buffer would trap the module): a RangeError, bytes or text.
  const past = [
    () => zq.scoreJson(new Uint8Array(most + 1)),
    () => scoreJson(new Uint8Array(most + 1)),
    () => zq.scoreJson(" ".repeat(most + 1)),
    () => zq.validateJson(" ".repeat(most + 1)),
  ];
  for (const call of past) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof RangeError && e.code === "too_large", `${e.name} ${e.code}`);
      assert.equal(e.params.limit, most);
      assert.match(e.summary.zh, /超过本包读入的上限 16 MiB/);
      return true;
    });
  }
  // A file's bytes passed as the whole list (its `[ ]` forgotten) is not one submission a byte.
  for (const call of [() => zq.scoreMany(new Uint8Array([123, 125])), () => goalSummary(new Uint8Array([123, 125]))]) {
    assert.throws(call, (e) => e instanceof TypeError && e.code === "invalid_argument" && e.argument === "submissions");
  }
});
