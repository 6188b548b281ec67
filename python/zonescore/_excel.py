"""Excel workbooks (the engine's own reader and writer, as the CLI uses them).

``excel_template`` writes the workbook a town fills, ``read_excel`` reads filled rows into
a DataFrame that :func:`score_table` takes, and ``to_excel`` scores a table and writes the
results workbook: a summary coloured by grade, an errors sheet and one scorecard per zone.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, List, Literal, Mapping, Optional, Sequence, Union, cast

from . import _zonescore as _core
from ._api import Ruleset, RulesetLike, _resolve
from ._batch import _cells, _column_names, _kind, _pandas, _records, _refuse_results
from ._errors import _check_lang

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["excel_template", "read_excel", "to_excel"]

PathOrBytes = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]
"""A workbook: its path, or the file's bytes (``bytes``, ``bytearray``, ``memoryview``), as
``score_json`` takes JSON text."""


def _xlsx_path(path: Union[str, "os.PathLike[str]"], what: str) -> Path:
    """Where a workbook goes: a name ending in ``.xlsx``, as ``zonescore`` asks, for a
    workbook written under another name (``results.csv``) opens as neither."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValueError(
            f"{what}：工作簿的文件名须以 .xlsx 结尾，而不是 `{target.name}` / {what}: a workbook's name ends in "
            f".xlsx, not `{target.name}`"
        )
    return target


def excel_template(
    path: Union[str, "os.PathLike[str]"], ruleset: Optional[RulesetLike] = None, *, lang: Literal["zh", "en"] = "zh"
) -> None:
    """Writes the workbook a town fills, generated from the rules, as ``zonescore template``
    does: one row per zone, titled columns with units and dropdowns, the dotted field paths
    in row 3 (which the reader uses)."""
    target = _xlsx_path(path, "excel_template")
    core = _resolve(ruleset) or Ruleset()._core
    target.write_bytes(_core.excel_template(core, _check_lang(lang)))


def read_excel(workbook: Union[PathOrBytes, Sequence[PathOrBytes]], ruleset: Optional[RulesetLike] = None) -> pd.DataFrame:
    """The filled rows of a workbook as a DataFrame :func:`score_table` takes: one row per
    zone, indexed ``示范区!4`` (sheet and row as Excel shows them), one column per dotted
    field path. Cells are read as ``zonescore score book.xlsx`` reads them: numbers stored
    as text exactly, numbers stored as floating point through their shortest round-trip
    text, both as ``Decimal``; ``是``/``否`` and TRUE/FALSE as ``bool``; an enum's label as
    its code; empty cells missing; empty rows skipped. A cell that cannot be read is an
    :class:`UnreadableCell` (shown as typed, with the reader's errors), so scoring the row
    reports it as the command line does (``unreadable_text``). ``attrs["cells"]`` maps
    each row's index label to its cell addresses by JSON pointer (``to_excel`` names the
    cell of each error with them, found by label, so sorting or filtering the frame keeps
    them right) and ``attrs["ruleset"]`` the ruleset read for (by default told from the
    paths row). ``attrs["made_with"]`` is the digest of the rules the workbook's template was
    made from, when it says; read for rules of another digest (a revised rule file's template
    read with the bundled rules), a ``UserWarning`` says so, as its rows would score otherwise.
    ``workbook`` is a path, the file's bytes (``bytes``, ``bytearray``, ``memoryview``) or a
    binary file object (an open file, ``io.BytesIO``); or a list (or tuple) of them, the
    towns' workbooks, read into one frame whose rows are named by their file as the command
    line names them (``镇甲.xlsx!示范区!4``; a workbook given as bytes by its place, ``#2``),
    with ``attrs`` for them all. Workbooks for different rules are a ``ValueError``.
    Raises :class:`WorkbookError` for a file that is not a workbook or has no paths row."""
    if isinstance(workbook, (list, tuple)):
        return _read_many(workbook, ruleset)
    # Not a list: one workbook (a path, bytes or a file), whose type `_read_one` checks.
    return _read_one(cast(PathOrBytes, workbook), ruleset, stacklevel=3)


