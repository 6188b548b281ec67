// The demo form: a town official fills in a zone's figures as they would type them; the
// engine reads each field's text (readTyped: 94.6%, ９４.６, 2013年, 1,180,000, 阀门), the
// panel shows progress and the live score (scoreJson), and nothing typed is lost (kept
// per ruleset in the browser, replaced only after asking, with undo, download and upload),
// with the range the half-filled form can still reach (bounds) and what it must change to
// reach a grade (advise), each option one click from the form.
// Values go to the engine as JSON text with every digit typed; all reading, checking and
// scoring is the zonescore engine, compiled to WebAssembly.
import init, { Ruleset, listRulesets } from "../pkg/web/zonescore.js";
import { ask, download, fileName, loadEntries, saveEntries } from "./entries.js";
import {
  JsonText, entryOf, leavesOf, nodeAt, parseExact, renderForm, showErrors, showNotices, showReading,
  submissionOf, toJson, tr, valueAt, writeControl,
} from "./form.js";
import { renderBar, renderPanel } from "./panel.js";
import { optionOf, renderAdvice, renderRange } from "./whatif.js";

const UI = {
  zh: {
    title: "优质产品生产示范区评分", ruleset: "规则集", example: "示例", fill: "填入示例", clear: "清空", undo: "撤销",
    download: "下载 JSON", upload: "上传 JSON", print: "打印评分表", close: "关闭", other: "English",
    cancel: "取消", replace: "替换", clearOk: "清空",
    askFill: (name, n) => `用示例「${name}」替换已填的 ${n} 项？替换后可以撤销。`,
    askUpload: (name, n) => `用文件「${name}」替换已填的 ${n} 项？替换后可以撤销。`,
    askClear: (n) => `清空已填的 ${n} 项？清空后可以撤销。`,
    filled: (name) => `已填入示例「${name}」`, cleared: "已清空", undone: "已撤销，恢复了替换前的内容",
    uploaded: (name, n) => `已读入「${name}」：${n} 项`,
    ignored: (shown, n) => `；${n} 项不在本表中，未读入：${shown.join("、")}${n > shown.length ? " 等" : ""}`,
    otherRuleset: (name, other, here) =>
      `「${name}」是「${other}」的申报，本表是「${here}」，未读入，已填内容未改动：请先在「规则集」中选择「${other}」，再上传`,
    unreadable: (name, why) => `无法读取「${name}」：${why}`, notObject: "文件应为一个 JSON 对象",
    downloaded: (name) => `已下载「${name}」`, noStorage: "浏览器不允许本页保存，刷新后已填内容会丢失",
    applied: (n) => `已按方案修改 ${n} 项，可以撤销`, county: "创建目标汇总",
  },
  en: {
    title: "Quality-product demonstration zone scoring", ruleset: "Ruleset", example: "Example", fill: "Fill example",
    clear: "Clear", undo: "Undo", download: "Download JSON", upload: "Upload JSON", print: "Print scorecard",
    close: "Close", other: "中文", cancel: "Cancel", replace: "Replace", clearOk: "Clear",
    askFill: (name, n) => `Replace the ${n} filled fields with the example “${name}”? You can undo it.`,
    askUpload: (name, n) => `Replace the ${n} filled fields with the file “${name}”? You can undo it.`,
    askClear: (n) => `Clear the ${n} filled fields? You can undo it.`,
    filled: (name) => `Example “${name}” filled in`, cleared: "Cleared", undone: "Undone: the entries before the replace are back",
    uploaded: (name, n) => `Read “${name}”: ${n} fields`,
    ignored: (shown, n) => `; ${n} not on this form, so not read: ${shown.join(", ")}${n > shown.length ? "…" : ""}`,
    otherRuleset: (name, other, here) =>
      `“${name}” is a submission for “${other}”, not for this form’s “${here}”: not read, the entries are unchanged. Choose “${other}” under Ruleset, then upload it again`,
    unreadable: (name, why) => `Cannot read “${name}”: ${why}`, notObject: "the file should hold one JSON object",
    downloaded: (name) => `Downloaded “${name}”`, noStorage: "This browser does not let the page save: entries are lost on reload",
    applied: (n) => `Changed ${n} fields as the option says; you can undo it`, county: "County goal",
  },
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh",
  ruleset: null,
  schema: null,
  fields: new Map(), // pointer → {control, error, typed, row, type, label, required}, in form order
  notices: new Map(), // pointer of a field or group → the slot for its notices
  entries: new Map(), // pointer → the text in its control, as typed (never empty)
  readings: new Map(), // pointer → readTyped's reading of that text
  extra: {}, // members kept from a loaded file without a control (`meta`), numbers as JsonText
  touched: new Set(),
  lastGood: null, // the last success answer for these entries
  undo: null, // {ruleset, entries, extra}: the entries before the last replace
  examples: {},
  // What-if: the range node under the progress, the advice node under the score, both
  // filled after the score is shown (bounds takes longer than scoring) and kept between
  // refreshes; the target asked ("": the next grade up) and the targets each ruleset accepts.
  range: null,
  adviceNode: null,
  advice: null,
  target: "",
  targets: new Map(),
  whatif: { key: null, job: null, timer: null },
};

