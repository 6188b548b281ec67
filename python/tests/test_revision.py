"""Rules change through Python: every diff case of tests/diff-cases byte for byte, the diff and
replay tables on the bundled rules against rules/fixtures/zone-qualification-revised.toml
(figures worked out by hand), boundary probes, and bad input."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pytest

import zonescore
from conftest import EXAMPLES, REPO, load

import pandas as pd

DIFF_CASES = REPO / "tests" / "diff-cases"
OLD = "zone-qualification"
REVISED = REPO / "rules" / "fixtures" / "zone-qualification-revised.toml"
ZQ_EXAMPLES = EXAMPLES / "zone-qualification"
BUNDLED = {r["id"] for r in zonescore.list_rulesets()}

# Worked out by hand from the two rule files: (old score, old grade) → (new score, new grade).
EXPECTED: Dict[str, Tuple[str, str, str, str]] = {
    "dongcheng-hardware-ornaments-2012-ineligible": ("80.0", "B", "79.4", "C"),
    "huangtian-leather-shoes-2013-vetoed": ("90.0", "D", "90.2", "D"),
    "oubei-valves-2013": ("91.0", "A", "90.3", "A"),
    "oubei-valves-2016": ("100.0", "A", "100.0", "A"),
    "qiaotou-buttons-zippers-2011": ("56.5", "D", "55.4", "D"),
    "qiaotou-buttons-zippers-2015": ("91.0", "A", "90.2", "A"),
    "qiaoxia-educational-toys-2012": ("67.0", "C", "65.7", "D"),
    "qiaoxia-educational-toys-2014": ("89.0", "B", "87.3", "B"),
    "wuniu-early-tea-2014": ("84.0", "B", "83.4", "B"),
    "yantou-nanxi-agrifood-2015": ("79.2", "C", "76.9", "C"),
}


def diff_cases() -> List[Path]:
    return sorted(p for p in DIFF_CASES.iterdir() if (p / "case.json").is_file())


def spec(case_dir: Path, name: str) -> zonescore.RulesetLike:
    """A case names a ruleset by bundled id, or by a rule file's path from its folder."""
    value: str = load(case_dir / "case.json")[name]
    return value if value in BUNDLED else case_dir / value


@pytest.mark.parametrize("case_dir", diff_cases(), ids=lambda p: p.name)
def test_diff_case_replays_byte_for_byte(case_dir: Path) -> None:
    old, new = spec(case_dir, "old"), spec(case_dir, "new")
    expected = (case_dir / "expected.json").read_bytes()
    assert (zonescore.diff_json(old, new) + "\n").encode("utf-8") == expected
    # Loaded rulesets give the same bytes, and the table carries the same changes.
    as_rules = [r if isinstance(r, zonescore.Ruleset) else zonescore.Ruleset(r) for r in (old, new)]
    assert (zonescore.diff_json(*as_rules) + "\n").encode("utf-8") == expected
    table = zonescore.diff(old, new)
    answer = json.loads(expected)
    assert table.attrs["changes"] == answer["changes"]
    assert table.attrs["same"] is answer["same"] and table.attrs["counts"] == answer["counts"]
    assert table.attrs["old"] == zonescore.RulesetRef(**answer["old"])
    assert list(table["id"]) == [c["id"] for c in answer["changes"]]
    assert list(table["message"]) == [c["message"]["zh"] for c in answer["changes"]]


def test_there_are_diff_cases() -> None:
    assert len(diff_cases()) >= 4, f"no diff cases found in {DIFF_CASES}"


