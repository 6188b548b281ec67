// Renders a form from a ruleset's submission schema (`submissionSchema()`): one fieldset
// per group, one control per field, labels, units, help and enum labels in the chosen
// language from the schema's `x-` keywords, and slots for errors, reading notes and notices.

/** JSON-pointer segment escaping (RFC 6901). */
const escape = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");
const unescape = (s) => s.replace(/~1/g, "/").replace(/~0/g, "~");

/** Text of a bilingual {zh, en} value in `lang`, falling back to Chinese. */
export const tr = (text, lang) => (text ? (text[lang] ?? text.zh ?? "") : "");

/** The schema node (field or group) at a JSON pointer, or undefined. */
export function nodeAt(schema, pointer) {
  let node = schema;
  for (const raw of pointer.split("/").slice(1)) node = node?.properties?.[unescape(raw)];
  return node;
}

/**
 * A piece of JSON text kept as it is: a number with every digit (a JS number would round
 * it past 15 digits), or a value as the engine's `readTyped` wrote it.
 */
export class JsonText {
  constructor(json) {
    this.json = json;
  }
}

/** Puts an entry (the text a person typed, or an option's value) into a control. */
export function writeControl(control, text) {
  const value = text ?? "";
  if (control.tagName === "SELECT") {
    control.querySelector("option.foreign")?.remove();
    // A value no option has (from an uploaded file): shown as it is, so its error makes sense.
    if (value !== "" && ![...control.options].some((o) => o.value === value)) {
      const o = document.createElement("option");
      o.className = "foreign";
      o.value = value;
      o.textContent = value;
      control.append(o);
    }
  }
  control.value = value;
}

/**
 * JSON text of a value, numbers and `JsonText` as their exact text (`null` for a missing
 * value); `pretty` indents by two spaces, as `JSON.stringify(v, null, 2)` does.
 */
export function toJson(value, pretty = false, indent = "") {
  if (value === undefined || value === null) return "null";
  if (value instanceof JsonText) return value.json;
  if (typeof value !== "object") return JSON.stringify(value);
  const inner = pretty ? `${indent}  ` : "";
  const wrap = (open, close, items) => {
    if (items.length === 0) return `${open}${close}`;
    return pretty ? `${open}\n${items.join(",\n")}\n${indent}${close}` : `${open}${items.join(",")}${close}`;
  };
  if (Array.isArray(value)) return wrap("[", "]", value.map((v) => `${inner}${toJson(v, pretty, inner)}`));
  const members = Object.entries(value).filter(([, v]) => v !== undefined);
  const colon = pretty ? ": " : ":";
  return wrap("{", "}", members.map(([k, v]) => `${inner}${JSON.stringify(k)}${colon}${toJson(v, pretty, inner)}`));
}

const MARK = "\u0000number";

/**
 * Parses JSON text with every number as a `JsonText` of its own text (a file may hold more
 * digits than a JS number keeps): each number token outside strings is wrapped before
 * `JSON.parse` and unwrapped by the reviver. Throws a `SyntaxError` for text that is not JSON.
 */
export function parseExact(text) {
  const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  const wrapped = text.replace(TOKEN, (t) => (t.startsWith('"') ? t : `{"\\u0000number":"${t}"}`));
  return JSON.parse(wrapped, (_key, v) =>
    v !== null && typeof v === "object" && Object.keys(v).length === 1 && typeof v[MARK] === "string"
      ? new JsonText(v[MARK])
      : v);
}

/** The entry (control text) for a value read from a JSON file: numbers as written. */
export function entryOf(value) {
  if (value === undefined || value === null) return "";
  if (value instanceof JsonText) return value.json;
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return String(value);
  return toJson(value);
}

function control(field, lang, id) {
  const s = field.schema;
  const type = s["x-type"];
  let el;
  if (type === "bool" || type === "enum") {
    el = document.createElement("select");
    const options = type === "bool"
      ? [["", lang === "zh" ? "（未填写）" : "(not given)"], ["true", lang === "zh" ? "是" : "Yes"], ["false", lang === "zh" ? "否" : "No"]]
      : [["", lang === "zh" ? "（未填写）" : "(not given)"], ...(s["x-enum-labels"] ?? []).map((v) => [v.code, tr(v.label, lang)])];
    for (const [value, label] of options) {
      const o = document.createElement("option");
      o.value = value;
      o.textContent = label;
      el.append(o);
    }
  } else {
    el = document.createElement("input");
    el.type = "text";
    if (type !== "text") el.inputMode = type === "integer" || type === "count" ? "numeric" : "decimal";
  }
  el.id = id;
  el.name = field.pointer;
  el.dataset.path = field.pointer;
  el.dataset.type = type;
  return el;
}

/** A slot under a field or group: `kind` is its class and test id prefix. */
function slot(kind, id, pointer, role) {
  const div = document.createElement("div");
  div.className = kind;
  div.id = id;
  div.dataset.testid = `${kind}-${pointer}`;
  if (role) div.setAttribute("role", role);
  return div;
}

/**
 * Renders `schema` into `form` in `lang`. Returns `fields`, a map pointer → {control, error,
 * typed, row, type, label, required} of every field in form order (`required`: required
 * all the way from the top, so it must be filled for the submission to be scored), and
 * `notices`, a map pointer → the slot where the answer's notices about that field or group
 * are shown.
 */
