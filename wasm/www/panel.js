// The live panel and the phone's score bar: progress first; until the required fields are
// filled, what is left to fill instead of a grade; the problems in form order, each a link
// to its field, with the last valid score greyed; then the score with its one-line
// breakdown, a veto badge, the criteria that lose points (by id) and the unfilled fields.
// Every number shown is the engine's answer's own text, never computed here.
import { tr } from "./form.js";

const UI = {
  zh: {
    grade: "等级", outcome: "结论", losing: "失分项", unfilled: "未填写（影响得分）",
    gates: "未满足的资格条件", vetoes: "一票否决", warnings: "提示", pending: "尚未填完必填项",
    todo: "还需填写的必填项", fix: "请改正以下问题", veto: "一票否决", gate: "资格条件不符合",
    invalid: (n) => `有 ${n} 处需改正，改正后更新得分`, noScore: "尚不能评分",
    stale: "上次的有效得分（已过时）", more: (n) => `另有 ${n} 处`,
    progress: (p) => `必填 ${p.requiredFilled}/${p.requiredTotal} 项 · 已填 ${p.filled}/${p.total} 项`,
    notFilled: "未填写", points: (c) => `${c.points} / ${c.max} 分`, sep: "；", colon: "：", comma: "、", aside: (w) => `（${w}）`,
    zeroed: (n) => `尚有 ${n} 项影响得分的内容未填写，按不得分计`,
    base: (b) => `折算得分 ${b}`, unrounded: (u) => `四舍五入前 ${u}`, open: "查看评分",
  },
  en: {
    grade: "Grade", outcome: "Outcome", losing: "Criteria losing points", unfilled: "Not filled in (affects the score)",
    gates: "Eligibility conditions not met", vetoes: "Vetoes", warnings: "Warnings", pending: "Required fields still empty",
    todo: "Required fields to fill", fix: "Fix these", veto: "Vetoed", gate: "Not eligible",
    invalid: (n) => (n === 1 ? "1 problem to fix; the score updates once it is fixed" : `${n} problems to fix; the score updates once they are fixed`),
    noScore: "Cannot be scored yet", stale: "Last valid score (out of date)", more: (n) => `${n} more`,
    progress: (p) => `Required ${p.requiredFilled}/${p.requiredTotal} · filled ${p.filled}/${p.total}`,
    notFilled: "not filled in", points: (c) => `${c.points} / ${c.max} points`, sep: "; ", colon: ": ", comma: ", ", aside: (w) => ` (${w})`,
    zeroed: (n) => `${n} fields that affect the score are not filled in; they score nothing`,
    base: (b) => `normalised ${b}`, unrounded: (u) => `before rounding ${u}`, open: "Show score",
  },
};

export const el = (tag, { dataset = {}, ...props } = {}, ...children) => {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const [k, v] of Object.entries(dataset)) e.dataset[k] = v;
  e.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return e;
};

/** A link that takes the person to a field (the page focuses it on click). */
export const jump = (pointer, text) => el("a", { href: `#${pointer}`, className: "jump", dataset: { path: pointer } }, text);

function list(title, items, testid) {
  const ul = el("ul", { dataset: { testid } });
  if (items.length === 0) ul.append(el("li", {}, "—"));
  else ul.append(...items);
  return [el("h2", {}, title), ul];
}

/** The engine's one-line breakdown (实得 88 + 加分 3 → 91.0); the unrounded score and every
 * digit of the normalised one in its title. */
function breakdown(r, t, lang, testid) {
  const exact = r.base !== r.earned ? ` · ${t.base(r.base)}` : "";
  return el("div", { className: "breakdown", dataset: { testid }, title: `${t.unrounded(r.unrounded)}${exact}` }, tr(r.breakdown, lang));
}

