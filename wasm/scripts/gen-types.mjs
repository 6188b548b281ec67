// Writes pkg/<target>/types.d.ts: the TypeScript types of everything the API returns,
// generated with json-schema-to-typescript from the JSON Schema of the core's Rust types
// (examples/ts_schemas.rs), plus the few declarations the core has no schema for.
// Usage: node scripts/gen-types.mjs <schemas.json> <out-dir>...
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compile } from "json-schema-to-typescript";

const [schemaFile, ...outDirs] = process.argv.slice(2);
if (!schemaFile || outDirs.length === 0) {
  console.error("usage: node scripts/gen-types.mjs <schemas.json> <out-dir>...");
  process.exit(2);
}
const schema = normalise(JSON.parse(readFileSync(schemaFile, "utf8")));

// json-schema-to-typescript reads a `$ref` with siblings (legal in draft 2020-12, and how
// schemars writes a tagged enum's variants and documented fields) as a new anonymous
// type. Rewrite such nodes as `allOf` of the reference and the siblings, and drop the
// annotations beside a bare reference, so every type keeps its one Rust name.
function normalise(node) {
  if (Array.isArray(node)) return node.map(normalise);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = normalise(v);
  if (typeof out.$ref !== "string") return out;
  const { $ref, description, title, default: _default, examples, ...rest } = out;
  if (Object.keys(rest).length === 0) return { $ref };
  return { allOf: [{ $ref }, rest] };
}

const generated = await compile(schema, "ZonescoreTypes", {
  bannerComment: "",
  additionalProperties: false,
  strictIndexSignatures: true,
  format: true,
  unreachableDefinitions: true,
});