const t = () => UI[state.lang];
const say = (text) => {
  $("message").textContent = text;
};

/** Sets a field's text and the engine's reading of it. */
function setEntry(pointer, text) {
  if (text === "" || text === undefined) {
    state.entries.delete(pointer);
    state.readings.delete(pointer);
  } else {
    state.entries.set(pointer, text);
    state.readings.set(pointer, state.ruleset.readTyped(pointer, text));
  }
}

/** What a control shows: a select shows the option the engine read (阀门 → valves). */
function controlText(pointer) {
  const field = state.fields.get(pointer);
  const reading = state.readings.get(pointer);
  if (field.control.tagName === "SELECT" && reading?.value) return String(JSON.parse(reading.value));
  return state.entries.get(pointer) ?? "";
}

/** The submission: each field's value as the engine read it, as JSON text. Text it cannot
 * read goes in as a string, so the engine refuses the submission until it is fixed. */
function submission() {
  const values = new Map();
  for (const [pointer, text] of state.entries) {
    const value = state.readings.get(pointer)?.value;
    values.set(pointer, value ? new JsonText(value) : text);
  }
  return submissionOf(values, state.extra);
}

/** Errors of one field: its reading's, or else the whole answer's at its path. A cross-field
 * constraint (产值 ≤ 全镇工业总产值) is at one field's path and names the other
 * (`params.other`): it is shown at both, so the field just typed in shows it too, not only
 * the other one, which may be off the screen. */
function fieldErrors(pointer, whole) {
  const own = state.readings.get(pointer)?.errors ?? [];
  const at = whole.filter((e) => e.path === pointer || (e.code === "constraint_violated" && e.params?.other === pointer));
  return own.length ? [...own, ...at.filter((e) => e.code === "constraint_violated")] : at;
}

/** Position in the form of a field, or of the first field of a group (Infinity otherwise). */
function formOrder() {
  const pointers = [...state.fields.keys()];
  const at = (path) => {
    const i = pointers.findIndex((p) => p === path || p.startsWith(`${path}/`));
    return i < 0 ? Infinity : i;
  };
  return { at, target: (path) => pointers[at(path)] ?? null };
}