/** The score, grade, veto badge, outcome and breakdown of a report; `p` prefixes test ids. */
function summary(r, t, lang, p = "") {
  const fired = r.vetoes.filter((v) => v.fired);
  const failed = r.gates.filter((g) => !g.passed);
  const subject = [...r.subject.map((s) => s.value), r.year].filter(Boolean).join(" · ");
  return [
    subject ? el("div", { className: "subject" }, subject) : null,
    el("div", { className: "score" },
      el("span", { className: "value", dataset: { testid: `${p}final-score` } }, r.final_score),
      el("span", { className: "grade", dataset: { testid: `${p}grade` }, title: `${t.grade}${t.colon}${tr(r.grade_label, lang)}` }, r.grade),
      fired.length ? el("span", { className: "badge veto", dataset: { testid: `${p}veto-badge` }, title: fired.map((v) => tr(v.title, lang)).join("；") }, t.veto) : null,
      failed.length ? el("span", { className: "badge veto", dataset: { testid: `${p}gate-badge` } }, t.gate) : null),
    el("div", { className: "outcome-line" }, `${t.outcome}${t.colon}`,
      // The engine's conclusion: the outcome, and the gates or vetoes that decided it.
      el("span", { className: `outcome ${r.outcome}`, dataset: { testid: `${p}outcome` } }, tr(r.conclusion, lang)),
      el("span", { className: "grade-label" }, ` · ${t.grade} ${tr(r.grade_label, lang)}`)),
    breakdown(r, t, lang, `${p}breakdown`),
  ];
}

/** A criterion that loses points: its id and title, clauses, points and why; an unfilled
 * input is said as 未填写 with a link to its field, never as missing evidence. */
function losingItem(c, t, lang, label, clauseLabel) {
  const li = el("li", { dataset: { id: c.id } },
    el("b", {}, `${c.id} ${tr(c.title, lang)} `),
    c.clause.length ? el("span", { className: "clause" }, `${c.clause.map(clauseLabel).join(" ")} `) : null,
    el("span", { className: "pts" }, t.points(c)));
  if (c.missing.length === 0) {
    li.append(el("span", { className: "reason" }, tr(c.reason, lang)));
    return li;
  }
  // The parts the engine could read keep its own words; the unread ones are the fields to fill.
  const read = c.parts.filter((part) => !(part.counted && part.value === null)).map((part) => tr(part.reason, lang));
  const reason = el("span", { className: "reason" }, read.length ? `${read.join(t.sep)}${t.sep}` : "", `${t.notFilled}${t.colon}`);
  c.missing.forEach((pointer, i) => reason.append(i ? t.comma : "", jump(pointer, label(pointer))));
  li.append(reason);
  return li;
}

function problemList(problems, t, lang, label, moreErrors = 0) {
  const items = problems.map((p) => {
    const message = tr(p.message, lang);
    const where = label(p.path);
    const text = message.includes(where) ? message : `${where}${t.colon}${message}`;
    return el("li", { dataset: { path: p.path } }, p.target ? jump(p.target, text) : text);
  });
  if (moreErrors > 0) items.push(el("li", {}, t.more(moreErrors)));
  return list(t.fix, items, "errors");
}

/**
 * Shows the panel for the form's state:
 * - `answer`: `scoreJson`'s answer, parsed; `lastGood`: the last success for these entries
 * - `progress`: {filled, total, requiredFilled, requiredTotal}; `todo`: empty required fields
 * - `problems`: [{path, target, message}] in form order (`target`: the field to focus)
 * - `label`: JSON pointer → its label in `lang`; `clauseLabel`: clause ID → how `lang` cites it
 * - `range`, `advice`: the page's what-if nodes, placed under the progress and the score
 */
