"""Report.from_json: a full answer in both languages, as str or UTF-8 bytes; a reduced
answer (one language, detail="numbers" or "reasons") is refused saying so, in both
languages; a failure answer raises the error it stands for."""

from __future__ import annotations

import json
import pickle
from typing import Any, Dict

import pytest

import zonescore


@pytest.fixture()
def full(oubei: Dict[str, Any]) -> str:
    return zonescore.score_json(json.dumps(oubei))


def test_bytes_read_as_text(full: str) -> None:
    want = zonescore.Report.from_json(full)
    data = full.encode()
    for given in [data, b"\xef\xbb\xbf" + data, bytearray(data), memoryview(data)]:
        got = zonescore.Report.from_json(given)
        assert got == want and got.to_json() == full, type(given)
    assert pickle.loads(pickle.dumps(want)) == want
    with pytest.raises(TypeError):
        zonescore.Report.from_json(3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("detail", "lang", "named"),
    [("full", "zh", 'lang="zh"'), ("full", "en", 'lang="en"'), ("numbers", "both", 'detail="numbers"'), ("reasons", "zh", 'detail="reasons"')],
)
def test_a_reduced_answer_is_refused_saying_what_is_needed(oubei: Dict[str, Any], detail: str, lang: str, named: str) -> None:
    text = zonescore.score_json(json.dumps(oubei), detail=detail, lang=lang)  # type: ignore[arg-type]
    with pytest.raises(ValueError) as raised:
        zonescore.Report.from_json(text)
    message = str(raised.value)
    assert 'detail="full", lang="both"' in message and named in message
    assert "需要完整的双语答复" in message and f"此答复为 {named}" in message


def test_a_failure_answer_raises_its_error() -> None:
    text = zonescore.score_json('{"zone": {}}')
    with pytest.raises(zonescore.InvalidSubmissionError) as raised:
        zonescore.Report.from_json(text)
    assert raised.value.to_json() == text


def test_text_that_is_no_answer() -> None:
    # Where the text stops being JSON; JSON that is no answer's object; an answer's object
    # without a key it needs, named (serde knows no line there, and names its own types).
    for text, en, zh in [
        ("[1", "EOF while parsing a list at line 1 column 2", "读到第 1 行第 2 列出错"),
        (b"\xff", "expected value at line 1 column 1", "读到第 1 行第 1 列出错"),
        ('{"a": 1}', 'JSON of an object whose `type` is "success" or "failure" is expected', "应为 `type` 为"),
        ("null", 'JSON of an object whose `type` is "success" or "failure" is expected', "应为 `type` 为"),
        ('{"type": "success"}', "the answer has no `ruleset`", "答复缺少 `ruleset`"),
    ]:
        with pytest.raises(ValueError, match="不是 zonescore 的答复") as raised:
            zonescore.Report.from_json(text)
        message = str(raised.value)
        english, chinese = message.split(" (不是", 1)
        assert en in english and zh in chinese, message
        assert "EOF" not in chinese and "expected" not in chinese and "tagged" not in message and "第 0 行" not in message
