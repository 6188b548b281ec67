// The county summary page: a county office chooses (or drops) the zones' submission files and
// sees whether the goal of §2.1 is met (3 or more zones named in 2011–2015), every report by
// zone and year, reports repeated for one year, zones probably written twice, and the files
// that count for nothing with why. The answer is the engine's `goalSummary` (the full module),
// byte for byte what `zonescore summary --format json` answers for a folder of the same files;
// the page only lays it out. The files stay in the page: nothing is sent anywhere.
import init, { goalSummary } from "../pkg/web-full/zonescore.js";

const UI = {
  zh: {
    title: "示范区创建目标汇总", choose: "选择申报文件", examples: "载入全部示例", clear: "清空",
    formLink: "单个示范区评分", other: "English",
    hint: "选择或拖入各示范区的申报文件（JSON），可分几次添加；同名文件以后添加的为准。文件只在本页读取，不会上传。",
    met: "已达成", unmet: "未达成", files: (n) => `${n} 份文件`,
    goal: (s) => `${s.title.zh}（${s.clause.join("、")}），目标 ${s.target} 个`,
    named: (n) => `已命名示范区（${n} 个，按首次命名年度）`, rows: (n) => `各示范区各年度结果（${n} 份报告）`,
    head: ["示范区", "年度", "得分", "等级", "结论"], firstYear: "首次命名年度",
    notCounted: "未计入：同年度另有得分较低的报告", outside: "仅供参考：不在规则有效期内",
    repeated: "同一年度有多份提交", duplicates: "疑似重复的示范区（仍按规则计入）",
    skipped: (n) => `未计入的文件（${n} 份）`, added: (n, all) => `已添加 ${n} 份文件，共 ${all} 份`,
    unreadable: (name) => `无法读取「${name}」`, cleared: "已清空", exampleSet: (n) => `已载入全部 ${n} 份示例`,
    replaced: (names) => `；${names.join("、")} 替换了先前读入的同名文件`,
  },
  en: {
    title: "County goal over many reports", choose: "Choose submission files", examples: "Load every example",
    clear: "Clear", formLink: "Score one zone", other: "中文",
    hint: "Choose or drop the zones' submission files (JSON), in as many goes as you like; a file of the same name replaces the one before. Files are read in this page and never uploaded.",
    met: "Met", unmet: "Not met", files: (n) => `${n} files`,
    goal: (s) => `${s.title.en} (${s.clause.join(", ")}), target ${s.target}`,
    named: (n) => `Zones named (${n}, by first year named)`, rows: (n) => `Results by zone and year (${n} reports)`,
    head: ["Zone", "Year", "Score", "Grade", "Outcome"], firstYear: "First year named",
    notCounted: "Not counted: a lower score was reported for the same year", outside: "For reference: outside the rules' period",
    repeated: "Several submissions for one year", duplicates: "Zones probably written twice (still counted as the rules say)",
    skipped: (n) => `Files that count for nothing (${n})`, added: (n, all) => `Added ${n} ${n === 1 ? "file" : "files"}, ${all} in all`,
    unreadable: (name) => `Cannot read “${name}”`, cleared: "Cleared", exampleSet: (n) => `Loaded all ${n} examples`,
    replaced: (names) => `; ${names.join(", ")} replaced the ${names.length === 1 ? "file" : "files"} of the same name read before`,
  },
};

const $ = (id) => document.getElementById(id);
const state = {
  lang: new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh",
  files: [], // {name, bytes}, sorted by name as `zonescore summary` walks a folder
  examples: {},
};
const t = () => UI[state.lang];
const say = (text) => {
  $("message").textContent = text;
};

/** An element with a class and text, or children. */
function el(tag, className, ...content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...content.filter((c) => c !== null && c !== undefined));
  return node;
}