export function renderPanel(panel, view) {
  const { answer, lastGood, progress, todo, problems, lang, label, clauseLabel = (id) => id } = view;
  const t = UI[lang];
  panel.replaceChildren(el("div", { className: "progress", dataset: { testid: "progress" } },
    el("span", {}, t.progress(progress)),
    el("meter", { min: 0, max: progress.total, value: progress.filled })));
  // What the half-filled form can still reach (filled in by the page from `bounds`).
  if (view.range) panel.append(view.range);
  if (todo.length > 0) {
    panel.append(el("p", { className: "pending", dataset: { testid: "pending" } }, t.pending));
    panel.append(...list(t.todo, todo.map((p) => el("li", {}, jump(p, label(p)))), "todo"));
    if (problems.length) panel.append(...problemList(problems, t, lang, label));
    return;
  }
  if (answer.type === "failure") {
    const count = problems.length + answer.more_errors;
    panel.append(el("p", { className: "invalid-note", dataset: { testid: "invalid" } }, lastGood ? t.invalid(count) : t.noScore));
    panel.append(...problemList(problems, t, lang, label, answer.more_errors));
    if (lastGood) {
      panel.append(el("div", { className: "stale", dataset: { testid: "stale" }, title: t.stale },
        el("h2", {}, t.stale), ...summary(lastGood, t, lang, "stale-")));
    }
    return;
  }
  const r = answer;
  panel.append(...summary(r, t, lang));
  // 如何达到 A: the advice (filled in by the page from `advise`).
  if (view.advice) panel.append(view.advice);
  const missing = [...new Set([...r.criteria, ...r.gates].flatMap((c) => c.missing))];
  if (missing.length) panel.append(el("p", { className: "zeroed", dataset: { testid: "zeroed" } }, t.zeroed(missing.length)));
  const losing = r.criteria.filter((c) => c.applicable && c.status !== "met")
    .map((c) => losingItem(c, t, lang, label, clauseLabel));
  panel.append(...list(t.losing, losing, "losing"));
  const unfilled = view.inFormOrder(missing).map((p) => el("li", {}, jump(p, label(p))));
  if (unfilled.length > 8) {
    const [h2, ul] = list(`${t.unfilled} · ${unfilled.length}`, unfilled, "unfilled");
    panel.append(el("details", {}, el("summary", {}, h2), ul));
  } else if (unfilled.length) {
    panel.append(...list(t.unfilled, unfilled, "unfilled"));
  }
  const gates = r.gates.filter((g) => !g.passed)
    .map((g) => el("li", {}, el("b", {}, `${g.id} ${tr(g.title, lang)}`), el("span", { className: "reason" }, tr(g.reason, lang))));
  if (gates.length) panel.append(...list(t.gates, gates, "gates"));
  const vetoes = r.vetoes.filter((v) => v.fired)
    .map((v) => el("li", {}, el("b", {}, `${v.id} ${tr(v.title, lang)}`), el("span", { className: "reason" }, tr(v.reason, lang))));
  if (vetoes.length) panel.append(...list(t.vetoes, vetoes, "vetoes"));
  // Each warning with the field or group it is about, unless its message names it already.
  const notices = r.warnings.map((w) => {
    const message = tr(w.message, lang);
    const where = w.path ? label(w.path) : "";
    const li = el("li", { title: w.path ?? "", dataset: { code: w.code, path: w.path ?? "" } }, message);
    if (where && !message.includes(where)) li.append(el("span", { className: "where" }, t.aside(where)));
    return li;
  });
  if (notices.length) panel.append(...list(t.warnings, notices, "warnings"));
}

/** The compact score bar of narrow screens: the score (or what is left), one tap from the panel. */
export function renderBar(bar, view) {
  const { answer, lastGood, progress, todo, problems, lang } = view;
  const t = UI[lang];
  const parts = [];
  if (todo.length > 0) {
    parts.push(el("span", { className: "bar-state" }, t.pending));
  } else if (answer.type === "failure") {
    if (lastGood) parts.push(el("span", { className: "bar-score stale" }, `${lastGood.final_score} ${lastGood.grade}`));
    parts.push(el("span", { className: "bar-state bad" }, t.invalid(problems.length + answer.more_errors).split(/[，;,]/)[0]));
  } else {
    parts.push(el("span", { className: "bar-score", dataset: { testid: "bar-score" } }, `${answer.final_score} ${answer.grade}`));
    if (answer.vetoes.some((v) => v.fired)) parts.push(el("span", { className: "badge veto" }, t.veto));
    parts.push(el("span", { className: "bar-state" }, tr(answer.outcome_label, lang)));
  }
  parts.push(el("span", { className: "bar-progress" }, t.progress(progress)));
  const content = [el("span", { className: "bar-main" }, ...parts), el("span", { className: "bar-open" }, `${t.open} ▴`)];
  // Left alone when unchanged, so a tap that starts as the bar is refreshed still lands.
  if (bar.innerHTML !== content.map((c) => c.outerHTML).join("")) bar.replaceChildren(...content);
}