def _read_one(workbook: PathOrBytes, ruleset: Optional[RulesetLike], stacklevel: int) -> pd.DataFrame:
    """:func:`read_excel` of one workbook; a warning is put at ``stacklevel``, the caller's."""
    pandas = _pandas("read_excel")
    if isinstance(workbook, (bytes, bytearray, memoryview)):
        data = bytes(workbook)
    elif isinstance(workbook, (str, os.PathLike)):
        data = Path(workbook).read_bytes()
    elif callable(getattr(workbook, "read", None)):
        # An open file or a BytesIO, as pandas.read_excel takes them.
        content = workbook.read()
        if not isinstance(content, (bytes, bytearray, memoryview)):
            raise TypeError(
                "read_excel reads a workbook's bytes: open the file in binary mode (open(path, \"rb\")) "
                "(read_excel 读取工作簿的字节：请以二进制方式打开文件，即 open(path, \"rb\"))"
            )
        data = bytes(content)
    else:
        raise TypeError(
            f"read_excel takes a workbook's path, its bytes (bytes, bytearray, memoryview) or a binary file, or a list of them, not `{type(workbook).__name__}` "
            f"(read_excel 接受工作簿的路径、其字节（bytes、bytearray、memoryview）或以二进制方式打开的文件，或它们的列表，而不是 `{type(workbook).__name__}`)"
        )
    read = _core.read_excel(data, _resolve(ruleset))
    frame: pd.DataFrame = pandas.DataFrame(read["columns"], index=pandas.Index(read["index"], dtype=object))
    # By index label, not position: a sorted or filtered frame keeps each row's cells.
    frame.attrs["cells"] = {label: dict(cells) for label, cells in zip(read["index"], read["cells"])}
    frame.attrs["ruleset"] = Ruleset._wrap(read["ruleset"])
    frame.attrs["made_with"] = read["made_with"]
    digest = frame.attrs["ruleset"].digest
    if read["made_with"] is not None and read["made_with"] != digest:
        made_with = read["made_with"]
        warnings.warn(
            f"this workbook's template was made from other rules (digest {made_with}); it is read for "
            f"{frame.attrs['ruleset'].id} (digest {digest}): pass the rules it was made from as `ruleset` "
            f"(此工作簿的模板由另一份规则（校验码 {made_with}）生成，现按校验码 {digest} 的规则读取)",
            UserWarning,
            stacklevel=stacklevel,
        )
    return frame


def _read_many(workbooks: Sequence[PathOrBytes], ruleset: Optional[RulesetLike]) -> pd.DataFrame:
    """:func:`read_excel` of several workbooks into one frame, each row named by its file."""
    pandas = _pandas("read_excel")
    if not workbooks:
        raise ValueError("read_excel：未给出工作簿 / read_excel: no workbooks given")
    names = [_workbook_name(book, place) for place, book in enumerate(workbooks, start=1)]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(
            f"read_excel：工作簿 {', '.join(repeated)} 给出了不止一次 / read_excel: the workbook {', '.join(repeated)} "
            "is given more than once"
        )
    frames = []
    cells: dict[str, Any] = {}
    for name, book in zip(names, workbooks):
        if isinstance(book, (list, tuple)):
            raise TypeError("read_excel takes a list of workbooks, not a list of lists (read_excel 接受工作簿的列表，不能嵌套)")
        frame = _read_one(book, ruleset, stacklevel=4)
        labels = [f"{name}!{label}" for label in frame.index]
        cells.update(zip(labels, (frame.attrs["cells"][label] for label in frame.index)))
        frame.index = pandas.Index(labels, dtype=object)
        frames.append(frame)
    rules = {(f.attrs["ruleset"].id, f.attrs["ruleset"].digest) for f in frames}
    if len(rules) > 1:
        named = enumerate(zip(workbooks, frames), start=1)
        told = "; ".join(f"{_workbook_name(book, place)}: {f.attrs['ruleset'].id}" for place, (book, f) in named)
        raise ValueError(
            f"read_excel：这些工作簿按不同的规则填写（{told}），请分开读取，或以 ruleset 指定一份 / "
            f"read_excel: these workbooks are for different rules ({told}): read them apart, or name one as `ruleset`"
        )
    joined: pd.DataFrame = pandas.concat(frames)
    made_with = {f.attrs["made_with"] for f in frames}
    joined.attrs = {
        "cells": cells,
        "ruleset": frames[0].attrs["ruleset"],
        # The template's rules when every workbook names the same, else unknown.
        "made_with": made_with.pop() if len(made_with) == 1 else None,
    }
    return joined