export function renderForm(form, schema, lang) {
  form.replaceChildren();
  const fields = new Map();
  const notices = new Map();
  const build = (node, parent, prefix, top, needed) => {
    const required = new Set(node.required ?? []);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (top && name === "meta") continue;
      const pointer = `${prefix}/${escape(name)}`;
      const title = tr(child["x-title"], lang) || name;
      if (child.properties) {
        const set = document.createElement("fieldset");
        const legend = document.createElement("legend");
        legend.textContent = title;
        set.dataset.path = pointer;
        const notice = slot("notice", `g${notices.size}-notice`, pointer, "status");
        set.append(legend, notice);
        notices.set(pointer, notice);
        build(child, set, pointer, false, needed && required.has(name));
        parent.append(set);
        continue;
      }
      const id = `f${fields.size}`;
      const row = document.createElement("div");
      row.className = "field";
      row.dataset.path = pointer;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = title;
      if (required.has(name)) {
        const star = document.createElement("span");
        star.className = "req";
        star.textContent = "*";
        label.append(star);
      }
      if (child["x-unit"]) {
        const unit = document.createElement("span");
        unit.className = "unit";
        unit.textContent = `（${tr(child["x-unit"], lang)}）`;
        label.append(unit);
      }
      const input = control({ pointer, schema: child }, lang, id);
      const error = slot("error", `${id}-error`, pointer, "alert");
      const typed = slot("typed", `${id}-typed`, pointer, "status");
      const notice = slot("notice", `${id}-notice`, pointer, "status");
      // A screen reader hears what the eye sees: the field's error, reading note, notices and
      // help (how to write the value), and that it must be filled (the * alone is not said).
      const described = [error.id, typed.id, notice.id];
      row.append(label, input, error, typed, notice);
      notices.set(pointer, notice);
      if (child["x-help"]) {
        const help = document.createElement("div");
        help.className = "help";
        help.id = `${id}-help`;
        help.textContent = tr(child["x-help"], lang);
        row.append(help);
        described.push(help.id);
      }
      input.setAttribute("aria-describedby", described.join(" "));
      if (needed && required.has(name)) input.setAttribute("aria-required", "true");
      parent.append(row);
      const type = child["x-type"];
      fields.set(pointer, { control: input, error, typed, row, type, label: title, required: needed && required.has(name) });
    }
  };
  build(schema, form, "", true, true);
  return { fields, notices };
}

/**
 * Shows an answer's notices (`warnings`, then `notes`) next to the field or group their
 * `path` points at, or its nearest group on the form; clears the others. A notice never
 * blocks the score: the field is not marked invalid.
 */
export function showNotices(notices, answer, lang) {
  const at = new Map();
  if (answer.type === "success") {
    for (const [kind, list] of [["warning", answer.warnings], ["note", answer.notes]]) {
      for (const n of list) {
        let pointer = n.path;
        while (pointer && !notices.has(pointer)) pointer = pointer.slice(0, pointer.lastIndexOf("/"));
        if (!pointer) continue;
        if (!at.has(pointer)) at.set(pointer, []);
        at.get(pointer).push([kind, n]);
      }
    }
  }
  for (const [pointer, slot] of notices) {
    const shown = at.get(pointer) ?? [];
    slot.replaceChildren(...shown.map(([kind, n]) => {
      const line = document.createElement("div");
      line.className = kind;
      line.dataset.code = n.code;
      line.textContent = tr(n.message, lang);
      return line;
    }));
  }
}

/** Shows a field's errors (message in `lang`) next to it. */
export function showErrors(field, errors, lang) {
  field.error.textContent = errors.map((e) => tr(e.message, lang)).join("；");
  field.row.classList.toggle("invalid", errors.length > 0);
  field.control.setAttribute("aria-invalid", String(errors.length > 0));
}

/**
 * Shows how the engine read a field's text (`readTyped`): its notes (已去掉单位「万元」),
 * with the number it read for a typed number. Nothing when the text was read as typed.
 */
export function showReading(field, reading, lang) {
  const notes = (reading?.normalised ?? []).map((n) => tr(n, lang));
  if (notes.length === 0 || !reading.value) {
    field.typed.textContent = "";
    return;
  }
  const numeric = field.control.tagName === "INPUT" && field.type !== "text";
  const read = lang === "zh" ? `读作 ${reading.value}：` : `read as ${reading.value}: `;
  field.typed.textContent = `${numeric ? read : ""}${notes.join(lang === "zh" ? "；" : "; ")}`;
}

/**
 * Builds the submission object from field values (pointer → `JsonText` or string;
 * undefined = missing) over `extra` (members the form keeps but does not show, such as
 * `meta`); `toJson` writes it as the JSON text the engine reads.
 */
export function submissionOf(values, extra = {}) {
  const root = { ...extra };
  for (const [pointer, value] of values) {
    if (value === undefined) continue;
    const parts = pointer.split("/").slice(1).map(unescape);
    let node = root;
    for (const part of parts.slice(0, -1)) node = node[part] ??= {};
    node[parts.at(-1)] = value;
  }
  return root;
}

/** The value at a JSON pointer of a plain object (undefined when absent). */
export function valueAt(object, pointer) {
  let node = object;
  for (const raw of pointer.split("/").slice(1)) {
    const part = unescape(raw);
    if (node === null || typeof node !== "object" || node instanceof JsonText || !(part in node)) return undefined;
    node = node[part];
  }
  return node;
}

/** JSON pointers of every value (not object) in `object`, for what a file holds. */
export function leavesOf(object, prefix = "") {
  if (object === null || typeof object !== "object" || object instanceof JsonText || Array.isArray(object)) {
    return [prefix];
  }
  return Object.entries(object).flatMap(([k, v]) => leavesOf(v, `${prefix}/${escape(k)}`));
}
