"""The Python API: rulesets, reports, validation, schemas, pickling and display."""

from __future__ import annotations

import concurrent.futures
import copy
import json
import pickle
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

import zonescore
from conftest import CONFORMANCE, EXAMPLES, REPO, load

ALL_EXAMPLES = sorted(EXAMPLES.glob("**/*.json"))
VALID_EXAMPLES = [p for p in ALL_EXAMPLES if p.parent.name != "invalid"]


def test_there_are_bundled_examples() -> None:
    assert len(VALID_EXAMPLES) >= 2


@pytest.mark.parametrize("path", VALID_EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_bundled_examples_score(path: Path) -> None:
    submission = load(path)
    report = zonescore.score_submission(submission, path.parent.name)
    assert report.ruleset.id == path.parent.name
    assert zonescore.detect_ruleset(submission) == path.parent.name
    assert zonescore.score_submission(submission) == report  # the ruleset is told from the groups
    assert report.to_json() == zonescore.score_json(path.read_text(encoding="utf-8"), path.parent.name)
    assert report.grade and report.outcome and report.criteria
    assert str(report) and report._repr_html_() and repr(report)


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_example_gives_a_report_or_lists_every_error(path: Path) -> None:
    # The examples under invalid/ show typical mistakes: most are invalid, some (a percent
    # written as a fraction) are valid but score low. Either way, nothing else is raised.
    submission = load(path)
    expected = zonescore.score_json(path.read_text(encoding="utf-8"))
    try:
        report = zonescore.score_submission(submission)
    except zonescore.InvalidSubmissionError as e:
        assert isinstance(e, ValueError)
        assert e.errors and e.code == e.errors[0].code and e.path == e.errors[0].path
        assert e.summary.zh and e.summary.en == str(e) and e.errors[0].message.zh
        assert zonescore.validate_submission(submission).errors == e.errors
        assert e.to_json() == expected
    else:
        assert zonescore.validate_submission(submission).valid
        assert report.to_json() == expected


def test_report_attributes(oubei: Dict[str, Any]) -> None:
    r = zonescore.score_submission(oubei, "zone-qualification")
    d = r.to_dict()
    assert d == json.loads(r.to_json())
    assert d["type"] == "success"
    assert r.final_score == Decimal(d["final_score"]) and isinstance(r.final_score, Decimal)
    for name in ("earned", "applicable_max", "base", "bonus", "bonus_counted", "unrounded"):
        assert getattr(r, name) == Decimal(d[name])
    assert (r.grade, r.outcome, r.year) == (d["grade"], d["outcome"], d["year"])
    assert r.grade_label.zh == d["grade_label"]["zh"] and str(r.grade_label) == d["grade_label"]["zh"]
    assert r.ruleset == (d["ruleset"]["id"], d["ruleset"]["version"], d["ruleset"]["digest"])
    assert [s.value for s in r.subject] == [s["value"] for s in d["subject"]]
    assert [c.id for c in r.criteria] == [c["id"] for c in d["criteria"]]
    assert [g.passed for g in r.gates] == [g.get("passed") for g in d["gates"]]
    assert [v.fired for v in r.vetoes] == [v.get("fired") for v in d["vetoes"]]
    assert len(r.warnings) == len(d["warnings"]) and len(r.notes) == len(d["notes"])
    assert [b.id for b in r.bonus_items] == [b["id"] for b in d["bonus_items"]]
    c = r.criterion("C1")
    assert c.points == Decimal(d["criteria"][[x["id"] for x in d["criteria"]].index("C1")]["points"])
    assert c.max is not None and c.status in ("met", "partly_met", "not_met", "missing_evidence", "not_applicable")
    with pytest.raises(KeyError):
        r.criterion("nope")
    assert r.criterion(r.bonus_items[0].id) == r.bonus_items[0]
    # Each key converted alone, from the engine's report: equal to the whole answer's.
    assert r.criteria == tuple(r.criterion(c["id"]) for c in d["criteria"])
    assert r.breakdown.en == d["breakdown"]["en"] and r.conclusion.zh == d["conclusion"]["zh"]


def test_a_report_read_for_a_part_keeps_no_copy_of_its_whole_answer(oubei: Dict[str, Any]) -> None:
    # Reports read for their warnings in a batch of thousands: each kept some 190 KB of
    # Python objects (its whole answer) once any part of it was read.
    import tracemalloc

    reports = zonescore.score_many([oubei] * 50, "zone-qualification")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        warnings = [r.warnings for r in reports]
        first = [r.criterion("C1").points for r in reports]
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(warnings) == len(first) == 50
    assert kept < 500_000, f"{kept} bytes kept for 50 reports"


def test_report_display(oubei: Dict[str, Any]) -> None:
    r = zonescore.score_submission(oubei)
    html = r._repr_html_()
    for c in r.criteria:
        assert c.title.zh in html
        assert f"{c.points} / {c.max}" in html
    assert "达标" in html and "最终得分" in html and str(r.final_score) in html
    assert r.criteria[0].reason.zh.split("：")[0] in html
    # The county's own wording, as the CLI's Chinese scorecard has it.
    for words in ("评分明细", "评分说明", "考核年度 2013", "结论", "实得分／应得分",
                  "四舍五入前得分", "加分合计：", "规则文件校验码", "符合 passed", "否 not fired"):
        assert words in html, words
    for old in ("原因", "未触发", "触发 fired", "未舍入", "折算 base", "结果", "规则摘要", "封顶", "适用分值", "基础分"):
        assert old not in html, old
    text = str(r)
    assert str(r.final_score) in text and r.grade_label.zh in text
    assert "结论 outcome 通过考核验收，推荐命名" in text and "考核年度 2013" in text
    assert repr(r).startswith("<Report zone-qualification") and oubei["zone"]["name"] in repr(r)
    # The lines every face's scorecard shares are the engine's.
    assert "计分 <span" in html and "实得 88 + 加分 3 → 91.0" in html, html
    assert "计分 实得 88 + 加分 3 → 91.0" in text
    # The text scorecard has the HTML one's lines, in the same words (Chinese first).
    for words in ("实得分／应得分", "四舍五入前得分", "评分明细", "规则文件校验码"):
        assert words in text, words
    # Nothing left out: a normalised score would equal the earned points, a division not made.
    assert "折算得分" not in text and "折算得分" not in html
    wuniu = zonescore.score_submission(load(EXAMPLES / "zone-qualification" / "wuniu-early-tea-2014.json"))
    for shown in (str(wuniu), wuniu._repr_html_()):
        assert "实得分／应得分 earned 84.5 / 103" in shown and "折算得分（按应得分折算） base 82.0388…" in shown, shown
    assert "cut to 4 places" not in text, "no English-only line in the Chinese scorecard"
    # B2's share is shown cut (约为45.38%): the core's note says what that means, once.
    assert html.count("“约为”“≈”后的比例截至第2位小数") == 1
    whole = copy.deepcopy(oubei)
    whole["industry"].update(output_10k_cny=1200000, previous_output_10k_cny=1000000, town_industrial_output_10k_cny=2400000)
    whole["quality"].update(above_scale_firms=100, iso9001_certified_firms=80)
    assert "截至第2位小数" not in zonescore.score_submission(whole)._repr_html_()
    # A long normalised score is cut to 4 places and marked, as the CLI's scorecard shows it.
    tea = zonescore.score_submission(load(EXAMPLES / "zone-qualification" / "wuniu-early-tea-2014.json"))
    assert len(str(tea.base)) > 12, tea.base
    cut = str(tea.base)[: str(tea.base).index(".") + 5]
    assert f"base {cut}…（截至第4位小数，完整值见 JSON）" in tea._repr_html_()
    assert f"base {cut}…（截至第4位小数，完整值见 JSON）" in str(tea)
    # A reason whose fields are missing names them by label, as the CLI's scorecard does.
    partial = copy.deepcopy(oubei)
    del partial["quality"]["spot_check_pass_rate_pct"]
    c1 = zonescore.score_submission(partial).criterion("C1")
    assert c1.missing == ("/quality/spot_check_pass_rate_pct",)
    html = zonescore.score_submission(partial)._repr_html_()
    assert f"{c1.reason.zh}。缺少：监督抽查合格率（本年度） (/quality/spot_check_pass_rate_pct)" in html, html


def test_scorecard_numbers_clauses_as_the_source_document_does(oubei: Dict[str, Any]) -> None:
    rules = zonescore.Ruleset("zone-qualification")
    r = zonescore.score_submission(oubei, rules)
    html = r._repr_html_()
    c1 = r.criterion("C1")
    assert c1.clause and all(rules.clause_label(x) in html for x in c1.clause)
    assert "§5.2.1（五（二）1）" in html
    # Auto-detected, read back from JSON and unpickled: the same numbering.
    assert zonescore.score_submission(oubei)._repr_html_() == html
    assert zonescore.Report.from_json(r.to_json())._repr_html_() == html
    assert pickle.loads(pickle.dumps(r))._repr_html_() == html
    # A rule file without an outline of its document: clause IDs as they are.
    custom = zonescore.Ruleset.from_path(CONFORMANCE / "custom-ruleset" / "ruleset.toml")
    report = custom.score(load(CONFORMANCE / "custom-ruleset" / "submission.json"))
    cited = [x for c in report.criteria for x in c.clause]
    assert cited and all(custom.clause_label(x) == x for x in cited)


def test_vetoes_and_capped_bonus_in_official_words() -> None:
    vetoed = zonescore.score_submission(load(EXAMPLES / "zone-qualification" / "huangtian-leather-shoes-2013-vetoed.json"))
    html = vetoed._repr_html_()
    assert "是（一票否决） fired" in html and vetoed.outcome_label.zh in html
    # The conclusion names the veto that fired, in the engine's words (the CLI's too).
    assert f"{vetoed.outcome_label.zh}（一票否决：V1 " in html
    capped = zonescore.score_submission(load(CONFORMANCE / "zq-caps" / "submission.json"), "zone-qualification")
    assert capped.bonus > capped.bonus_counted
    assert f"加分合计：{capped.bonus}，按上限计入 {capped.bonus_counted}" in capped._repr_html_()


def test_clause_label_and_coverage() -> None:
    rules = zonescore.Ruleset("zone-qualification")
    assert rules.clause_label("§5.2.3") == "§5.2.3（五（二）3）"
    assert rules.clause_label("§99") == "§99"  # not a clause of the document: the ID alone
    coverage = rules.clause_coverage()
    by_id = {c["id"]: c for c in coverage}
    assert coverage[0]["id"] == "§1" and len(by_id) == len(coverage)
    for c in coverage:
        assert set(c) == {"id", "number", "title", "cited_by", "unscored"}
        assert c["number"] and rules.clause_label(c["id"]) == f"{c['id']}（{c['number']}）"
        assert c["title"] is not None and set(c["title"]) == {"zh", "en"}
        # Every clause is accounted for: cited by a rule, or unscored with a reason.
        assert bool(c["cited_by"]) != (c["unscored"] is not None), c["id"]
        if c["unscored"] is not None:
            assert c["unscored"]["reason"] in ("not_scorable", "county_duty", "other_programme")
            assert set(c["unscored"]["note"]) == {"zh", "en"}
    assert by_id["§1"]["unscored"] is not None and by_id["§1"]["title"] == {"zh": "指导思想", "en": "Guiding ideology"}
    report = zonescore.score_submission(load(EXAMPLES / "zone-qualification" / "oubei-valves-2013.json"), rules)
    for criterion in report.criteria:
        for clause in criterion.clause:
            assert {"kind": "criterion", "id": criterion.id} in by_id[clause]["cited_by"]
    # Without an outline: the clauses the rules cite, unnumbered.
    custom = zonescore.Ruleset.from_path(CONFORMANCE / "custom-ruleset" / "ruleset.toml")
    assert all(c["number"] is None and c["cited_by"] for c in custom.clause_coverage())


def test_notices_carry_the_pointer_of_their_field() -> None:
    report = zonescore.score_submission(load(CONFORMANCE / "zq-usual-mistakes" / "submission.json"), "zone-qualification")
    warnings = {w.code: w for w in report.warnings}
    rate = warnings["percent_as_fraction"]
    assert rate.path == "/quality/spot_check_pass_rate_pct"
    assert rate.message.zh.startswith("「监督抽查合格率（本年度）」填写为0.946，应填百分数")
    assert warnings["vetoes_not_reported"].path == "/integrity"
    assert [n.path for n in report.notes] == [None]  # about the zone as a whole
    d = report.to_dict()
    assert [(w.code, w.path, w.message.zh) for w in report.warnings] == [
        (w["code"], w["path"], w["message"]["zh"]) for w in d["warnings"]
    ]
    assert "/quality/spot_check_pass_rate_pct" in report._repr_html_()
    assert "(/quality/spot_check_pass_rate_pct)" in str(report)
    assert pickle.loads(pickle.dumps(report)).warnings == report.warnings


def test_html_escapes_submitted_text(oubei: Dict[str, Any]) -> None:
    sub = copy.deepcopy(oubei)
    sub["zone"]["name"] = "<script>alert(1)</script>"
    html = zonescore.score_submission(sub)._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_veto_is_a_report_not_an_error() -> None:
    report = zonescore.score_submission(load(EXAMPLES / "zone-qualification" / "huangtian-leather-shoes-2013-vetoed.json"))
    assert any(v.fired for v in report.vetoes)
    assert report.grade == "D"


def test_rulesets() -> None:
    listed = zonescore.list_rulesets()
    assert [r["id"] for r in listed][:2] == ["zone-qualification", "annual-assessment"]
    for info in listed:
        rs = zonescore.Ruleset(info["id"])
        assert (rs.id, rs.version, rs.digest) == (info["id"], info["version"], info["digest"])
        assert rs.info == info and rs.title.zh == info["title"]["zh"]
        assert rs.digest.startswith("sha256:")
    assert zonescore.Ruleset() == zonescore.Ruleset("zone-qualification")
    assert "Ruleset zone-qualification" in repr(zonescore.Ruleset())


def test_rule_files_by_path_and_text() -> None:
    path = CONFORMANCE / "custom-ruleset" / "ruleset.toml"
    by_path = zonescore.Ruleset.from_path(path)
    assert zonescore.Ruleset(path) == by_path
    assert zonescore.Ruleset.from_path(str(path)) == by_path
    assert zonescore.Ruleset.from_text(path.read_text(encoding="utf-8")) == by_path
    submission = (CONFORMANCE / "custom-ruleset" / "submission.json").read_text(encoding="utf-8")
    assert zonescore.score_json(submission, path) == by_path.score_json(submission)


def test_rule_file_errors() -> None:
    with pytest.raises(zonescore.RulesetError) as info:
        zonescore.Ruleset.from_text('format_version = 1\n[ruleset]\nid = "x"\n', "toml", "broken.toml")
    e = info.value
    assert isinstance(e, zonescore.ZonescoreError) and e.errors
    assert e.code == e.errors[0].code and e.origin == "broken.toml"
    assert e.summary.en and e.summary.zh and "broken.toml" in str(e)
    good = (CONFORMANCE / "custom-ruleset" / "ruleset.toml").read_text(encoding="utf-8")
    with pytest.raises(zonescore.RulesetError) as typo:
        zonescore.Ruleset.from_text(good.replace("max(firm.score_a,", "max(firm.scor_a,", 1), "toml", "typo.toml")
    d = typo.value.errors[0]
    assert d.code == "unknown_name" and d.message.zh.startswith("未知字段或派生值") and d.message.en.startswith("unknown")
    assert d.help and "你是否想写" in d.help.zh and "did you mean" in d.help.en
    assert typo.value.summary == d.message and d.line is not None
    with pytest.raises(zonescore.RulesetError) as missing:
        zonescore.Ruleset.from_path("/no/such/rules.toml")
    assert missing.value.code == "unreadable"
    with pytest.raises(zonescore.RulesetError) as unknown:
        zonescore.score_submission({}, "no-such-ruleset")
    assert unknown.value.code == "unknown_ruleset"
    with pytest.raises(zonescore.RulesetError):
        zonescore.score_json("{}", "no-such-ruleset")
    with pytest.raises(ValueError, match="应为"):
        zonescore.Ruleset.from_text("x = 1", "yaml")
    # Rule-file text with a lone surrogate is not UTF-8, as such a file is not.
    with pytest.raises(zonescore.RulesetError) as surrogate:
        zonescore.Ruleset.from_text('format_version = 2\n# \ud800\n', "toml", "cut.toml")
    assert surrogate.value.code == "invalid_utf8" and "UTF-8" in str(surrogate.value.summary.zh)
    assert (surrogate.value.errors[0].line, surrogate.value.errors[0].column) == (2, 3)
    by_bytes = EXAMPLES.parent / "zone-qualification.toml"
    assert zonescore.Ruleset.from_text(by_bytes.read_bytes(), "toml") == zonescore.Ruleset(str(by_bytes))
    with pytest.raises(TypeError, match="规则文件文本"):
        zonescore.Ruleset.from_text(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        zonescore.Ruleset(42)  # type: ignore[arg-type]


def test_validation(oubei: Dict[str, Any]) -> None:
    fine = zonescore.validate_submission(oubei)
    assert fine == zonescore.Validation(True, [], 0) and not fine and list(fine) == []
    sub = copy.deepcopy(oubei)
    sub["quality"]["spot_check_pass_rate_pct"] = 101
    del sub["zone"]["name"]
    errors = zonescore.validate_submission(sub, "zone-qualification")
    assert not errors.valid and errors.more_errors == 0 and len(errors) == 2 and errors
    assert [(e.path, e.code) for e in errors] == [
        ("/quality/spot_check_pass_rate_pct", "out_of_range"),
        ("/zone/name", "required"),
    ]
    assert errors[0].params["max"] == "100" and errors[0].field == "quality.spot_check_pass_rate_pct"
    # Frozen, so hashable: errors gathered across rows can be counted and de-duplicated.
    again = zonescore.validate_submission(sub, "zone-qualification")
    assert hash(again) == hash(errors) and {*again} == {*errors} and len({errors[0], again[0]}) == 1
    assert "spot" in str(errors[0])
    rs = zonescore.Ruleset()
    assert rs.validate(sub) == errors
    # Past the first 100 errors, how many more there were is kept, as in core and the browser.
    many = rs.validate({"zone": {f"x{i:03}": 1 for i in range(150)}})
    refused = rs.score_many([{"zone": {f"x{i:03}": 1 for i in range(150)}}])[0]
    assert isinstance(refused, zonescore.InvalidSubmissionError)
    assert (many.valid, len(many.errors), many.more_errors) == (False, 100, refused.more_errors)
    assert many.more_errors > 50 and many[-1] == many.errors[99] and many[:2] == many.errors[:2]
    assert [e.code for e in rs.validate_field("quality.spot_check_pass_rate_pct", 101)] == ["out_of_range"]
    assert rs.validate_field("/quality/spot_check_pass_rate_pct", Decimal("99.5")) == []
    assert [e.code for e in rs.validate_field("zone.industry", "阀门")] == ["unknown_enum_value"]
    assert [e.code for e in rs.validate_field("zone.name", b"x")] == ["unsupported_value"]
    # A note, and a group as far as it is filled in.
    assert rs.validate_field("meta.notes", "补充说明") == []
    standards = rs.validate_field("quality.standards_led", {"national": -1})
    assert [(e.path, e.code) for e in standards] == [("/quality/standards_led/national", "out_of_range")]


def test_submission_schema() -> None:
    schema = zonescore.submission_schema()
    assert schema["$schema"].endswith("2020-12/schema") and "zone" in schema["properties"]
    assert zonescore.submission_schema("annual-assessment")["properties"].keys() >= {"town"}
    assert zonescore.Ruleset().submission_schema() == schema


def test_pickling_rulesets_reports_and_errors(oubei: Dict[str, Any]) -> None:
    custom = zonescore.Ruleset.from_path(CONFORMANCE / "custom-ruleset" / "ruleset.toml")
    for rs in (zonescore.Ruleset("annual-assessment"), custom):
        back = pickle.loads(pickle.dumps(rs))
        assert isinstance(back, zonescore.Ruleset) and back == rs and back.id == rs.id
    report = zonescore.score_submission(oubei)
    back_report = pickle.loads(pickle.dumps(report))
    assert back_report == report and back_report.to_json() == report.to_json()
    assert back_report.final_score == report.final_score and hash(back_report) == hash(report)
    for bad in ({}, {"zone": {"name": b"x"}}):
        with pytest.raises(zonescore.InvalidSubmissionError) as info:
            zonescore.score_submission(bad)
        again = pickle.loads(pickle.dumps(info.value))
        assert type(again) is type(info.value)
        assert again.errors == info.value.errors and str(again) == str(info.value)
    with pytest.raises(zonescore.RulesetError) as rule_error:
        zonescore.Ruleset("nope")
    again_rule = pickle.loads(pickle.dumps(rule_error.value))
    assert again_rule.errors == rule_error.value.errors and again_rule.origin == "nope"


def _score_in_worker(args: Any) -> str:
    ruleset, submission = args
    return str(zonescore.score_submission(submission, ruleset).final_score)


def test_rulesets_travel_to_worker_processes(zone_examples: List[Dict[str, Any]]) -> None:
    custom = zonescore.Ruleset.from_path(CONFORMANCE / "custom-ruleset" / "ruleset.toml")
    custom_sub = load(CONFORMANCE / "custom-ruleset" / "submission.json")
    jobs = [(zonescore.Ruleset(), s) for s in zone_examples[:3]] + [(custom, custom_sub)]
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        remote = list(pool.map(_score_in_worker, jobs))
    assert remote == [_score_in_worker(j) for j in jobs]


def test_score_many(zone_examples: List[Dict[str, Any]]) -> None:
    items: List[Any] = [*zone_examples, {}, {"zone": {"name": {1, 2}}}, json.dumps(zone_examples[0])]
    results = zonescore.score_many(items, "zone-qualification")
    assert len(results) == len(items)
    for item, result in zip(zone_examples, results):
        assert result == zonescore.score_submission(item, "zone-qualification")
    assert isinstance(results[-3], zonescore.InvalidSubmissionError)
    assert isinstance(results[-2], zonescore.SubmissionTypeError)
    assert results[-1] == results[0]
    assert zonescore.score_many([]) == []
    # Without a ruleset each submission names its own, as it does alone.
    assert zonescore.score_many(zone_examples[:2])[0] == results[0]


def test_score_many_on_every_core_answers_each_as_alone(zone_examples: List[Dict[str, Any]]) -> None:
    # Dicts of both bundled rulesets, read straight into their records or not (a list for
    # a name is left to the tree path), invalid ones and JSON text; more than one thread's
    # share, so that the list is split across the cores.
    annual = [load(p) for p in sorted((EXAMPLES / "annual-assessment").glob("*.json"))]
    odd = {**zone_examples[0], "zone": {**zone_examples[0]["zone"], "name": ["not", "text"]}}
    items: List[Any] = [*zone_examples, *annual, odd, {}, json.dumps(annual[0])] * 12
    for ruleset in (None, "zone-qualification", "annual-assessment"):
        many = zonescore.score_many(items, ruleset)
        for item, got in zip(items, many):
            try:
                alone: Any = zonescore.score_submission(item, ruleset)
            except zonescore.InvalidSubmissionError as error:
                alone = error
            assert type(got) is type(alone)
            # The answer's JSON names the ruleset that scored it (id, version, digest).
            assert got.to_json() == alone.to_json()


def test_threads_share_a_ruleset(zone_examples: List[Dict[str, Any]]) -> None:
    rs = zonescore.Ruleset()
    expected = [rs.score(s).to_json() for s in zone_examples]
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda s: rs.score(s).to_json(), zone_examples * 4))
    assert got == expected * 4


