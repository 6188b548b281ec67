// What the form can still reach, and what it must change: the range of the final score and
// the grades still possible (the engine's `bounds` of the half-filled form), and a 如何达到 A
// panel (the engine's `advise`: the fewest changes that reach a target, each with a button
// that puts it into the form). Every figure is the answer's own text, never computed here.
import { tr } from "./form.js";
import { el, jump } from "./panel.js";

const UI = {
  zh: {
    next: "最能影响得分、宜先填写", swing: (s) => `可使最终得分变动 ${s} 分`,
    notCounted: (labels, n) => `（未计入不影响得分的 ${n} 项：${labels.join("、")}${n > labels.length ? " 等" : ""}）`,
    openVetoes: "一票否决尚未确定", openGates: "资格条件尚未确定",
    heading: (target) => `如何达到 ${target}`, target: "目标", nextGrade: "高一个等级（默认）", grades: "等级", outcomes: "结论",
    option: (i, o) => `方案 ${i + 1}：最终得分 ${o.final_score}，等级 ${o.grade}`,
    change: (c) => `（${c.criterion}${c.clause.length ? ` ${c.clause.join(" ")}` : ""}，+${c.points} 分）`,
    apply: "按此修改", blocked: "受以下事项阻碍（无法通过修改填报内容改变）", best: (t) => `可达到的最好目标：${t}`,
    colon: "：", sep: "；",
  },
  en: {
    next: "Fill these first: they move the score most", swing: (s) => `moves the final score by up to ${s}`,
    notCounted: (labels, n) => `(not counting the ${n} empty ${n === 1 ? "field" : "fields"} that do not affect the score: ${labels.join(", ")}${n > labels.length ? "…" : ""})`,
    openVetoes: "Vetoes still open", openGates: "Eligibility conditions still open",
    heading: (target) => `How to reach ${target}`, target: "Target", nextGrade: "Next grade up (default)", grades: "Grade", outcomes: "Outcome",
    option: (i, o) => `Option ${i + 1}: final score ${o.final_score}, grade ${o.grade}`,
    change: (c) => ` (${c.criterion}${c.clause.length ? ` ${c.clause.join(" ")}` : ""}, +${c.points} ${c.points === "1" ? "point" : "points"})`,
    apply: "Apply", blocked: "Blocked by (no change to the entries can lift it)", best: (t) => `Best reachable target: ${t}`,
    colon: ": ", sep: "; ",
  },
};


/**
 * The reachable range of a `bounds` answer (parsed) into `node`; nothing while the form
 * has no missing field (the score is the score) or the answer is a failure (the panel lists
 * the problems). `view`: {lang, label, clauseLabel}.
 */
export function renderRange(node, bounds, view) {
  const t = UI[view.lang];
  node.replaceChildren();
  if (bounds?.type !== "bounds" || bounds.missing === 0) return;
  // The engine's own sentence: the fields missing, the range and the grades still possible.
  node.append(el("p", { className: "range", dataset: { testid: "range" } }, tr(bounds.summary, view.lang)));
  // Its count is of the empty fields that can move the score, fewer than the progress line's
  // 已填 x/60 leaves empty: the others (the zone's name, its town) are named, so the two agree.
  const open = new Set(bounds.open_fields.map((f) => f.path));
  const others = (view.empty ?? []).filter((p) => !open.has(p));
  if (others.length) {
    node.append(el("p", { className: "range-note", dataset: { testid: "range-note" } }, t.notCounted(others.slice(0, 3).map(view.label), others.length)));
  }
  const checks = (list, title, testid) => {
    const open = list.filter((c) => c.holds === "open");
    if (open.length === 0) return;
    node.append(el("p", { className: "open-checks", dataset: { testid } },
      `${title}${t.colon}${open.map((c) => `${c.id} ${tr(c.title, view.lang)}`).join(t.sep)}`));
  };
  checks(bounds.vetoes, t.openVetoes, "open-vetoes");
  checks(bounds.gates, t.openGates, "open-gates");
  // The fields worth asking for (core's choice: they move the score, or decide a gate or
  // veto still open), the largest swing first, as many as the panel has room for.
  const first = bounds.open_fields.filter((f) => f.worth_asking).slice(0, 3).map((f) => el("li", { dataset: { path: f.path } },
    jump(f.path, tr(f.label, view.lang)), el("span", { className: "swing" }, ` · ${t.swing(f.swing)}`)));
  if (first.length) node.append(el("h2", {}, t.next), el("ul", { dataset: { testid: "next-fields" } }, ...first));
}