function refresh() {
  const text = toJson(submission());
  const answer = JSON.parse(state.ruleset.scoreJson(text));
  if (answer.type === "success") state.lastGood = answer;
  const whole = answer.type === "failure" ? answer.errors : [];
  const fields = [...state.fields];
  const todo = fields.filter(([p, f]) => f.required && !state.entries.has(p)).map(([p]) => p);
  const order = formOrder();
  const problems = [];
  for (const [pointer, field] of fields) {
    const errors = fieldErrors(pointer, whole);
    if (state.touched.has(pointer)) showErrors(field, errors, state.lang);
    showReading(field, state.readings.get(pointer), state.lang);
    for (const e of errors) {
      // Listed once in the panel, at its own field, though shown at both fields.
      if (e.path !== pointer && whole.includes(e)) continue;
      if (!(e.code === "required" && todo.includes(pointer))) problems.push({ path: pointer, target: pointer, message: e.message, at: order.at(pointer) });
    }
  }
  for (const e of whole.filter((x) => !state.fields.has(x.path))) {
    problems.push({ path: e.path, target: order.target(e.path), message: e.message, at: order.at(e.path) });
  }
  problems.sort((a, b) => a.at - b.at);
  showNotices(state.notices, answer, state.lang);
  const rules = state.ruleset;
  const view = {
    answer,
    lastGood: answer.type === "failure" ? state.lastGood : null,
    progress: {
      filled: state.entries.size,
      total: state.fields.size,
      requiredFilled: fields.filter(([p, f]) => f.required && state.entries.has(p)).length,
      requiredTotal: fields.filter(([, f]) => f.required).length,
    },
    todo,
    problems,
    lang: state.lang,
    label: labelOf,
    // Chinese cites clauses with the source document's own numbering, as the ruleset gives it.
    clauseLabel: state.lang === "zh" ? (id) => rules.clauseLabel(id) : (id) => id,
    inFormOrder: (pointers) => [...pointers].sort((a, b) => order.at(a) - order.at(b)),
    range: state.range,
    advice: state.adviceNode,
  };
  renderPanel($("panel"), view);
  renderBar($("scorebar"), view);
  $("undo").hidden = state.undo?.ruleset !== rules.id;
  scheduleWhatif(text, answer.type === "success");
}

/** Asks the engine's what-if questions of the latest entries, once the page has painted the
 * score; `body[data-whatif]` is `pending` until the range and advice shown are for them. */
function scheduleWhatif(text, valid) {
  const w = state.whatif;
  const key = JSON.stringify([state.ruleset.id, text, valid, state.target, state.lang]);
  if (key === w.key && !w.job) return;
  w.job = { key, text, valid };
  document.body.dataset.whatif = "pending";
  if (w.timer === null) w.timer = setTimeout(() => runWhatif().catch(failed), 0);
}

/** The what-if module's ruleset `id` (bounds, advice): that module is loaded the first time
 * the form asks, so the page's first download holds scoring alone. */
let whatifModule = null;
async function whatifRuleset(id) {
  whatifModule ??= import("../pkg/web-whatif/zonescore.js").then(async (module) => {
    await module.default();
    return { module, rulesets: new Map() };
  });
  const { module, rulesets } = await whatifModule;
  if (!rulesets.has(id)) rulesets.set(id, module.Ruleset.bundled(id));
  return rulesets.get(id);
}

async function runWhatif() {
  const w = state.whatif;
  w.timer = null;
  const rules = state.ruleset;
  const whatif = await whatifRuleset(rules.id);
  // Taken after the wait, and everything below runs without another: the latest entries
  // are answered once, whichever run resumes first.
  const job = w.job;
  if (!job || rules !== state.ruleset) return;
  w.job = null;
  const bounds = JSON.parse(whatif.boundsJson(job.text));
  let advice = null;
  if (job.valid) {
    // The targets the engine accepts, with their names.
    if (!state.targets.has(rules.id)) state.targets.set(rules.id, whatif.targets());
    advice = JSON.parse(whatif.adviseJson(job.text, state.target || undefined));
  }
  w.key = job.key;
  state.advice = advice?.type === "advice" ? advice : null;
  const view = {
    lang: state.lang,
    label: labelOf,
    clauseLabel: state.lang === "zh" ? (id) => rules.clauseLabel(id) : (id) => id,
    // The fields still empty, in form order: the range's count leaves out those that do not affect the score.
    empty: [...state.fields.keys()].filter((p) => !state.entries.has(p)),
    targets: state.targets.get(rules.id) ?? [],
    chosen: state.target,
  };
  renderRange(state.range, bounds, view);
  renderAdvice(state.adviceNode, advice, view);
  document.body.dataset.whatif = "ready";
}

/** Puts an advice option's changes into the form (each new value as its text, read by the
 * engine as if typed); undone by 撤销 like a replace. */
