// Replays one conformance case (tests/conformance/<name>/) against a loaded `zonescore`
// module, in Node or in a browser page: the same code judges both.
//
// A case: case.json (`ruleset` id or `ruleset_file`, optional `object_replay: false` and
// `options` {detail, lang}), submission.json (raw bytes, maybe broken on purpose),
// expected.json (canonical answer and one newline). The answer must be those bytes: from the
// JSON text (`scoreJson`), and, unless object_replay is false, from the parsed object
// (`score`, or `answerJson` when the case has options).

const decoder = new TextDecoder("utf-8");

/** The answer object `score` stands for: the report, or the thrown failure. */
export function answerOf(ruleset, submission) {
  try {
    return { type: "success", ...ruleset.score(submission) };
  } catch (e) {
    // The failure answer is thrown: as the target's error when only the target is refused.
    if (!(e instanceof Error) || (e.name !== "InvalidSubmissionError" && e.name !== "TargetError")) throw e;
    return { type: "failure", ruleset: e.ruleset, errors: e.errors, more_errors: e.moreErrors };
  }
}

/**
 * @param api the module (`Ruleset`, `scoreJson`)
 * @param c {name, case, submission: Uint8Array, expected: string, rulesetText?: string}
 * @returns {name, ok, textOk, objectOk (null when not replayed), unsupported?, detail}
 */
export function replayCase(api, c) {
  const result = { name: c.name, ok: false, textOk: false, objectOk: null, detail: "" };
  let ruleset;
  let text;
  try {
    if (c.case.ruleset_file) {
      // The browser's first download scores the bundled rulesets only: it has no rule compiler.
      if (typeof api.Ruleset.fromText !== "function") {
        result.unsupported = true;
        result.detail = "no Ruleset.fromText in this build";
        return result;
      }
      ruleset = api.Ruleset.fromText(c.rulesetText, c.case.ruleset_file);
      text = ruleset.scoreJson(c.submission, c.case.options);
    } else {
      ruleset = api.Ruleset.bundled(c.case.ruleset);
      text = api.scoreJson(c.submission, c.case.ruleset, c.case.options);
    }
  } catch (e) {
    result.detail = `${e?.name}: ${e?.message}`;
    // The size-optimised browser build reads JSON rule files only.
    result.unsupported = e?.errors?.[0]?.code === "toml_unsupported";
    return result;
  }
  try {
    result.textOk = `${text}\n` === c.expected;
    if (!result.textOk) result.detail = firstDifference(`${text}\n`, c.expected, "scoreJson");
    if (c.case.object_replay !== false) {
      const object = JSON.parse(decoder.decode(c.submission));
      const [fromObject, call] = c.case.options
        ? [`${ruleset.answerJson(object, c.case.options)}\n`, "answerJson"]
        : [`${JSON.stringify(answerOf(ruleset, object))}\n`, "score"];
      result.objectOk = fromObject === c.expected;
      if (!result.objectOk) result.detail += firstDifference(fromObject, c.expected, call);
    }
    result.ok = result.textOk && result.objectOk !== false;
  } catch (e) {
    result.detail += `${e?.name}: ${e?.message}`;
  } finally {
    ruleset.free();
  }
  return result;
}

/** The answer object a what-if call on an object stands for: the answer, or the thrown failure. */
export function whatifOf(ruleset, meta, submission) {
  try {
    if (meta.call === "bounds") return { type: "bounds", ...ruleset.bounds(submission) };
    return { type: "advice", ...ruleset.advise(submission, meta.target, meta.options) };
  } catch (e) {
    // The failure answer is thrown: as the target's error when only the target is refused.
    if (!(e instanceof Error) || (e.name !== "InvalidSubmissionError" && e.name !== "TargetError")) throw e;
    return { type: "failure", ruleset: e.ruleset, errors: e.errors, more_errors: e.moreErrors };
  }
}

/**
 * Replays one what-if case (tests/whatif-cases/<name>/: case.json with `ruleset` id or a JSON `ruleset_file`, `call`
 * `bounds` or `advise`, optional `target` and `options`): the answer must be expected.json's
 * bytes from the JSON text (`boundsJson` of the bytes, `adviseJson` of the text) and from the
 * parsed object (`bounds`, `advise`).
 * @returns {name, ok, textOk, objectOk, unsupported?, detail}
 */
