"""Batch scoring into a table of results: pandas, pyarrow or polars, as the input is.

Input: a list of submission dicts; a pandas DataFrame with one row per submission whose
columns are dotted field paths (``zone.name``, ``quality.above_scale_firms``), as a
spreadsheet export gives them; or an Arrow table (a ``pyarrow.Table`` or ``RecordBatch``,
a ``polars.DataFrame``) with dotted-path columns or struct columns per group. An empty
cell (``None``, ``NaN``, ``pd.NA``, ``pd.NaT`` in pandas; a null in Arrow) means the field
is missing. That differs from a dict, where a float ``NaN`` is a value, and a
``not_finite`` error; Arrow has real nulls, so a ``NaN`` there is a value too.

Arrow tables cross into Rust through the Arrow C data interface (``__arrow_c_stream__``),
column by column, with no Python object per cell; results come back as Arrow columns
(``decimal128`` scores), so a million rows never become Python objects.
"""

from __future__ import annotations

import importlib
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Literal, Mapping, Optional, Sequence, Tuple, Union, overload

from . import _zonescore as _core
from ._api import RulesetLike, _resolve
from ._errors import _check_lang

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["score_table"]

# Rows scored per call when a progress bar is shown: enough to keep both cores busy, small
# enough for the bar to move about a hundred times.
_MIN_CHUNK = 2000
# Rows of Python objects read into the engine at once: each row becomes a tree of its own
# until it is scored, so a big frame is scored in slices to keep memory near its own size.
_OBJECT_CHUNK = 20_000


def _pandas(what: str = "score_table") -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        instead = ", or use zonescore.score_many, which needs no pandas" if what == "score_table" else ""
        # `to_excel` reads its results as a DataFrame; the rest return one.
        does = "reads its results with pandas" if what == "to_excel" else "returns a pandas DataFrame"
        raise ImportError(
            f"{what} {does}: install pandas (pip install 'zonescore[pandas]'){instead}"
            f"（{what} 需要 pandas：请安装 pandas）"
        ) from e
    return pandas


def _in_lang(text: Optional[Dict[str, str]], lang: str) -> Optional[str]:
    # The engine words a cell (every error and how many more, every warning) in both languages.
    return None if text is None else text[lang]


def _cells(column: Any) -> List[Any]:
    """A DataFrame column's cells as Python objects. ``tolist()`` widens a ``float32`` (or
    ``float16``, ``longdouble``) to a Python float, ``1.06`` becoming 1.059999942779541, so
    such a column gives its numpy scalars, which are read at their own precision."""
    dtype = column.dtype
    if getattr(dtype, "kind", None) == "f" and getattr(dtype, "itemsize", 8) != 8:
        return list(column.array)
    cells: List[Any] = column.tolist()
    return cells


