// Renders a form from a ruleset's submission schema (`submissionSchema()`): one fieldset
// per group, one control per field, labels, units, help and enum labels in the chosen
// language from the schema's `x-` keywords, and an error slot next to every field.

/** JSON-pointer segment escaping (RFC 6901). */
const escape = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** Text of a bilingual {zh, en} value in `lang`, falling back to Chinese. */
export const tr = (text, lang) => (text ? (text[lang] ?? text.zh ?? "") : "");

/** The schema node (field or group) at a JSON pointer, or undefined. */
export function nodeAt(schema, pointer) {
  let node = schema;
  for (const raw of pointer.split("/").slice(1)) {
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = node?.properties?.[part];
  }
  return node;
}

/** A number as typed, kept as its JSON text: a JS number would round it past 15 digits. */
export class NumberText {
  constructor(json) {
    this.json = json;
  }
}

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?([eE][+-]?\d+)?$/;

/**
 * The value of a control: `undefined` when empty (a missing field). A number is kept as
 * its text (a `NumberText`), only rewritten into JSON's syntax ("+.5" → "0.5", "007" → "7",
 * "5." → "5") with every digit, so the engine reads exactly what was typed. Text that is
 * not a number goes in as a string, and the engine answers with its own "wrong type" message.
 */
export function readControl(control, type) {
  const raw = control.value;
  if (raw === "") return undefined;
  if (type === "bool") return raw === "true";
  if (type === "text" || type === "enum") return raw;
  const m = NUMBER.exec(raw.trim());
  if (!m || !(m[2] || m[3])) return raw;
  const [, sign, whole, fraction, exponent] = m;
  const int = whole.replace(/^0+(?=\d)/, "") || "0";
  return new NumberText(`${sign === "-" ? "-" : ""}${int}${fraction ? `.${fraction}` : ""}${exponent ?? ""}`);
}

/** Puts a value (from an example file) into a control. */
export function writeControl(control, value) {
  if (value === undefined || value === null) control.value = "";
  else if (value instanceof NumberText) control.value = value.json;
  else control.value = String(value);
}

/** JSON text of a value, numbers as their exact text (`null` for a missing value). */
export function toJson(value) {
  if (value === undefined || value === null) return "null";
  if (value instanceof NumberText) return value.json;
  if (typeof value === "object") {
    const members = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const MARK = "\u0000number";

/**
 * Parses JSON text with every number as a `NumberText` of its own text (an example file
 * may hold more digits than a JS number keeps): each number token outside strings is
 * wrapped before `JSON.parse` and unwrapped by the reviver.
 */
export function parseExact(text) {
  const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  const wrapped = text.replace(TOKEN, (t) => (t.startsWith('"') ? t : `{"\\u0000number":"${t}"}`));
  return JSON.parse(wrapped, (_key, v) =>
    v !== null && typeof v === "object" && Object.keys(v).length === 1 && typeof v[MARK] === "string"
      ? new NumberText(v[MARK])
      : v);
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

/** A slot for the notices (warnings, notes) of the answer about a field or group. */
function noticeSlot(id, pointer) {
  const slot = document.createElement("div");
  slot.className = "notice";
  slot.id = id;
  slot.dataset.testid = `notice-${pointer}`;
  slot.setAttribute("role", "status");
  return slot;
}

/**
 * Renders `schema` into `form` in `lang`. Returns `fields`, a map pointer → {control,
 * error, row, type} of every field, and `notices`, a map pointer → the slot where the
 * answer's notices about that field or group are shown.
 */
export function renderForm(form, schema, lang) {
  form.replaceChildren();
  const fields = new Map();
  const notices = new Map();
  const build = (node, parent, prefix, top) => {
    const required = new Set(node.required ?? []);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (top && name === "meta") continue;
      const pointer = `${prefix}/${escape(name)}`;
      if (child.properties) {
        const set = document.createElement("fieldset");
        const legend = document.createElement("legend");
        legend.textContent = tr(child["x-title"], lang) || name;
        set.dataset.path = pointer;
        const slot = noticeSlot(`g${notices.size}-notice`, pointer);
        set.append(legend, slot);
        notices.set(pointer, slot);
        build(child, set, pointer, false);
        parent.append(set);
        continue;
      }
      const id = `f${fields.size}`;
      const row = document.createElement("div");
      row.className = "field";
      row.dataset.path = pointer;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = tr(child["x-title"], lang) || name;
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
      const error = document.createElement("div");
      error.className = "error";
      error.id = `${id}-error`;
      error.dataset.testid = `error-${pointer}`;
      error.setAttribute("role", "alert");
      const slot = noticeSlot(`${id}-notice`, pointer);
      input.setAttribute("aria-describedby", `${error.id} ${slot.id}`);
      row.append(label, input, error, slot);
      notices.set(pointer, slot);
      if (child["x-help"]) {
        const help = document.createElement("div");
        help.className = "help";
        help.textContent = tr(child["x-help"], lang);
        row.append(help);
      }
      parent.append(row);
      fields.set(pointer, { control: input, error, row, type: child["x-type"] });
    }
  };
  build(schema, form, "", true);
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

/** Builds the submission object from field values (pointer → value; undefined = missing);
 * `toJson` writes it as the JSON text the engine reads. */
export function submissionOf(values) {
  const root = {};
  for (const [pointer, value] of values) {
    if (value === undefined) continue;
    const parts = pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
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
    const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !(part in node)) return undefined;
    node = node[part];
  }
  return node;
}