def test_diff_table_of_the_revised_rules() -> None:
    table = zonescore.diff(OLD, REVISED)
    assert list(table.columns) == list(zonescore._revision.DIFF_COLUMNS)
    rows = [(r.impact, r.change, r.item, r.id, None if pd.isna(r.aspect) else r.aspect) for r in table.itertuples()]
    assert rows == [
        ("score", "changed", "criterion", "C1", "parts[0].bands"),
        ("score", "changed", "criterion", "C2", "max"),
        ("score", "changed", "criterion", "C2", "parts[0].bands"),
        ("score", "added", "veto", "V4", None),
        ("wording", "changed", "ruleset", "zone-qualification", "version"),
    ]
    assert table.attrs["counts"] == {"score": 4, "validity": 0, "report": 0, "wording": 1}
    assert table.attrs["same"] is False
    assert table.attrs["headline"].startswith("共 5 处修改：可能改变得分 4 处")
    c1 = table.iloc[0]
    assert (c1["title"], c1["aspect_label"]) == ("监督抽查合格率", "第1部分分档")
    assert c1["old"] == "≥95得10分；≥94得8分；≥92得6分；≥90得3分"
    assert c1["new"] == "≥96得10分；≥94得8分；≥92得6分；≥90得3分"
    assert c1["clause"] == ["§2.2.d", "§2.4"]
    assert (table.iloc[1]["old"], table.iloc[1]["new"]) == ("6", "8")
    assert table.iloc[3]["title"] == "监督抽查合格率低于92%"
    assert (table.iloc[4]["old"], table.iloc[4]["new"]) == ("2011.1", "revised-2011.1")
    assert table.attrs["new"].version == "revised-2011.1"


def test_diff_in_english() -> None:
    table = zonescore.diff(OLD, REVISED, lang="en")
    assert table.iloc[0]["title"] == "Spot-check pass rate"
    assert table.iloc[0]["old"] == "≥95: 10; ≥94: 8; ≥92: 6; ≥90: 3"
    assert table.iloc[1]["message"] == "criterion C2 (Standard adoption): maximum points: 6 → 8"
    assert table.attrs["lang"] == "en"
    with pytest.raises(ValueError, match="lang"):
        zonescore.diff(OLD, REVISED, lang="fr")  # type: ignore[arg-type]


def test_same_rules_give_an_empty_table_with_the_columns() -> None:
    table = zonescore.diff(OLD, zonescore.Ruleset(OLD))
    assert table.empty and list(table.columns) == list(zonescore._revision.DIFF_COLUMNS)
    assert table.attrs["same"] is True and table.attrs["changes"] == []
    assert table.attrs["counts"] == {"score": 0, "validity": 0, "report": 0, "wording": 0}


def example_sources() -> List[Path]:
    return sorted(ZQ_EXAMPLES.glob("*.json"))


@pytest.fixture(scope="module")
def examples() -> Dict[str, Dict[str, Any]]:
    return {p.stem: load(p) for p in example_sources()}


def check_replay(result: Any, examples: Dict[str, Dict[str, Any]]) -> None:
    assert len(result) == len(EXPECTED) == len(examples)
    assert set(result["kind"]) == {"stored"}
    for name, (old_score, old_grade, new_score, new_grade) in EXPECTED.items():
        row = result[result["source"] == name].iloc[0]
        assert (row["old_final_score"], row["old_grade"]) == (Decimal(old_score), old_grade), name
        assert (row["new_final_score"], row["new_grade"]) == (Decimal(new_score), new_grade), name
        assert isinstance(row["old_final_score"], Decimal) and isinstance(row["delta"], Decimal)
        assert str(row["delta"]) == str(Decimal(new_score) - Decimal(old_score)), name
        assert row["changed"] and row["old_valid"] and row["new_valid"], name
        assert pd.isna(row["old_error"]) and pd.isna(row["new_error"])
        # Every figure is the engine's own, as score_submission gives it under each ruleset.
        before = zonescore.score_submission(examples[name], OLD)
        after = zonescore.score_submission(examples[name], REVISED)
        assert (row["old_final_score"], row["old_grade"], row["old_outcome"]) == (
            before.final_score, before.grade, before.outcome)
        assert (row["new_final_score"], row["new_grade"], row["new_outcome"]) == (
            after.final_score, after.grade, after.outcome)
        points = {c.id: c.points for c in after.criteria + after.bonus_items}
        differ = [c for c in before.criteria + before.bonus_items if points.get(c.id) != c.points]
        assert [(m["criterion"], m["old"], m["new"]) for m in row["moved_criteria"]] == [
            (c.id, c.points, points.get(c.id)) for c in differ]
    summary = result.attrs["submissions"]
    assert (summary["count"], summary["changed"], summary["score_changed"]) == (10, 10, 9)
    assert (summary["grade_changed"], summary["outcome_changed"]) == (2, 0)
    assert (summary["valid_in_old_only"], summary["valid_in_new_only"], summary["invalid_in_both"]) == (0, 0, 0)
    moved = [(t["from"], t["to"], t["count"]) for t in summary["grade_transitions"] if t["from"] != t["to"]]
    assert moved == [("B", "C", 1), ("C", "D", 1)]
    assert sum(d["count"] for d in summary["deltas"]) == 10
    assert {"value": Decimal("0.0"), "count": 1} in summary["deltas"]
    assert [d["value"] for d in summary["deltas"]] == sorted(d["value"] for d in summary["deltas"])
    assert result.attrs["probes"] is None
    assert result.attrs["new"].version == "revised-2011.1"