function applyOption(option) {
  state.undo = { ruleset: state.ruleset.id, entries: new Map(state.entries), extra: state.extra };
  for (const change of option.changes) {
    if (!state.fields.has(change.path)) continue;
    setEntry(change.path, entryOf(change.to));
    state.touched.add(change.path);
    writeControl(state.fields.get(change.path).control, controlText(change.path));
  }
  save();
  refresh();
  say(t().applied(option.changes.length));
}

/** The label of a field or group in the current language. */
function labelOf(pointer) {
  return tr(nodeAt(state.schema, pointer)?.["x-title"], state.lang) || pointer;
}

function save() {
  const extra = Object.keys(state.extra).length ? toJson(state.extra) : null;
  if (!saveEntries(state.ruleset.id, state.entries, extra)) say(t().noStorage);
}

function onInput(event) {
  // While an input method composes (pinyin n, ni, nian before 年 is chosen), the text is not
  // what the person means yet: it is read once the composition ends (`compositionend`).
  if (event.isComposing) return;
  const pointer = event.target.dataset.path;
  const field = state.fields.get(pointer);
  if (!field) return;
  // A browser that sends `input` after `compositionend` as well: the text is read already.
  if (state.touched.has(pointer) && field.control.value === (state.entries.get(pointer) ?? "")) return;
  // An edit after a replace ends 撤销's scope: undoing it would silently throw this edit away.
  if (state.undo?.ruleset === state.ruleset.id) state.undo = null;
  setEntry(pointer, field.control.value);
  state.touched.add(pointer);
  save();
  refresh();
}

/** Puts entries (pointer → text) into the form, every one of them shown as touched. */
function applyEntries(entries, extra) {
  state.entries = new Map();
  state.readings = new Map();
  state.extra = extra ?? {};
  for (const [pointer, text] of entries) if (state.fields.has(pointer)) setEntry(pointer, text);
  state.touched = new Set(state.entries.keys());
  for (const [pointer, field] of state.fields) {
    writeControl(field.control, controlText(pointer));
    showErrors(field, [], state.lang);
  }
}

/** Replaces every entry, after asking when there are any; the replace can be undone. */
async function replace(entries, extra, question, ok) {
  if (state.entries.size > 0 && !(await ask(question(state.entries.size), ok, t().cancel))) return false;
  state.undo = { ruleset: state.ruleset.id, entries: new Map(state.entries), extra: state.extra };
  state.lastGood = null;
  applyEntries(entries, extra);
  save();
  refresh();
  return true;
}

/** Entries of a JSON submission (an example or an uploaded file): each field's value as its text. */
function entriesOf(data) {
  const entries = new Map();
  for (const pointer of state.fields.keys()) {
    const text = entryOf(valueAt(data, pointer));
    if (text !== "") entries.set(pointer, text);
  }
  return { entries, extra: data.meta !== undefined ? { meta: data.meta } : {} };
}

function render() {
  const ui = t();
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  $("title").textContent = `${ui.title} · ${tr(state.schema["x-title"], state.lang)}`;
  document.title = `${ui.title} · zonescore`;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = ui[node.dataset.i18n];
  $("lang").textContent = ui.other;
  $("county-link").href = state.lang === "en" ? "county.html?lang=en" : "county.html";
  for (const o of $("ruleset").options) o.textContent = tr(JSON.parse(o.dataset.title), state.lang);
  for (const o of $("example").options) o.textContent = tr(JSON.parse(o.dataset.label), state.lang);
  ({ fields: state.fields, notices: state.notices } = renderForm($("form"), state.schema, state.lang));
  for (const [pointer, field] of state.fields) writeControl(field.control, controlText(pointer));
  refresh();
}

