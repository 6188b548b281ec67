// Renders a form from a ruleset's submission schema (`submissionSchema()`): one fieldset
// per group, one control per field, labels, units, help and enum labels in the chosen
// language from the schema's `x-` keywords, and an error slot next to every field.

/** JSON-pointer segment escaping (RFC 6901). */
const escape = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");

/** Text of a bilingual {zh, en} value in `lang`, falling back to Chinese. */
export const tr = (text, lang) => (text ? (text[lang] ?? text.zh ?? "") : "");

/** Every leaf field of the schema: [{pointer, schema, required}], in schema order. */
export function leaves(schema, prefix = "", top = true) {
  const out = [];
  const required = new Set(schema.required ?? []);
  for (const [name, node] of Object.entries(schema.properties ?? {})) {
    if (top && name === "meta") continue; // free-form notes, not a form field
    const pointer = `${prefix}/${escape(name)}`;
    if (node.properties) out.push(...leaves(node, pointer, false));
    else out.push({ pointer, schema: node, required: required.has(name) });
  }
  return out;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The JS value of a control: `undefined` when empty (a missing field). Numbers go in as
 * JS numbers (their shortest text is what the engine reads, so "95.6" stays 95.6); long
 * whole numbers as bigints, which keep every digit. Text that is not a number goes in
 * as a string, and the engine answers with its own "wrong type" message.
 */
export function readControl(control, type) {
  const raw = control.value;
  if (raw === "") return undefined;
  if (type === "bool") return raw === "true";
  if (type === "text" || type === "enum") return raw;
  const text = raw.trim();
  if (!NUMBER.test(text)) return raw;
  if (/^[+-]?\d{16,}$/.test(text)) return BigInt(text);
  return Number(text);
}

/** Puts a JS value (from an example file) into a control. */
export function writeControl(control, value) {
  if (value === undefined || value === null) control.value = "";
  else if (typeof value === "boolean") control.value = String(value);
  else control.value = String(value);
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

/**
 * Renders `schema` into `form` in `lang`; returns a map pointer → {control, error, row}.
 */
export function renderForm(form, schema, lang) {
  form.replaceChildren();
  const fields = new Map();
  const build = (node, parent, prefix, top) => {
    const required = new Set(node.required ?? []);
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (top && name === "meta") continue;
      const pointer = `${prefix}/${escape(name)}`;
      if (child.properties) {
        const set = document.createElement("fieldset");
        const legend = document.createElement("legend");
        legend.textContent = tr(child["x-title"], lang) || name;
        set.append(legend);
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
      input.setAttribute("aria-describedby", error.id);
      row.append(label, input, error);
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
  return fields;
}

/** Shows a field's errors (message in `lang`) next to it. */
export function showErrors(field, errors, lang) {
  field.error.textContent = errors.map((e) => tr(e.message, lang)).join("；");
  field.row.classList.toggle("invalid", errors.length > 0);
  field.control.setAttribute("aria-invalid", String(errors.length > 0));
}

/** Builds the submission object from field values (pointer → value; undefined = missing). */
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