def test_replay_of_the_examples_as_dicts(examples: Dict[str, Dict[str, Any]]) -> None:
    result = zonescore.replay(OLD, REVISED, list(examples.values()), sources=list(examples))
    check_replay(result, examples)
    assert list(result.index) == list(range(10))
    assert "probe_rule" not in result.columns
    row = result[result["source"] == "oubei-valves-2016"].iloc[0]
    # The revised rules raise C2 from 6 to 8 points: every applicable maximum moves with it.
    assert row["delta"] == 0 and row["moved"] == "C1 10→8 C2 6→8 应得分 100→102"
    assert row["moved_checks"] == []
    assert row["moved_criteria"] == [
        {"criterion": "C1", "old": Decimal(10), "new": Decimal(8)},
        {"criterion": "C2", "old": Decimal(6), "new": Decimal(8)},
    ]
    # qiaoxia 2012: spot checks at 91.8 < 92, the new veto V4 fires.
    after = zonescore.score_submission(examples["qiaoxia-educational-toys-2012"], REVISED)
    assert [v.id for v in after.vetoes if v.fired] == ["V4"]
    vetoed = result[result["source"] == "qiaoxia-educational-toys-2012"].iloc[0]
    assert vetoed["moved_checks"] == [{"id": "V4", "kind": "veto", "old": None, "new": True}]
    assert vetoed["moved"].endswith("V4 触发否决"), vetoed["moved"]
    english = zonescore.replay(OLD, REVISED, [examples["qiaoxia-educational-toys-2012"]], lang="en")
    assert english["moved"][0].endswith("applicable max 100→102 V4 fires"), english["moved"][0]


def test_replay_of_the_examples_as_a_dataframe(examples: Dict[str, Dict[str, Any]]) -> None:
    frame = pd.json_normalize(list(examples.values()))
    frame.index = list(examples)
    result = zonescore.replay(OLD, zonescore.Ruleset.from_path(REVISED), frame)
    check_replay(result, examples)
    assert list(result.index) == list(examples)  # the frame's own index, to join back
    assert list(result["source"]) == list(examples)


def test_replay_of_json_texts_names_list_positions(examples: Dict[str, Dict[str, Any]]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in example_sources()]
    result = zonescore.replay(zonescore.Ruleset(OLD), REVISED, texts + [t.encode("utf-8") for t in texts[:1]])
    assert list(result["source"]) == [str(i) for i in range(11)]
    assert result["new_final_score"].iloc[0] == result["new_final_score"].iloc[10] == Decimal("79.4")


def test_replay_in_english_and_the_same_rules() -> None:
    result = zonescore.replay(OLD, OLD, [load(p) for p in example_sources()], lang="en")
    assert not result["changed"].any() and (result["delta"] == 0).all()
    assert result.attrs["submissions"]["changed"] == 0 and result.attrs["lang"] == "en"