function options(list, t, view, prefix) {
  return list.map((o, i) => el("li", { className: "option", dataset: { testid: `${prefix}option-${i}` } },
    el("div", { className: "option-head" },
      el("b", {}, t.option(i, o)),
      el("button", { type: "button", className: "apply", dataset: { testid: `${prefix}apply-${i}`, option: `${prefix}${i}` } }, t.apply)),
    el("ul", {}, ...o.changes.map((c) => el("li", { dataset: { path: c.path } },
      jump(c.path, tr(c.label, view.lang)), `${t.colon}${tr(c.from_text, view.lang)} → `,
      el("b", {}, tr(c.to_text, view.lang)),
      el("span", { className: "clause" }, t.change({ ...c, clause: c.clause.map(view.clauseLabel) })))))));
}

/** A target as the page names it: a grade by its letter (A), an outcome by its name (通过考核验收，推荐命名). */
function targetName(code, view) {
  const target = view.targets.find((x) => x.code === code);
  return target?.kind === "outcome" ? tr(target.label, view.lang) : code;
}

/**
 * The 如何达到 panel into `node`: a target select (`targets`: the engine's `targets()`,
 * `chosen`: the one asked, "" for the next grade up), then the advice (parsed `advise`
 * answer): its summary, each option with its changes and an apply button
 * (`data-option`: "0", "1"…, or "best-0"… for the best reachable target's), what blocks it.
 */
export function renderAdvice(node, advice, view) {
  const t = UI[view.lang];
  node.replaceChildren();
  if (!advice) return;
  // Grades by letter and name (A 优秀), as the panel shows a grade; outcomes by name alone,
  // never their codes (not_named). Grouped, as a grade and an outcome may share a name (Pass).
  const group = (kind, label, name) => {
    const list = view.targets.filter((target) => target.kind === kind);
    return list.length ? el("optgroup", { label }, ...list.map((target) => el("option", { value: target.code }, name(target)))) : null;
  };
  const select = el("select", { id: "target", dataset: { testid: "target" } },
    el("option", { value: "" }, t.nextGrade),
    group("grade", t.grades, (target) => `${target.code} ${tr(target.label, view.lang)}`),
    group("outcome", t.outcomes, (target) => tr(target.label, view.lang)));
  select.value = view.chosen;
  node.append(
    el("h2", { dataset: { testid: "advice-heading" } }, t.heading(targetName(advice.type === "advice" ? advice.target : view.chosen, view))),
    el("label", { className: "target" }, `${t.target} `, select));
  if (advice.type !== "advice") {
    node.append(el("p", { className: "invalid-note" }, advice.errors.map((e) => tr(e.message, view.lang)).join(t.sep)));
    return;
  }
  node.append(el("p", { className: advice.reached ? "summary reached" : "summary", dataset: { testid: "advice-summary" } }, tr(advice.summary, view.lang)));
  if (advice.options.length) node.append(el("ol", { className: "options", dataset: { testid: "options" } }, ...options(advice.options, t, view, "")));
  if (advice.blocked_by.length) {
    node.append(el("h2", {}, t.blocked), el("ul", { dataset: { testid: "blocked" } },
      ...advice.blocked_by.map((b) => el("li", {}, `${b.id} ${tr(b.title, view.lang)}`))));
  }
  if (advice.best) {
    node.append(el("h2", { dataset: { testid: "best" } }, t.best(targetName(advice.best.target, view))),
      el("p", { className: "summary" }, tr(advice.best.summary, view.lang)));
    if (advice.best.options.length) node.append(el("ol", { className: "options" }, ...options(advice.best.options, t, view, "best-")));
  }
}

/** The option an apply button stands for (`data-option`), from the advice shown. */
export function optionOf(advice, key) {
  const best = key.startsWith("best-");
  const list = best ? advice?.best?.options : advice?.options;
  return list?.[Number(key.replace("best-", ""))] ?? null;
}