/** File names in the order of their UTF-8 bytes, as the engine sorts a folder. */
const encoder = new TextEncoder();
function byBytes(a, b) {
  const [x, y] = [encoder.encode(a.name), encoder.encode(b.name)];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** Adds files (a name and its bytes each); a name already there is replaced. Returns what
 * the message adds: the names that replaced a file read before (another zone's, maybe), said
 * so rather than changing the verdict without a word. */
function addFiles(added) {
  const replaced = state.files.filter((f) => added.some((a) => a.name === f.name)).map((f) => f.name);
  state.files = [...state.files.filter((f) => !replaced.includes(f.name)), ...added].sort(byBytes);
  return replaced.length ? t().replaced(replaced) : "";
}

async function readFiles(list) {
  const added = [];
  for (const file of list) {
    try {
      added.push({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
    } catch {
      say(t().unreadable(file.name));
      return;
    }
  }
  const replaced = addFiles(added);
  say(`${t().added(added.length, state.files.length)}${replaced}`);
  render();
}

const subjectText = (subject) => subject.filter(Boolean).join(" / ");

function table(head, rows) {
  const thead = el("thead", null, el("tr", null, ...head.map((h) => el("th", null, h))));
  return el("div", "table-wrap", el("table", null, thead, el("tbody", null, ...rows)));
}

function verdict(s) {
  const text = s.statement ? s.statement[state.lang] : "";
  return el(
    "div", "verdict",
    el("span", `badge ${s.met ? "met" : "unmet"}`, s.met ? t().met : t().unmet),
    el("span", "statement", text),
    el("span", "goal", `${t().goal(s)} · ${t().files(state.files.length)}`),
  );
}

function reportRows(s) {
  return s.rows.map((r) => {
    const notes = [!r.counted ? t().notCounted : null, r.outside_period ? t().outside : null].filter(Boolean);
    return el(
      "tr", [r.counted ? "" : "not-counted", r.outside_period ? "outside" : ""].join(" ").trim(),
      el("td", null, subjectText(r.subject), ...notes.map((n) => el("div", "aside", n))),
      el("td", "num", String(r.year ?? "")),
      el("td", "num", r.final_score),
      el("td", null, r.grade),
      el("td", `outcome ${r.outcome}`, r.outcome_label[state.lang]),
    );
  });
}

function renderAnswer(answer) {
  const s = answer.summary;
  const lang = state.lang;
  const parts = [verdict(s)];
  const head = t().head;
  parts.push(el("h2", null, t().named(s.named.length)));
  if (s.named.length) {
    const rows = s.named.map((z, i) =>
      el("tr", null, el("td", "num", String(i + 1)), el("td", null, subjectText(z.subject)),
        el("td", "num", String(z.first_year)), el("td", "num", z.final_score)));
    parts.push(table(["#", head[0], t().firstYear, head[2]], rows));
  }
  parts.push(el("h2", null, t().rows(s.rows.length)));
  if (s.rows.length) parts.push(table(head, reportRows(s)));
  const list = (title, items, testid) => {
    if (!items.length) return;
    const ul = el("ul", null, ...items);
    ul.dataset.testid = testid;
    parts.push(el("h2", null, title), ul);
  };
  list(t().repeated, s.repeated.map((r) =>
    el("li", null, r.message[lang], ...r.reports.map((i) => el("div", "source", answer.sources[i])))), "repeated");
  const colon = lang === "zh" ? "：" : ": ";
  list(t().duplicates, s.probable_duplicates.map((d) =>
    el("li", null, `${d.subjects.map(subjectText).join(" ↔ ")}${colon}${d.message[lang]}`)), "duplicates");
  parts.push(...skippedList(answer.skipped));
  $("result").replaceChildren(...parts);
}

// The files that count for nothing, and why: below a verdict, or below the refusal when none counts.
function skippedList(skipped) {
  if (!skipped.length) return [];
  const ul = el("ul", null, ...skipped.map((k) =>
    el("li", null, el("span", "source", k.source), ` ${k.path ? `${k.path} ` : ""}${k.message[state.lang]}`)));
  ul.dataset.testid = "skipped";
  return [el("h2", null, t().skipped(skipped.length)), ul];
}

function render() {
  const ui = t();
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = `${ui.title} · zonescore`;
  $("title").textContent = ui.title;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = ui[node.dataset.i18n];
  $("lang").textContent = ui.other;
  $("lang").lang = state.lang === "zh" ? "en" : "zh-CN";
  $("form-link").href = state.lang === "en" ? "./?lang=en" : "./";
  $("hint").textContent = state.files.length ? "" : ui.hint;
  if (!state.files.length) {
    $("result").replaceChildren();
    return;
  }
  try {
    renderAnswer(goalSummary(state.files.map((f) => f.bytes), null, state.files.map((f) => f.name)));
  } catch (e) {
    // No verdict that would pass for a result: the engine's words for why, and each file's.
    if (e?.name !== "GoalError") throw e;
    const refusal = el("p", "refusal", e.summary[state.lang]);
    refusal.dataset.testid = "refusal";
    $("result").replaceChildren(refusal, ...skippedList(e.skipped));
  }
}

async function main() {
  await init();
  const response = await fetch("./generated/examples.json");
  state.examples = response.ok ? await response.json() : {};
  $("choose").addEventListener("click", () => $("files").click());
  $("files").addEventListener("change", async (event) => {
    const list = [...event.target.files];
    event.target.value = "";
    if (list.length) await readFiles(list);
  });
  const drop = $("drop");
  drop.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("dragging");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("dragging"));
  drop.addEventListener("drop", async (event) => {
    event.preventDefault();
    drop.classList.remove("dragging");
    const list = [...(event.dataTransfer?.files ?? [])];
    if (list.length) await readFiles(list);
  });
  // Every bundled example, of each ruleset: another ruleset's are listed as counting for nothing.
  $("examples").addEventListener("click", () => {
    const all = Object.values(state.examples).flat();
    const replaced = addFiles(all.map((x) => ({ name: x.file.split("/").pop(), bytes: encoder.encode(x.text) })));
    say(`${t().exampleSet(all.length)}${replaced}`);
    render();
  });
  $("clear").addEventListener("click", () => {
    state.files = [];
    say(t().cleared);
    render();
  });
  $("lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    say("");
    render();
  });
  render();
  $("status").textContent = "zonescore · WebAssembly";
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  document.body.dataset.ready = "error";
  $("status").textContent = `${e?.name ?? "Error"}: ${e?.message ?? e}`;
  throw e;
});