export function replayWhatif(api, c) {
  const result = { name: c.name, ok: false, textOk: false, objectOk: null, detail: "" };
  const meta = c.case;
  let ruleset;
  try {
    if (meta.call !== "bounds" && meta.call !== "advise") throw new Error(`case.json: unknown call ${meta.call}`);
    // A case's own rule file is JSON, which every build with a rule compiler reads; the
    // browser's size-optimised builds score the bundled rulesets only.
    const own = Boolean(meta.ruleset_file);
    if (own && typeof api.Ruleset.fromText !== "function") {
      result.unsupported = true;
      result.detail = "no Ruleset.fromText in this build";
      return result;
    }
    ruleset = own ? api.Ruleset.fromText(c.rulesetText, meta.ruleset_file) : api.Ruleset.bundled(meta.ruleset);
    const text = meta.call === "bounds"
      ? (own ? ruleset.boundsJson(c.submission) : api.boundsJson(c.submission, meta.ruleset))
      : (own
        ? ruleset.adviseJson(decoder.decode(c.submission), meta.target, meta.options)
        : api.adviseJson(decoder.decode(c.submission), meta.ruleset, meta.target, meta.options));
    result.textOk = `${text}\n` === c.expected;
    if (!result.textOk) result.detail = firstDifference(`${text}\n`, c.expected, `${meta.call}Json`);
    const object = JSON.parse(decoder.decode(c.submission));
    const fromObject = `${JSON.stringify(whatifOf(ruleset, meta, object))}\n`;
    result.objectOk = fromObject === c.expected;
    if (!result.objectOk) result.detail += firstDifference(fromObject, c.expected, meta.call);
    result.ok = result.textOk && result.objectOk;
  } catch (e) {
    result.detail += `${e?.name}: ${e?.message}`;
  } finally {
    ruleset?.free();
  }
  return result;
}

/**
 * Replays one goal case (tests/goal-cases/<name>/: case.json with `folder` and optional
 * `ruleset`): the summary must be expected.json's bytes from the files' bytes
 * (`goalSummaryJson`, and the named ruleset's own `goalSummaryJson`) and from the parsed
 * objects (`goalSummary`; a file that is not JSON goes in as its bytes), each file named by
 * its path from the case's folder.
 * @param c {name, case, files: [{name, bytes: Uint8Array}], expected}
 * @returns {name, ok, textOk, objectOk, detail}
 */
export function replayGoal(api, c) {
  const result = { name: c.name, ok: false, textOk: false, objectOk: null, detail: "" };
  const strict = new TextDecoder("utf-8", { fatal: true });
  try {
    const names = c.files.map((f) => f.name);
    const texts = [`${api.goalSummaryJson(c.files.map((f) => f.bytes), c.case.ruleset, names)}\n`];
    if (c.case.ruleset) {
      const ruleset = api.Ruleset.bundled(c.case.ruleset);
      try {
        texts.push(`${ruleset.goalSummaryJson(c.files.map((f) => f.bytes), names)}\n`);
      } finally {
        ruleset.free();
      }
    }
    const wrong = texts.find((text) => text !== c.expected);
    result.textOk = wrong === undefined;
    if (!result.textOk) result.detail = firstDifference(wrong, c.expected, "goalSummaryJson");
    const objects = c.files.map((f) => {
      try {
        return JSON.parse(strict.decode(f.bytes));
      } catch {
        return f.bytes;
      }
    });
    const fromObjects = `${JSON.stringify(api.goalSummary(objects, c.case.ruleset, names))}\n`;
    result.objectOk = fromObjects === c.expected;
    if (!result.objectOk) result.detail += firstDifference(fromObjects, c.expected, "goalSummary");
    result.ok = result.textOk && result.objectOk;
  } catch (e) {
    result.detail += `${e?.name}: ${e?.message}`;
  }
  return result;
}

function firstDifference(got, want, via) {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i += 1;
  const line = got.slice(0, i).split("\n").length;
  return `${via}: differs at line ${line}: got ${JSON.stringify(got.slice(i, i + 60))}, expected ${JSON.stringify(want.slice(i, i + 60))}. `;
}