def _kind(table: Any) -> Optional[str]:
    """``"pandas"``, ``"pandas_series"``, ``"arrow_table"``, ``"arrow_batch"``, ``"polars"``
    or ``None`` (a list). pandas comes first, by ``isinstance`` (a subclass is a DataFrame
    too): pandas objects also have ``__arrow_c_stream__``, and read as Arrow they would
    lose their index and answer with an Arrow table."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(table, pandas.DataFrame):
        return "pandas"
    if pandas is not None and isinstance(table, pandas.Series):
        return "pandas_series"
    module = type(table).__module__.split(".")[0]
    name = type(table).__name__
    if module == "polars" and name == "DataFrame":
        return "polars"
    if module == "pyarrow" and name == "RecordBatch":
        return "arrow_batch"
    if hasattr(table, "__arrow_c_stream__"):
        return "arrow_table"
    return None


# One submission given alone: iterating it would score its keys or its characters.
_ONE = (Mapping, str, bytes, bytearray, memoryview)


def _column_names(frame: Any) -> List[str]:
    """Each column's name as text: a MultiIndex column's levels joined by ``.`` (empty
    levels left out: ``("bonus", "export_returns_down")``), as a Series given for one
    submission names its fields. The engine reads a name as a dotted path or a JSON pointer
    (``/zone/name``)."""
    names: List[str] = _core.column_names(frame.columns)
    return names


def _refuse_results(frame: Any, what: str) -> None:
    """A results table (``score_table``'s: ``final_score``, ``grade``, ``outcome`` and
    ``points.…`` columns) passed where submissions go would be scored as submissions whose
    every column is an unknown field: a ``TypeError`` that says what it is."""
    columns = {str(c) for c in frame.columns}
    if {"final_score", "grade", "outcome"} <= columns and any(c.startswith("points.") for c in columns):
        raise TypeError(
            f"{what}：这是 score_table 的结果表，不是提交；请传入提交表（如 read_excel 读出的表）"
            f" / {what}: a results table from score_table, not submissions: pass the submissions "
            "(as read_excel reads them)"
        )


def _records(submissions: Any, what: str) -> List[Any]:
    """The submissions of a batch as a list: a list (or any iterable) of dicts or JSON
    texts, or a pandas Series of them. One submission alone is a ``TypeError``, and so is a
    Series holding anything else (a DataFrame's row, whose items are field values)."""
    if isinstance(submissions, _ONE):
        kind = type(submissions).__name__
        raise TypeError(
            f"{what} takes many submissions (a list of dicts or JSON texts), not one `{kind}`: "
            f"score_submission scores one "
            f"({what} 接受多份申报（字典或 JSON 文本的列表），而不是单个 `{kind}`：单份申报请用 score_submission)"
        )
    if submissions is None or not hasattr(submissions, "__iter__"):
        kind = type(submissions).__name__
        raise TypeError(
            f"{what} takes many submissions (a list of dicts or JSON texts, or a table), not `{kind}` "
            f"({what} 接受多份申报（字典或 JSON 文本的列表，或一张表），而不是 `{kind}`)"
        )
    records = list(submissions)
    if _kind(submissions) == "pandas_series":
        odd = next((r for r in records if not isinstance(r, _ONE)), None)
        if odd is not None:
            kind = type(odd).__name__
            raise TypeError(
                f"{what} reads a Series as one submission per item (a dict or JSON text), not `{kind}`; "
                f"a row of a DataFrame is scored as frame.iloc[[i]] "
                f"({what} 把 Series 的每一项读作一份申报（字典或 JSON 文本），不能是 `{kind}`；"
                f"DataFrame 的一行请用 frame.iloc[[i]])"
            )
    return _read_paths(records)


def _read_paths(items: List[Any]) -> List[Any]:
    """A batch's items with each path (``pathlib.Path``, any ``os.PathLike``) read as the
    JSON text of its file, as the command line reads the paths it is given: the list
    :func:`submission_files` returns scores as it is. A file that cannot be read raises
    its ``OSError``."""
    return [Path(i).read_bytes() if isinstance(i, os.PathLike) else i for i in items]


def _progress(total: int, enabled: bool) -> Any:
    if not enabled:
        return None
    try:
        tqdm: Any = importlib.import_module("tqdm.auto").tqdm  # untyped: imported as Any
    except ImportError as e:  # pragma: no cover - exercised only without tqdm
        raise ImportError("progress=True needs tqdm: pip install tqdm") from e
    return tqdm(total=total, unit="row", desc="zonescore", smoothing=0)


def _chunks(height: int, bar: Any, most: Optional[int] = None) -> Iterator[Tuple[int, int]]:
    """Row ranges to score: the whole table at once (or slices of at most ``most`` rows), or
    slices that move a progress bar."""
    if bar is not None:
        step = max(_MIN_CHUNK, math.ceil(height / 100))
    elif most is not None and height > most:
        step = most
    else:
        yield 0, height
        return
    for start in range(0, height, step):
        stop = min(start + step, height)
        yield start, stop
        if bar is not None:
            bar.update(stop - start)
    if bar is not None:
        bar.close()


def _score_arrow(table: Any, kind: str, ruleset: Optional[RulesetLike], lang: str, progress: bool) -> Any:
    try:
        pyarrow: Any = importlib.import_module("pyarrow")  # untyped: imported as Any
    except ImportError as e:  # pragma: no cover - exercised only without pyarrow
        raise ImportError("scoring an Arrow or polars table needs pyarrow: pip install pyarrow") from e
    if kind == "polars":
        polars: Any = importlib.import_module("polars")
        table = _importable(polars, table)
        names = list(table.columns)
        height = table.height
    else:
        if kind == "arrow_table" and not isinstance(table, (pyarrow.Table, pyarrow.RecordBatch)):
            table = pyarrow.table(table)
        names = list(table.schema.names)
        height = table.num_rows
    bar = _progress(height, progress)
    core = _resolve(ruleset)
    if core is None and bar is not None:
        # Scored in slices, every slice uses the ruleset the whole table would.
        core = _core.arrow_ruleset(table)
    parts = [
        part
        for start, stop in _chunks(height, bar)
        for part in _core.score_arrow(table if bar is None else table.slice(start, stop - start), core, lang)
    ]
    if not parts:  # no rows: the result columns, empty
        parts = _core.score_arrow(table, core, lang)
    parts = _same_schema(pyarrow, parts)
    if kind == "polars":
        return polars.from_arrow(pyarrow.Table.from_batches(parts))
    if kind == "arrow_batch":
        return parts[0] if len(parts) == 1 else pyarrow.concat_batches(parts)
    return pyarrow.Table.from_batches(parts)


def _importable(polars: Any, frame: Any) -> Any:
    """Columns of the types the Arrow C data interface import refuses, cast to ones it reads
    as the same cells: ``Null`` (a column empty in every row) to booleans, all null; 128-bit
    integers to decimals of scale 0, every digit kept."""
    wide = {getattr(polars, name) for name in ("Int128", "UInt128") if hasattr(polars, name)}

    def readable(dtype: Any) -> Any:
        if dtype == polars.Null:
            return polars.Boolean
        if dtype in wide:
            return polars.Decimal(38, 0)
        if isinstance(dtype, polars.Struct):
            return polars.Struct([polars.Field(f.name, readable(f.dtype)) for f in dtype.fields])
        return dtype

    casts = [polars.col(n).cast(readable(d)) for n, d in frame.schema.items() if readable(d) != d]
    return frame.with_columns(casts) if casts else frame


def _same_schema(pyarrow: Any, parts: List[Any]) -> List[Any]:
    """Slices of one table (and the batches each core wrote), cast to one schema: a decimal
    column at the largest scale any slice has (a slice holds the scale its values need, so the
    cast drops no digit)."""
    if all(p.schema.equals(parts[0].schema) for p in parts):
        return parts
    fields = []
    for i, field in enumerate(parts[0].schema):
        if pyarrow.types.is_decimal(field.type):
            scale = max(p.schema.field(i).type.scale for p in parts)
            field = field.with_type(pyarrow.decimal128(field.type.precision, scale))
        fields.append(field)
    schema = pyarrow.schema(fields)
    return [p.cast(schema) for p in parts]


@overload
def score_table(
    submissions: Union[pd.DataFrame, "pd.Series[Any]", Sequence[Mapping[str, Any]]],
    ruleset: Optional[RulesetLike] = None,
    *,
    lang: Literal["zh", "en"] = "zh",
    progress: bool = False,
) -> pd.DataFrame: ...


@overload
def score_table(
    submissions: Any,
    ruleset: Optional[RulesetLike] = None,
    *,
    lang: Literal["zh", "en"] = "zh",
    progress: bool = False,
) -> Any: ...


def score_table(
    submissions: Any,
    ruleset: Optional[RulesetLike] = None,
    *,
    lang: Literal["zh", "en"] = "zh",
    progress: bool = False,
) -> Any:
    """Scores many submissions into a table of results, one row per submission.

    Columns: ``final_score``, ``grade``, ``outcome``, then ``points.<criterion id>`` for
    every criterion and bonus item in rule order (empty for a criterion that does not
    apply, 合理缺项, as in the CLI's CSV and the results workbook), then ``warnings``: a scored row's
    warnings in one line (a year outside the rules' period, a percentage typed as a fraction),
    then ``errors``: for a row that cannot be scored, its field errors, and empty score cells;
    the batch goes on. Both are text in ``lang`` (``"zh"`` or ``"en"``), empty when there are none. In pandas every column is ``object`` and an empty cell is
    ``None``, whether or not any row failed. The result is the input's kind: a pandas DataFrame (scores as
    ``Decimal``, keeping the index) for a DataFrame or a list of dicts; a ``pyarrow.Table``,
    ``pyarrow.RecordBatch`` or ``polars.DataFrame`` for those (scores as ``decimal128``
    exact to the last digit). A pandas ``Series`` of dicts or JSON texts is read as a list
    of them, keeping its index; one submission alone (a dict, JSON text) is a ``TypeError``. The engine scores on every core without the GIL. With
    ``ruleset=None`` the bundled ruleset is told from the first row that names one. ``progress=True``
    shows a tqdm bar on standard error while scoring; the results are the same.
    """
    lang = _check_lang(lang)
    kind = _kind(submissions)
    if kind is not None and kind not in ("pandas", "pandas_series"):
        return _score_arrow(submissions, kind, ruleset, lang, progress)
    pandas = _pandas()
    if kind == "pandas":
        frame: Any = submissions
        _refuse_results(frame, "score_table")
        bar = _progress(len(frame), progress)
        names = _column_names(frame)
        missing = [pandas.NA, pandas.NaT]
        core = _resolve(ruleset)
        if core is None and (bar is not None or len(frame) > _OBJECT_CHUNK):
            # Scored in slices, every slice uses the ruleset the whole table would: its
            # first row naming one, looked for slice by slice, else the default one.
            for start in range(0, len(frame), _OBJECT_CHUNK):
                part = frame.iloc[start : start + _OBJECT_CHUNK]
                cells = [_cells(part.iloc[:, i]) for i in range(part.shape[1])]
                core = _core.table_ruleset(len(part), names, cells, missing)
                if core is not None:
                    break
            core = core or _core.batch_ruleset([])
        columns: Dict[str, List[Any]] = {}
        for start, stop in _chunks(len(frame), bar, _OBJECT_CHUNK):
            part = frame.iloc[start:stop]
            values = [_cells(part.iloc[:, i]) for i in range(part.shape[1])]
            _extend(columns, _core.score_columns(len(part), names, values, missing, core))
        if not columns:
            columns = _core.score_columns(0, names, [[] for _ in names], missing, core)
        index = frame.index
    else:
        records = _records(submissions, "score_table")
        bar = _progress(len(records), progress)
        core = _resolve(ruleset)
        if core is None and (bar is not None or len(records) > _OBJECT_CHUNK):
            core = _core.batch_ruleset(records)
        columns = {}
        for start, stop in _chunks(len(records), bar, _OBJECT_CHUNK):
            _extend(columns, _core.score_records(records[start:stop], core))
        if not columns:
            columns = _core.score_records([], core)
        # A Series keeps its index, as a DataFrame does; a list gets positions.
        index = submissions.index if kind == "pandas_series" else None
    for name in ("warnings", "errors"):
        columns[name] = [_in_lang(t, lang) for t in columns[name]]
    # Every column `object`, an empty cell `None`: left to infer, pandas makes a text column
    # with an empty cell a string column of NaN (`grade`, `errors`), while a column of
    # Decimals keeps None, so the same table would change shape as soon as one row failed.
    results: pd.DataFrame = pandas.DataFrame(columns, index=index, dtype=object)
    return results


def _extend(columns: Dict[str, List[Any]], part: Dict[str, List[Any]]) -> None:
    for name, cells in part.items():
        columns.setdefault(name, []).extend(cells)
