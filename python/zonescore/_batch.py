"""Batch scoring into a pandas DataFrame (pandas is imported only when asked for).

Input: a list of submission dicts, or a DataFrame with one row per submission whose
columns are dotted field paths (``zone.name``, ``quality.above_scale_firms``), as a
spreadsheet export gives them. An empty cell (``None``, ``NaN``, ``pd.NA``, ``pd.NaT``)
means the field is missing. That differs from a dict, where a float ``NaN`` is a value,
and a ``not_finite`` error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Literal, Mapping, Optional, Sequence, Union

from . import _zonescore as _core
from ._api import RulesetLike, _resolve

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["score_batch"]


def _pandas(what: str = "score_batch") -> Any:
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        instead = ", or use zonescore.score_many, which needs no pandas" if what == "score_batch" else ""
        raise ImportError(
            f"{what} returns a pandas DataFrame: install pandas (pip install 'zonescore[pandas]'){instead}"
        ) from e
    return pandas


def _error_text(errors: Optional[List[Dict[str, Any]]], lang: str) -> Optional[str]:
    if errors is None:
        return None
    return "; ".join(f"{e['path'] or '/'}: {e['message'][lang]}" for e in errors)


def score_batch(
    submissions: Union[pd.DataFrame, Sequence[Mapping[str, Any]]],
    ruleset: Optional[RulesetLike] = None,
    *,
    lang: Literal["zh", "en"] = "zh",
) -> pd.DataFrame:
    """Scores many submissions into a DataFrame of results, one row per submission.

    Columns: ``final_score`` (``Decimal``), ``grade``, ``outcome``, then
    ``points.<criterion id>`` (``Decimal``) for every criterion and bonus item in rule
    order, then ``errors``: for a row that cannot be scored, its field errors as text in
    ``lang`` (``"zh"`` or ``"en"``), and ``None`` in the score columns; the batch goes on.
    A DataFrame input keeps its index. The engine scores on every core without the GIL.
    With ``ruleset=None`` the bundled ruleset is told from the first row.
    """
    if lang not in ("zh", "en"):
        raise ValueError(f'lang must be "zh" or "en", not {lang!r}')
    pandas = _pandas()
    core = _resolve(ruleset)
    if isinstance(submissions, pandas.DataFrame):
        frame = submissions
        names = [str(c) for c in frame.columns]
        values = [frame.iloc[:, i].tolist() for i in range(frame.shape[1])]
        columns = _core.score_table(len(frame), names, values, [pandas.NA, pandas.NaT], core)
        index = frame.index
    else:
        columns = _core.score_records(list(submissions), core)
        index = None
    columns["errors"] = [_error_text(e, lang) for e in columns["errors"]]
    results: pd.DataFrame = pandas.DataFrame(columns, index=index)
    return results