def test_report_from_json_round_trip(oubei: Dict[str, Any]) -> None:
    r = zonescore.score_submission(oubei)
    assert zonescore.Report.from_json(r.to_json()) == r
    failure = zonescore.score_json("{}")
    with pytest.raises(ValueError):
        zonescore.Report.from_json(failure)
    with pytest.raises(ValueError):
        zonescore.Report.from_json("not json")
    # A figure edited by hand is refused at once, not on first use.
    for bad in ["abc", "NaN", "Infinity"]:
        edited = json.loads(r.to_json())
        edited["criteria"][0]["points"] = bad
        with pytest.raises(ValueError, match=f'/criteria/0/points: "{bad}" is not a decimal'):
            zonescore.Report.from_json(json.dumps(edited))


def test_version() -> None:
    assert zonescore.__version__.count(".") == 2


def test_the_vocabulary_is_that_of_the_browser_and_the_engine() -> None:
    rules = zonescore.Ruleset("zone-qualification")
    good = load(VALID_EXAMPLES[0]) if VALID_EXAMPLES[0].parent.name == "zone-qualification" else load(
        next(p for p in VALID_EXAMPLES if p.parent.name == "zone-qualification")
    )
    answers = rules.score_many([good, {"zone": {"name": 1}}])
    assert isinstance(answers[0], zonescore.Report) and answers[0] == rules.score(good)
    error = answers[1]
    assert isinstance(error, zonescore.InvalidSubmissionError)
    # The first problem names the error; the summary is the engine's sentence, as JS gives it.
    assert (error.code, error.path) == (error.errors[0].code, error.errors[0].path)
    assert error.errors[0].message.zh and error.errors[0].message.en
    assert str(error) == error.summary.en and error.summary.en.startswith("invalid submission for `zone-qualification`")
    assert "提交内容无效" in error.summary.zh and error.ruleset.id == error.ruleset_id == "zone-qualification"
    # A value with no JSON shape has the browser's code and params.
    with pytest.raises(zonescore.SubmissionTypeError) as typed:
        rules.score({"zone": {"name": {1, 2}}})
    assert (typed.value.code, typed.value.params) == ("unsupported_value", {"type": "set"})