/** Opens a ruleset with the entries kept for it. */
function loadRuleset(id) {
  state.ruleset?.free();
  state.ruleset = Ruleset.bundled(id);
  state.schema = state.ruleset.submissionSchema();
  state.lastGood = null;
  state.range.replaceChildren();
  state.adviceNode.replaceChildren();
  state.advice = null;
  state.target = "";
  const select = $("example");
  select.replaceChildren();
  for (const ex of state.examples[id] ?? []) {
    const o = document.createElement("option");
    o.value = ex.name;
    o.dataset.label = JSON.stringify(ex.label ?? { zh: ex.name, en: ex.name });
    select.append(o);
  }
  $("fill").disabled = select.options.length === 0;
  const saved = loadEntries(id);
  ({ fields: state.fields, notices: state.notices } = renderForm($("form"), state.schema, state.lang));
  applyEntries(saved?.entries ?? new Map(), saved?.extra ? parseExact(saved.extra) : {});
  render();
}

async function fillExample() {
  const ex = (state.examples[state.ruleset.id] ?? []).find((e) => e.name === $("example").value);
  if (!ex) return;
  const name = tr(ex.label, state.lang) || ex.name;
  const { entries, extra } = entriesOf(parseExact(ex.text));
  if (await replace(entries, extra, (n) => t().askFill(name, n), t().replace)) say(t().filled(name));
}

async function clearAll() {
  if (state.entries.size === 0 && Object.keys(state.extra).length === 0) return;
  if (await replace(new Map(), {}, (n) => t().askClear(n), t().clearOk)) say(t().cleared);
}

function undo() {
  if (state.undo?.ruleset !== state.ruleset.id) return;
  const { entries, extra } = state.undo;
  state.undo = null;
  state.lastGood = null;
  applyEntries(entries, extra);
  save();
  refresh();
  say(t().undone);
}

async function upload(file) {
  // The file's bytes, not `file.text()`, which would swap bytes that are not UTF-8 (a file
  // saved in GBK) for U+FFFD and put the garbled text into the form without a word.
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // The engine's own message for bytes that are not UTF-8 (at which byte, which encoding to use).
    const [first] = JSON.parse(state.ruleset.scoreJson(bytes)).errors;
    say(t().unreadable(file.name, tr(first?.message, state.lang)));
    return;
  }
  let data;
  try {
    data = parseExact(text);
  } catch {
    // The engine's own message for text that is not JSON (line, column, what is wrong).
    const [first] = JSON.parse(state.ruleset.validateJson(text)).errors;
    say(t().unreadable(file.name, tr(first?.message, state.lang)));
    return;
  }
  if (data === null || typeof data !== "object" || Array.isArray(data) || data instanceof JsonText) {
    say(t().unreadable(file.name, t().notObject));
    return;
  }
  // Another ruleset's file would leave the form nearly empty (its groups are not on it) and
  // carry over a field of the same name that asks something else: refused before anything
  // is replaced.
  const shaped = shapedFor(data);
  if (shaped && shaped !== state.ruleset.id) {
    const title = (id) => tr(listRulesets().find((info) => info.id === id)?.title, state.lang) || id;
    say(t().otherRuleset(file.name, title(shaped), title(state.ruleset.id)));
    return;
  }
  const { entries, extra } = entriesOf(data);
  if (!(await replace(entries, extra, (n) => t().askUpload(file.name, n), t().replace))) return;
  // A typo (/zone/nmae) is named; a file of many such is counted, not listed in full.
  const ignored = leavesOf(data).filter((p) => !state.fields.has(p) && !p.startsWith("/meta"));
  say(`${t().uploaded(file.name, entries.size)}${ignored.length ? t().ignored(ignored.slice(0, 3), ignored.length) : ""}`);
}

/** The groups (top-level members) of each bundled ruleset's submissions, read once. */
let groupsOf = null;

/**
 * The bundled ruleset a file is shaped for, told from its groups as the engine's
 * `detectRuleset` tells it (that function is in the full module only): the ruleset that
 * declares most of the file's top-level members; null on a tie or when none does.
 */
function shapedFor(data) {
  groupsOf ??= new Map(listRulesets().map((info) => {
    const rules = Ruleset.bundled(info.id);
    const groups = new Set(Object.keys(rules.submissionSchema().properties ?? {}));
    rules.free();
    return [info.id, groups];
  }));
  let best = null;
  let most = 0;
  let tie = false;
  for (const [id, groups] of groupsOf) {
    const hits = Object.keys(data).filter((k) => groups.has(k)).length;
    if (hits > most) [best, most, tie] = [id, hits, false];
    else if (hits > 0 && hits === most) tie = true;
  }
  return tie ? null : best;
}

