"""A report as a scorecard: HTML for Jupyter, plain text for a terminal.

Presentation only: every figure, status and reason shown here comes from the report.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Callable, Iterable, List, NamedTuple, Optional, Tuple

from ._report import CheckResult, GateResult
from ._zonescore import ADVERSE_VERDICTS, VERDICT_WORDS

if TYPE_CHECKING:
    from ._report import CriterionResult, Report

# A colour per status code; the words come with the report (``status_label``).
STATUS_COLOUR = {
    "met": "#1a7f37",
    "partly_met": "#9a6700",
    "not_met": "#cf222e",
    "missing_evidence": "#bc4c00",
    "not_applicable": "#6e7781",
}


def _status(c: CriterionResult) -> Tuple[str, str, str]:
    return c.status_label.zh, c.status_label.en, STATUS_COLOUR.get(c.status, "#24292f")


def _of(points: object, most: Optional[object]) -> str:
    return f"{points}" if most is None else f"{points} / {most}"


def _pointer(report: Report) -> Callable[[CriterionResult], str]:
    """A criterion's points over its maximum; ``-`` where the engine shows none (a criterion
    that does not apply), as the CLI's scorecard does."""
    shown = report._answer.shown_points() or {}

    def points(c: CriterionResult) -> str:
        value = shown.get(c.id)
        return _of("-" if value is None else value, c.max)

    return points


def _verdict(c: CheckResult) -> str:
    """A gate's or a veto's verdict code."""
    if isinstance(c, GateResult):
        return "passed" if c.passed else "failed"
    return "fired" if c.fired else "not_fired"


def _heading(report: Report) -> str:
    name = " · ".join(s.value for s in report.subject) or "—"
    year = f" · 考核年度 {report.year}" if report.year else ""
    return f"{name}{year}"


class _Lines(NamedTuple):
    """The engine's scorecard lines that are not in the answer, each (zh, en)."""

    bonus: Optional[Tuple[str, str]]
    cut_note: Optional[Tuple[str, str]]
    # The normalised and unrounded scores, cut to 4 places when longer, as the CLI shows them;
    # no normalised score where it equals the earned points (no division was made).
    base: Optional[Tuple[str, str]]
    unrounded: Tuple[str, str]


def _lines(report: Report) -> _Lines:
    lines = report._answer.scorecard_lines()
    if lines is None:  # only a failure has none, and a failure is never a Report
        raise TypeError("an invalid submission has no scorecard")
    return _Lines(*lines)


def _grouped(report: Report) -> List[Tuple[str, str, str, List[CriterionResult]]]:
    """Criteria under their dimensions, in rule order: (id, title, points/max, criteria)."""
    criteria = report.criteria
    groups = []
    for d in report.dimensions:
        inside = [c for c in criteria if c.dimension == d.id]
        groups.append((d.id, f"{d.id} {d.title.zh}", _of(d.points, d.max), inside))
    known = {d.id for d in report.dimensions}
    rest = [c for c in criteria if c.dimension not in known]
    if rest:
        groups.append(("", "其他 other", "", rest))
    bonus = list(report.bonus_items)
    if bonus:
        groups.append(("bonus", "加分项 bonus", f"{report.bonus_counted}（计入加分 counted）", bonus))
    return groups


def verdict_word(verdict: str) -> str:
    """The engine's word for a gate's or a veto's verdict, in Chinese then English
    (``passed`` → ``符合 passed``), as the CLI's scorecard and the browser show it."""
    words = VERDICT_WORDS[verdict]
    return f"{words['zh']} {words['en']}"


# --- HTML ----------------------------------------------------------------------------
_CELL = "padding:3px 8px;border-bottom:1px solid #d0d7de;text-align:left;vertical-align:top"
_HEAD = _CELL + ";background:#f6f8fa;font-weight:600"


def _row(cells: Iterable[str], style: str = _CELL, nowrap: Tuple[int, ...] = ()) -> str:
    """A table row; the cells at `nowrap` (ids, clauses, points, status) do not wrap."""
    return "<tr>" + "".join(
        f'<td style="{style}{";white-space:nowrap" if i in nowrap else ""}">{c}</td>' for i, c in enumerate(cells)
    ) + "</tr>"


def _checks_html(report: Report, title: str, checks: Tuple[CheckResult, ...]) -> str:
    if not checks:
        return ""
    rows = []
    for c in checks:
        # The engine's words for the verdict.
        verdict = _verdict(c)
        word = verdict_word(verdict)
        color = "#cf222e" if verdict in ADVERSE_VERDICTS else "#1a7f37"
        rows.append(
            _row([
                escape(c.id),
                escape(c.title.zh),
                f'<span style="color:{color};font-weight:600">{word}</span>',
                escape(report._printed_reason(c.reason, c.missing)),
            ])
        )
    head = _row(["", escape(title), "", "评分说明 reason"], _HEAD)
    return f'<table style="border-collapse:collapse;margin:6px 0">{head}{"".join(rows)}</table>'


