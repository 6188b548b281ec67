// The benchmark itself, shared by Node and the browser page: per-call time of
// validateField (one keystroke) and score (the live panel), on the bundled
// examples. Median of several rounds; each round times a loop of many calls.

function perCall(fn, calls, rounds) {
  for (let i = 0; i < Math.min(calls, 200); i += 1) fn(); // warm-up
  const times = [];
  for (let r = 0; r < rounds; r += 1) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i += 1) fn();
    times.push(((performance.now() - t0) * 1000) / calls);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]; // µs per call, median
}

/** @param api the loaded module; @param examples {rulesetId: [{name, text}]} */
/** First call of listRulesets, which compiles every bundled ruleset (then cached): ms. */
export function coldLoad(api) {
  const t0 = performance.now();
  const ids = api.listRulesets().map((r) => r.id);
  return { rulesets: ids, compile_all_ms: performance.now() - t0 };
}

export function runBench(api, examples, { rounds = 7, fieldCalls = 20000, scoreCalls = 1000 } = {}) {
  const rows = [];
  for (const [id, list] of Object.entries(examples)) {
    if (list.length === 0) continue;
    const ruleset = api.Ruleset.bundled(id);
    const schema = ruleset.submissionSchema();
    const [group, field] = Object.entries(schema.properties)
      .flatMap(([g, node]) => Object.entries(node.properties ?? {}).map(([f, s]) => [g, f, s]))
      .find(([, , s]) => s["x-type"] === "percent");
    const pointer = `/${group}/${field}`;
    const objects = list.map((e) => JSON.parse(e.text));
    const texts = list.map((e) => e.text);
    // What scoreJson pays outside the engine for its answer: the glue turns the answer's
    // UTF-8 bytes into a JS string with a TextDecoder made as the glue makes it.
    const answers = texts.map((t) => new TextEncoder().encode(ruleset.scoreJson(t)));
    const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
    let i = 0;
    rows.push({
      ruleset: id,
      examples: list.length,
      validate_field_us: perCall(() => ruleset.validateField(pointer, 95.6), fieldCalls, rounds),
      validate_field_error_us: perCall(() => ruleset.validateField(pointer, 150), fieldCalls, rounds),
      score_submission_us: perCall(() => ruleset.score(objects[i++ % objects.length]), scoreCalls, rounds),
      score_json_us: perCall(() => ruleset.scoreJson(texts[i++ % texts.length]), scoreCalls, rounds),
      answer_bytes: Math.round(answers.reduce((n, a) => n + a.length, 0) / answers.length),
      answer_decode_us: perCall(() => decoder.decode(answers[i++ % answers.length]), scoreCalls, rounds),
      score_json_zh_us: perCall(() => ruleset.scoreJson(texts[i++ % texts.length], { lang: "zh" }), scoreCalls, rounds),
      score_json_numbers_us: perCall(
        () => ruleset.scoreJson(texts[i++ % texts.length], { detail: "numbers" }),
        scoreCalls,
        rounds,
      ),
    });
    ruleset.free();
  }
  return rows;
}