function downloadSubmission() {
  const good = state.lastGood;
  const name = fileName([good?.subject[0]?.value, good?.year], `zonescore-${state.ruleset.id}`);
  download(name, `${toJson(submission(), true)}\n`);
  say(t().downloaded(name));
}

/** Takes the person to a field: closes the phone's panel, scrolls to the field, focuses it. */
function focusField(pointer) {
  const field = state.fields.get(pointer);
  if (!field) return;
  showPanel(false);
  field.row.scrollIntoView({ block: "center" });
  field.control.focus({ preventScroll: true });
  field.row.classList.add("flash");
  setTimeout(() => field.row.classList.remove("flash"), 1500);
}

/** On narrow screens the panel opens over the form from the score bar. */
function showPanel(open) {
  document.body.classList.toggle("panel-open", open);
  $("scorebar").setAttribute("aria-expanded", String(open));
  if (open) $("panel-close").focus();
}

async function main() {
  await init();
  state.range = Object.assign(document.createElement("div"), { id: "range", className: "whatif" });
  state.adviceNode = Object.assign(document.createElement("section"), { id: "advice", className: "whatif advice" });
  state.range.dataset.testid = "whatif-range";
  state.adviceNode.dataset.testid = "advice";
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
  // Text inputs and selects both fire `input`; `change` would only repeat it, on blur,
  // re-rendering the score bar under the pointer that is about to click it.
  $("form").addEventListener("input", onInput);
  $("form").addEventListener("compositionend", onInput);
  $("fill").addEventListener("click", fillExample);
  $("clear").addEventListener("click", clearAll);
  $("undo").addEventListener("click", undo);
  $("download").addEventListener("click", downloadSubmission);
  $("upload").addEventListener("click", () => $("upload-file").click());
  $("upload-file").addEventListener("change", async (event) => {
    const [file] = event.target.files;
    event.target.value = "";
    if (file) await upload(file);
  });
  $("print").addEventListener("click", () => window.print());
  // On paper every list is shown in full.
  window.addEventListener("beforeprint", () => {
    for (const d of $("panel").querySelectorAll("details")) d.open = true;
  });
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    render();
  });
  $("side").addEventListener("click", (event) => {
    const apply = event.target.closest("button.apply");
    const option = apply ? optionOf(state.advice, apply.dataset.option) : null;
    if (option) applyOption(option);
    const link = event.target.closest("a.jump");
    if (!link) return;
    event.preventDefault();
    focusField(link.dataset.path);
  });
  $("side").addEventListener("change", (event) => {
    if (event.target.id !== "target") return;
    state.target = event.target.value;
    refresh();
  });
  $("scorebar").addEventListener("click", () => showPanel(true));
  $("panel-close").addEventListener("click", () => showPanel(false));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.body.classList.contains("panel-open")) showPanel(false);
  });
  const wanted = new URLSearchParams(location.search).get("ruleset");
  if (wanted && [...select.options].some((o) => o.value === wanted)) select.value = wanted;
  loadRuleset(select.value);
  // The panel sticks just below the sticky header, whose height changes as its toolbar wraps
  // (a narrower window, the English labels) or a message shows: measured, not guessed.
  const header = document.querySelector("header");
  const headerHeight = () => document.documentElement.style.setProperty("--header-height", `${header.offsetHeight}px`);
  new ResizeObserver(headerHeight).observe(header);
  headerHeight();
  $("status").textContent = "zonescore · WebAssembly";
  document.body.dataset.ready = "true";
}

/** Shows an error the page cannot recover from (the module failed to load) in the status line. */
function failed(e) {
  $("status").textContent = `${e?.name ?? "Error"}: ${e?.message ?? e}`;
  throw e;
}

main().catch((e) => {
  document.body.dataset.ready = "error";
  failed(e);
});
