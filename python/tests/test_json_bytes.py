"""JSON text as bytes: `score_json` (and `score_submission`) take `bytes`, `bytearray` and
`memoryview` as the browser's `scoreJson` takes a `Uint8Array`; the engine decodes them."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict

import pytest

import zonescore
from conftest import EXAMPLES

EXAMPLE = EXAMPLES / "zone-qualification" / "oubei-valves-2013.json"
BOM = b"\xef\xbb\xbf"

# The bytes `{`, 0xFF, `}` and the one error the browser's scoreJson answers for them
# (wasm/tests/api.test.mjs checks the same error, word for word).
BROKEN = bytes([0x7B, 0xFF, 0x7D])
BROKEN_ERROR: Dict[str, Any] = {
    "code": "invalid_utf8",
    "path": "",
    "params": {"offset": 1},
    "message": {
        "zh": "不是有效的 UTF-8 文本（第 1 字节）：请改用 UTF-8 编码（GBK、UTF-16 等编码不能读取）",
        "en": "not valid UTF-8 text (at byte 1): use the UTF-8 encoding (GBK, UTF-16 and others cannot be read)",
    },
}

KINDS: Dict[str, Callable[[bytes], Any]] = {
    "bytes": bytes,
    "bytearray": bytearray,
    "memoryview": memoryview,
    "memoryview-slice": lambda b: memoryview(b"xx" + b + b"yy")[2:-2],
}
kinds = pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))


@kinds
def test_bytes_give_the_answer_of_the_text(kind: Callable[[bytes], Any]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    expected = zonescore.score_json(text)
    assert json.loads(expected)["type"] == "success"
    raw = text.encode("utf-8")
    assert zonescore.score_json(kind(raw)) == expected
    assert zonescore.score_json(kind(raw), "zone-qualification") == expected
    assert zonescore.Ruleset("zone-qualification").score_json(kind(raw)) == expected
    assert zonescore.score_submission(kind(raw)).to_json() == expected


@kinds
def test_a_byte_order_mark_is_ignored(kind: Callable[[bytes], Any]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    expected = zonescore.score_json(text)
    assert zonescore.score_json(kind(BOM + text.encode("utf-8"))) == expected
    assert zonescore.Ruleset("zone-qualification").score_json(kind(BOM + text.encode("utf-8"))) == expected
    assert zonescore.score_json("\ufeff" + text) == expected


@kinds
def test_invalid_utf8_is_the_browsers_failure_answer(kind: Callable[[bytes], Any]) -> None:
    for answer_text in (
        zonescore.score_json(kind(BROKEN), "zone-qualification"),
        zonescore.Ruleset("zone-qualification").score_json(kind(BROKEN)),
    ):
        answer = json.loads(answer_text)
        assert answer["type"] == "failure"
        assert answer["ruleset"]["id"] == "zone-qualification"
        assert answer["errors"] == [BROKEN_ERROR]
        assert answer["more_errors"] == 0
    with pytest.raises(zonescore.InvalidSubmissionError) as info:
        zonescore.score_submission(kind(BROKEN), "zone-qualification")
    assert info.value.to_json() == answer_text
    assert (info.value.code, info.value.errors[0].message.en) == ("invalid_utf8", BROKEN_ERROR["message"]["en"])


def test_invalid_utf8_without_a_ruleset_is_answered_by_the_default() -> None:
    answer = json.loads(zonescore.score_json(BROKEN))
    assert answer["ruleset"]["id"] == zonescore.Ruleset().id
    assert answer["errors"] == [BROKEN_ERROR]


@pytest.mark.parametrize("value", [42, None, 1.5, ["{}"], {"zone": {}}], ids=repr)
def test_anything_else_is_a_type_error(value: Any) -> None:
    found = type(value).__name__
    message = f"expected JSON text as str, bytes, bytearray or memoryview, not `{found}`"
    with pytest.raises(TypeError, match=message):
        zonescore.score_json(value)
    with pytest.raises(TypeError, match=message):
        zonescore.score_json(value, "zone-qualification")
    with pytest.raises(TypeError, match=message):
        zonescore.Ruleset("zone-qualification").score_json(value)