def probe_rows(result: Any, rule: str, value: str) -> Any:
    return result[(result["probe_rule"] == rule) & (result["probe_value"] == Decimal(value))]


def test_probes_on_a_given_base(examples: Dict[str, Dict[str, Any]]) -> None:
    base_path = ZQ_EXAMPLES / "oubei-valves-2013.json"
    result = zonescore.replay(OLD, REVISED, list(examples.values()), probes=True,
                              base=base_path.read_text(encoding="utf-8"), lang="en")
    assert list(result.columns[-7:]) == list(zonescore._revision.PROBE_COLUMNS)
    assert list(result.index) == list(range(len(result)))
    stored, probes = result[result["kind"] == "stored"], result[result["kind"] == "probe"]
    assert len(stored) == 10 and stored["probe_rule"].isna().all()
    assert len(probes) == result.attrs["probes"]["count"] > 0
    assert (probes["probe_path"].str.startswith("/")).all()
    # C1's thresholds of both rules: 95 (old) and 96 (new).
    assert set(probes[probes["probe_rule"] == "C1"]["probe_rules"]) == {"old", "new", "both"}
    at_old = probe_rows(result, "C1", "95").iloc[0]
    assert (at_old["probe_rules"], at_old["probe_position"]) == ("old", "at")
    below_new = probe_rows(result, "C1", "95.9").iloc[0]
    assert (below_new["probe_rules"], below_new["probe_position"]) == ("new", "below")
    assert below_new["probe_path"] == "/quality/spot_check_pass_rate_pct"
    assert below_new["probe_threshold"] == "Supervision spot-check pass rate (current year) ≥ 96"
    assert {"criterion": "C1", "old": Decimal(10), "new": Decimal(8)} in below_new["moved_criteria"]
    base = load(base_path)
    base["quality"]["spot_check_pass_rate_pct"] = Decimal("95.9")
    assert below_new["old_final_score"] == zonescore.score_submission(base, OLD).final_score
    assert below_new["new_final_score"] == zonescore.score_submission(base, REVISED).final_score
    # V4 is the new rules' only: 91.9 is vetoed under them, not under the old ones.
    v4 = probe_rows(result, "V4", "91.9").iloc[0]
    assert (v4["probe_rules"], v4["probe_position"]) == ("new", "below")
    assert (v4["old_grade"], v4["old_outcome"], v4["new_grade"], v4["new_outcome"]) == ("B", "named", "D", "not_named")
    base["quality"]["spot_check_pass_rate_pct"] = Decimal("91.9")
    assert [v.id for v in zonescore.score_submission(base, REVISED).vetoes if v.fired] == ["V4"]
    assert not [v.id for v in zonescore.score_submission(base, OLD).vetoes if v.fired]
    assert probe_rows(result, "V4", "92").iloc[0]["new_outcome"] == "named"


def test_probes_default_to_the_first_eligible_submission_the_old_rules_accept(
    examples: Dict[str, Dict[str, Any]],
) -> None:
    def eligible(submission: Dict[str, Any]) -> bool:
        report = zonescore.score_submission(submission, OLD)
        return all(g.passed for g in report.gates) and not any(v.fired for v in report.vetoes)

    # The examples begin with a zone that fails a gate: probes on it could move nothing.
    first = next(s for s in examples.values() if eligible(s))
    assert first is not next(iter(examples.values()))
    submissions: List[Any] = [[1, 2]] + list(examples.values())
    by_default = zonescore.replay(OLD, REVISED, submissions, probes=True)
    given = zonescore.replay(OLD, REVISED, submissions, probes=True, base=first)
    columns = ["source", "old_final_score", "new_final_score", "probe_value"]
    assert by_default[columns].equals(given[columns])
    assert by_default.attrs["probes"] == given.attrs["probes"]
    with pytest.raises(ValueError, match="base"):
        zonescore.replay(OLD, REVISED, [[1, 2], {"zone": {}}], probes=True)


