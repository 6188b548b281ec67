"""Excel in Python through the engine's own workbook code: the template filled with the
bundled examples, read back, scored equal to the JSON examples, and written as results."""

from __future__ import annotations

import copy
import datetime
import pickle
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Tuple

import openpyxl
import xlsxwriter
import pandas as pd
import pyarrow as pa
import pytest

import zonescore


def flatten(prefix: str, value: Any, out: List[Tuple[str, Any]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else k, v, out)
    else:
        out.append((prefix, value))


def filled(tmp_path: Path, zone_examples: List[Dict[str, Any]]) -> Path:
    """The template, filled as people fill it: one example per row from row 4 (an empty row
    left after the first), some cells typed as text (`93.5%`, 是/否, an enum's label), and
    percentages as Excel keeps them when typed (0.935, formatted as a percentage)."""
    template = tmp_path / "template.xlsx"
    zonescore.excel_template(template, "zone-qualification")
    book = openpyxl.load_workbook(template)
    sheet = book["示范区"]
    paths = [c.value for c in sheet[3]]
    for i, submission in enumerate(zone_examples):
        row = 4 + i + (1 if i > 0 else 0)
        pairs: List[Tuple[str, Any]] = []
        flatten("", submission, pairs)
        for path, value in pairs:
            if path.startswith("meta."):
                continue
            if path == "quality.spot_check_pass_rate_pct" and i % 2:
                value = f"{value}%"
            elif path == "quality.spot_check_pass_rate_pct":
                # As Excel keeps 93.5% typed into a cell: 0.935, formatted as a percentage.
                cell = sheet.cell(row=row, column=paths.index(path) + 1, value=float(Decimal(str(value)) / 100))
                cell.number_format = "0.0%"
                continue
            elif path.startswith("organization.") and isinstance(value, bool):
                value = "是" if value else "否"
            elif path == "zone.industry" and value == "valves":
                value = "阀门"
            sheet.cell(row=row, column=paths.index(path) + 1, value=value)
    out = tmp_path / "filled.xlsx"
    book.save(out)
    return out


@pytest.fixture()
def examples(zone_examples: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    # The template has no columns for the bookkeeping group `meta`.
    return [{k: v for k, v in s.items() if k != "meta"} for s in zone_examples]


def test_a_filled_template_scores_as_the_json_examples(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    frame = zonescore.read_excel(filled(tmp_path, examples), "zone-qualification")
    assert list(frame.index) == ["示范区!4", *(f"示范区!{r}" for r in range(6, 15))]  # row 5 left empty
    assert frame.loc["示范区!4", "quality.spot_check_pass_rate_pct"] == Decimal("93.5")  # "93.5%", exactly
    assert frame["organization.leading_group"].dtype == bool and frame.loc["示范区!4", "organization.leading_group"]  # 是
    assert frame.attrs["cells"]["示范区!4"]["/zone/name"] == "示范区!A4"
    results = zonescore.score_table(frame, frame.attrs["ruleset"])
    for (_, row), submission in zip(results.iterrows(), examples):
        report = zonescore.score_submission(submission, "zone-qualification")
        assert (row["final_score"], row["grade"], row["outcome"]) == (report.final_score, report.grade, report.outcome)
        for c in report.criteria:
            # A criterion that does not apply (合理缺项) has an empty cell.
            assert row[f"points.{c.id}"] == c.points if c.applicable else pd.isna(row[f"points.{c.id}"]), c.id
    json_table = zonescore.score_table(pd.json_normalize(examples), "zone-qualification")
    assert results.reset_index(drop=True).equals(json_table)


def test_the_ruleset_is_told_from_the_paths_row(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    frame = zonescore.read_excel(filled(tmp_path, examples).read_bytes())
    assert frame.attrs["ruleset"].id == "zone-qualification"
    assert pickle.loads(pickle.dumps(frame)).attrs["ruleset"].digest == frame.attrs["ruleset"].digest


def test_a_workbook_as_any_bytes(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    """As score_json takes JSON text: bytes, bytearray and memoryview read alike."""
    data = filled(tmp_path, examples).read_bytes()
    want = zonescore.read_excel(data)
    for given in [bytearray(data), memoryview(data), memoryview(bytearray(data))]:
        got = zonescore.read_excel(given)
        assert got.equals(want) and got.attrs["cells"] == want.attrs["cells"], type(given)
    with pytest.raises(TypeError, match="bytearray"):
        zonescore.read_excel(3)  # type: ignore[arg-type]
    # A binary file object, as pandas.read_excel takes one; a text one is told to open as binary.
    import io

    assert zonescore.read_excel(io.BytesIO(data)).equals(want)
    with open(filled(tmp_path, examples), "rb") as f:
        assert zonescore.read_excel(f).equals(want)
    with pytest.raises(TypeError, match="binary mode"):
        zonescore.read_excel(io.StringIO("zone,score"))  # type: ignore[arg-type]


def test_a_workbook_is_written_to_an_xlsx_name_only(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    for write in (
        lambda p: zonescore.to_excel(examples[:1], p, "zone-qualification"),
        lambda p: zonescore.excel_template(p, "zone-qualification"),
    ):
        with pytest.raises(ValueError, match="ends in .xlsx, not `results.csv`"):
            write(tmp_path / "results.csv")
        assert not (tmp_path / "results.csv").exists()
        write(tmp_path / "results.XLSX")


def test_results_workbook_holds_every_zone(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    frame = zonescore.read_excel(filled(tmp_path, examples))
    frame.loc["示范区!6", "zone.industry"] = "鞋子"  # one zone that cannot be scored
    out = tmp_path / "results.xlsx"
    zonescore.to_excel(frame, out)
    book = openpyxl.load_workbook(out)
    summary, errors = book.worksheets[0], book.worksheets[1]
    assert summary.title == "汇总" and errors.title == "错误"
    assert len(book.worksheets) == 2 + len(examples) - 1  # a scorecard per scored zone
    scores = zonescore.score_table(frame)
    text = "\n".join(" ".join(str(c) for c in row if c is not None) for row in summary.iter_rows(values_only=True))
    for source, row in scores.iterrows():
        if row["final_score"] is not None and not pd.isna(row["final_score"]):
            assert source in text
    listed = [r for r in errors.iter_rows(values_only=True) if any(c is not None for c in r)]
    flat = " ".join(str(c) for r in listed for c in r if c is not None)
    assert "示范区!6" in flat and "/zone/industry" in flat and "鞋子" in flat
    assert "示范区!C6" in flat  # the cell of the error, from read_excel's addresses


def error_rows(path: Path) -> List[str]:
    errors = openpyxl.load_workbook(path).worksheets[1]
    return [" ".join(str(c) for c in r if c is not None) for r in errors.iter_rows(values_only=True)]


def test_cells_are_found_by_index_label(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    """A sorted or filtered frame keeps each row's cells; a frame whose labels are not the
    workbook's (an index reset) names no cell rather than another row's."""
    frame = zonescore.read_excel(filled(tmp_path, examples))
    frame.loc["示范区!6", "zone.industry"] = "鞋子"
    frame.loc["示范区!8", "quality.above_scale_firms"] = -1
    for n, table in enumerate([frame.sort_index(ascending=False), frame.iloc[[3, 1, 0]]]):
        out = tmp_path / f"sorted-{n}.xlsx"
        zonescore.to_excel(table, out)
        rows = error_rows(out)
        [industry] = [r for r in rows if "/zone/industry" in r]
        [firms] = [r for r in rows if "/quality/above_scale_firms" in r]
        assert "示范区!6" in industry and "示范区!C6" in industry, industry
        column = frame.columns.get_loc("quality.above_scale_firms")
        letter = openpyxl.utils.get_column_letter(column + 1)
        assert "示范区!8" in firms and f"示范区!{letter}8" in firms, firms
    out = tmp_path / "reset.xlsx"
    zonescore.to_excel(frame.reset_index(drop=True), out)
    [industry] = [r for r in error_rows(out) if "/zone/industry" in r]
    assert "示范区!" not in industry, industry


def test_to_excel_takes_other_tables(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    for i, table in enumerate([examples, pa.Table.from_pylist(examples)]):
        out = tmp_path / f"results-{i}.xlsx"
        zonescore.to_excel(table, out, "zone-qualification", lang="en")
        book = openpyxl.load_workbook(out)
        assert book.worksheets[0].title == "Summary" and len(book.worksheets) == 2 + len(examples)


def test_to_excel_reads_dicts_as_score_table_does(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    # A NaN in a dict is the error not_finite in score_table; the workbook says the same.
    broken = copy.deepcopy(examples[0])
    broken["quality"]["spot_check_pass_rate_pct"] = float("nan")
    table = zonescore.score_table([broken, examples[1]])
    assert pd.isna(table["final_score"][0]) and "/quality/spot_check_pass_rate_pct" in str(table["errors"][0])
    out = tmp_path / "results.xlsx"
    zonescore.to_excel([broken, examples[1]], out, "zone-qualification", lang="en")
    book = openpyxl.load_workbook(out)
    errors = book.worksheets[1]
    flat = " ".join(str(c) for r in errors.iter_rows(values_only=True) for c in r if c is not None)
    assert "not_finite" in flat and "/quality/spot_check_pass_rate_pct" in flat, flat
    # The invalid row still names its zone in the summary, as the command line's workbook does.
    first = [c for c in next(book.worksheets[0].iter_rows(min_row=2, max_row=2, values_only=True)) if c is not None]
    assert broken["zone"]["name"] in first and any(str(c).startswith("invalid") for c in first), first


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    bad = tmp_path / "notes.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(zonescore.WorkbookError) as e:
        zonescore.read_excel(bad)
    assert e.value.code == "not_a_workbook" and e.value.summary.zh.startswith("不是可读取的 Excel 工作簿")
    assert isinstance(e.value, ValueError)
    blank = tmp_path / "blank.xlsx"
    openpyxl.Workbook().save(blank)
    with pytest.raises(zonescore.WorkbookError) as e:
        zonescore.read_excel(blank)
    assert e.value.code == "no_paths_row"
    assert pickle.loads(pickle.dumps(e.value)).code == "no_paths_row"


def with_first_rate(path: Path, value: str) -> Tuple[Path, str]:
    """The workbook with its first zone's spot-check pass rate typed as `value`, and that
    cell's column letter."""
    book = openpyxl.load_workbook(path)
    sheet = book["示范区"]
    column = [c.value for c in sheet[3]].index("quality.spot_check_pass_rate_pct") + 1
    sheet.cell(row=4, column=column, value=value)
    book.save(path)
    return path, sheet.cell(row=4, column=column).column_letter


def test_a_formula_openpyxl_wrote_is_an_error_not_an_empty_cell(
    tmp_path: Path, examples: List[Dict[str, Any]]
) -> None:
    # openpyxl writes a formula without its result, which only Excel or WPS calculates and
    # saves: read as empty, the filled field would score as missing evidence without a word.
    path, _ = with_first_rate(filled(tmp_path, examples[:1]), "=90+5")
    cell = zonescore.read_excel(path).loc["示范区!4", "quality.spot_check_pass_rate_pct"]
    assert isinstance(cell, zonescore.UnreadableCell) and cell.value == "=90+5"
    [error] = cell.errors
    assert (error["code"], error["params"]["text"]) == ("unreadable_text", "=90+5")
    assert "是公式" in error["message"]["zh"] and "open and save" in error["message"]["en"]


def test_a_formula_xlsxwriter_wrote_is_an_error_not_its_placeholder_result(tmp_path: Path) -> None:
    # XlsxWriter (pandas' `to_excel` writes a text "=…" as a formula through it) keeps 0 as
    # every formula's result, to be calculated when Excel opens the workbook: read as the
    # number kept, the pass rate would score as 0 % without a word.
    path = tmp_path / "written.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("示范区")
    sheet.write_row(2, 0, ["zone.name", "quality.spot_check_pass_rate_pct"])
    sheet.write_row(3, 0, ["瓯北阀门", "=90+5"])
    book.close()
    frame = zonescore.read_excel(path)
    assert frame.loc["示范区!4", "zone.name"] == "瓯北阀门"
    cell = frame.loc["示范区!4", "quality.spot_check_pass_rate_pct"]
    assert isinstance(cell, zonescore.UnreadableCell) and cell.value == "=90+5", repr(cell)
    [error] = cell.errors
    assert error["code"] == "unreadable_text" and "是公式" in error["message"]["zh"]


def test_a_date_is_an_error_not_its_day_count(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    # Excel keeps 95 typed into a date cell (or 4/4 taken for a date) as the day count 95:
    # read as a number, it would score as a 95 % pass rate without a word.
    path = filled(tmp_path, examples[:1])
    book = openpyxl.load_workbook(path)
    sheet = book["示范区"]
    column = [c.value for c in sheet[3]].index("quality.spot_check_pass_rate_pct") + 1
    sheet.cell(row=4, column=column, value=datetime.datetime(1900, 4, 4))
    book.save(path)
    cell = zonescore.read_excel(path).loc["示范区!4", "quality.spot_check_pass_rate_pct"]
    assert isinstance(cell, zonescore.UnreadableCell) and cell.value == "1900-04-04"
    [error] = cell.errors
    assert error["code"] == "unreadable_text" and "是日期或时间" in error["message"]["zh"]


def test_an_unreadable_cell_is_reported_as_the_command_line_reports_it(
    tmp_path: Path, examples: List[Dict[str, Any]]
) -> None:
    path, letter = with_first_rate(filled(tmp_path, examples[:2]), "9o.5")
    frame = zonescore.read_excel(path)
    cell = frame.loc["示范区!4", "quality.spot_check_pass_rate_pct"]
    # Kept as typed, with the workbook reader's error.
    assert isinstance(cell, zonescore.UnreadableCell) and str(cell) == "9o.5" and cell.value == "9o.5"
    [error] = cell.errors
    assert (error["code"], error["path"], error["params"]) == (
        "unreadable_text",
        "/quality/spot_check_pass_rate_pct",
        {"text": "9o.5", "expected": "percent"},
    )
    # `zonescore score book.xlsx` gives this row the one error, worded so (not wrong_type,
    # and no `required` for the cell that was filled).
    said = "无法读取「9o.5」：请只填阿拉伯数字，如 94.6"
    assert error["message"]["zh"] == said
    assert pickle.loads(pickle.dumps(cell)) == cell == copy.deepcopy(cell) and cell != "9o.5"
    assert frame["quality.spot_check_pass_rate_pct"].value_counts()[cell] == 1  # hashable, as pandas needs
    results = zonescore.score_table(frame)
    assert results["errors"].iloc[0] == f"/quality/spot_check_pass_rate_pct: {said}"
    assert pd.isna(results["final_score"].iloc[0]) and pd.isna(results["errors"].iloc[1])
    # Wherever it sits, the cell stands for its error.
    broken = copy.deepcopy(examples[0])
    broken["quality"]["spot_check_pass_rate_pct"] = cell
    broken["industry"]["output_10k_cny"] = -1
    with pytest.raises(zonescore.InvalidSubmissionError) as e:
        zonescore.score_submission(broken, "zone-qualification")
    assert [(x.path, x.code) for x in e.value.errors] == [
        ("/industry/output_10k_cny", "out_of_range"),
        ("/quality/spot_check_pass_rate_pct", "unreadable_text"),
    ]
    out = tmp_path / "results.xlsx"
    zonescore.to_excel(frame, out)
    flat = " ".join(str(c) for r in openpyxl.load_workbook(out).worksheets[1].iter_rows(values_only=True) for c in r if c)
    assert "unreadable_text" in flat and said in flat and f"示范区!{letter}4" in flat
    # Typed again, the row scores.
    frame.loc["示范区!4", "quality.spot_check_pass_rate_pct"] = Decimal("90.5")
    assert not pd.isna(zonescore.score_table(frame)["final_score"].iloc[0])


def test_a_field_in_two_columns_is_refused(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    path = filled(tmp_path, examples[:1])
    book = openpyxl.load_workbook(path)
    sheet = book["示范区"]
    last = sheet.max_column + 1
    sheet.cell(row=3, column=last, value="zone.assessment_year")
    sheet.cell(row=4, column=last, value=2099)
    book.save(path)
    with pytest.raises(zonescore.WorkbookError) as e:
        zonescore.read_excel(path)
    assert e.value.code == "repeated_column" and "zone.assessment_year" in e.value.summary.zh


def test_a_template_of_other_rules_is_read_with_a_warning(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    """A revised rule file's template, filled and read for the bundled rules, would score
    otherwise than the rules it was made for: read_excel says so, and names the digest."""
    revised = zonescore.Ruleset.from_path(Path(__file__).parents[2] / "rules" / "fixtures" / "zone-qualification-revised.toml")
    template = tmp_path / "revised.xlsx"
    zonescore.excel_template(template, revised)
    book = openpyxl.load_workbook(template)
    sheet = book["示范区"]
    paths = [c.value for c in sheet[3]]
    pairs: List[Tuple[str, Any]] = []
    flatten("", examples[2], pairs)
    for path, value in pairs:
        sheet.cell(row=4, column=paths.index(path) + 1, value=value)
    book.save(tmp_path / "filled.xlsx")  # as openpyxl saves it: the defined name is kept
    with pytest.warns(UserWarning, match="made from other rules") as said:
        frame = zonescore.read_excel(tmp_path / "filled.xlsx")
    assert revised.digest in str(said[0].message) and frame.attrs["made_with"] == revised.digest
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same = zonescore.read_excel(tmp_path / "filled.xlsx", revised)
    assert same.attrs["made_with"] == revised.digest and same.attrs["ruleset"].digest == revised.digest
    assert zonescore.read_excel(filled(tmp_path, examples)).attrs["made_with"] == zonescore.Ruleset("zone-qualification").digest


def test_a_results_table_is_refused_where_submissions_go(tmp_path: Path, examples: List[Dict[str, Any]]) -> None:
    # score_table's own output passed on by mistake: every column would be an unknown field.
    results = zonescore.score_table(examples[:2])
    with pytest.raises(TypeError, match="a results table from score_table"):
        zonescore.to_excel(results, tmp_path / "oops.xlsx", "zone-qualification")
    assert not (tmp_path / "oops.xlsx").exists()
    with pytest.raises(TypeError, match="score_table 的结果表"):
        zonescore.score_table(results, "zone-qualification")


def test_without_pandas_each_call_says_what_it_needs_pandas_for(monkeypatch: pytest.MonkeyPatch) -> None:
    from zonescore._batch import _pandas

    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` raises ImportError
    with pytest.raises(ImportError, match="to_excel reads its results with pandas") as caught:
        _pandas("to_excel")
    assert "需要 pandas" in str(caught.value)
    with pytest.raises(ImportError, match="score_table returns a pandas DataFrame.*score_many"):
        _pandas("score_table")