def test_a_ruleset_argument_is_a_bundled_id_or_a_path_as_on_the_command_line() -> None:
    path = str(EXAMPLES.parent / "zone-qualification.toml")
    assert zonescore.Ruleset(path).digest == zonescore.Ruleset("zone-qualification").digest
    assert zonescore.score_json("{}", path) == zonescore.score_json("{}", "zone-qualification")
    with pytest.raises(zonescore.RulesetError) as misspelled:
        zonescore.Ruleset("zone-qualificaton")
    assert misspelled.value.code == "unknown_ruleset"


def test_scorecards_show_the_engines_words(oubei: Dict[str, Any]) -> None:
    report = zonescore.score_submission(oubei)
    c6 = report.criterion("C6")
    assert not c6.applicable
    # A criterion that does not apply shows no points (not 0), as the CLI's scorecard does.
    text, html = str(report), report._repr_html_()
    line = next(line for line in text.splitlines() if line.strip().startswith("C6"))
    assert f"- / {c6.max}" in line, line
    assert f"- / {c6.max}" in html
    # Gates and vetoes in the terminal scorecard carry the engine's verdict words.
    gate = report.gates[0]
    word = zonescore._zonescore.VERDICT_WORDS["passed" if gate.passed else "failed"]["zh"]
    assert any(line.strip().startswith(f"{gate.id} {word}") for line in text.splitlines()), text


