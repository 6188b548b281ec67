"""`submission_files`: the folder walk of `zonescore score`, and its problems as `FolderError`."""

from __future__ import annotations

from pathlib import Path

import pytest

import zonescore


def test_the_walk_takes_json_and_optionally_workbooks_sorted_at_each_level(tmp_path: Path) -> None:
    for name in ["b.json", "a.JSON", "notes.txt", "sub/c.json", "sub/d.xlsx", "sub/e.xlsm", "sub/f.xls", "aa/z.json"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = zonescore.submission_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.JSON", "aa/z.json", "b.json", "sub/c.json"]
    with_books = zonescore.submission_files(str(tmp_path), workbooks=True)
    assert [p.name for p in with_books] == ["a.JSON", "z.json", "b.json", "c.json", "d.xlsx", "e.xlsm", "f.xls"]
    assert all(isinstance(p, Path) for p in with_books)


def test_a_results_workbook_in_the_folder_is_no_submission(tmp_path: Path, zone_examples: list) -> None:
    """As `zonescore score` walks a folder: results saved beside the submissions are passed over."""
    zonescore.to_excel(zone_examples[:2], tmp_path / "results.xlsx")
    zonescore.excel_template(tmp_path / "zones.xlsx", "zone-qualification")
    (tmp_path / "a.json").write_text("{}")
    found = zonescore.submission_files(tmp_path, workbooks=True)
    assert [p.name for p in found] == ["a.json", "zones.xlsx"]


def test_a_missing_folder_and_deep_nesting_raise_with_the_engine_words(tmp_path: Path) -> None:
    with pytest.raises(zonescore.FolderError) as missing:
        zonescore.submission_files(tmp_path / "nowhere")
    assert missing.value.code == "unreadable" and missing.value.path.endswith("nowhere")
    assert "没有这个文件或文件夹" in missing.value.summary.zh
    assert "no such file or folder" in str(missing.value)
    assert isinstance(missing.value, OSError)
    deep = tmp_path
    for i in range(40):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    with pytest.raises(zonescore.FolderError) as nested:
        zonescore.submission_files(tmp_path)
    assert nested.value.code == "too_deep" and "32" in nested.value.summary.en
    assert len(nested.value.errors) == 1 and "32 层" in nested.value.errors[0].zh


def test_links_are_followed_once_and_a_link_to_nothing_raises(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.json").write_text("{}")
    (tmp_path / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "real" / "up").symlink_to(tmp_path, target_is_directory=True)
    found = zonescore.submission_files(tmp_path)
    # `real` is reached first as `linked` (names sorted), then not walked again.
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["linked/a.json"]
    (tmp_path / "gone.json").symlink_to(tmp_path / "nowhere.json")
    with pytest.raises(zonescore.FolderError) as gone:
        zonescore.submission_files(tmp_path)
    assert gone.value.code == "unreadable" and gone.value.path.endswith("gone.json")
    assert "没有这个文件或文件夹" in gone.value.summary.zh
