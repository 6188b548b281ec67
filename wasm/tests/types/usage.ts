// Type-checked by `tsc -p tests/types` (never run): the package's declarations describe
// what the API really returns, with the answer types generated from the Rust types.
import init, { listRulesets, Ruleset, scoreJson } from "zonescore";
import initWhatif, { adviseJson, boundsJson, Ruleset as WhatifRuleset } from "zonescore/whatif";
import { goalSummary, goalSummaryJson } from "zonescore/full";
import type {
  Answer, ClauseCoverage, FieldError, Notice, Report, RulesetError, RulesetInfo, InvalidSubmissionError, SubmissionSchema,
  TypedReading, Validation, Bounds, BoundsAnswer, Advice, AdviceAnswer, AdviceOption, Change, BriefAnswer,
  ScoreOptions, ZonescoreError, GoalAnswer, GoalError,
} from "zonescore";

await init();
const rules: Ruleset = Ruleset.bundled("zone-qualification");
const opened: Ruleset = new Ruleset("annual-assessment");
const byDefault: Ruleset = new Ruleset();
const infos: RulesetInfo[] = listRulesets();
const firstTitle: string | undefined = infos[0]?.title.zh;

const report: Report = rules.score({ zone: { name: "瓯北" } });
const score: string = report.final_score;
// @ts-expect-error scores are strings, never JS numbers
const notANumber: number = report.final_score;
const lost: string[] = report.criteria
  .filter((c) => c.applicable && c.status !== "met")
  .map((c) => `${c.title.zh} ${c.points}/${c.max ?? "—"}`);
// @ts-expect-error statuses are a closed set
const status: typeof report.criteria[number]["status"] = "passed";

const fieldErrors: FieldError[] = rules.validateField("/quality/spot_check_pass_rate_pct", 150);
const zh: string | undefined = fieldErrors[0]?.message.zh;
const exactErrors: FieldError[] = JSON.parse(rules.validateFieldJson("/quality/spot_check_pass_rate_pct", "94.99999999999999999999"));
// @ts-expect-error the value is JSON text, not a JS number
rules.validateFieldJson("/quality/spot_check_pass_rate_pct", 95);
const validation: Validation = rules.validate({});
const many: (Report | InvalidSubmissionError)[] = rules.scoreMany([{}, { zone: {} }]);
const more: number = validation.more_errors;

const answer: Answer = JSON.parse(scoreJson("{}", "zone-qualification"));
if (answer.type === "success") {
  const grade: string = answer.grade;
} else {
  const errors: FieldError[] = answer.errors;
}
const bytes: string = rules.scoreJson(new Uint8Array([123, 125]));
const options: ScoreOptions = { detail: "numbers", lang: "zh" };
const numbers: BriefAnswer = JSON.parse(rules.scoreJson("{}", options));
const fromObject: string = rules.answerJson({}, { detail: "reasons" });

// Notices name their field by JSON pointer, or null for the submission as a whole.
const notices: Notice[] = [...report.warnings, ...report.notes];
const at: (string | null)[] = notices.map((n) => n.path);
// @ts-expect-error a notice's path may be null
const pathOnly: string = report.warnings[0]!.path;

// The source document's clauses and their numbering.
const cited: string = rules.clauseLabel("§5.2.3");
const coverage: ClauseCoverage[] = rules.clauseCoverage();
const number: string | null | undefined = coverage[0]?.number;
const citedBy: string[] = coverage.flatMap((c) => c.cited_by.map((x) => `${x.kind} ${x.id}`));
const why: "not_scorable" | "county_duty" | "other_programme" | undefined = coverage[0]?.unscored?.reason;
const clauseTitle: string | undefined = coverage[0]?.title?.zh;

// Typed text read by the engine: the value as JSON text (or null), notes, errors.
const reading: TypedReading = rules.readTyped("/quality/spot_check_pass_rate_pct", "94.6%");
const readValue: string | null | undefined = reading.value;
const readNote: string | undefined = reading.normalised[0]?.zh;
const readErrors: FieldError[] = reading.errors;
// @ts-expect-error the value read is JSON text, never a JS number
const readNumber: number = reading.value;
// @ts-expect-error the text is a string
rules.readTyped("/quality/spot_check_pass_rate_pct", 94.6);

const schema: SubmissionSchema = rules.submissionSchema();
const label: string | undefined = schema.properties?.["zone"]?.["x-title"]?.en;

try {
  rules.score({});
} catch (e) {
  const err = e as InvalidSubmissionError | RulesetError;
  if (err.name === "InvalidSubmissionError") {
    const first: FieldError | undefined = err.errors[0];
    const count: number = err.moreErrors;
    const summary: string = err.summary.zh;
  } else {
    const line: number | undefined = err.errors[0]?.line;
  }
}
// Any error of the package narrows by its code, as by its name.
try {
  rules.validateField("/zone/name", 1);
} catch (e) {
  const err = e as ZonescoreError;
  if (err.code === "invalid_argument") {
    const argument: string = err.argument;
  } else if (err.code === "unknown_target") {
    const target: unknown = err.params["target"];
  }
}
// What-if (the module `zonescore/whatif`): bounds of a half-filled form and advice, scores as
// strings, `null` = no limit.
await initWhatif();
const whatif: WhatifRuleset = WhatifRuleset.bundled(rules.id);
const bounds: Bounds = whatif.bounds({ zone: { name: "瓯北" } });
const highest: string | null = bounds.final_score.max;
// @ts-expect-error a bound may be null (nothing limits it)
const highestText: string = bounds.final_score.max;
const open: "yes" | "no" | "open" | undefined = bounds.vetoes[0]?.holds;
const advice: Advice = whatif.advise({ zone: { name: "瓯北" } }, "A", 3);
const nextGrade: Advice = whatif.advise({});
const option: AdviceOption | undefined = advice.options[0];
const change: Change | undefined = option?.changes[0];
const to: unknown = change?.to;
const boundsAnswer: BoundsAnswer = JSON.parse(whatif.boundsJson(new Uint8Array([123, 125])));
const adviceAnswer: AdviceAnswer = JSON.parse(adviseJson("{}", "zone-qualification", "named"));
if (boundsAnswer.type === "bounds" && adviceAnswer.type === "advice") {
  const grades: string[] = boundsAnswer.grades;
  const reachable: boolean = adviceAnswer.reachable;
}
const plain: string = boundsJson("{}", "zone-qualification") + whatif.adviseJson("{}");
// @ts-expect-error options is a count
whatif.advise({}, "A", "3");
whatif.free();
rules.free();

// The goal over many reports (the full module only): files' text or bytes, or objects.
const goal: GoalAnswer = goalSummary(["{}", new Uint8Array([123, 125]), {}], null, ["a.json", "b.json", "c"]);
const goalMet: boolean = goal.summary.met;
const metIn: number | null = goal.summary.met_in_year;
const skippedCodes: string[] = goal.skipped.map((s) => `${s.source}: ${s.code}`);
const goalText: string = goalSummaryJson(new Set(["{}"]), "zone-qualification");
// @ts-expect-error the names are a list, one per submission
goalSummary(["{}"], null, "a.json");
const noGoal: GoalError["code"] = "no_goal";

export {
  highest, highestText, open, nextGrade, to, plain,
  firstTitle, score, notANumber, lost, status, zh, exactErrors, more, bytes, label, at, pathOnly, cited, number, citedBy,
  why, clauseTitle, readValue, readNote, readErrors, readNumber, goalMet, metIn, skippedCodes, goalText, noGoal,
};
