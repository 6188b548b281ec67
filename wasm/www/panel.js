// The live panel: final score, grade, outcome, the criteria that lose points and the
// evidence that is missing, vetoes and warnings, or, while the submission cannot be
// scored, what to fix.
import { tr } from "./form.js";

const UI = {
  zh: {
    score: "得分", grade: "等级", outcome: "结论", losing: "失分项", missing: "缺少证明材料",
    gates: "未满足的申报条件", vetoes: "一票否决", warnings: "提示", invalid: "尚不能评分：请先改正以下问题",
    more: (n) => `另有 ${n} 处`, count: (n) => `共 ${n} 处问题`,
  },
  en: {
    score: "Score", grade: "Grade", outcome: "Outcome", losing: "Criteria losing points",
    missing: "Missing evidence", gates: "Eligibility conditions not met", vetoes: "Vetoes",
    warnings: "Warnings", invalid: "Cannot be scored yet: fix these first",
    more: (n) => `${n} more`, count: (n) => (n === 1 ? "1 problem" : `${n} problems`),
  },
};

const el = (tag, { dataset = {}, ...props } = {}, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const [k, v] of Object.entries(dataset)) e.dataset[k] = v;
  e.append(...children);
  return e;
};

function list(title, items, testid) {
  const ul = el("ul", { dataset: { testid } });
  if (items.length === 0) ul.append(el("li", {}, "—"));
  else ul.append(...items);
  return [el("h2", {}, title), ul];
}

/**
 * Shows an answer (`scoreJson`, parsed): the report, or the failure's errors, in `panel`.
 * @param labels map JSON pointer → field or group label in `lang`
 * @param clauseLabel clause ID → how `lang` cites it (the ruleset's `clauseLabel` in Chinese)
 */
export function renderPanel(panel, answer, lang, labels, clauseLabel = (id) => id) {
  const t = UI[lang];
  const label = (p) => labels.get(p) ?? p;
  panel.replaceChildren();
  if (answer.type === "failure") {
    panel.append(el("p", { className: "invalid-note", dataset: { testid: "invalid" } }, t.invalid));
    // The engine's messages name the field already.
    const items = answer.errors.map((e) => el("li", { title: e.path }, tr(e.message, lang)));
    if (answer.more_errors > 0) items.push(el("li", {}, t.more(answer.more_errors)));
    panel.append(...list(t.count(answer.errors.length + answer.more_errors), items, "errors"));
    return;
  }
  const report = answer;
  // Scores stay strings from the engine: shown as they come, never through a JS number.
  panel.append(
    el("div", { className: "score" },
      el("span", { className: "value", dataset: { testid: "final-score" } }, report.final_score),
      el("span", { className: "grade", dataset: { testid: "grade" }, title: t.grade }, report.grade),
      el("span", { className: `outcome ${report.outcome}`, dataset: { testid: "outcome" } },
        tr(report.outcome_label, lang))),
    el("div", {}, `${t.grade}：${tr(report.grade_label, lang)} · ${report.ruleset.id} ${report.ruleset.version}`),
  );
  const losing = report.criteria
    .filter((c) => c.applicable && c.status !== "met")
    .map((c) => el("li", {},
      el("b", {}, `${c.clause.map(clauseLabel).join(" ")} ${tr(c.title, lang)} `),
      el("span", { className: "pts" }, lang === "zh" ? `${c.points} / ${c.max} 分` : `${c.points} / ${c.max} points`),
      el("span", { className: "reason" }, tr(c.reason, lang))));
  panel.append(...list(t.losing, losing, "losing"));
  const missing = [...new Set([...report.criteria, ...report.gates].flatMap((c) => c.missing))]
    .map((p) => el("li", {}, label(p)));
  panel.append(...list(t.missing, missing, "missing"));
  const gates = report.gates.filter((g) => g.passed === false)
    .map((g) => el("li", {}, el("b", {}, tr(g.title, lang)), el("span", { className: "reason" }, tr(g.reason, lang))));
  if (gates.length) panel.append(...list(t.gates, gates, "gates"));
  const vetoes = report.vetoes.filter((v) => v.fired)
    .map((v) => el("li", {}, el("b", {}, tr(v.title, lang)), el("span", { className: "reason" }, tr(v.reason, lang))));
  if (vetoes.length) panel.append(...list(t.vetoes, vetoes, "vetoes"));
  // Each warning with the field or group it is about, unless its message names it already.
  const notices = report.warnings.map((w) => {
    const message = tr(w.message, lang);
    const where = w.path ? label(w.path) : "";
    const li = el("li", { title: w.path ?? "", dataset: { code: w.code, path: w.path ?? "" } }, message);
    if (where && !message.includes(where)) li.append(el("span", { className: "where" }, `（${where}）`));
    return li;
  });
  if (notices.length) panel.append(...list(t.warnings, notices, "warnings"));
}