def _workbook_name(workbook: PathOrBytes, place: int) -> str:
    """A workbook's name in its rows' labels: its path as given, an open file's name, else
    its place in the list (``#2``)."""
    if isinstance(workbook, (str, os.PathLike)):
        return os.fspath(workbook)
    name = getattr(workbook, "name", None)
    return name if isinstance(name, str) else f"#{place}"


def to_excel(
    table: Any,
    path: Union[str, "os.PathLike[str]"],
    ruleset: Optional[RulesetLike] = None,
    *,
    lang: Literal["zh", "en"] = "zh",
) -> None:
    """Scores a table of submissions and writes the results workbook, as ``zonescore score
    --format xlsx`` does: a summary sheet (zone, year, final score, grade, outcome, points
    per dimension and criterion, coloured by grade), an errors sheet (the cell of each error
    for a table from :func:`read_excel`) and a scorecard sheet per scored zone; decimals as
    numbers showing the rules' scale. ``table`` is what :func:`score_table` takes (a
    DataFrame with dotted-path columns, a pyarrow or polars table, a list of dicts); rows
    are named by the DataFrame's index. ``ruleset`` defaults to the one ``read_excel``
    read for, else it is told from the first row."""
    pandas = _pandas("to_excel")
    path = _xlsx_path(path, "to_excel")
    kind = _kind(table)
    if kind is None or kind == "pandas_series":
        # Dicts are read as score_table reads them (a NaN is an error, not an empty cell).
        records = _records(table, "to_excel")
        labels = table.index if kind == "pandas_series" else range(len(records))
        sources = [str(i) for i in labels]
        data = _core.results_excel(
            len(records), [], [], [], sources, None, _resolve(ruleset), _check_lang(lang), records
        )
        Path(path).write_bytes(data)
        return
    frame: Any = table if kind == "pandas" else table.to_pandas()
    _refuse_results(frame, "to_excel")
    if ruleset is None:
        ruleset = frame.attrs.get("ruleset")
    cells = _cells_by_label(frame)
    names = _column_names(frame)
    values = [_cells(frame.iloc[:, i]) for i in range(frame.shape[1])]
    sources = [str(label) for label in frame.index]
    data = _core.results_excel(
        len(frame), names, values, [pandas.NA, pandas.NaT], sources, cells, _resolve(ruleset), _check_lang(lang)
    )
    Path(path).write_bytes(data)


def _cells_by_label(frame: Any) -> Optional[List[Any]]:
    """Each row's cell addresses from ``read_excel``'s ``attrs["cells"]``, looked up by the
    row's index label; a row whose label is not there (a row added, an index reset) has
    none, so no error is ever pinned to another row's cell. An index with a label twice
    has none at all: which of its rows a label's cells are is unknown."""
    by_label = frame.attrs.get("cells")
    if not isinstance(by_label, Mapping) or not frame.index.is_unique:
        return None
    found = [by_label.get(label) for label in frame.index]
    return [list(c.items()) if isinstance(c, Mapping) else [] for c in found]