def report_html(report: Report) -> str:
    """A scorecard for Jupyter: the result first, then every criterion with its reason."""
    grade, points = report.grade_label, _pointer(report)
    rows = [_row(["", "条款 clause", "指标 criterion", "得分/分值 points", "状态 status", "评分说明 reason"], _HEAD)]
    for _, title, total, criteria in _grouped(report):
        rows.append(
            '<tr><td colspan="3" style="' + _CELL + ';font-weight:600;background:#eef2f7">'
            + escape(title) + '</td><td style="' + _CELL + ';font-weight:600;background:#eef2f7">'
            + escape(total) + '</td><td colspan="2" style="' + _CELL + ';background:#eef2f7"></td></tr>'
        )
        for c in criteria:
            zh, en, color = _status(c)
            rows.append(
                _row([
                    escape(c.id),
                    # The document's own numbering beside each clause ID, from the ruleset.
                    "<br>".join(escape(report._clause_label(x)) for x in c.clause),
                    escape(c.title.zh),
                    escape(points(c)),
                    f'<span style="color:{color};font-weight:600" title="{escape(en)}">{escape(zh)}</span>',
                    escape(report._printed_reason(c.reason, c.missing)),
                ], nowrap=(0, 1, 3, 4))
            )
    notices = ""
    for mark, label, items in (("ℹ", "说明 note", report.notes), ("⚠", "提示 warning", report.warnings)):
        for n in items:
            at = "" if n.path is None else f' <code style="color:#57606a">{escape(n.path)}</code>'
            notices += f'<div style="margin:2px 0">{mark} <b>{label}</b>: {escape(n.message.zh)}{at}</div>'
    said = _lines(report)
    bonus, breakdown, conclusion = said.bonus, report.breakdown, report.conclusion
    # What a value shown cut to 2 decimals (约为45.38%) means, once, in the core's words.
    after = "" if said.cut_note is None else f'<div style="color:#57606a;font-size:12px">{escape(said.cut_note[0])}</div>'
    ref = report.ruleset
    return (
        '<div class="zonescore-report" style="font-family:system-ui,sans-serif;font-size:13px;max-width:980px">'
        f'<div style="font-size:15px;font-weight:600">{escape(_heading(report))}</div>'
        '<div style="margin:6px 0">'
        f'最终得分 <span style="font-size:22px;font-weight:700">{escape(str(report.final_score))}</span>'
        f' &nbsp; 等级 <b>{escape(report.grade)}</b> {escape(grade.zh)}'
        f' &nbsp; 结论 <b>{escape(conclusion.zh)}</b> <span style="color:#57606a">({escape(report.outcome)})</span></div>'
        f'<div>计分 <span title="{escape(breakdown.en)}">{escape(breakdown.zh)}</span>'
        + ("" if bonus is None else f' · <span title="{escape(bonus[1])}">{escape(bonus[0])}</span>')
        + "</div>"
        f'<div style="color:#57606a">实得分／应得分 earned {escape(_of(report.earned, report.applicable_max))}'
        + ("" if said.base is None else f' · 折算得分（按应得分折算） base {escape(said.base[0])}')
        + f' · 四舍五入前得分 unrounded {escape(said.unrounded[0])}</div>'
        f"{notices}"
        f"{_checks_html(report, '资格条件 gates', report.gates)}"
        f"{_checks_html(report, '一票否决 vetoes', report.vetoes)}"
        '<div style="font-weight:600;margin-top:8px">评分明细 criteria</div>'
        f'<table style="border-collapse:collapse;margin:6px 0">{"".join(rows)}</table>'
        f"{after}"
        f'<div style="color:#8c959f;font-size:11px">规则集 ruleset {escape(ref.id)} {escape(ref.version)}'
        f' · 规则文件校验码 digest {escape(ref.digest)}</div>'
        "</div>"
    )


# --- text ----------------------------------------------------------------------------
def report_text(report: Report) -> str:
    """A scorecard for a terminal."""
    ref, points = report.ruleset, _pointer(report)
    said = _lines(report)
    lines = [
        f"{_heading(report)}  ({ref.id} {ref.version})",
        f"最终得分 final score {report.final_score} · 等级 grade {report.grade} {report.grade_label.zh}"
        f" · 结论 outcome {report.conclusion.zh} ({report.outcome})",
        f"计分 {report.breakdown.zh}" + ("" if said.bonus is None else f" · {said.bonus[0]}"),
        # The HTML scorecard's words, in Chinese first as every line above.
        f"实得分／应得分 earned {_of(report.earned, report.applicable_max)}"
        + ("" if said.base is None else f" · 折算得分（按应得分折算） base {said.base[0]}")
        + f" · 四舍五入前得分 unrounded {said.unrounded[0]}",
    ]
    for kind, notices in (("note", report.notes), ("warning", report.warnings)):
        for n in notices:
            at = "" if n.path is None else f" ({n.path})"
            lines.append(f"{kind}: {n.message.zh}{at}")
    groups: List[Tuple[str, Tuple[CheckResult, ...]]] = [
        ("资格条件 gates", report.gates),
        ("一票否决 vetoes", report.vetoes),
    ]
    for title, checks in groups:
        if checks:
            lines.append(title)
            for c in checks:
                word = VERDICT_WORDS[_verdict(c)]["zh"]
                lines.append(f"  {c.id} {word}  {report._printed_reason(c.reason, c.missing)}")
    lines.append("评分明细 criteria")
    for _, title, total, criteria in _grouped(report):
        lines.append(f"{title}  {total}".rstrip())
        for criterion in criteria:
            zh, _, _ = _status(criterion)
            reason = report._printed_reason(criterion.reason, criterion.missing)
            lines.append(f"  {criterion.id:<4} {points(criterion):>9}  {zh}  {criterion.title.zh}: {reason}")
    lines.append(f"规则集 ruleset {ref.id} {ref.version} · 规则文件校验码 digest {ref.digest}")
    return "\n".join(lines)
