"""Bounds and advice as HTML for Jupyter, in the style of the report's scorecard.

Presentation only: every figure, code and sentence comes from the engine's answer, and
every text is escaped.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Callable, Tuple

from ._render import _HEAD, _row, verdict_word
from . import _zonescore as _core
from ._zonescore import ADVERSE_VERDICTS, APPLIES_WORDS, SETTLED_VERDICTS

if TYPE_CHECKING:
    from ._report import RulesetRef
    from ._whatif import Advice, AdviceOption, Bounds, CheckBounds

# How many missing fields worth asking for the bounds card lists (the largest swing first).
_OPEN_SHOWN = 10

def _table(rows: str) -> str:
    return f'<table style="border-collapse:collapse;margin:6px 0">{rows}</table>'


def _footer(kind: str, ref: RulesetRef) -> str:
    rid, version, digest = ref
    return (
        f'<div style="color:#8c959f;font-size:11px">{kind} · 规则集 ruleset {escape(rid)} {escape(version)}'
        f" · 规则文件校验码 digest {escape(digest)}</div>"
    )


def _checks(title: str, checks: Tuple[CheckBounds, ...], gate: bool) -> str:
    if not checks:
        return ""
    rows = [_row(["", escape(title), "", "待填字段 open fields"], _HEAD)]
    for c in checks:
        # The engine's verdict for the state: a gate that holds has passed, a veto fired.
        verdict = SETTLED_VERDICTS[c.holds][0 if gate else 1]
        word = verdict_word(verdict)
        colour = "#9a6700" if verdict == "open" else "#cf222e" if verdict in ADVERSE_VERDICTS else "#1a7f37"
        rows.append(
            _row([
                escape(c.id),
                escape(c.title.zh),
                f'<span style="color:{colour};font-weight:600">{escape(word)}</span>',
                "<br>".join(f"<code>{escape(p)}</code>" for p in c.open_fields),
            ], nowrap=(0, 2))
        )
    return _table("".join(rows))


def bounds_html(b: Bounds) -> str:
    """The reachable range first, then gates, vetoes, criteria and the fields to ask next."""
    criteria = [_row(["", "指标 criterion", "可得分 points", "分值 max", "适用 applies"], _HEAD)]
    for c in b.criteria:
        criteria.append(
            _row([
                escape(c.id),
                escape(c.title.zh),
                # A range still open stands out; a settled number does not.
                escape(str(c.points)) if c.points.min == c.points.max
                else f'<span style="color:#9a6700;font-weight:600">{escape(str(c.points))}</span>',
                "—" if c.max is None else escape(str(c.max)),
                f'<span title="{escape(APPLIES_WORDS[c.applies][1])}">{escape(APPLIES_WORDS[c.applies][0])}</span>',
            ], nowrap=(0, 2, 3, 4))
        )
    fields = [_row(["待填字段 field", "", "影响 swing", "影响指标 affects"], _HEAD)]
    # The fields worth asking for (core's choice), as many as the table has room for.
    asked = [f for f in b.open_fields if f.worth_asking]
    for f in asked[:_OPEN_SHOWN]:
        fields.append(
            _row([
                escape(f.label.zh),
                f'<code style="color:#57606a">{escape(f.path)}</code>',
                escape(str(f.swing)),
                escape(", ".join(f.affects)),
            ], nowrap=(2,))
        )
    more = len(asked) - _OPEN_SHOWN
    rest = f'<div style="color:#57606a">… {more} more</div>' if more > 0 else ""
    return (
        '<div class="zonescore-bounds" style="font-family:system-ui,sans-serif;font-size:13px;max-width:980px">'
        '<div style="margin:6px 0">可达最终得分 reachable final score '
        f'<span style="font-size:22px;font-weight:700">{escape(str(b.final_score))}</span>'
        "</div>"
        # The engine's sentence: the fields missing, the range, the grades, whether it is exact.
        f'<div title="{escape(b.summary.en)}">{escape(b.summary.zh)}</div>'
        f'<div>可能结论 outcomes <b>{escape(", ".join(b.outcomes) or "—")}</b></div>'
        f"{_checks('资格条件 gates', b.gates, gate=True)}"
        f"{_checks('一票否决 vetoes', b.vetoes, gate=False)}"
        '<div style="font-weight:600;margin-top:8px">评分明细 criteria</div>'
        f'{_table("".join(criteria))}'
        + (
            '<div style="font-weight:600;margin-top:8px">最影响得分的待填字段 fields to fill next</div>'
            f'{_table("".join(fields))}{rest}'
            if asked
            else ""
        )
        + _footer("得分范围 bounds", b.ruleset)
        + "</div>"
    )


def _option(i: int, o: AdviceOption, clause: Callable[[str], str]) -> str:
    rows = [_row(["字段 field", "", "现值 from", "改为 to", "指标 criterion", "条款 clause", "得分 points"], _HEAD)]
    for c in o.changes:
        rows.append(
            _row([
                escape(c.label.zh),
                f'<code style="color:#57606a">{escape(c.path)}</code>',
                escape(c.from_text.zh),
                f"<b>{escape(c.to_text.zh)}</b>",
                escape(c.criterion),
                "<br>".join(escape(clause(x)) for x in c.clause),
                escape(f"+{c.points}"),
            ], nowrap=(2, 3, 4, 5, 6))
        )
    head = (
        f'<div style="font-weight:600;margin-top:8px">方案 option {i + 1}: 最终得分 final score '
        f"{escape(str(o.final_score))} · 等级 grade {escape(o.grade)} · 结论 outcome {escape(o.outcome)}</div>"
    )
    return head + _table("".join(rows))


def _advice_body(a: Advice) -> str:
    # The engine's words: where the target stands, and the headings of what blocks it and of
    # the best advice within reach.
    (state_zh, state_en), blocked_heading, best_heading = _core.advice_words(a._json)
    state = f"{state_zh} {state_en}"
    colour = "#1a7f37" if a.reached or a.reachable else "#cf222e"
    blocked = ""
    if a.blocked_by:
        rows = [_row(["", escape(blocked_heading[0]), "字段 fields"], _HEAD)]
        for b in a.blocked_by:
            rows.append(
                _row([escape(b.id), escape(b.title.zh), "<br>".join(f"<code>{escape(p)}</code>" for p in b.fields)])
            )
        blocked = _table("".join(rows))
    best = ""
    if a.best is not None and best_heading is not None:
        best = (
            '<div style="margin:8px 0 0 12px;padding-left:8px;border-left:3px solid #d0d7de">'
            f'<div style="font-weight:600" title="{escape(best_heading[1])}">{escape(best_heading[0])}</div>'
            f"{_advice_body(a.best)}</div>"
        )
    return (
        f'<div style="margin:6px 0">目标 target <b>{escape(a.target)}</b>'
        f' &nbsp; <span style="color:{colour};font-weight:600">{escape(state)}</span>'
        f' &nbsp; 现最终得分 now <b>{escape(str(a.final_score))}</b> · 等级 grade {escape(a.grade)}'
        f" · 结论 outcome {escape(a.outcome)}</div>"
        f'<div style="margin:4px 0">{escape(a.summary.zh)}</div>'
        f'<div style="color:#57606a;margin:4px 0">{escape(a.summary.en)}</div>'
        f"{blocked}"
        + "".join(_option(i, o, a._clause_label or str) for i, o in enumerate(a.options))
        + best
    )


def advice_html(a: Advice) -> str:
    """The target and where the submission stands, the summary, then each option's changes."""
    return (
        '<div class="zonescore-advice" style="font-family:system-ui,sans-serif;font-size:13px;max-width:980px">'
        + _advice_body(a)
        + _footer("如何达到 advice", a.ruleset)
        + "</div>"
    )