// The thrown errors and the submission schema have no Rust JSON Schema (the schema's
// shape is made by the core as JSON); their declarations are written down here.
const handWritten = `
/** Options of \`scoreJson\` and \`answerJson\`: how much the answer explains (default \`full\`) and the languages of its texts (default \`both\`; with one, every \`Text\` carries only that side). An unknown name throws a \`RangeError\` with code \`unknown_option\`; a member of another name (\`detial\`), a value that is not a string and an object that is not plain (an array, a \`Map\`) a \`TypeError\` with code \`invalid_argument\`. */
export interface ScoreOptions {
  detail?: Detail;
  /** \`zh\`, \`en\` or \`both\`, or a language tag of either as a page has it (\`navigator.language\`: \`zh-CN\`, \`en_US\`). */
  lang?: Lang | (string & {});
}

/** One problem of a rule file, located by line and column (\`RulesetError.errors\`). */
export type RuleDiagnostic = Diagnostic;

/** Thrown by \`Ruleset.bundled\`, \`Ruleset.fromText\` and \`scoreJson\` for a rule file that cannot be used. */
export interface RulesetError extends Error {
  name: "RulesetError";
  /** The first diagnostic's code. */
  code: DiagnosticCode;
  /** The first diagnostic's rule path. */
  path: string;
  /** The first diagnostic's message. */
  summary?: Text;
  /** Where the rules came from. */
  origin: string;
  errors: RuleDiagnostic[];
}

/** Thrown by \`score\`, \`bounds\` and \`advise\` for a submission that cannot be answered; returned by \`scoreMany\`. A function or a symbol in the submission is its error \`unsupported_value\`, every one listed. Python's exception has the same name and attributes. */
export interface InvalidSubmissionError extends Error {
  name: "InvalidSubmissionError";
  /** Code of the first field error. */
  code: FieldCode;
  /** JSON pointer of the first field error. */
  path: string;
  /** Params of the first field error. */
  params: { [key: string]: unknown };
  /** The whole failure in one sentence (\`message\` is its English side). */
  summary: Text;
  /** Every field error (the first 100), sorted by path. */
  errors: FieldError[];
  /** How many more errors there were. */
  moreErrors: number;
  ruleset: RulesetRef;
}

/** Thrown by \`advise\` for a target that is neither a grade nor an outcome of the rules. Python's exception has the same name and attributes. */
export interface TargetError extends Error {
  name: "TargetError";
  code: "unknown_target";
  /** Empty: the target is not a field. */
  path: string;
  /** \`target\`: the one given; \`allowed\`: the grade and outcome codes of the rules. */
  params: { [key: string]: unknown };
  /** The error's message (\`message\` is its English side). */
  summary: Text;
  errors: FieldError[];
  /** 0: the target is the only error. */
  moreErrors: number;
  ruleset: RulesetRef;
}

/** Thrown for an answer option with an unknown value (\`{detail: "short"}\`); the core's error, with its message in both languages, is in \`errors\`. */
export interface UnknownOptionError extends RangeError {
  code: "unknown_option";
  /** The error's message (\`message\` is its English side). */
  summary: Text;
  errors: [FieldError];
}

/** Thrown by \`scoreMany\` given more than 100,000 submissions (an array's length is read before any is scored): score them in parts. */
export interface TooManySubmissionsError extends RangeError {
  code: "too_many_submissions";
  argument: "submissions";
  /** The error in both languages (\`message\` is its English side). */
  summary: Text;
  errors: [];
}

/** What \`goalSummary\` returns: the goal summed up, the name of each report summed up (in the order \`summary.repeated[].reports\` numbers them) and the submissions that count for nothing. \`goalSummaryJson\` gives it as the text \`zonescore summary --format json\` prints. */
export interface GoalAnswer {
  summary: GoalSummary;
  sources: string[];
  skipped: Skipped[];
}

/** Thrown by \`goalSummary\` when there is no verdict to give: \`no_goal\` (the ruleset sets no goal over many reports, as \`annual-assessment\`) or \`nothing_to_sum_up\` (no submission was given, or none counts: each is invalid or another ruleset's). Python's exception has the same name and attributes. */
export interface GoalError extends Error {
  name: "GoalError";
  code: "no_goal" | "nothing_to_sum_up";
  /** Why, in both languages (\`message\` is its English side). */
  summary: Text;
  errors: [];
  /** The submissions that count for nothing, and why, as \`GoalAnswer.skipped\` lists them. */
  skipped: Skipped[];
}

/** Thrown when something that should never happen happens (an answer that cannot be written as JSON). */
export interface InternalError extends Error {
  code: "internal";
  /** The error in both languages (\`message\` is its English side). */
  summary: Text;
  errors: [];
}

/** Thrown by \`scoreJson\` for an argument that is neither a string nor a Uint8Array. */
export interface NotJsonTextError extends TypeError {
  code: "not_json_text";
  /** The error in both languages (\`message\` is its English side): what the call takes and what it was given. */
  summary: Text;
  errors: [];
}

/** Thrown for an argument of the wrong kind: a string argument given something else (or a lone surrogate), an options object that is not plain or has a member other than \`detail\` and \`lang\`, a count of options that is not a whole number. */
export interface InvalidArgumentError extends TypeError {
  code: "invalid_argument";
  /** The argument's name: \`id\`, \`path\`, \`target\`, \`options\`, \`options.lang\`, \`options.detial\` (a member of another name)… */
  argument: string;
  /** The error in both languages (\`message\` is its English side), as Python's \`ArgumentError\` words it. */
  summary: Text;
  errors: [];
}

/** Any error thrown by this package. */
export type ZonescoreError =
  | RulesetError
  | InvalidSubmissionError
  | TargetError
  | GoalError
  | UnknownOptionError
  | TooManySubmissionsError
  | NotJsonTextError
  | InvalidArgumentError
  | InternalError;

/** A JSON Schema document. */
export type JsonSchema = { [keyword: string]: unknown };

/** The schema of one submission field or group, as \`submissionSchema()\` gives it. */
export interface SubmissionSchemaNode {
  type?: string | string[];
  /** Title in Chinese; both languages are in \`x-title\`. */
  title?: string;
  description?: string;
  properties?: { [name: string]: SubmissionSchemaNode };
  required?: string[];
  additionalProperties?: boolean;
  enum?: (string | null)[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: string | number | boolean;
  /** Field type of the rule format: text, bool, integer, decimal, percent, amount, count, enum. */
  "x-type"?: string;
  "x-title"?: Text;
  "x-help"?: Text;
  "x-unit"?: Text;
  "x-enum-labels"?: { code: string; label: Text }[];
}

/** The JSON Schema (draft 2020-12) of a ruleset's submissions. */
export interface SubmissionSchema extends SubmissionSchemaNode {
  $schema: string;
  $id: string;
  "x-ruleset": RulesetRef;
  "x-constraints": { id: string; left: string; op: string; right: string }[];
}
`;

const text = `// Generated by scripts/gen-types.mjs from the core's Rust types: do not edit.\n${generated}${handWritten}`;
for (const dir of outDirs) {
  writeFileSync(join(dir, "types.d.ts"), text);
}