def test_a_range_is_worded_by_the_engine() -> None:
    from zonescore._whatif import Span

    assert str(Span(None, Decimal("5"))) == "无下限–5"
    assert Span(Decimal("1.5"), None).text.en == "1.5–no upper limit"
    assert str(Span(Decimal("7"), Decimal("7"))) == "7"


def test_a_submission_scored_with_another_bundled_rulesets_rules_says_so(tmp_path: Path) -> None:
    annual = json.loads((EXAMPLES / "annual-assessment" / "huangtian-2015.json").read_text(encoding="utf-8"))
    zones = zonescore.Ruleset("zone-qualification")
    calls = [
        lambda: zones.score(annual),
        lambda: zonescore.score_submission(json.dumps(annual), "zone-qualification"),
        lambda: zones.bounds(annual),
        lambda: zones.advise(annual),
    ]
    for call in calls:
        with pytest.raises(zonescore.InvalidSubmissionError) as raised:
            call()
        assert raised.value.shaped_as == "annual-assessment"
        (note,) = raised.value.__notes__
        assert "a submission for annual-assessment, scored with zone-qualification" in note
        assert "Ruleset('annual-assessment')" in note
        assert pickle.loads(pickle.dumps(raised.value)).shaped_as == "annual-assessment"
    (returned,) = zones.score_many([annual])
    assert isinstance(returned, zonescore.InvalidSubmissionError) and returned.shaped_as == "annual-assessment"
    # Its own rules' errors, and a rule file of an id of its own (which may read any shape): no note.
    broken = copy.deepcopy(annual)
    broken["town"]["name"] = 3
    own_id = (REPO / "rules" / "annual-assessment.toml").read_text(encoding="utf-8")
    county = zonescore.Ruleset.from_text(own_id.replace('id = "annual-assessment"', 'id = "county-towns"', 1))
    zone = load(EXAMPLES / "zone-qualification" / "oubei-valves-2013.json")
    for submission, rules in [(broken, None), (zone, county)]:
        with pytest.raises(zonescore.InvalidSubmissionError) as raised:
            zonescore.score_submission(submission, rules)
        assert raised.value.shaped_as is None and not getattr(raised.value, "__notes__", None)
