// The demo form: a town official fills in a zone's figures; every field is checked as it
// is typed (validateFieldJson), the panel shows the live score (scoreJson), and the
// answer's warnings show at the field they are about. Values go to the engine as JSON
// text, numbers with every digit typed. All checking and scoring is the zonescore engine,
// compiled to WebAssembly.
import init, { Ruleset, listRulesets } from "../pkg/web/zonescore.js";
import {
  nodeAt, parseExact, readControl, renderForm, showErrors, showNotices, submissionOf, toJson, tr, valueAt,
  writeControl,
} from "./form.js";
import { renderPanel } from "./panel.js";

const UI = {
  zh: { title: "优质产品生产示范区评分", ruleset: "规则集", example: "示例", fill: "填入示例", clear: "清空", other: "English" },
  en: { title: "Quality-product demonstration zone scoring", ruleset: "Ruleset", example: "Example", fill: "Fill example", clear: "Clear", other: "中文" },
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh",
  ruleset: null,
  schema: null,
  fields: new Map(), // pointer → {control, error, row, type}
  notices: new Map(), // pointer of a field or group → the slot for its notices
  values: new Map(), // pointer → value: NumberText, string, boolean (undefined = missing)
  touched: new Set(),
  examples: {},
};

/** A field's own errors, its value read from JSON text so no typed digit is lost. */
function ownErrors(pointer) {
  return JSON.parse(state.ruleset.validateFieldJson(pointer, toJson(state.values.get(pointer))));
}

/** Errors of one field: its own and cross-field ones from the whole. */
function fieldErrors(pointer, whole) {
  const cross = whole.filter((e) => e.path === pointer && e.code === "constraint_violated");
  return [...ownErrors(pointer), ...cross];
}

function refresh() {
  // The whole form as JSON text, checked and scored as the engine reads a file.
  const text = toJson(submissionOf(state.values));
  const validation = JSON.parse(state.ruleset.validateJson(text));
  for (const pointer of state.touched) {
    const field = state.fields.get(pointer);
    if (field) showErrors(field, fieldErrors(pointer, validation.errors), state.lang);
  }
  const answer = JSON.parse(state.ruleset.scoreJson(text));
  showNotices(state.notices, answer, state.lang);
  const labels = new Map([...state.notices.keys()].map((p) => [p, labelOf(p)]));
  // Chinese cites clauses with the source document's own numbering, as the ruleset gives it.
  const rules = state.ruleset;
  const clauseLabel = state.lang === "zh" ? (id) => rules.clauseLabel(id) : (id) => id;
  renderPanel($("panel"), answer, state.lang, labels, clauseLabel);
}

/** The label of a field or group in the current language. */
function labelOf(pointer) {
  return tr(nodeAt(state.schema, pointer)?.["x-title"], state.lang) || pointer;
}

function onInput(event) {
  const pointer = event.target.dataset.path;
  const field = state.fields.get(pointer);
  if (!field) return;
  state.values.set(pointer, readControl(field.control, field.type));
  state.touched.add(pointer);
  // The field's own check first, so its message shows at once.
  showErrors(field, ownErrors(pointer), state.lang);
  refresh();
}

function render() {
  const t = UI[state.lang];
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  $("title").textContent = `${t.title} · ${tr(state.schema["x-title"], state.lang)}`;
  document.title = `${t.title} · zonescore`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t[node.dataset.i18n];
  $("lang").textContent = t.other;
  for (const o of $("ruleset").options) o.textContent = tr(JSON.parse(o.dataset.title), state.lang);
  ({ fields: state.fields, notices: state.notices } = renderForm($("form"), state.schema, state.lang));
  for (const [pointer, field] of state.fields) writeControl(field.control, state.values.get(pointer));
  refresh();
}

function loadRuleset(id) {
  state.ruleset?.free();
  state.ruleset = Ruleset.bundled(id);
  state.schema = state.ruleset.submissionSchema();
  state.values = new Map();
  state.touched = new Set();
  const select = $("example");
  select.replaceChildren();
  for (const ex of state.examples[id] ?? []) {
    const o = document.createElement("option");
    o.value = ex.name;
    o.textContent = ex.name;
    select.append(o);
  }
  $("fill").disabled = select.options.length === 0;
  render();
}

function fillExample() {
  const ex = (state.examples[state.ruleset.id] ?? []).find((e) => e.name === $("example").value);
  if (!ex) return;
  const data = parseExact(ex.text);
  state.values = new Map();
  for (const [pointer, field] of state.fields) {
    const value = valueAt(data, pointer);
    writeControl(field.control, value);
    state.values.set(pointer, value === undefined || value === null ? undefined : readControl(field.control, field.type));
    state.touched.add(pointer);
  }
  refresh();
}

async function main() {
  await init();
  const response = await fetch("./generated/examples.json");
  state.examples = response.ok ? await response.json() : {};
  const select = $("ruleset");
  for (const info of listRulesets()) {
    const o = document.createElement("option");
    o.value = info.id;
    o.dataset.title = JSON.stringify(info.title);
    select.append(o);
  }
  select.addEventListener("change", () => loadRuleset(select.value));
  $("form").addEventListener("input", onInput);
  $("form").addEventListener("change", onInput);
  $("fill").addEventListener("click", fillExample);
  $("clear").addEventListener("click", () => loadRuleset(state.ruleset.id));
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    render();
  });
  const wanted = new URLSearchParams(location.search).get("ruleset");
  if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  loadRuleset(select.value);
  $("status").textContent = "zonescore · WebAssembly";
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  $("status").textContent = `${e?.name ?? "Error"}: ${e?.message ?? e}`;
  document.body.dataset.ready = "error";
  throw e;
});