def test_a_ruleset_path_that_does_not_exist() -> None:
    missing = REPO / "rules" / "fixtures" / "no-such-rules.toml"
    with pytest.raises(zonescore.RulesetError):
        zonescore.diff_json(OLD, missing)
    with pytest.raises(zonescore.RulesetError):
        zonescore.diff(missing, OLD)
    with pytest.raises(zonescore.RulesetError):
        zonescore.replay(OLD, missing, [])
    with pytest.raises(zonescore.RulesetError):
        zonescore.diff("no-such-bundled-id", OLD)


def test_submissions_that_cannot_be_scored_are_rows(examples: Dict[str, Dict[str, Any]]) -> None:
    bad: List[Any] = [[1, 2], 5, "[1]", "{not json", {"zone": {1, 2}}, '{"zone": {}, "zone": {}}', b"\xff"]
    first = examples["oubei-valves-2013"]
    result = zonescore.replay(OLD, REVISED, [first] + bad, lang="en")
    assert len(result) == 8 and result["old_valid"].iloc[0]
    invalid = result.iloc[1:]
    assert not invalid["old_valid"].any() and not invalid["new_valid"].any() and not invalid["changed"].any()
    assert invalid["old_final_score"].isna().all() and invalid["delta"].isna().all()
    summary = result.attrs["submissions"]
    assert (summary["count"], summary["invalid_in_both"], summary["changed"]) == (8, 7, 1)
    assert {"from": None, "to": None, "count": 7} in summary["grade_transitions"]
    # Each row's first error is the one score_submission raises for it, then how many more.
    for submission, error in zip(bad, invalid["old_error"]):
        with pytest.raises(zonescore.InvalidSubmissionError) as raised:
            zonescore.score_submission(submission, OLD)
        first_error, more = raised.value.errors[0], len(raised.value.errors) - 1 + raised.value.more_errors
        line = f"{first_error.path or '/'}: {first_error.message.en}"
        assert error == (f"{line} (and {more} more)" if more else line)
    assert all(e.startswith("/: the submission must be a JSON object") for e in list(invalid["old_error"])[:3])


def test_a_dataframe_row_that_cannot_be_read(examples: Dict[str, Dict[str, Any]]) -> None:
    frame = pd.json_normalize(list(examples.values())[:3])
    frame = frame.astype({"quality.spot_check_pass_rate_pct": object})
    frame.loc[1, "quality.spot_check_pass_rate_pct"] = {1, 2}
    frame["no.such_field"] = [None, None, 1]
    result = zonescore.replay(OLD, REVISED, frame)
    assert list(result["old_valid"]) == [True, False, False]
    assert result["old_error"].iloc[1].startswith("/quality/spot_check_pass_rate_pct: 不支持 `set`")
    assert result["new_error"].iloc[2].startswith("/no: 未知字段")


def test_bad_arguments(examples: Dict[str, Dict[str, Any]]) -> None:
    one = examples["oubei-valves-2013"]
    with pytest.raises(TypeError, match="many submissions"):
        zonescore.replay(OLD, REVISED, one)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="source"):
        zonescore.replay(OLD, REVISED, [one], sources=["a", "b"])
    with pytest.raises(zonescore.InvalidSubmissionError) as raised:
        zonescore.replay(OLD, REVISED, [one], probes=True, base={"zone": {"name": 5}})
    assert raised.value.ruleset_id == OLD
    with pytest.raises(zonescore.SubmissionTypeError):
        zonescore.replay(OLD, REVISED, [one], probes=True, base={"zone": {1, 2}})
    with pytest.raises(zonescore.InvalidSubmissionError):
        zonescore.replay(OLD, REVISED, [one], probes=True, base="{not json")
    # As `zonescore replay --base` needs --probes: probe rows would otherwise be counted.
    with pytest.raises(zonescore.ArgumentError, match="when base is given") as refused:
        zonescore.replay(OLD, REVISED, [one], base=one)
    assert refused.value.params == {"argument": "probes", "value": "False"}
    # No valid submission to build probes on: the engine's words, and that `base` is wanted.
    with pytest.raises(zonescore.ArgumentError, match=r"`base` should be a base submission \(.*none of the submissions is\)") as no_base:
        zonescore.replay(OLD, REVISED, ["{not json"], probes=True)
    assert no_base.value.params == {"argument": "base", "value": "None"} and "基准提交" in no_base.value.summary.zh
    # One source name per submission, in both languages.
    with pytest.raises(zonescore.ArgumentError, match=r"one source name per submission \(2 submissions\)") as names:
        zonescore.replay(OLD, REVISED, [one, one], sources=["a"])
    assert names.value.params == {"argument": "sources", "value": "['a']"} and "来源名称" in names.value.summary.zh
    empty = zonescore.replay(OLD, REVISED, [])
    assert empty.empty and list(empty.columns) == list(zonescore._revision.REPLAY_COLUMNS)
    assert empty.attrs["submissions"]["count"] == 0



def test_replay_empty_cells_are_none_whether_or_not_a_submission_failed(oubei: Dict[str, Any]) -> None:
    bad = json.loads(json.dumps(oubei))
    bad["zone"]["industry"] = "x"
    may_be_empty = ["old_final_score", "delta", "old_grade", "new_outcome", "old_error", "new_error"]
    for rows in ([oubei, oubei], [oubei, bad]):
        moved = zonescore.replay("zone-qualification", REVISED, rows)
        assert all(moved[c].dtype == object for c in may_be_empty), moved.dtypes
        empty = [v for c in may_be_empty for v in moved[c] if not isinstance(v, (str, Decimal))]
        assert all(v is None for v in empty), empty
    assert moved["old_grade"].tolist() == ["A", None] and moved["old_error"][0] is None
    assert moved["old_valid"].dtype == bool and list(moved.index) == [0, 1]
    probed = zonescore.replay("zone-qualification", REVISED, [oubei, bad], probes=True)
    assert probed["probe_path"].dtype == object and probed["probe_path"][0] is None


def test_a_revision_that_kept_its_version_is_told_to_take_its_own(examples: Dict[str, Dict[str, Any]]) -> None:
    text = REVISED.read_text(encoding="utf-8")
    version = next(line for line in text.splitlines() if line.startswith("version = "))
    kept = zonescore.Ruleset.from_text(text.replace(version, 'version = "2011.1"', 1))
    subs = list(examples.values())[:2]
    for lang, words in [("zh", "请给修订版一个新的版本号"), ("en", "give the revision a version of its own")]:
        for found in [zonescore.diff(OLD, kept, lang=lang), zonescore.replay(OLD, kept, subs, lang=lang)]:
            assert words in found.attrs["kept_version"]
    assert zonescore.diff(OLD, REVISED).attrs["kept_version"] is None
    assert zonescore.replay(OLD, REVISED, subs).attrs["kept_version"] is None


def test_paths_of_json_files_are_read_and_name_their_rows(tmp_path: Path) -> None:
    files = zonescore.submission_files(EXAMPLES / "zone-qualification")[:3]
    texts = [f.read_bytes() for f in files]
    by_path = zonescore.replay("zone-qualification", "zone-qualification", files)
    by_text = zonescore.replay("zone-qualification", "zone-qualification", texts)
    assert list(by_path["source"]) == [str(f) for f in files]
    assert list(by_path["old_final_score"]) == list(by_text["old_final_score"])
    assert by_path["old_valid"].all() and by_path["new_valid"].all()
    scored = zonescore.score_many(files)
    assert [r.final_score for r in scored] == [r.final_score for r in zonescore.score_many(texts)]  # type: ignore[union-attr]
    with pytest.raises(FileNotFoundError):
        zonescore.score_many([tmp_path / "missing.json"])
